"""geomap.events.dates: date phrases resolved against the publication date."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from geomap.events.dates import find_dates, resolve_event_date, weekday_on_or_before

THU = dt.date(2023, 9, 7)   # a Thursday
MON = dt.date(2024, 11, 18)  # a Monday

# the 16 cases of ../shared/notes/dates-and-events.md (8 phrases x 2 publication dates)
NOTE_CASES = [
    ("on Thursday", THU, dt.date(2023, 9, 7), "day"), ("on Thursday", MON, dt.date(2024, 11, 14), "day"),
    ("on Monday", THU, dt.date(2023, 9, 4), "day"), ("on Monday", MON, dt.date(2024, 11, 18), "day"),
    ("on Sunday", THU, dt.date(2023, 9, 3), "day"), ("on Sunday", MON, dt.date(2024, 11, 17), "day"),
    ("Wednesday, Nov. 6, 2024", THU, dt.date(2024, 11, 6), "day"),
    ("Wednesday, Nov. 6, 2024", MON, dt.date(2024, 11, 6), "day"),
    ("September 28, 2023", THU, dt.date(2023, 9, 28), "day"), ("September 28, 2023", MON, dt.date(2023, 9, 28), "day"),
    ("in the early hours of Thursday", THU, dt.date(2023, 9, 7), "day"),
    ("in the early hours of Thursday", MON, dt.date(2024, 11, 14), "day"),
    ("last week", THU, dt.date(2023, 8, 28), "week"), ("last week", MON, dt.date(2024, 11, 11), "week"),
]


@pytest.mark.parametrize("phrase, published, expected, precision", NOTE_CASES)
def test_note_cases(phrase, published, expected, precision):
    got = resolve_event_date(f"Drones hit the city {phrase}.", published)
    assert (got.date, got.precision) == (expected, precision)
    assert got.date_text == phrase.replace("on ", "", 0)


@pytest.mark.parametrize("sentence", ["It came 18 months into an all-out invasion of Ukraine.",
                                      "Ukraine said it shot down 25 of 33 explosive drones."])
def test_numbers_are_not_dates(sentence):
    assert find_dates(sentence, THU) == []
    got = resolve_event_date(sentence, THU)
    assert got.from_publication and got.date == THU and got.date_text == ""


@pytest.mark.parametrize("phrase, expected, precision", [
    ("yesterday", dt.date(2024, 11, 17), "day"), ("early on Sunday", dt.date(2024, 11, 17), "day"),
    ("last Monday", dt.date(2024, 11, 11), "day"), ("two days ago", dt.date(2024, 11, 16), "day"),
    ("the day before yesterday", dt.date(2024, 11, 16), "day"), ("on Saturday night", dt.date(2024, 11, 16), "day"),
    ("in September", dt.date(2024, 9, 1), "month"), ("in December", dt.date(2023, 12, 1), "month"),
    ("in March 2022", dt.date(2022, 3, 1), "month"), ("last month", dt.date(2024, 10, 1), "month"),
    ("this week", dt.date(2024, 11, 18), "week"), ("over the weekend", dt.date(2024, 11, 16), "week"),
    ("on 6 November 2024", dt.date(2024, 11, 6), "day"), ("on Nov. 6", dt.date(2024, 11, 6), "day"),
    ("on 2024-11-06", dt.date(2024, 11, 6), "day"), ("two weeks ago", dt.date(2024, 11, 4), "week"),
    ("in mid-October", dt.date(2024, 10, 1), "month"), ("late Sunday", dt.date(2024, 11, 17), "day"),
    ("on Sunday, Nov. 10", dt.date(2024, 11, 10), "day"), ("earlier this month", dt.date(2024, 11, 1), "month"), ("on Jan. 5", dt.date(2024, 1, 5), "day"),
])
def test_relative_and_partial_dates(phrase, expected, precision):
    got = resolve_event_date(f"Shelling hit Kherson {phrase}.", MON)
    assert (got.date, got.precision) == (expected, precision)


def test_year_less_date_in_early_january_is_last_year():
    assert resolve_event_date("Shelling hit Kherson on Dec. 28.", dt.date(2024, 1, 5)).date == dt.date(2023, 12, 28)


def test_explicit_date_wins_over_nearer_weekday():
    got = resolve_event_date("Officials said on Monday that shelling hit Kherson on Nov. 10, 2024.", MON, anchor=30)
    assert got.date == dt.date(2024, 11, 10) and got.explicit


def test_a_date_in_parentheses_qualifies_the_one_before_it():
    pub = dt.date(2024, 5, 20)
    text = "Around 3 May 2024 (between 1 May - 9 May), soldiers looted a shop."
    got = resolve_event_date(text, pub, anchor=text.index("looted"))
    assert (got.date, got.date_text) == (dt.date(2024, 5, 3), "3 May 2024")
    # outside parentheses the nearest explicit date still wins
    text = "On 3 May 2024 a shop was looted, and on 9 May 2024 a car was burned."
    assert resolve_event_date(text, pub, anchor=text.index("burned")).date == dt.date(2024, 5, 9)


def test_nearest_relative_phrase_to_the_trigger_wins():
    text = "He said on Monday that drones hit Sumy on Saturday."
    got = resolve_event_date(text, MON, anchor=text.index("hit"))
    assert got.date == dt.date(2024, 11, 16)


def test_future_references_are_not_event_dates():
    assert resolve_event_date("Talks are due on Nov. 20.", MON).date == MON  # year-less, 2 days ahead: dropped
    assert resolve_event_date("He will visit next Monday.", MON).date_text == ""
    explicit = resolve_event_date("The summit opens on Nov. 20, 2024.", MON)
    assert explicit.date == dt.date(2024, 11, 20)  # the year is written out: kept


def test_no_publication_date_is_never_invented():
    for phrase in ("on Thursday", "yesterday", "last week", "in September", "on Nov. 6", ""):
        got = resolve_event_date(f"Drones hit Sumy {phrase}.", None)
        assert got.date is None and got.precision == "unresolved"
    got = resolve_event_date("Drones hit Sumy on Nov. 6, 2024.", None)
    assert got.date == dt.date(2024, 11, 6)


def test_capitalised_words_that_are_not_dates():
    assert find_dates("The Sunday Times reported it. He may march.", MON) == []


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)), st.integers(0, 6))
def test_weekday_rule_property(published, weekday):
    got = weekday_on_or_before(published, weekday)
    assert got.weekday() == weekday
    assert 0 <= (published - got).days <= 6
    assert got == published - dt.timedelta(days=(published.weekday() - weekday) % 7)
