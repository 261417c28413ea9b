"""Every reading command against a zoo of broken files: never an internal error or a
traceback, a failure is exactly one ``geomap: error:`` line, and a failed command leaves
no output file behind.

The CLI entry point (``geomap.cli.main``, what the ``geomap`` script runs) is called in this
process here, so the 100-odd cases stay fast; tests/test_robustness_inputs.py runs the
same entry point as a subprocess.
"""
from __future__ import annotations

import contextlib
import gzip
import io
import random
import warnings
from pathlib import Path

import pytest

from test_robustness_support import FIXTURES

DEPTH = 100_000


def _zoo(root: Path) -> list[Path]:
    rng = random.Random(7)
    garbage = bytes(rng.randrange(1, 256) for _ in range(3000))  # no NUL: not caught as binary
    files: dict[str, bytes] = {
        "empty.jsonl": b"",
        "deep.jsonl": b'{"text": ' + b"[" * DEPTH + b"]" * DEPTH + b"}\n",
        "deep.json": b"[" * DEPTH + b"]" * DEPTH,
        "deep.geojson": b'{"type": "FeatureCollection", "features": ' + b"[" * DEPTH + b"]" * DEPTH + b"}",
        "deep.xml": b"<rss>" + b"<a>" * DEPTH + b"</a>" * DEPTH + b"</rss>",
        "deep.html": b"<html><body>" + b"<div>" * DEPTH + b"Missiles struck Odesa on Monday." + b"</div>" * DEPTH,
        "laughs.xml": (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
                       + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), bytes([97 + i]).join([b"&", b";"]) * 10)
                                  for i in range(7))
                       + b']><rss><channel><item><title>&h;</title><description>Missiles struck Odesa &h;'
                         b'</description></item></channel></rss>'),
        "truncated.jsonl.gz": gzip.compress(b'{"text": "Missiles struck Odesa."}\n' * 50)[:40],
        "no_text_column.csv": b"id,title\n1,Odesa\n",
        "huge_field.csv": b"id,text\n1," + b"x" * 300_000 + b"\n",
        "bad_quotes.csv": b'id,text\n1,"Missiles struck Odesa\n2,"unterminated\n',
        "unclosed.geojson": b'{"type": "FeatureCollection", "features": [',
        "wrong_types.geojson": b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": '
                               b'{"type": "Point", "coordinates": ["a", null]}, "properties": {"event_date": 5}}]}',
        "array_of_numbers.json": b"[1, 2, 3]",
        "null.jsonl": b"null\n",
    }
    for suffix in ("jsonl", "csv", "geojson", "xml", "html", "kml", "txt", "parquet", "gpkg"):
        files[f"garbage.{suffix}"] = garbage
    paths = []
    for name, data in files.items():
        (root / name).write_bytes(data)
        paths.append(root / name)
    (root / "folder.jsonl").mkdir()
    paths += [root / "folder.jsonl", FIXTURES / "binary.jsonl", FIXTURES / "malformed.jsonl"]
    return paths


COMMANDS = {
    "extract": ["extract", "{file}", "-o", "{out}/events.jsonl", "-j", "1"],
    "geoparse": ["geoparse", "{file}", "-o", "{out}/mentions.jsonl"],
    "eval": ["eval", "{file}"],
    "map": ["map", "{file}", "-o", "{out}/index.html"],
    "export": ["export", "{file}", "-o", "{out}/events.gpkg"],
}


def call_cli(args: list[str]) -> tuple[int, str]:
    from geomap.cli import main

    err = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, err.getvalue()


@pytest.mark.parametrize("command", list(COMMANDS))
def test_broken_files_never_crash_a_command(command, tmp_path, gazetteer_store):
    zoo = tmp_path / "zoo"
    zoo.mkdir()
    failures = []
    for path in _zoo(zoo):
        out = tmp_path / f"out-{path.name}"
        out.mkdir()
        code, err = call_cli([part.format(file=path, out=out) for part in COMMANDS[command]])
        lines = [line for line in err.splitlines() if line.strip() and not line.startswith("warning: ")]
        if code == 70 or "Traceback" in err or "internal error" in err:
            failures.append(f"{path.name}: exit {code}: {err.strip()[-300:]}")
        elif code != 0:
            one_line = len(lines) == 1 and lines[0].startswith("geomap: error: ")
            usage = code == 2 and lines[0].startswith("Usage: ") and lines[-1].startswith("Error: ")  # click's own
            if not (one_line or usage):
                failures.append(f"{path.name}: exit {code} without one error line: {err!r}")
            if list(out.iterdir()):
                failures.append(f"{path.name}: exit {code} but left {[p.name for p in out.iterdir()]}")
    assert failures == []
