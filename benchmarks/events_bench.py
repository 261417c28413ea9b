"""Speed of ingest + event extraction on a synthetic 1,000-article corpus.

    /work/venv/bin/python benchmarks/events_bench.py [N_ARTICLES]

The corpus is generated at run time (seeded) from the sentences of ``examples/`` and of the
event-rule fixtures (``tests/fixtures/events/rules.jsonl``): each article gets 4-10 sentences
and a publication date.  Prints articles/s for

* ingest: ``read_articles`` over the JSONL file;
* events only: ``extract_events`` with the mentions computed beforehand;
* geoparse only: ``geoparse`` on every article (the geoparser helper's stage, for scale);
* end to end: ``geomap.jobs.extract`` (ingest + geoparse + events + dedupe), one process,

and the number of events and groups found.  Wall and CPU time are both printed: on a
shared, busy machine the CPU-time rate is the comparable figure.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def source_sentences() -> list[str]:
    texts: list[str] = []
    for path in sorted((REPO / "examples").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for path in sorted((REPO / "examples").glob("*.txt")):
        body = re.sub(r"\A(?:[A-Za-z]+:[^\n]*\n)+", "", path.read_text(encoding="utf-8"))
        texts.append(body)
    rules = REPO / "tests" / "fixtures" / "events" / "rules.jsonl"
    texts += [json.loads(line)["text"] for line in rules.read_text(encoding="utf-8").splitlines() if line.strip()]
    from geomap.events.segment import split_sentences

    return [s.text for t in texts for s in split_sentences(t)]


def write_corpus(path: Path, n: int, *, seed: int = 5) -> None:
    rng = random.Random(seed)
    sentences = source_sentences()
    start = dt.date(2023, 1, 1)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            body = " ".join(rng.choice(sentences) for _ in range(rng.randint(4, 10)))
            record = {"id": f"bench-{i}", "title": f"Bench article {i}", "text": body,
                      "published": (start + dt.timedelta(days=rng.randrange(700))).isoformat(),
                      "url": f"https://example.org/{i}", "source": rng.choice(["Wire A", "Paper B", "Site C"])}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def timed(label: str, n: int, fn):
    """Wall time and CPU time of this process (CPU time is what to compare on a busy machine)."""
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"  {label:<34} wall {wall:7.3f} s {n / wall:>9,.0f}/s   cpu {cpu:7.3f} s {n / cpu:>9,.0f} articles/s")
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    warnings.simplefilter("ignore")
    from geomap.events import dedupe_events, extract_events
    from geomap.io.ingest import read_articles
    from geomap.jobs import default_gazetteer, extract, geoparse

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        write_corpus(corpus, n)
        size = corpus.stat().st_size
        print(f"{n:,} synthetic articles, {size / 1e6:.2f} MB ({size / n:,.0f} bytes/article)")
        t0 = time.perf_counter()
        gazetteer = default_gazetteer()
        geoparse("Warm-up in Kyiv.", gazetteer=gazetteer)
        print(f"  gazetteer open + first geoparse         {time.perf_counter() - t0:7.3f} s")
        articles = timed("ingest (read_articles)", n, lambda: list(read_articles([corpus])))
        mentions = timed("geoparse only", n, lambda: [geoparse(a.text, gazetteer=gazetteer) for a in articles])
        events = timed("events only (extract_events)", n,
                       lambda: [e for a, ms in zip(articles, mentions) for e in extract_events(a, ms)])
        merged = timed("dedupe_events", n, lambda: dedupe_events(events))
        e2e = timed("end to end (jobs.extract)", n, lambda: extract([corpus], gazetteer=gazetteer))
        print(f"  events before dedupe: {len(events):,}; after: {len(merged):,} rows in "
              f"{len({e.group_id for e in merged}):,} groups; end to end: {len(e2e):,}")
        types: dict[str, int] = {}
        for e in merged:
            types[e.event_type] = types.get(e.event_type, 0) + 1
        print("  types: " + ", ".join(f"{k} {v}" for k, v in sorted(types.items(), key=lambda kv: -kv[1])))


if __name__ == "__main__":
    main()
