"""Speed and accuracy of the default geoparser.

    /work/venv/bin/python benchmarks/geoparse_bench.py [N_ARTICLES] [--ner spacy:MODEL] [--no-eval]

Corpus (made at run time, never committed): the texts of ``../shared/eval/*.jsonl`` when
present, else the example articles, cycled to N articles (default 3,000); each copy gets a
distinct suffix so no cache sees the same article twice.  Prints

* cold start: a new Python process that opens the gazetteer and geoparses one article;
* peak memory: a new Python process that geoparses the whole corpus (peak RSS);
* throughput, one process, geomap and flashgeotext side by side on the same corpus:
  articles/s (wall clock and CPU time) and their ratio.  The two run interleaved, chunk by
  chunk, so that load from other processes on a shared machine hits both alike;
  flashgeotext (keyword matching only, no disambiguation) is optional: without it the line
  says it is missing;
* throughput, 2 processes (the 2-core target): a process pool of 2 over the same corpus;
* the whole pipeline, one process: ``geoparse`` then ``extract_events`` on every article;
* the dev-set metrics (``geomap eval``) on both gold sets, gold spans and end to end.
"""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"

COLD_START = """
import time
t0 = time.perf_counter()
from gazetteer import Gazetteer
from geomap.geoparsing import geoparse
gz = Gazetteer.open()
m = geoparse({text!r}, gazetteer=gz{ner})
print(time.perf_counter() - t0, len(m))
"""

PEAK_MEMORY = """
import resource, sys
sys.path.insert(0, {bench_dir!r})
from geoparse_bench import corpus
from gazetteer import Gazetteer
from geomap.geoparsing import geoparse
texts = corpus({n})
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
gz = Gazetteer.open()
first = None
for t in texts:
    geoparse(t, gazetteer=gz{ner})
    if first is None:
        first = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(base, first, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def corpus(n: int) -> list[str]:
    texts: list[str] = []
    if EVAL.exists():
        for path in sorted(EVAL.glob("*.jsonl")):
            texts += [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    else:
        for path in sorted((REPO / "examples").glob("*.jsonl")):
            texts += [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    if not texts:
        raise SystemExit("no corpus texts found")
    return [f"{texts[i % len(texts)]} (copy {i // len(texts)})" for i in range(n)]


_GZ = None
_NER = None


def _init(ner):
    global _GZ, _NER
    from gazetteer import Gazetteer

    _GZ = Gazetteer.open()
    _NER = ner


def _work(chunk: list[str]) -> int:
    from geomap.geoparsing.parse import geoparse

    return sum(len(geoparse(t, gazetteer=_GZ, ner=_NER)) for t in chunk)


def _pipeline(chunk: list[str]) -> int:
    """geoparse + extract_events per article (serial): the number of events."""
    from geomap.events import extract_events
    from geomap.geoparsing.parse import geoparse
    from geomap.model import Article

    events = 0
    for k, text in enumerate(chunk):
        article = Article(id=str(k), text=text)
        events += len(extract_events(article, geoparse(text, gazetteer=_GZ, ner=_NER), gazetteer=_GZ))
    return events


def cold_start(text: str, ner: str | None) -> tuple[float, float]:
    code = COLD_START.format(text=text, ner=f", ner={ner!r}" if ner else "")
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    total = time.perf_counter() - t0
    inner = float(out.stdout.split()[0])
    return inner, total


def peak_memory(n: int, ner: str | None) -> tuple[float, float, float]:
    """Peak RSS (MB) of a new process: after the corpus is made, after one article, at the end."""
    code = PEAK_MEMORY.format(bench_dir=str(Path(__file__).parent), n=n,
                              ner=f", ner={ner!r}" if ner else "")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    base, first, end = (int(x) / 1024 for x in out.stdout.split())
    return base, first, end


def flashgeotext_extractor():
    """flashgeotext's ``GeoText().extract`` (its demo data: GeoNames cities and countries), or
    None when flashgeotext is not installed."""
    try:
        from flashgeotext.geotext import GeoText
    except ImportError:
        return None
    import logging

    logging.disable(logging.INFO)   # it logs one line per lookup table loaded
    try:
        from loguru import logger

        logger.disable("flashgeotext")
    except ImportError:
        pass
    return GeoText().extract


def side_by_side(texts: list[str], extract, chunk: int = 50) -> dict[str, tuple[float, float, int]]:
    """geomap and flashgeotext interleaved chunk by chunk: {name: (wall s, CPU s, found)}."""
    times = {"geomap": [0.0, 0.0, 0], "flashgeotext": [0.0, 0.0, 0]}
    for k in range(0, len(texts), chunk):
        part = texts[k:k + chunk]
        t0, c0 = time.perf_counter(), time.process_time()
        found = _work(part)
        acc = times["geomap"]
        acc[0] += time.perf_counter() - t0
        acc[1] += time.process_time() - c0
        acc[2] += found
        if extract is None:
            continue
        t0, c0 = time.perf_counter(), time.process_time()
        found = 0
        for t in part:
            found += sum(meta["count"] for table in extract(t).values() for meta in table.values())
        acc = times["flashgeotext"]
        acc[0] += time.perf_counter() - t0
        acc[1] += time.process_time() - c0
        acc[2] += found
    if extract is None:
        del times["flashgeotext"]
    return {k: tuple(v) for k, v in times.items()}


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    ner = None
    if "--ner" in argv:
        ner = argv[argv.index("--ner") + 1]
        args = [a for a in args if a != ner]
    n = int(args[0]) if args else 3000
    texts = corpus(n)
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {n} articles, {words / n:.0f} words/article on average" + (f", ner={ner}" if ner else ""))
    print(f"load average (other processes share the machine): {os.getloadavg()[0]:.1f}")

    inner, total = cold_start(texts[0], ner)
    print(f"cold start (open gazetteer + first article): {inner:.2f} s in-process, "
          f"{total:.2f} s including interpreter start")

    base, first, end = peak_memory(n, ner)
    print(f"peak memory (new process, RSS): {first:.0f} MB after the first article, "
          f"{end:.0f} MB after {n} articles (interpreter + corpus: {base:.0f} MB)")

    _init(ner)
    _work(texts[:20])  # warm imports
    t0 = time.perf_counter()
    extract = flashgeotext_extractor()
    if extract is not None:
        print(f"flashgeotext: loaded its lookup data in {time.perf_counter() - t0:.2f} s")
        extract(texts[0])
    else:
        print("flashgeotext: missing (pip install flashgeotext to compare)")
    results = side_by_side(texts, extract)
    for name, (wall, cpu, found) in results.items():
        what = "mentions" if name == "geomap" else "keyword matches"
        print(f"1 process, {name:<12}: {n / wall:7,.0f} articles/s wall, {n / cpu:7,.0f} articles/s "
              f"per CPU-second, {1000 * cpu / n:.2f} CPU ms/article ({found} {what})")
    if extract is not None:
        g, f = results["geomap"], results["flashgeotext"]
        print(f"ratio geomap / flashgeotext: {f[0] / g[0]:.2f} wall, {f[1] / g[1]:.2f} CPU")

    chunks = [texts[i:i + 100] for i in range(0, n, 100)]
    ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
    with ctx.Pool(2, initializer=_init, initargs=(ner,)) as pool:
        pool.map(_work, chunks[:2])
        t0 = time.perf_counter()
        total_mentions = sum(pool.map(_work, chunks))
        wall2 = time.perf_counter() - t0
    print(f"2 processes: {n / wall2:,.0f} articles/s wall ({total_mentions} mentions)")

    _pipeline(texts[:20])
    t0, c0 = time.perf_counter(), time.process_time()
    events = _pipeline(texts)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"whole pipeline (geoparse + events), 1 process: {n / wall:,.0f} articles/s wall, "
          f"{n / cpu:,.0f} articles/s per CPU-second ({events} events); "
          f"load average {os.getloadavg()[0]:.1f}")

    if "--no-eval" in argv or not EVAL.exists():
        return
    from geomap.evaluate import evaluate

    for path in sorted(EVAL.glob("*.jsonl")):
        for gold_spans in (True, False):
            report = evaluate(path, gold_spans=gold_spans, gazetteer=_GZ, ner=ner)
            if not report.gold_toponyms:  # an events gold set (geomap eval --events scores it)
                break
            print(report.to_text())


if __name__ == "__main__":
    main(sys.argv[1:])
