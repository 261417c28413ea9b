"""`geomap extract` end to end: real console script, real gazetteer, files read back."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ARTICLES = [
    {"id": "w1", "source": "Wire A", "published": "2024-11-18",
     "text": "Russian missiles struck Odesa on Thursday, officials said. "
             "\"We will never forget Kharkiv,\" the mayor said."},
    {"id": "p1", "source": "Paper B", "published": "2024-11-18",
     "text": "Missiles hit Odesa on Thursday, killing four people."},
]


def _geomap(*args, cwd: Path):
    return subprocess.run([sys.executable, "-m", "geomap.cli", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture()
def corpus(tmp_path, gazetteer_store):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    txt = tmp_path / "nodate.txt"
    txt.write_text("Title: Sumy\n\nDrones struck Sumy on Sunday, cutting power.\n", encoding="utf-8")
    return tmp_path


def test_extract_jsonl_dedupes_across_sources(corpus):
    out = corpus / "events.jsonl"
    result = _geomap("extract", "in.jsonl", "-o", str(out), "-j", "1", "-q", cwd=corpus)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["place_name"], r["event_date"], r["event_type"], r["sub_event_type"]) for r in rows] == [
        ("Odesa", "2024-11-14", "Explosions/Remote violence", "Shelling/artillery/missile attack")]
    assert rows[0]["sources"] == ["Paper B", "Wire A"]
    # the kept report: earliest published, then the smaller article id (same day here: "p1")
    assert rows[0]["article_id"] == "p1" and rows[0]["evidence"].startswith("Missiles hit Odesa")
    assert rows[0]["location_reason"] == "object of 'hit'"


def test_extract_geojson_and_published_option(corpus):
    out = corpus / "events.geojson"
    result = _geomap("extract", "nodate.txt", "--published", "2024-11-18", "-o", str(out), "-j", "1", cwd=corpus)
    assert result.returncode == 0, result.stderr
    assert "no publication date" not in result.stderr
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert len(features) == 1
    props = features[0]["properties"]
    assert props["place_name"] == "Sumy" and props["event_date"] == "2024-11-17"
    lon, lat = features[0]["geometry"]["coordinates"]
    assert 50 < lat < 52 and 34 < lon < 36


def test_extract_warns_about_missing_dates_and_keeps_them_unresolved(corpus):
    out = corpus / "e.jsonl"
    result = _geomap("extract", "nodate.txt", "-o", str(out), "-j", "1", cwd=corpus)
    assert result.returncode == 0, result.stderr
    assert "no publication date" in result.stderr
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert row["event_date"] is None and row["date_precision"] == "unresolved"


def test_extract_missing_input_is_one_line_error(corpus):
    out = corpus / "never.jsonl"
    result = _geomap("extract", "missing.jsonl", "-o", str(out), cwd=corpus)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["geomap: error: no such file or directory: missing.jsonl"]
    assert not out.exists()
