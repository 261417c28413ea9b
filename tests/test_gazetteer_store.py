"""Store lifecycle: read-only sharing, atomic builds, versions, pickling; the geopy geocoder."""
from __future__ import annotations

import hashlib
import pickle
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gazetteer import Gazetteer, GazetteerError
from gazetteer.paths import DATA_VERSION, SCHEMA_VERSION

READER = """
import sys
from gazetteer import Gazetteer
gz = Gazetteer.open(sys.argv[1], build_if_missing=False)
hits = sum(1 for _ in range(2000) if gz.candidates("Kyiv")[0].place_id == "703448")
print(hits, gz.get("706483").name)
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_processes_read_at_once(gazetteer, gazetteer_store):
    procs = [subprocess.Popen([sys.executable, "-c", READER, str(gazetteer_store)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    assert gazetteer.candidates("Kharkiv")[0].place_id == "706483"  # while they run
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.split() == ["2000", "Kharkiv"]


def test_store_is_opened_read_only(gazetteer):
    with pytest.raises(sqlite3.OperationalError):
        gazetteer._conn.execute("DELETE FROM places")


def test_interrupted_build_never_replaces_a_good_store(gazetteer_store, tmp_path):
    store = tmp_path / "store.sqlite"
    shutil.copyfile(gazetteer_store, store)
    before = digest(store)
    code = ("import sys; from gazetteer.build import build_default; "
            "build_default(sys.argv[1])")
    proc = subprocess.Popen([sys.executable, "-c", code, str(store)])
    deadline = time.time() + 60
    while time.time() < deadline and not list(tmp_path.glob(".store.sqlite.*.tmp")):
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert digest(store) == before
    with Gazetteer(store) as gz:  # still a good store
        assert gz.candidates("Kyiv")[0].place_id == "703448"
    # the dead build's temp file is cleaned up by the next writer that takes the lock
    from gazetteer.build import build_lock
    with build_lock(store):
        pass
    assert not list(tmp_path.glob(".store.sqlite.*.tmp"))


def test_missing_store_without_build_raises(tmp_path):
    with pytest.raises(GazetteerError, match="not found"):
        Gazetteer.open(tmp_path / "none.sqlite", build_if_missing=False)


def test_non_store_file_is_never_overwritten(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database\n" * 10)
    with pytest.raises(GazetteerError, match="not a gazetteer store"):
        Gazetteer.open(junk)
    assert junk.read_text().startswith("not a database")


def _set_meta(path: Path, **values: str) -> None:
    conn = sqlite3.connect(path)
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(values.items()))
    conn.commit()
    conn.close()


def test_other_schema_version_is_refused_without_build(gazetteer_store, tmp_path):
    store = tmp_path / "old.sqlite"
    shutil.copyfile(gazetteer_store, store)
    _set_meta(store, schema_version=str(SCHEMA_VERSION + 1))
    with pytest.raises(GazetteerError, match="schema version"):
        Gazetteer.open(store, build_if_missing=False)


@pytest.mark.slow
def test_stale_store_rebuilds_and_keeps_user_imports(gazetteer_store, tmp_path):
    from gazetteer.importers import add_file

    store = tmp_path / "stale.sqlite"
    shutil.copyfile(gazetteer_store, store)
    dump = tmp_path / "UA.txt"
    dump.write_text("99900001\tRobotyne\tRobotyne\tРоботине\t47.44278\t35.83694\tP\tPPL\tUA\t\t"
                    "26\t\t\t\t0\t\t85\tEurope/Zaporozhye\t2023-01-01\n", encoding="utf-8")
    add_file(store, dump)
    _set_meta(store, data_version=str(DATA_VERSION - 1))
    with Gazetteer.open(store, build_if_missing=True) as gz:
        assert gz.data_version == DATA_VERSION
        assert gz.candidates("Роботине")[0].place_id == "99900001"
        assert gz.candidates("Kyiv")[0].place_id == "703448"


def test_gazetteer_pickles_by_path(gazetteer):
    clone = pickle.loads(pickle.dumps(gazetteer))
    assert clone.path == gazetteer.path
    assert clone.candidates("Odesa")[0].place_id == "698740"
    clone.close()


def test_geocoder_follows_the_geopy_contract(gazetteer):
    from geopy.geocoders.base import Geocoder
    from geopy.location import Location

    from gazetteer.geocoder import LocalGazetteer

    geocoder = LocalGazetteer(gazetteer=gazetteer)
    assert isinstance(geocoder, Geocoder)
    loc = geocoder.geocode("Kharkov")
    assert isinstance(loc, Location) and loc.raw["place_id"] == "706483"
    assert abs(loc.latitude - 49.98) < 0.05 and abs(loc.longitude - 36.25) < 0.05
    many = geocoder.geocode("Odessa", exactly_one=False, limit=3)
    assert isinstance(many, list) and 1 < len(many) <= 3
    assert geocoder.geocode("Odessa, US").raw["country_code"] == "US"
    assert geocoder.geocode("Qqqzzz Nowhere") is None
    rev = geocoder.reverse("46.48, 30.73")
    assert rev.raw["country_code"] == "UA" and rev.raw["kind"] == "city"
    assert isinstance(geocoder.reverse((50.45, 30.52), exactly_one=False), list)


def test_geopandas_geocode_works_offline(gazetteer_store):
    import geopandas

    from gazetteer.geocoder import LocalGazetteer

    frame = geopandas.tools.geocode(["Kyiv", "Bucharest", "Qqqzzz Nowhere"],
                                    provider=LocalGazetteer, path=gazetteer_store)
    assert len(frame) == 3
    assert abs(frame.geometry.iloc[0].y - 50.45) < 0.1
    assert abs(frame.geometry.iloc[1].x - 26.1) < 0.1
    assert frame.geometry.iloc[2].is_empty


def test_containing_region_without_polygons(gazetteer):
    oblast = gazetteer.containing(49.9, 36.3)  # near Kharkiv
    assert oblast is not None and oblast.kind == "admin1" and oblast.name == "Kharkiv Oblast"
    assert gazetteer.containing(44.95, 34.10, kind="country").country_code == "UA"  # Crimea
    assert gazetteer.containing(0.0, -30.0, kind="country") is None  # mid-Atlantic
    with pytest.raises(GazetteerError):
        gazetteer.containing(95.0, 0.0)


def test_store_holds_representative_points(gazetteer, gazetteer_store):
    """Countries and admin-1 regions are stored at their representative point (computed
    once when the store is written), so correcting a place read from it is a no-op."""
    import sqlite3

    from gazetteer.points import with_representative_point
    from gazetteer.record import Place

    conn = sqlite3.connect(f"file:{gazetteer_store}?mode=ro", uri=True)
    rows = conn.execute(
        "SELECT p.place_id, p.name, p.kind, s.lat, s.lon, p.country_code, p.west, p.south, "
        "p.east, p.north FROM places p JOIN source_points s ON s.place_rowid = p.rowid "
        "WHERE p.place_id IN (?, ?, ?)", ("2017370", "706482", "6093943")).fetchall()
    conn.close()
    assert len(rows) == 3  # Russia, Kharkiv Oblast, Ontario
    for pid, name, kind, lat, lon, cc, *bbox in rows:
        source = Place(pid, name, kind, lat, lon, cc, bbox=tuple(bbox))
        expected = with_representative_point(source)
        stored = gazetteer.get(pid)
        assert (stored.lat, stored.lon) == (expected.lat, expected.lon)
        assert with_representative_point(stored) is stored
        assert with_representative_point(expected) is expected
    assert (gazetteer.get("2017370").lat, gazetteer.get("2017370").lon) == (60.0, 100.0)
