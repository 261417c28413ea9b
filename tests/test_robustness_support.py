"""Helpers for the robustness suite: run the real ``geomap`` CLI in a subprocess and read
back what it kept.  (No tests here; imported by ``test_robustness_*.py``.)"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

#: The real console entry point (``geomap`` = ``geomap.cli:main``), with this interpreter.
GEOMAP = [sys.executable, "-c", "from geomap.cli import main; main()"]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bad"


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("warning: ")]

    @property
    def error(self) -> str:
        """The single error line on stderr (asserts there is exactly one)."""
        lines = [line for line in self.err.splitlines() if line.strip() and not line.startswith("warning: ")]
        assert len(lines) == 1, f"expected one error line, got: {self.err!r}"
        return lines[0]

    def summary(self, key: str) -> str:
        """A value of ``geomap run``'s summary (``articles read``, ``warnings``...)."""
        for line in self.out.splitlines():
            if line.startswith(key + ":"):
                return line.split(":", 1)[1].strip()
        raise AssertionError(f"no {key!r} in the summary: {self.out!r}")


def geomap(*args: object, env: dict[str, str] | None = None, timeout: float = 300,
           cwd: str | os.PathLike | None = None, prefix: list[str] | None = None) -> Result:
    """Run ``geomap ARGS`` and check it never printed a Python traceback."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.run([*(prefix or []), *GEOMAP, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=full_env, cwd=cwd, stdin=subprocess.DEVNULL)
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr[-3000:]
    return Result(proc.returncode, proc.stdout, proc.stderr)


def geojson_props(path: Path) -> list[dict]:
    """The properties of every feature of a GeoJSON file (parsed strictly)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    return [f["properties"] for f in data["features"]]


def store_article_ids(store: Path) -> set[str]:
    """Article ids held by an event store, read through the public reader."""
    from geomap.io.formats import read_events

    return {e.article_id for e in read_events(store)}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record) + "\n")
    return path


def article(i: str, place: str = "Odesa", day: str = "Monday", published: str = "2024-03-15", **extra) -> dict:
    record = {"id": i, "title": f"Strike on {place}", "published": published, "url": f"https://example.org/{i}",
              "source": "Fixture Wire", "text": f"Missiles struck {place} on {day}, officials said."}
    record.update(extra)
    return record


def extracted_events(root: Path, prefix: str) -> Path:
    """``root/events.jsonl``: what ``geomap extract`` writes for two small articles (ids PREFIX-1, PREFIX-2)."""
    articles = write_jsonl(root / "articles.jsonl", [article(f"{prefix}-1", "Odesa", "Monday"),
                                                     article(f"{prefix}-2", "Kharkiv", "Tuesday")])
    result = geomap("extract", articles, "-o", root / "events.jsonl", "-j", "1")
    assert result.code == 0, result.err
    return root / "events.jsonl"
