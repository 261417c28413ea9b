"""Acceptance: `geomap run` twice on the same input leaves the store with the same events;
a new article adds only its own events.  Runs the real pipeline (real gazetteer)."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from geomap.io.formats import read_events
from geomap.io.store import find_store

ARTICLES = [
    {"id": "kyiv-1", "published": "2023-09-07", "title": "Drones over Kyiv",
     "text": "Russian drones attacked Kyiv overnight on Thursday, officials said. "
             "Debris fell in the Darnytskyi district."},
    {"id": "izmail-1", "published": "2023-09-07", "title": "Port hit",
     "text": "Drones hit the Danube river port of Izmail on Wednesday, damaging grain silos."},
]
NEW_ARTICLE = {"id": "kharkiv-1", "published": "2024-11-18", "title": "Shelling",
               "text": "Russian forces shelled Kharkiv on Monday, wounding five people."}


def _write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _rows(store_path: Path) -> list[tuple]:
    with sqlite3.connect(store_path) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(events)") if r[1] != "added_at"]
        return conn.execute(f"SELECT {', '.join(columns)} FROM events ORDER BY fid").fetchall()


def test_run_twice_keeps_the_same_events_and_new_articles_add(tmp_path, gazetteer_store):
    from geomap.jobs import run

    out = tmp_path / "maps"
    first_input = _write_jsonl(tmp_path / "day1.jsonl", ARTICLES)
    first = run([first_input], out_dir=out, jobs=1, progress=False)
    store_path = find_store(out)
    assert store_path is not None
    rows = _rows(store_path)
    assert first.new_events == len(rows) > 0
    assert {r.article_id for r in read_events(store_path)} == {"kyiv-1", "izmail-1"}

    second = run([first_input], out_dir=out, jobs=1, progress=False)
    assert second.new_events == 0
    assert _rows(store_path) == rows

    both = _write_jsonl(tmp_path / "day2.jsonl", [*ARTICLES, NEW_ARTICLE])
    third = run([both], out_dir=out, jobs=1, progress=False)
    after = _rows(store_path)
    assert after[: len(rows)] == rows
    assert third.new_events == len(after) - len(rows) > 0
    assert {e.article_id for e in list(read_events(store_path))[len(rows):]} == {"kharkiv-1"}
    geojson = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    assert len(geojson["features"]) >= 1 and "crs" not in geojson
