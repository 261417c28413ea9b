"""Property-based tests (hypothesis): folding, date resolution and recognition never crash on
any string, and what they return is consistent with the text they were given."""
from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, assume, example, given, settings, strategies as st

from gazetteer import fold
from geomap.events.dates import find_dates, resolve_event_date
from geomap.geoparsing.parse import geoparse

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text that looks like news often enough to reach the interesting code paths: place names,
# date phrases, punctuation and Unicode traps mixed with arbitrary characters.
NEWS_PIECES = [
    "Kyiv", "Kharkiv", "Odesa", "Zaporizhzhia", "Rostov-on-Don", "the Bryansk region", "Kherson Oblast",
    "Київ", "Харків", "São Paulo", "New York", "Black Sea", "Dnipro", "Georgia", "Paris, Texas",
    " on Monday", " last Sunday", " yesterday", " 3 days ago", " last week", " last month", " in March",
    " on Nov. 6", " on 30 February 2023", " 2024-02-30", " on 12 March 3024", " in September 2023",
    " Wednesday, Nov. 6, 2024", " tonight", " over the weekend",
    "Missiles struck ", "Drones hit ", "shelling in ", " near ", " the city of ", "'s ", "’", "-", "—",
    ". ", ", ", "\n", "\n\n", " ", "\t", "\u2028", "\u00a0", "\u200b", "\ufeff", "\x00", "İ", "ß", "ﬁ", "ǅ",
    "e\u0301", "🇺🇦", "\ud7ff", "<script>", "&amp;", "\"", "(", ")",
]
news_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(NEWS_PIECES), st.text(max_size=6)), max_size=40).map("".join),
)
any_date = st.dates(min_value=dt.date.min, max_value=dt.date.max)
published_dates = st.one_of(st.none(), any_date, st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))


# --------------------------------------------------------------------------- name folding

@SETTINGS
@given(st.text(max_size=200))
@example("Kharkiv’s")
@example("İstanbul")
@example("ﬁ\u0301")
def test_fold_never_crashes_and_is_stable(name):
    key = fold(name)
    assert isinstance(key, str)
    assert key == key.strip() and "  " not in key  # whitespace collapsed
    assert key == key.casefold() or not key.isascii()
    assert fold(key) == key  # folding a key gives the key: lookups are consistent
    assert fold(name.upper()) == fold(name.lower()) or not name.isascii()


@SETTINGS
@given(st.text(alphabet=st.characters(codec="ascii"), max_size=60))
def test_fold_ascii_has_no_punctuation_left(name):
    key = fold(name)
    assert key.isascii()
    assert not re.search(r"[-‐_.,;:/\\()\[\]{}\"!?&+*#|~<>']", key)
    assert fold(name.upper()) == fold(name.lower())


# --------------------------------------------------------------------------- dates

@SETTINGS
@given(news_text, published_dates)
@example("Missiles struck Odesa on Sunday, yesterday, last week and last month.", dt.date.min)
@example("Drones hit Kyiv on Dec. 31 and tonight, 3 days ago, over the weekend.", dt.date.max)
@example("Shelling on 12 March 3024 and on 30 February 2023.", dt.date(2024, 3, 1))
def test_date_resolution_never_crashes_and_respects_publication(text, published):
    mentions = find_dates(text, published)
    for d in mentions:
        assert 0 <= d.start <= d.end <= len(text)
        assert d.text == text[d.start:d.end].strip()
        assert (d.date is None) == (d.precision == "unresolved")
        if published is None and not re.search(r"\d{4}", d.text):
            assert d.date is None  # never invented without a publication date
    when = resolve_event_date(text, published, mentions=mentions)
    assert (when.date is None) == (when.precision == "unresolved")
    if when.date is not None and published is not None and when.date > published:
        # a date after publication only when the text writes the year out
        assert when.explicit and re.search(r"\d{4}", when.date_text), (when, published)
    if published is None and when.date is not None:
        assert re.search(r"\d{4}", when.date_text)  # only written-out years, nothing relative


@SETTINGS
@given(st.sampled_from(["on Monday", "last Sunday", "yesterday", "last night", "3 days ago", "two weeks ago",
                        "last week", "this week", "over the weekend", "last month", "this month", "in March",
                        "on Nov. 6", "on 6 November", "tonight", "the day before yesterday"]),
       st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
def test_relative_dates_are_never_after_publication(phrase, published):
    when = resolve_event_date(f"Missiles struck Odesa {phrase}.", published)
    assert when.date is None or when.date <= published
    assert when.date is None or (published - when.date).days <= 366


# --------------------------------------------------------------------------- recognition

@SETTINGS
@given(news_text)
@example("")
@example("\x00\x00 Kyiv \x00")
@example("Київ і Харків\u2028Odesa")
@example("e\u0301Kharkiv İstanbul ﬁnland")
def test_geoparse_offsets_are_inside_and_match_the_text(gazetteer, text):
    mentions = geoparse(text, gazetteer=gazetteer)
    last_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text), m
        assert text[m.start:m.end] == m.text
        assert m.start >= last_end  # sorted, non-overlapping
        last_end = m.end
        if m.place is not None:
            assert m.place.lat is None or -90 <= m.place.lat <= 90
            assert m.place.lon is None or -180 <= m.place.lon <= 180


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(news_text, st.data())
def test_geoparse_gold_spans_one_mention_each(gazetteer, text, data):
    assume(text)
    bounds = st.integers(0, len(text))
    spans = [tuple(sorted(pair)) for pair in data.draw(st.lists(st.tuples(bounds, bounds), max_size=5))]
    mentions = geoparse(text, gazetteer=gazetteer, spans=spans)
    assert [(m.start, m.end) for m in mentions] == spans
    assert all(m.text == text[m.start:m.end] for m in mentions)


# --------------------------------------------------------------------------- whole article

@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(news_text, published_dates)
@example("Missiles struck Odesa on 12 March 3024 and Kharkiv yesterday.", dt.date(2024, 3, 15))
@example("Drones hit Kyiv on Sunday.", dt.date.min)
def test_article_events_are_consistent_with_the_text(gazetteer, text, published):
    from geomap.events import extract_events
    from geomap.model import Article

    article = Article(id="prop", text=text, published=published)
    for e in extract_events(article, geoparse(text, gazetteer=gazetteer)):
        assert 0 <= e.location_start < e.location_end <= len(text)
        assert text[e.location_start:e.location_end] == e.location_text
        assert e.evidence and e.evidence in text
        assert (e.event_date is None) == (e.date_source == "unresolved")
        assert (e.date_source != "text") == (e.date_precision == "unresolved")
        if e.event_date is not None and published is not None and e.event_date > published:
            assert re.search(r"\d{4}", e.date_text), e  # only a written-out year puts it after publication
        if published is None and e.event_date is not None:
            assert re.search(r"\d{4}", e.date_text), e  # nothing invented without a publication date
        if e.lat is not None:
            assert -90 <= e.lat <= 90 and -180 <= e.lon <= 180
