"""Event extraction on either benchmark corpus: CPU time, a cProfile, or instructions counted.

    /work/venv/bin/python benchmarks/events_profile2.py [N_ARTICLES] [--corpus geoparse|bench]
                                  [--top K] [--sort tottime|cumulative] [--no-profile] [--insn]

``events_profile.py`` reads the synthetic corpus of ``events_bench.py`` (war news, dense in
events); the pipeline target of issue #17 is measured on the corpus of ``geoparse_bench.py``
(the dev gold sets, default 3,000 articles: general news, few events), where the mix of work
differs.  ``--corpus`` picks one (default ``geoparse``; ``bench``: the synthetic one).  The
mentions are computed first (``geoparse``, not timed); then prints

* the CPU time of ``extract_events`` over the corpus (best of 3), and unless
  ``--no-profile`` the top K functions of a cProfile run (default 30, by own time); or
* with ``--insn``: thousands of instructions per article of ``extract_events``, counted by
  ``valgrind --tool=callgrind`` (repeatable on a busy machine, unlike CPU time; 300 articles
  unless N is given).  As in ``recognition_insn.py``, one warm-up pass runs first and only the
  measured pass, run inside ``functools.reduce``, is counted; the articles are every third of
  3 N, so that the geoparse corpus holds all three dev sets.
"""
from __future__ import annotations

import cProfile
import io
import os
import pstats
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def _option(args: list[str], name: str, default: str) -> str:
    if name not in args:
        return default
    i = args.index(name)
    value = args[i + 1]
    del args[i:i + 2]
    return value


def _inputs(which: str, n: int, *, spread: int = 1):
    """(articles, their mentions, gazetteer) of the corpus ``which`` ("geoparse" or "bench");
    ``spread``: every so many of n * spread articles (of all three dev sets, not the first)."""
    from gazetteer import Gazetteer
    from geomap.geoparsing.parse import geoparse
    from geomap.model import Article

    if which == "bench":
        from events_bench import write_corpus
        from geomap.io.ingest import read_articles

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "corpus.jsonl"
            write_corpus(path, n * spread)
            articles = list(read_articles([path]))[::spread]
    else:
        from geoparse_bench import corpus

        articles = [Article(id=str(k), text=text) for k, text in enumerate(corpus(n * spread)[::spread])]
    gazetteer = Gazetteer.open()
    return articles, [geoparse(a.text, gazetteer=gazetteer) for a in articles], gazetteer


def _inner(which: str, n: int) -> None:
    """Runs under callgrind: warm up, then the measured pass inside ``reduce``."""
    from functools import reduce

    from geomap.events import extract_events

    articles, mentions, gazetteer = _inputs(which, n, spread=3)
    pairs = list(zip(articles, mentions))
    for a, ms in pairs:
        extract_events(a, ms, gazetteer=gazetteer)
    print(reduce(lambda acc, p: acc + len(extract_events(p[0], p[1], gazetteer=gazetteer)), pairs, 0))


def instructions(which: str, n: int) -> int:
    """Instructions of one ``extract_events`` pass over n articles of corpus ``which``."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        subprocess.run(["valgrind", "--tool=callgrind", "--collect-atstart=no",
                        "--toggle-collect=functools_reduce", f"--callgrind-out-file={out}",
                        sys.executable, __file__, "--inner", which, str(n)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env={**os.environ, "PYTHONHASHSEED": "0"})
        for line in open(out, encoding="utf-8"):
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError("no instruction total in the callgrind output")


def main(argv: list[str]) -> None:
    warnings.simplefilter("ignore")
    if argv[:1] == ["--inner"]:
        _inner(argv[1], int(argv[2]))
        return
    args = list(argv)
    top = int(_option(args, "--top", "30"))
    sort = _option(args, "--sort", "tottime")
    which = _option(args, "--corpus", "geoparse")
    flags = {a for a in args if a.startswith("--")}
    args = [a for a in args if not a.startswith("--")]
    if "--insn" in flags:
        n = int(args[0]) if args else 300
        print(f"{which}: extract_events {instructions(which, n) / n / 1000:,.1f} k instructions/article "
              f"({n} articles)")
        return
    n = int(args[0]) if args else (3000 if which == "geoparse" else 1000)
    from geomap.events import extract_events

    articles, mentions, gazetteer = _inputs(which, n)

    def run() -> int:
        return sum(len(extract_events(a, ms, gazetteer=gazetteer)) for a, ms in zip(articles, mentions))

    run()  # warm caches
    times = []
    for _ in range(3):
        c0 = time.process_time()
        events = run()
        times.append(time.process_time() - c0)
    best = min(times)
    print(f"{which}: {n:,} articles, {events:,} events: extract_events {1000 * best / n:.3f} CPU ms/article "
          f"({n / best:,.0f} articles/s CPU, best of 3)")
    if "--no-profile" in flags:
        return
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    buf = io.StringIO()
    pstats.Stats(profiler, stream=buf).sort_stats(sort).print_stats(top)
    print(buf.getvalue())


if __name__ == "__main__":
    main(sys.argv[1:])
