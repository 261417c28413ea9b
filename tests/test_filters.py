"""Date/type/country/bbox filters and the shared --since/--until CLI options."""
from __future__ import annotations

import datetime as dt

import click
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.errors import InputError
from geomap.cli.options import ISO_DATE, filter_options, selection_options
from geomap.filters import EventFilter, filter_events, parse_bbox, parse_date_option
from geomap.model import Event

D = dt.date


def ev(event_id, day=None, *, type_="attack", cc="UA", lat=50.45, lon=30.52):
    return Event(event_id=event_id, article_id="a", evidence="...", event_date=day, event_type=type_,
                 country_code=cc, lat=lat, lon=lon)


EVENTS = [
    ev("before", D(2023, 9, 6)),
    ev("on-1", D(2023, 9, 7)),
    ev("on-2", D(2023, 9, 7), type_="Protest", cc="ro", lat=45.2, lon=28.8),
    ev("after", D(2023, 9, 8)),
    ev("undated", None),
    ev("unlocated", D(2023, 9, 7), lat=None, lon=None, cc=None),
    ev("fiji", D(2023, 9, 7), cc="FJ", lat=-17.8, lon=178.1),
]


def ids(events):
    return [e.event_id for e in events]


def test_parse_date_option():
    assert parse_date_option("2023-09-07") == D(2023, 9, 7)
    assert parse_date_option(" 2024-02-29 ") == D(2024, 2, 29)
    assert parse_date_option(D(2023, 1, 2)) == D(2023, 1, 2)


@pytest.mark.parametrize("text, message", [
    ("2023-02-30", "invalid date '2023-02-30' for --since: day is out of range for month"),
    ("2023-13-01", "invalid date '2023-13-01' for --since: month must be in 1..12"),
    ("2023-02-29", "invalid date '2023-02-29' for --since: day is out of range for month"),
    ("yesterday", "invalid date 'yesterday' for --since: expected an ISO date YYYY-MM-DD"),
    ("2023-9-7", "invalid date '2023-9-7' for --since: expected an ISO date YYYY-MM-DD"),
    ("", "invalid date '' for --since"),
])
def test_impossible_dates_give_one_clear_line(text, message):
    with pytest.raises(InputError) as err:
        parse_date_option(text, option="--since")
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)
    assert isinstance(err.value, ValueError)  # InputError also subclasses ValueError


def test_since_until_inclusive_and_undated_excluded():
    assert ids(filter_events(EVENTS, since=D(2023, 9, 7), until=D(2023, 9, 7))) == ["on-1", "on-2", "unlocated", "fiji"]
    assert ids(filter_events(EVENTS, since="2023-09-07")) == ["on-1", "on-2", "after", "unlocated", "fiji"]
    assert ids(filter_events(EVENTS, until="2023-09-06")) == ["before"]
    assert ids(filter_events(EVENTS)) == ids(EVENTS)  # no bounds: undated events are kept


def test_since_after_until_is_an_error():
    with pytest.raises(InputError, match="--since 2023-09-08 is after --until 2023-09-07"):
        list(filter_events(EVENTS, since=D(2023, 9, 8), until=D(2023, 9, 7)))


def test_type_and_country_are_case_insensitive_lists():
    assert ids(filter_events(EVENTS, event_type="protest")) == ["on-2"]
    assert ids(filter_events(EVENTS, event_type="PROTEST, attack")) == ids(EVENTS)
    assert ids(filter_events(EVENTS, country="RO")) == ["on-2"]
    assert ids(filter_events(EVENTS, country="ua,fj", since="2023-09-07", until="2023-09-07")) == ["on-1", "fiji"]


def test_bbox_edges_inclusive_and_unlocated_excluded():
    ukraine = (22.0, 44.0, 40.3, 52.4)
    assert ids(filter_events(EVENTS, bbox=ukraine)) == ["before", "on-1", "on-2", "after", "undated"]
    edge = (30.52, 50.45, 30.52, 50.45)
    assert "on-1" in ids(filter_events(EVENTS, bbox=edge))
    assert "unlocated" not in ids(filter_events(EVENTS, bbox=(-180, -90, 180, 90)))


def test_bbox_across_the_antimeridian():
    pacific = (170.0, -30.0, -170.0, 0.0)  # west > east
    assert ids(filter_events(EVENTS, bbox=pacific)) == ["fiji"]
    assert ids(filter_events(EVENTS, bbox="170,-30,-170,0")) == ["fiji"]


@pytest.mark.parametrize("text, message", [
    ("1,2,3", "expected four numbers"),
    ("a,b,c,d", "expected four numbers"),
    ("0,10,5,5", "south 10.0 is north of north 5.0"),
    ("0,-95,5,5", "latitudes must be within"),
    ("190,0,5,5", "longitudes must be within"),
    ("nan,0,5,5", "expected four numbers"),
])
def test_bad_bbox(text, message):
    with pytest.raises(InputError, match=message):
        parse_bbox(text)


def test_parse_bbox_accepts_spaces_and_tuples():
    assert parse_bbox("22, 44, 40.3, 52.4") == (22.0, 44.0, 40.3, 52.4)
    assert parse_bbox((22, 44, 40.3, 52.4)) == (22.0, 44.0, 40.3, 52.4)
    assert parse_bbox(None) is None


def test_filter_is_lazy():
    def source():
        yield EVENTS[1]
        raise AssertionError("read too far")

    assert next(filter_events(source(), since="2023-09-07")).event_id == "on-1"


def test_empty_filter():
    assert EventFilter().is_empty and not EventFilter.from_options(country="UA").is_empty


dates = st.one_of(st.none(), st.dates(min_value=D(2020, 1, 1), max_value=D(2025, 12, 31)))


@settings(max_examples=200, deadline=None)
@given(days=st.lists(dates, max_size=30), since=dates, until=dates)
def test_date_filter_partitions_events(days, since, until):
    if since and until and since > until:
        since, until = until, since
    events = [ev(str(i), day) for i, day in enumerate(days)]
    kept = {e.event_id for e in filter_events(events, since=since, until=until)}
    for e in events:
        inside = ((since is None and until is None) or e.event_date is not None) and \
            (since is None or e.event_date >= since) and (until is None or e.event_date <= until)
        assert (e.event_id in kept) == inside


# --- click options -------------------------------------------------------------------------

@click.command()
@filter_options
@selection_options
def probe(since, until, event_type, country, bbox):
    click.echo(f"{since!r}|{until!r}|{event_type}|{country}|{bbox}")


def test_click_options_parse_dates_and_bbox():
    result = CliRunner().invoke(probe, ["--since", "2023-09-07", "--until", "2023-09-08", "--type", "attack",
                                        "--country", "UA", "--bbox", "22,44,40.3,52.4"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == ("datetime.date(2023, 9, 7)|datetime.date(2023, 9, 8)|attack|UA|"
                                     "(22.0, 44.0, 40.3, 52.4)")


@pytest.mark.parametrize("args, message", [
    (["--since", "2023-02-30"], "Invalid value for '--since': invalid date '2023-02-30': day is out of range for month"),
    (["--until", "2023-13-01"], "Invalid value for '--until': invalid date '2023-13-01': month must be in 1..12"),
    (["--since", "2023-09-08", "--until", "2023-09-07"], "--since 2023-09-08 is after --until 2023-09-07"),
    (["--until", "2023-09-07", "--since", "2023-09-08"], "--since 2023-09-08 is after --until 2023-09-07"),
    (["--bbox", "1,2,3"], "expected four numbers W,S,E,N"),
])
def test_click_options_reject_bad_values_with_usage_error(args, message):
    result = CliRunner().invoke(probe, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_iso_date_param_type_name():
    assert ISO_DATE.name == "date"
