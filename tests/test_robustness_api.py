"""Robustness of the Python API under the CLI: one article that trips a bug does not lose the
batch, record warnings are capped per file, ``--debug`` shows the traceback the plain CLI hides."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from geomap.jobs import process_articles
from geomap.errors import GeomapWarning, InputError
from geomap.io.ingest import SHOWN_PER_FILE, read_articles
from geomap.model import Article, Event

from test_robustness_support import GEOMAP, geomap


def events_or_bug(article: Article, gazetteer) -> list[Event]:
    """A per-article function (module level, so process pools can pickle it)."""
    if "poison" in article.text:
        raise ZeroDivisionError("a bug hit by this one article")
    if "deliberate" in article.text:
        raise InputError(f"article {article.id} is unusable")
    return [Event(event_id=f"e-{article.id}", article_id=article.id, evidence=article.text)]


def _articles(texts: list[str]) -> list[Article]:
    return [Article(id=f"a{i}", text=t, published=dt.date(2024, 3, 15)) for i, t in enumerate(texts)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_bug_on_one_article_skips_only_that_article(jobs):
    texts = ["fine"] * 70 + ["poison"] + ["fine"] * 60  # > one 64-article chunk: the pool runs
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        events = list(process_articles(_articles(texts), jobs=jobs, fn=events_or_bug, progress=False))
    assert [e.article_id for e in events] == [f"a{i}" for i in range(len(texts)) if i != 70]
    messages = [str(w.message) for w in caught if issubclass(w.category, GeomapWarning)]
    assert messages == ["article 'a70': internal error (ZeroDivisionError: a bug hit by this one article); "
                        "skipped (please report it)"]


def test_deliberate_errors_still_stop_the_batch():
    with pytest.raises(InputError, match="article a1 is unusable"):
        list(process_articles(_articles(["fine", "deliberate", "fine"]), jobs=1, fn=events_or_bug, progress=False))


def test_record_warnings_are_capped_per_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n" * 50 + '{"id": "ok", "text": "Missiles struck Odesa.", "published": "2024-03-15"}\n')
    other = tmp_path / "other.jsonl"
    other.write_text("{oops\n" * 3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ids = [a.id for a in read_articles([bad, other])]
    assert ids == ["ok"]
    messages = [str(w.message) for w in caught]
    assert len(messages) == SHOWN_PER_FILE + 1 + 3  # the cap starts again for the next file
    assert messages[SHOWN_PER_FILE - 1].startswith(f"{bad}:{SHOWN_PER_FILE}: malformed JSON")
    assert messages[SHOWN_PER_FILE] == f"{bad}: {50 - SHOWN_PER_FILE} more problems like the above (not shown)"
    assert messages[-1].startswith(f"{other}:3: malformed JSON")


def test_strict_still_stops_at_the_first_bad_record(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "ok", "text": "Missiles struck Odesa."}\n' + "{oops\n")
    with pytest.raises(InputError, match=r"bad.jsonl:2: malformed JSON"):
        list(read_articles([bad], strict=True, published=dt.date(2024, 3, 15)))


def test_debug_shows_the_traceback_the_plain_cli_hides(tmp_path):
    store = tmp_path / "garbage.sqlite"
    store.write_bytes(b"\x01" * 4096)
    env = {"GEOMAP_GAZETTEER": str(store)}
    plain = geomap("run", tmp_path / "x.jsonl", "--out", tmp_path / "m", env=env)
    assert plain.code == 3 and plain.error.startswith("geomap: error: ")
    proc = subprocess.run([*GEOMAP, "--debug", "run", str(tmp_path / "x.jsonl"), "--out", str(tmp_path / "m")],
                          capture_output=True, text=True, env={**os.environ, **env}, timeout=120)
    assert proc.returncode != 0
    assert "Traceback (most recent call last)" in proc.stderr
    assert "is not a gazetteer store" in proc.stderr


PATHOLOGICAL = {
    "one long word": "A" * 66_666, "line breaks": "\n" * 66_666, "unmatched quotes": "“‘" * 16_666,
    "apostrophes": "'a " * 20_000, "hyphenated names": "Kyiv-" * 13_333, "title case": "Aaa Bbb " * 8_333,
    "abbreviations": "St. " * 16_666, "weekday soup": "early on Monday night on Tuesday morning " * 1_666,
    "name list": "Kyiv, " * 10_000, "nested regions": "in the Kharkiv region of the Donetsk region of " * 1_333,
    "wrapped lines": "shelling of the\n" * 4_000, "capitalised run": "Kyiv " * 10_000,
    "fullwidth run": "Ｋｙｉｖ " * 10_000, "dotted capital I": "İstanbul " * 7_000, "dots": "." * 66_666, "parentheses": "(" * 33_333 + ")" * 33_333,
    # streets far from their towns, county lists, names used as towns and parts of towns
    "streets and towns": "a Lebanon woman at 4 Elm St., Paris met Hampton Park in Charleston; " * 1_000,
    "county lists": "Clarke, Madison, Oconee and Oglethorpe counties, " * 1_400,
    # a town's name before ever-new capitalised words, each also used alone (given names)
    "village lists": "the villages of " + "Zorvanka, " * 7_000 + "and the town of Hope al-" * 1_000,
    "given names": "".join(f"Athens Kolb{i:05d} met Kolb{i:05d}. " for i in range(2_500)),
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_texts_stay_linear(name, gazetteer):
    """~70 KB of one repeated pattern each.  Every case here once took minutes (quadratic
    scans) or is a classic trap for regexes; now each takes well under a second.  Nothing is
    timed (tests never fail on timing), but a quadratic regression makes this file crawl."""
    from geomap.events import extract_events
    from geomap.geoparsing.parse import geoparse

    text = PATHOLOGICAL[name]
    mentions = geoparse(text, gazetteer=gazetteer)
    assert all(text[m.start:m.end] == m.text for m in mentions)
    for e in extract_events(Article(id="p", text=text, published=dt.date(2024, 3, 15)), mentions):
        assert text[e.location_start:e.location_end] == e.location_text


# --- every error geomap raises is a GeomapError, gazetteer errors included ------------------------

def _bad_stores(tmp_path) -> dict[str, str]:
    """Real store files the gazetteer refuses: garbage bytes, and a valid SQLite file without a gazetteer."""
    import sqlite3

    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database\n" * 64)
    empty = tmp_path / "empty.sqlite"
    with sqlite3.connect(empty) as db:
        db.execute("CREATE TABLE unrelated (x)")
    db.close()
    return {"garbage": str(garbage), "empty sqlite": str(empty)}


#: Each public entry point that opens the default gazetteer, run in a fresh interpreter (the
#: default gazetteer is opened once per process) with $GEOMAP_GAZETTEER at a bad store.
API_CALLS = {
    "geoparse": "geomap.geoparse('Drones hit the port of Izmail.')",
    "extract": "geomap.extract(EXAMPLE)",
    "extract jobs=2": "geomap.extract(EXAMPLE, jobs=2)",
    "run": "geomap.run([EXAMPLE], out_dir=OUT, progress=False)",
}


@pytest.mark.parametrize("call", list(API_CALLS))
def test_a_bad_default_store_is_a_geomap_error(tmp_path, call):
    example = Path(__file__).resolve().parents[1] / "examples" / "sumy-blackout.txt"
    code = ("import sys, geomap, gazetteer.errors\n"
            f"EXAMPLE, OUT = {str(example)!r}, {str(tmp_path / 'out')!r}\n"
            "try:\n"
            f"    {API_CALLS[call]}\n"
            "except geomap.GeomapError as exc:\n"
            "    assert isinstance(exc, geomap.GazetteerError), type(exc)\n"
            "    assert isinstance(exc, gazetteer.errors.GazetteerError), type(exc)\n"
            "    print('caught:', exc)\n"
            "    sys.exit(0)\n"
            "sys.exit('no error')\n")
    for name, store in _bad_stores(tmp_path).items():
        env = {**os.environ, "GEOMAP_GAZETTEER": store}
        result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, (name, result.stdout, result.stderr)
        assert "caught:" in result.stdout and store in result.stdout, (name, result.stdout)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_bad_store_in_the_workers_is_a_geomap_error(tmp_path, jobs):
    import geomap

    texts = ["Drones hit Odesa."] * 70  # > one 64-article chunk: with jobs=2 the pool runs
    for name, store in _bad_stores(tmp_path).items():
        with pytest.raises(geomap.GeomapError) as caught:
            list(process_articles(_articles(texts), jobs=jobs, gazetteer_path=store, progress=False))
        assert isinstance(caught.value, geomap.GazetteerError), (name, type(caught.value))
        assert store in str(caught.value), name
