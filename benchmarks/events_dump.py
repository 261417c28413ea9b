"""Dump every event geomap extracts from the dev gold sets, seeds, examples and fixtures, to
diff two versions of event extraction.

    /work/venv/bin/python benchmarks/events_dump.py OUT.tsv

Runs the product's per-article pipeline (``geoparse`` then ``extract_events``, as
``geomap extract`` does before deduplication) on the texts of ``../shared/eval/*.jsonl``,
``../shared/seeds``, ``examples/``, the event fixtures (``tests/fixtures/events/*.jsonl``) and
the synthetic corpus of ``events_bench.py`` (1,000 articles), and writes one line per event
with every field (``repr`` of each value).  Two dumps of two versions are identical exactly
when the events are::

    diff before.tsv after.tsv
"""
from __future__ import annotations

import dataclasses
import json
import sys
import tempfile
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _jsonl_articles(path: Path):
    from geomap.io.ingest import read_articles

    return list(read_articles([path]))


def sources() -> list[tuple[str, list]]:
    """(label, articles) for every input, in a fixed order."""
    from events_bench import write_corpus
    from geomap.io.ingest import read_articles

    out: list[tuple[str, list]] = []
    for path in sorted((SHARED / "eval").glob("*.jsonl")):
        out.append((f"eval/{path.name}", _jsonl_articles(path)))
    seeds = SHARED / "seeds"
    for path in sorted(seeds.glob("*.jsonl")) + sorted(seeds.glob("*.txt")):
        out.append((f"seeds/{path.name}", list(read_articles([path]))))
    for path in sorted((REPO / "examples").glob("*.jsonl")) + sorted((REPO / "examples").glob("*.txt")):
        out.append((f"examples/{path.name}", list(read_articles([path]))))
    for path in sorted((REPO / "tests" / "fixtures" / "events").glob("*.jsonl")):
        out.append((f"fixtures/{path.name}", list(read_articles([path], strict=False))))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "bench.jsonl"
        write_corpus(corpus, 1000)
        out.append(("bench", list(read_articles([corpus]))))
    return out


def main(argv: list[str]) -> None:
    warnings.simplefilter("ignore")
    from geomap.jobs import default_gazetteer
    from geomap.jobs.articles import article_events

    gz = default_gazetteer()
    out = open(argv[0], "w", encoding="utf-8") if argv else sys.stdout
    n = 0
    for label, articles in sources():
        for i, article in enumerate(articles):
            for event in article_events(article, gazetteer=gz):
                fields = [repr(getattr(event, f.name)) for f in dataclasses.fields(event)]
                out.write("\t".join([label, str(i)] + fields).replace("\n", "\\n") + "\n")
                n += 1
    print(f"{n} events", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
