"""`geomap run`, the main job, end to end through the real CLI on our own example articles."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SEEDS = REPO.parent / "shared" / "seeds" / "seeds-events.jsonl"


def geomap(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    code = "import sys; from geomap.cli import main; main(sys.argv[1:])"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=600)


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0 * math.acos(max(-1.0, min(1.0, c)))


def features_near(collection: dict, lat: float, lon: float, radius_km: float = 25) -> list[dict]:
    return [f for f in collection["features"] if f["geometry"]
            and km(lat, lon, f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0]) <= radius_km]


@pytest.fixture(scope="module")
def example_run(tmp_path_factory, gazetteer_store):
    out = tmp_path_factory.mktemp("run") / "maps"
    result = geomap("run", str(EXAMPLES), "--out", str(out), "-j", "1")
    return out, result


def test_run_writes_map_geojson_and_summary(example_run):
    out, result = example_run
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "articles read:     11" in result.stdout
    for name in ("index.html", "events.geojson", "events-store.gpkg"):
        assert (out / name).stat().st_size > 0
        assert f"wrote {out / name}" in result.stdout
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "geomap-date-filter" in html
    # the "all places mentioned" layer holds places that carry no event (a statement about the Black Sea)
    assert '["Black Sea","sea"' in html
    # the missing publication date of one example is reported, and counted in the summary
    assert "ex-no-date-feature" in result.stderr
    assert "warnings:          1" in result.stdout


def test_run_geojson_places_events_where_the_articles_say(example_run):
    out, _ = example_run
    fc = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and "crs" not in fc
    remote, missile, drone = "Explosions/Remote violence", "Shelling/artillery/missile attack", "Air/drone strike"
    expected = {  # (lat, lon, date, ACLED type, sub-type) of events our example articles report
        "Odesa": (46.4775, 30.7326, "2024-03-14", remote, missile),
        "Lviv": (49.8383, 24.0232, "2024-09-04", remote, missile),
        "Kharkiv": (49.9808, 36.2527, "2024-05-19", remote, missile),
        "Kherson": (46.6354, 32.6169, "2024-10-11", remote, missile),
        "Sumy": (50.9077, 34.7981, "2024-11-17", remote, drone),
        "Izmail": (45.3506, 28.8375, "2023-08-16", remote, drone),
    }
    for name, (lat, lon, day, etype, subtype) in expected.items():
        hits = features_near(fc, lat, lon)
        assert hits, f"no event at {name}"
        assert any(f["properties"]["event_date"] == day and f["properties"]["event_type"] == etype
                   and f["properties"]["sub_event_type"] == subtype and f["properties"]["date_source"] == "text"
                   for f in hits), (name, [(f["properties"]["event_date"], f["properties"]["event_type"],
                                            f["properties"]["sub_event_type"]) for f in hits])
    # a quote and a statement are not events: "one resident of Kharkiv said", "Warsaw said it planned"
    assert not features_near(fc, 52.2298, 21.0118, 50), "an event was placed at Warsaw (a reported plan)"
    # the undated feature article yields no invented dates
    for f in fc["features"]:
        p = f["properties"]
        if p["article_id"] == "ex-no-date-feature":
            assert p["event_date"] is None and p["date_precision"] == "unresolved"


def test_run_twice_adds_nothing_twice(example_run):
    out, _ = example_run
    before = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    again = geomap("run", str(EXAMPLES), "--out", str(out), "-j", "1", "-q")
    assert again.returncode == 0, again.stderr
    assert "0 new" in again.stdout
    assert "(11 already in the store, skipped)" in again.stdout
    after = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    assert sorted(f["properties"]["event_id"] for f in after["features"]) == \
        sorted(f["properties"]["event_id"] for f in before["features"])


def test_run_date_range_bakes_into_outputs(tmp_path, gazetteer_store):
    out = tmp_path / "maps"
    result = geomap("run", str(EXAMPLES), "--out", str(out), "-j", "1", "-q",
                    "--since", "2024-05-01", "--until", "2024-09-30")
    assert result.returncode == 0, result.stderr
    fc = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    dates = [f["properties"]["event_date"] for f in fc["features"]]
    assert dates and all("2024-05-01" <= d <= "2024-09-30" for d in dates)


def test_run_rejects_an_impossible_date(tmp_path):
    result = geomap("run", str(EXAMPLES), "--out", str(tmp_path / "o"), "--since", "2023-02-30")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "2023-02-30" in result.stderr
    assert not (tmp_path / "o").exists()


def test_python_api_extract_matches_the_cli(gazetteer):
    import geomap

    events = geomap.extract(EXAMPLES / "sumy-blackout.txt", gazetteer=gazetteer)
    assert {e.place_name for e in events} >= {"Sumy", "Dnipro"}
    assert all(isinstance(e, geomap.Event) and e.published.isoformat() == "2024-11-18" for e in events)


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not present")
def test_run_on_the_seed_articles(tmp_path, gazetteer_store):
    out = tmp_path / "maps"
    result = geomap("run", str(SEEDS), "--out", str(out), "-j", "1", "-q")
    assert result.returncode == 0, result.stderr
    fc = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    for name, lat, lon in [("Kyiv", 50.4547, 30.5238), ("Kharkiv", 49.9818, 36.2548),
                           ("Moscow", 55.7520, 37.6178), ("Izmail", 45.3506, 28.8375)]:
        assert features_near(fc, lat, lon, 10), f"no event at {name}"
