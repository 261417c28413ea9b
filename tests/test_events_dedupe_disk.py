"""Deduplication in flat memory: past ``spill_after`` unique events the merge state moves to a
temporary SQLite file, and the rows must be exactly those of the in-memory ``dedupe_events``."""
from __future__ import annotations

import datetime as dt
import os
import tempfile

from hypothesis import given, settings, strategies as st

from geomap.events.dedupe import dedupe_events, iter_deduped_events
from geomap.model import Event

# Few values per field, so that keys, groups and sources collide often.
_places = st.sampled_from([("p1", 50.45, 30.52), ("p2", 49.99, 36.23), (None, 46.48, 30.73), (None, None, None),
                           (None, -0.0001, 0.0), (None, 0.0, 0.0)])  # -0.0 and 0.0 are one place
_dates = st.sampled_from([None, dt.date(2024, 3, 1), dt.date(2024, 3, 2)])
_texts = st.sampled_from(["a", "b", "Kyiv", "\udc80lone", "é"])


@st.composite
def events(draw) -> list[Event]:
    n = draw(st.integers(min_value=0, max_value=40))
    out = []
    for i in range(n):
        place_id, lat, lon = draw(_places)
        out.append(Event(
            event_id=f"e{i}", article_id=draw(st.sampled_from(["a1", "a2", "a3"])), evidence="x",
            event_type=draw(st.sampled_from(["strike", "protest"])),
            group_id=draw(st.sampled_from(["", "g-1", "g-2", "g-3", "zz", "\udc80g"])),
            source=draw(_texts), url=draw(st.sampled_from(["", "https://example.org/1"])),
            published=draw(_dates), event_date=draw(_dates), place_id=place_id, lat=lat, lon=lon,
            place_name=draw(_texts), confidence=draw(st.sampled_from([0.1, 0.5, 0.9])),
            sources=tuple(draw(st.lists(_texts, max_size=2)))))
    return out


@settings(max_examples=150, deadline=None)
@given(events(), st.integers(min_value=0, max_value=6))
def test_spilled_dedupe_gives_the_in_memory_rows(evs, spill_after):
    assert list(iter_deduped_events(evs, spill_after=spill_after)) == dedupe_events(evs)


def test_a_long_chain_of_groups_is_joined_across_the_spill():
    # e0..e9 each share a key with the next one but carry their own group: one group in the end.
    evs = []
    for i in range(10):
        for k in (i, i + 1):
            evs.append(Event(event_id=f"e{i}-{k}", article_id=f"a{i}", evidence="x", group_id=f"g-{9 - i:02d}",
                             event_date=dt.date(2024, 1, 1 + k), place_id="p", source=f"s{i}"))
    memory = dedupe_events(evs)
    assert len({e.group_id for e in memory}) == 1
    assert list(iter_deduped_events(evs, spill_after=2)) == memory


def test_the_spill_file_is_removed_even_when_the_reader_stops_early(tmp_path):
    evs = [Event(event_id=f"e{i}", article_id=f"a{i}", evidence="x", place_id=f"p{i}",
                 event_date=dt.date(2024, 1, 1)) for i in range(50)]
    rows = iter_deduped_events(evs, spill_after=5, tmp_dir=tmp_path)
    assert next(rows).event_id == "e0"
    assert [p.name for p in tmp_path.iterdir()][0].startswith("geomap-dedupe-")  # the spill is in use
    rows.close()
    assert list(tmp_path.iterdir()) == []
    assert [e.event_id for e in iter_deduped_events(evs, spill_after=5, tmp_dir=tmp_path)] == \
        [f"e{i}" for i in range(50)]
    assert list(tmp_path.iterdir()) == []


def test_under_the_threshold_nothing_touches_the_disk(tmp_path):
    evs = [Event(event_id=f"e{i}", article_id="a", evidence="x", place_id="p") for i in range(20)]
    before = set(os.listdir(tempfile.gettempdir()))
    assert list(iter_deduped_events(evs, spill_after=20, tmp_dir=tmp_path)) == dedupe_events(evs)
    assert list(tmp_path.iterdir()) == [] and set(os.listdir(tempfile.gettempdir())) >= before
