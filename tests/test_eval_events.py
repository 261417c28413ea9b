"""`geomap eval GOLD --events`: event-location P/R/F1 against coded events, on notes we wrote."""
from __future__ import annotations

import json
import subprocess
import sys

RECORDS = [  # written for this test; coordinates are the towns' own
    {"id": "n1", "published": "2024-03-12", "stratum": "city",
     "text": "On 3 March 2024, Russian forces shelled Kupiansk, Kharkiv. Casualties unknown.",
     "events": [{"date": "2024-03-03", "locations": [{"text": "Kupiansk", "lat": 49.7106, "lon": 37.6156}]}]},
    {"id": "n2", "published": "2024-03-20", "stratum": "city",
     "text": "On 9 March 2024, a drone struck a warehouse in Sumy.",
     "events": [{"date": "2024-03-09", "locations": [{"text": "Sumy", "lat": 50.9077, "lon": 34.7981}]}]},
    {"id": "n3", "published": "2024-03-20", "stratum": "village",
     "text": "The weather was mild and the market opened as usual.",
     "events": [{"date": "2024-03-10", "locations": [{"text": "Lviv", "lat": 49.8397, "lon": 24.0297}]}]},
]


def _eval(tmp_path, *args):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "geomap.cli", "eval", str(gold), "--events", *args],
                          capture_output=True, text=True, timeout=300)


def test_eval_events_json(tmp_path, gazetteer_store):
    result = _eval(tmp_path, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["records"] == 3 and report["no_event_records"] == 1
    strict = report["overall"]["25km"]
    assert strict["gold"] == 3 and strict["found"] == 2
    assert strict["recall"] == round(2 / 3, 4)
    assert strict["precision"] == 1.0 and strict["date_accuracy"] == 1.0


def test_eval_events_text_and_bad_flags(tmp_path, gazetteer_store):
    result = _eval(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "3 records" in result.stdout and "1 records with no event" in result.stdout
    assert "@  25 km" in result.stdout and "@ 161 km" in result.stdout
    bad = _eval(tmp_path, "--gold-spans")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr


def test_eval_without_events_flag_on_coded_events_says_so(tmp_path, gazetteer_store):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "geomap.cli", "eval", str(gold)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and result.stdout == ""
    assert "no gold toponyms" in result.stderr and "--events" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_eval_events_bad_gold_files_are_one_line_errors(tmp_path):
    deep = tmp_path / "deep.jsonl"
    deep.write_text("[" * 100_000 + "\n", encoding="utf-8")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "Drones hit Kyiv."\n', encoding="utf-8")
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"text": "Kyiv caf\xe9"}\n'.encode("latin-1"))
    for path, expected in ((tmp_path / "absent.jsonl", "gold file not found"), (deep, "nested too deeply"),
                           (broken, "broken.jsonl:1: not JSON"), (latin, "not UTF-8 text")):
        result = subprocess.run([sys.executable, "-m", "geomap.cli", "eval", str(path), "--events"],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 2, (path, result.stderr)
        assert expected in result.stderr and result.stderr.count("\n") == 1
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr
