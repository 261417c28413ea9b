"""The GeoPackage event store: idempotent adds, filters, GDAL/QGIS readability, concurrency."""
from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
import warnings
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest

from geomap.errors import ExportError, InputError
from geomap.io.formats import read_events, write_events
from geomap.filters import filter_events
from geomap.model import Article, Event
from geomap.io.store import DEFAULT_STORE_NAME, EventStore, event_content_hash, find_store, is_event_store

D = dt.date


def make_events(article_id: str = "art-1", n: int = 3, *, day: dt.date = D(2023, 9, 7)) -> list[Event]:
    places = [("Kyiv", "703448", 50.4501, 30.5234, "UA"), ("Izmail", "707308", 45.3503, 28.8374, "UA"),
              ("Moscow", "524901", 55.7522, 37.6156, "RU"), ("Tulcea", None, 45.2, 28.8, "RO")]
    out = []
    for i in range(n):
        name, place_id, lat, lon, cc = places[i % len(places)]
        out.append(Event(event_id=f"{article_id}-e{i}", group_id=f"{article_id}-g{i}", article_id=article_id,
                         source="Reuters", url=f"https://example.org/{article_id}", title=f"Title {article_id}",
                         published=day, event_date=day, date_precision="day", event_type="attack",
                         trigger="hit", location_text=name, location_start=10 * i, location_end=10 * i + len(name),
                         place_id=place_id, place_name=name, kind="city", country_code=cc, lat=lat, lon=lon,
                         evidence=f"Drones hit {name} <again> & again.", confidence=0.8, sources=("Reuters",)))
    return out


def unlocated(article_id: str = "art-9") -> Event:
    return Event(event_id=f"{article_id}-u", article_id=article_id, evidence="Officials said so.",
                 published=D(2023, 9, 7), event_date=None, date_precision="unresolved")


def dump(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT * FROM events ORDER BY fid").fetchall()


@pytest.fixture()
def store_path(tmp_path) -> Path:
    return tmp_path / "out" / DEFAULT_STORE_NAME


def test_adding_the_same_events_twice_changes_nothing(store_path):
    events = make_events("art-1") + make_events("art-2", 2) + [unlocated()]
    with EventStore.open(store_path) as store:
        assert store.add(events) == 6
        before = dump(store_path)
        assert store.add(events) == 0
        assert store.add(reversed(events)) == 0
        assert store.count() == 6
    assert dump(store_path) == before
    assert list(read_events(store_path)) == events


def test_new_articles_add_only_their_events(store_path):
    with EventStore.open(store_path) as store:
        store.add(make_events("art-1"))
        assert store.add(make_events("art-1") + make_events("art-2", 2)) == 2
        assert [e.article_id for e in store.events()] == ["art-1"] * 3 + ["art-2"] * 2


def test_batch_dependent_fields_do_not_make_duplicates(store_path):
    """A re-run may group events differently: event_id/group_id/sources/confidence are not identity."""
    events = make_events("art-1")
    regrouped = [e.with_changes(event_id=e.event_id + "-x", group_id="other", sources=("Reuters", "AP"),
                                confidence=0.99, location_reason="because") for e in events]
    with EventStore.open(store_path) as store:
        store.add(events)
        assert store.add(regrouped) == 0
    changed = events[0].with_changes(evidence="A different sentence in Kyiv.")
    assert event_content_hash(changed) != event_content_hash(events[0])
    with EventStore.open(store_path) as store:
        assert store.add([changed]) == 1


def test_duplicates_inside_one_batch_are_added_once(store_path):
    event = make_events("art-1", 1)[0]
    with EventStore.open(store_path) as store:
        assert store.add([event, event, event.with_changes(group_id="g-other")]) == 1


def test_failed_add_adds_nothing(store_path):
    def failing():
        yield from make_events("art-1")
        raise RuntimeError("pipeline crashed")

    with EventStore.open(store_path) as store:
        store.add(make_events("art-0", 1))
        with pytest.raises(RuntimeError):
            store.add(failing())
        assert store.count() == 1
        assert store.articles_seen(["art-0", "art-1"]) == {"art-0"}


def test_store_is_a_geopackage_gdal_and_geopandas_read(store_path):
    events = make_events("art-1", 4) + [unlocated()]
    with EventStore.open(store_path) as store:
        store.add(events)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # GDAL must not complain about the file
        info = pyogrio.read_info(store_path, layer="events")
        frame = pyogrio.read_dataframe(store_path, layer="events")
    types = dict(zip(info["fields"], info["dtypes"]))
    assert types["event_date"] == "datetime64[D]" and types["published"] == "datetime64[D]"  # real DATE fields
    assert info["geometry_type"] == "Point" and info["crs"] == "EPSG:4326" and info["features"] == 5
    assert info["driver"] == "GPKG"
    layers = {name: kind for name, kind in pyogrio.list_layers(store_path)}
    assert layers == {"events": "Point", "geomap_articles": None}
    for (_, row), event in zip(frame.iterrows(), events):
        assert row["event_id"] == event.event_id and row["evidence"] == event.evidence
        if event.lat is None:
            assert row.geometry is None
        else:
            assert (row.geometry.x, row.geometry.y) == (event.lon, event.lat)
    assert gpd.read_file(store_path, layer="events").crs.to_epsg() == 4326
    with sqlite3.connect(store_path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 10400
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        extent = conn.execute("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents "
                              "WHERE table_name='events'").fetchone()
    located = [e for e in events if e.lat is not None]
    assert extent == (min(e.lon for e in located), min(e.lat for e in located),
                      max(e.lon for e in located), max(e.lat for e in located))


def test_gdal_can_append_to_a_copy_and_we_still_read_it(store_path, tmp_path):
    """QGIS users may edit the store; a GDAL-written row (with a GDAL geometry blob) reads back."""
    with EventStore.open(store_path) as store:
        store.add(make_events("art-1", 1))
    frame = pyogrio.read_dataframe(store_path, layer="events")
    frame.loc[0, "geometry"] = frame.geometry.iloc[0].__class__(31.0, 51.0)
    frame.loc[0, "content_hash"] = "edited"
    pyogrio.write_dataframe(frame, store_path, layer="events", append=True)
    (first, second) = read_events(store_path)
    assert (first.lon, first.lat) == (30.5234, 50.4501)
    assert (second.lon, second.lat) == (31.0, 51.0)  # the moved point wins
    with EventStore.open(store_path) as store:  # and the store still takes new events
        assert store.add(make_events("art-2", 1)) == 1
        assert store.count() == 3
    with sqlite3.connect(store_path) as conn:  # GDAL's and our R-tree maintenance agree
        assert conn.execute("SELECT count(*) FROM rtree_events_geom").fetchone()[0] == 3
        triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert "rtree_events_geom_insert" in triggers


def test_store_filters_match_filter_events(store_path):
    events = (make_events("art-1", 4) + make_events("art-2", 2, day=D(2023, 9, 6))
              + make_events("art-3", 3, day=D(2023, 9, 8)) + [unlocated()])
    with EventStore.open(store_path) as store:
        store.add(events)
        cases = [dict(since=D(2023, 9, 7), until=D(2023, 9, 7)), dict(since="2023-09-07"), dict(until="2023-09-06"),
                 dict(country="ro"), dict(event_type="ATTACK", country="UA,RU"), dict(bbox=(28, 45, 29, 46)),
                 dict(bbox="20,40,40,60", since="2023-09-08"), {}]
        for case in cases:
            expected = list(filter_events(events, **case))
            assert list(store.events(**case)) == expected, case
            assert store.count(**case) == len(expected), case
        assert store.count(since="2023-09-07", until="2023-09-07") == 4
        with pytest.raises(InputError, match="day is out of range"):
            list(store.events(since="2023-02-30"))


def test_articles_seen_by_id_and_by_content(store_path):
    article = Article(id="art-1", text="Drones hit Kyiv.", title="T", published=D(2023, 9, 7))
    with EventStore.open(store_path) as store:
        store.add(make_events("art-1", 1), articles=[article, Article(id="art-empty", text="No events here.")])
        assert store.articles_seen(["art-1", "art-empty", "art-new"]) == {"art-1", "art-empty"}
        assert store.articles_seen([article]) == {"art-1"}
        assert store.articles_seen([Article(id="art-1", text="Updated text.", title="T")]) == set()
        assert store.info()["articles"] == 2


def test_read_events_accepts_the_store_and_its_directory(store_path):
    events = make_events("art-1")
    with EventStore.open(store_path) as store:
        store.add(events)
    assert is_event_store(store_path)
    assert find_store(store_path.parent) == store_path
    assert list(read_events(store_path.parent)) == events
    renamed = store_path.with_name("events.sqlite")
    store_path.rename(renamed)
    assert list(read_events(renamed)) == events  # recognised by content, whatever the suffix


def test_export_from_the_store_with_a_date_filter(store_path, tmp_path):
    from geomap.cli import cli
    from click.testing import CliRunner

    with EventStore.open(store_path) as store:
        store.add(make_events("art-1") + make_events("art-2", 2, day=D(2023, 9, 8)))
    out = tmp_path / "day.gpkg"
    result = CliRunner().invoke(cli, ["export", str(store_path), "-o", str(out), "--since", "2023-09-07",
                                      "--until", "2023-09-07"])
    assert result.exit_code == 0, result.output
    assert "3 events" in result.output
    frame = pyogrio.read_dataframe(out)
    assert sorted(frame["event_id"]) == ["art-1-e0", "art-1-e1", "art-1-e2"]


def test_open_errors(tmp_path):
    text = tmp_path / "notes.gpkg"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(InputError, match="not a geomap event store"):
        EventStore.open(text)
    plain = tmp_path / "plain.gpkg"
    write_events(make_events("a", 1), plain)  # a GeoPackage export is not a store
    with pytest.raises(InputError, match="not a geomap event store"):
        EventStore.open(plain)
    with pytest.raises(InputError, match="no event store"):
        EventStore.open(tmp_path / "missing.gpkg", create=False)
    with EventStore.open(tmp_path / "s.gpkg") as store:
        store.add(make_events("a", 1))
    with EventStore.open(tmp_path / "s.gpkg", readonly=True) as store:
        assert store.count() == 1
        with pytest.raises(ExportError, match="read-only"):
            store.add(make_events("b", 1))


def _add_worker(path: str, article_ids: list[str], barrier) -> None:
    barrier.wait()
    with EventStore.open(path) as store:
        for article_id in article_ids:
            store.add(make_events(article_id, 2))


def test_concurrent_writers_neither_lose_nor_double_events(tmp_path):
    path = tmp_path / "shared.gpkg"
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(3)
    workers = [ctx.Process(target=_add_worker, args=(str(path), [f"a{i}" for i in range(k, k + 20)], barrier))
               for k in (0, 10, 5)]  # overlapping article ranges, racing to create the file too
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    with EventStore.open(path) as store:
        assert store.count() == 2 * 30  # articles a0..a29, two events each
        assert len({e.event_id for e in store.events()}) == 60


def test_export_never_overwrites_the_store(store_path):
    from geomap.errors import ExportError as _ExportError

    with EventStore.open(store_path) as store:
        store.add(make_events("art-1"))
    with pytest.raises(_ExportError, match="refusing to overwrite the event store"):
        write_events(read_events(store_path), store_path)
    assert len(list(read_events(store_path))) == 3


def test_an_older_store_without_a_new_column_is_upgraded(store_path):
    with EventStore.open(store_path) as store:
        store.add(make_events("art-1", 1))
    with sqlite3.connect(store_path) as conn:  # simulate a store made before 'location_reason' existed
        conn.execute("ALTER TABLE events DROP COLUMN location_reason")
    with EventStore.open(store_path, readonly=True) as store:
        (old,) = store.events()
        assert old.location_reason == ""
    with EventStore.open(store_path) as store:
        assert store.add(make_events("art-2", 1)) == 1
        assert [e.article_id for e in store.events()] == ["art-1", "art-2"]


def test_store_has_a_working_spatial_index(store_path):
    events = make_events("art-1", 4) + [unlocated()]
    with EventStore.open(store_path) as store:
        store.add(events)
    with sqlite3.connect(store_path) as conn:
        rows = conn.execute("SELECT id, minx, maxx, miny, maxy FROM rtree_events_geom ORDER BY id").fetchall()
        ext = conn.execute("SELECT extension_name FROM gpkg_extensions WHERE table_name='events'").fetchall()
    assert ext == [("gpkg_rtree_index",)]
    located = [e for e in events if e.lat is not None]
    assert len(rows) == len(located)
    for (fid, minx, maxx, miny, maxy), event in zip(rows, located):
        assert minx == pytest.approx(event.lon, abs=1e-5) and maxy == pytest.approx(event.lat, abs=1e-5)
    # GDAL uses it for a spatial filter: only Izmail and Tulcea sit in this box
    frame = pyogrio.read_dataframe(store_path, layer="events", bbox=(28.0, 45.0, 29.0, 46.0))
    assert sorted(frame["location_text"]) == ["Izmail", "Tulcea"]


def test_lone_surrogates_are_stored_as_replacement_characters(store_path):
    bad = make_events("art\ud800", 1)[0]
    with EventStore.open(store_path) as store:
        assert store.add([bad]) == 1
        assert store.add([bad]) == 0
        (stored,) = store.events()
    assert stored.article_id == "art\ufffd" and stored.evidence == bad.evidence
