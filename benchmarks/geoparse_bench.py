"""Speed and accuracy of the default geoparser.

    /work/venv/bin/python benchmarks/geoparse_bench.py [N_ARTICLES] [--ner spacy:MODEL] [--no-eval]

Corpus (made at run time, never committed): the texts of ``../shared/eval/*.jsonl`` when
present, else the example articles, cycled to N articles (default 3,000); each copy gets a
distinct suffix so no cache sees the same article twice.  Prints

* cold start: a new Python process that opens the gazetteer and geoparses one article;
* throughput, one process: articles/s over the corpus (wall clock and CPU time);
* throughput, 2 processes (the 2-core target): a process pool of 2 over the same corpus;
* the dev-set metrics (``geomap eval``) on both gold sets, gold spans and end to end.
"""
from __future__ import annotations

import json
import multiprocessing as mp
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


def cold_start(text: str, ner: str | None) -> tuple[float, float]:
    code = COLD_START.format(text=text, ner=f", ner={ner!r}" if ner else "")
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    total = time.perf_counter() - t0
    inner = float(out.stdout.split()[0])
    return inner, total


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

    inner, total = cold_start(texts[0], ner)
    print(f"cold start (open gazetteer + first article): {inner:.2f} s in-process, "
          f"{total:.2f} s including interpreter start")

    _init(ner)
    _work(texts[:20])  # warm imports
    t0, c0 = time.perf_counter(), time.process_time()
    mentions = _work(texts)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"1 process:  {n / wall:,.0f} articles/s wall, {n / cpu:,.0f} articles/s per CPU-second "
          f"({mentions} mentions)")

    chunks = [texts[i:i + 100] for i in range(0, n, 100)]
    ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
    with ctx.Pool(2, initializer=_init, initargs=(ner,)) as pool:
        pool.map(_work, chunks[:2])
        t0 = time.perf_counter()
        total_mentions = sum(pool.map(_work, chunks))
        wall2 = time.perf_counter() - t0
    print(f"2 processes: {n / wall2:,.0f} articles/s wall ({total_mentions} mentions)")

    if "--no-eval" in argv or not EVAL.exists():
        return
    from geomap.evaluate import evaluate

    for path in sorted(EVAL.glob("*.jsonl")):
        for gold_spans in (True, False):
            report = evaluate(path, gold_spans=gold_spans, gazetteer=_GZ, ner=ner)
            print(report.to_text())


if __name__ == "__main__":
    main(sys.argv[1:])
