"""Where event extraction spends its time: a cProfile of ``extract_events``.

    /work/venv/bin/python benchmarks/events_profile.py [N_ARTICLES] [--top K] [--sort tottime|cumulative]

Same synthetic corpus as ``events_bench.py`` (default 1,000 articles).  The mentions are
computed first (``geoparse``, not profiled); then prints the CPU time of ``extract_events``
over the corpus without the profiler (best of 3) and the top K functions of a cProfile run
(default 30, by own time).
"""
from __future__ import annotations

import cProfile
import io
import pstats
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from events_bench import write_corpus  # noqa: E402


def main(argv: list[str]) -> None:
    warnings.simplefilter("ignore")
    top, sort = 30, "tottime"
    args = list(argv)
    if "--top" in args:
        i = args.index("--top")
        top = int(args[i + 1])
        del args[i:i + 2]
    if "--sort" in args:
        i = args.index("--sort")
        sort = args[i + 1]
        del args[i:i + 2]
    n = int(args[0]) if args else 1000
    from geomap.events import extract_events
    from geomap.io.ingest import read_articles
    from geomap.jobs import default_gazetteer, geoparse

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        write_corpus(corpus, n)
        articles = list(read_articles([corpus]))
    gazetteer = default_gazetteer()
    mentions = [geoparse(a.text, gazetteer=gazetteer) for a in articles]

    def run() -> int:
        return sum(len(extract_events(a, ms, gazetteer=gazetteer)) for a, ms in zip(articles, mentions))

    run()  # warm caches
    times = []
    for _ in range(3):
        c0 = time.process_time()
        events = run()
        times.append(time.process_time() - c0)
    best = min(times)
    print(f"{n:,} articles, {events:,} events: extract_events {1000 * best / n:.3f} CPU ms/article "
          f"({n / best:,.0f} articles/s CPU, best of 3)")
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    buf = io.StringIO()
    pstats.Stats(profiler, stream=buf).sort_stats(sort).print_stats(top)
    print(buf.getvalue())


if __name__ == "__main__":
    main(sys.argv[1:])
