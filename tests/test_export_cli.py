"""`geomap export` end to end: the seed events, every format, the date filter, one-line errors."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pyogrio
import pytest
from click.testing import CliRunner

from geomap.cli import cli
from geomap.io.formats import read_events, write_events
from geomap.model import Event

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds" / "seeds-events.jsonl"
OUT_SUFFIXES = ["jsonl", "geojson", "geojsonl", "geojsons", "gpkg", "csv", "parquet", "kml", "kmz"]


def seed_events() -> list[Event]:
    """The analyst's events of the seed articles, one Event per event x location."""
    events = []
    for line in SEEDS.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        published = dt.date.fromisoformat(article["published"]) if article.get("published") else None
        for i, item in enumerate(article["events"]):
            for j, loc in enumerate(item.get("locations") or []):
                date = item.get("date")
                events.append(Event(
                    event_id=f"{article['id']}-{i}-{j}", group_id=f"{article['id']}-{i}",
                    article_id=article["id"], title=article.get("title") or "", published=published,
                    event_date=dt.date.fromisoformat(date) if date else None,
                    date_precision=item.get("date_precision") or "unresolved",
                    location_text=loc.get("text") or "", place_name=loc.get("name") or "",
                    place_id=str(loc["geonameid"]) if loc.get("geonameid") else None,
                    kind=loc.get("kind") or "other", lat=loc.get("lat"), lon=loc.get("lon"),
                    evidence=item.get("sentence") or ""))
    return events


@pytest.fixture(scope="module")
def seeds_file(tmp_path_factory) -> Path:
    if not SEEDS.exists():
        pytest.skip("../shared seeds are not available")
    path = tmp_path_factory.mktemp("seeds") / "seed-events.jsonl"
    write_events(seed_events(), path)
    return path


@pytest.mark.parametrize("suffix", OUT_SUFFIXES)
def test_seed_events_single_day_in_every_format(seeds_file, tmp_path, suffix):
    events = list(read_events(seeds_file))
    expected = [e for e in events if e.event_date == dt.date(2023, 9, 7)]
    assert {e.place_name for e in expected} >= {"Moscow", "Izmail", "Rostov-on-Don", "Zaporizhzhia Oblast"}
    assert len(expected) < len(events)  # the filter has something to drop
    out = tmp_path / f"day.{suffix}"
    result = CliRunner().invoke(cli, ["export", str(seeds_file), "-o", str(out),
                                      "--since", "2023-09-07", "--until", "2023-09-07"])
    assert result.exit_code == 0, result.output
    assert f"{len(expected)} events -> {out}" in result.output
    assert list(read_events(out)) == expected
    if suffix not in ("jsonl", "parquet"):
        kwargs = {"GEOM_POSSIBLE_NAMES": "wkt"} if suffix == "csv" else {}
        frame = pyogrio.read_dataframe(out, **kwargs)
        assert list(frame["event_id"]) == [e.event_id for e in expected]
        assert {str(v)[:10] for v in frame["event_date"]} == {"2023-09-07"}
        izmail = frame[frame["event_id"] == next(e.event_id for e in expected if e.place_name == "Izmail")]
        assert round(izmail.geometry.iloc[0].x, 4) == 28.8374 and round(izmail.geometry.iloc[0].y, 4) == 45.3503


def test_export_type_country_bbox_filters(tmp_path):
    events = [
        Event(event_id="kyiv", article_id="a", evidence="x", event_type="attack", country_code="UA",
              lat=50.4501, lon=30.5234, event_date=dt.date(2023, 9, 7)),
        Event(event_id="tulcea", article_id="a", evidence="x", event_type="attack", country_code="RO",
              lat=45.2, lon=28.8, event_date=dt.date(2023, 9, 4)),
        Event(event_id="moscow", article_id="b", evidence="x", event_type="statement", country_code="RU",
              lat=55.7522, lon=37.6156, event_date=dt.date(2023, 9, 7)),
    ]
    src = tmp_path / "in.geojson"
    write_events(events, src)
    runner = CliRunner()
    for args, expected in [(["--type", "attack"], ["kyiv", "tulcea"]), (["--country", "ru"], ["moscow"]),
                           (["--bbox", "22,44,40.3,52.4"], ["kyiv", "tulcea"]),
                           (["--bbox", "22,44,40.3,52.4", "--since", "2023-09-05"], ["kyiv"])]:
        out = tmp_path / "out.csv"
        result = runner.invoke(cli, ["export", str(src), "-o", str(out), *args])
        assert result.exit_code == 0, result.output
        assert [e.event_id for e in read_events(out)] == expected, args


def test_export_format_option(tmp_path):
    src = tmp_path / "in.jsonl"
    write_events([Event(event_id="e", article_id="a", evidence="x", lat=1.0, lon=2.0)], src)
    out = tmp_path / "events.txt"
    result = CliRunner().invoke(cli, ["export", str(src), "-o", str(out), "--format", "geojson"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def _geomap(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geomap.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_cli_errors_are_one_line_and_leave_outputs_alone(tmp_path):
    src = tmp_path / "in.jsonl"
    write_events([Event(event_id="e", article_id="a", evidence="x", lat=1.0, lon=2.0)], src)
    out = tmp_path / "out.geojson"
    out.write_text("precious", encoding="utf-8")

    bad_date = _geomap("export", str(src), "-o", str(out), "--since", "2023-02-30", cwd=tmp_path)
    assert bad_date.returncode == 2
    assert "invalid date '2023-02-30': day is out of range for month" in bad_date.stderr
    assert "Traceback" not in bad_date.stderr

    bad_suffix = _geomap("export", str(src), "-o", str(tmp_path / "out.shp"), cwd=tmp_path)
    assert bad_suffix.returncode == 4
    assert bad_suffix.stderr.strip().count("\n") == 0 and "supported: .jsonl" in bad_suffix.stderr

    bad_input = tmp_path / "broken.jsonl"
    bad_input.write_text('{"event_id": "e", "article_id": "a", "evidence": "x"}\n{oops\n', encoding="utf-8")
    broken = _geomap("export", str(bad_input), "-o", str(out), cwd=tmp_path)
    assert broken.returncode == 2
    assert "broken.jsonl:2: invalid JSON" in broken.stderr and "Traceback" not in broken.stderr
    assert out.read_text(encoding="utf-8") == "precious"  # the failed export left it untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.jsonl", "in.jsonl", "out.geojson"]
