"""Property test: arbitrary events survive a write/read round trip in every format."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.io.formats import read_events, write_events
from geomap.model import Event

XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
maybe = lambda s: st.one_of(st.none(), s)  # noqa: E731
events = st.builds(
    Event,
    event_id=text, article_id=text, evidence=text, event_type=text, trigger=text, group_id=text,
    source=text, url=text, title=text,
    published=maybe(st.dates()), event_date=maybe(st.dates()),
    date_precision=st.sampled_from(["day", "week", "month", "unresolved"]), date_text=text,
    location_text=text, location_start=maybe(st.integers(0, 10**7)), location_end=maybe(st.integers(0, 10**7)),
    place_id=maybe(text.filter(bool)), place_name=text, kind=st.sampled_from(["city", "admin1", "river", "other"]),
    country_code=maybe(st.sampled_from(["UA", "RU", "RO", "FJ"])), admin1=maybe(text.filter(bool)),
    lat=maybe(st.floats(-90, 90)), lon=maybe(st.floats(-180, 180)),
    geo_precision=st.integers(1, 4), confidence=st.floats(0, 1), location_reason=text,
    sources=st.lists(text, max_size=3).map(tuple),
)


def _kml_safe(event: Event) -> Event:
    """XML 1.0 cannot hold most C0 control characters: the KML writer turns them into spaces."""
    changes = {name: XML_UNSAFE.sub(" ", value) for name, value in
               ((f, getattr(event, f)) for f in event.__dataclass_fields__) if isinstance(value, str)}
    return event.with_changes(**changes)  # sources are JSON text, where control characters are escaped


def _without_nul(event: Event) -> Event:
    """GDAL strings are C strings: the GeoPackage writer drops NUL characters."""
    changes = {name: value.replace("\x00", "") for name, value in
               ((f, getattr(event, f)) for f in event.__dataclass_fields__) if isinstance(value, str)}
    return event.with_changes(**changes)  # sources are stored as JSON text, where NUL is escaped


def _comparable(event: Event) -> Event:
    # formats without a separate null for text: an optional text field that is "" reads back as None
    changes = {f: None for f in ("place_id", "admin1") if getattr(event, f) == ""}
    # an event needs both coordinates to be located
    if event.lat is None or event.lon is None:
        changes.update(lat=None, lon=None)
    return event.with_changes(**changes)


@pytest.mark.parametrize("suffix", ["jsonl", "geojson", "geojsons", "csv", "gpkg", "parquet", "kml"])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(events, min_size=1, max_size=5))
def test_any_events_round_trip(suffix, batch):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"events.{suffix}"
        assert write_events(batch, path) == len(batch)
        back = list(read_events(path))
    if suffix == "kml":
        batch_expected = [_kml_safe(e) for e in batch]
    elif suffix == "gpkg":
        batch_expected = [_without_nul(e) for e in batch]
    else:
        batch_expected = batch
    expected = [_comparable(e) for e in batch_expected]
    assert [_comparable(e) for e in back] == expected


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(events, min_size=1, max_size=6))
def test_any_events_round_trip_through_the_store(batch):
    from geomap.io.store import EventStore, event_content_hash

    unique = list({event_content_hash(e): e for e in reversed(batch)}.values())[::-1]
    first_seen = {}
    for e in batch:
        first_seen.setdefault(event_content_hash(e), e)
    expected = [_comparable(e) for e in first_seen.values()]
    with tempfile.TemporaryDirectory() as tmp:
        with EventStore.open(Path(tmp) / "s.gpkg") as store:
            assert store.add(batch) == len(unique)
            assert store.add(batch) == 0
            back = [_comparable(e) for e in store.events()]
    assert back == expected
