"""Where resolution spends its time: the CPU time of the resolution half of ``geoparse``
(everything after recognition: facilities, candidates, ``resolve``, scores) alone.

    /work/venv/bin/python benchmarks/resolve_profile.py [N_ARTICLES] [--top K] [--rounds R] [--profile]
                                                       [--sort tottime|cumulative]

Same corpus as ``geoparse_bench.py``.  Every article is recognised once first (its spans and
its ``Lookup`` kept); then ``parse.resolve_spans`` runs over the whole corpus R times
(default 3) and the best round's CPU ms/article is printed.  ``--profile`` adds the top K
functions (default 25, by own time, or ``--sort cumulative``) of a cProfile run of that
stage (the profiler inflates functions with many calls of builtins).  ``--rounds 0`` only
recognises (a baseline for instruction counts under ``valgrind --tool=callgrind``: the
count of a run with ``--rounds 1`` minus that of ``--rounds 0`` is the stage's).
"""
from __future__ import annotations

import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from geoparse_bench import corpus  # noqa: E402


def main(argv: list[str]) -> None:
    from gazetteer import Gazetteer
    from geomap.geoparsing.parse import recognize_spans, resolve_spans
    from geomap.geoparsing.spans import Lookup

    def option(name: str, default: int) -> int:
        return int(argv[argv.index(name) + 1]) if name in argv else default

    top, rounds = option("--top", 25), option("--rounds", 3)
    args = [a for i, a in enumerate(argv) if not a.startswith("--")
            and (i == 0 or argv[i - 1] not in ("--top", "--rounds", "--sort"))]
    n = int(args[0]) if args else 1000
    texts = corpus(n)
    gz = Gazetteer.open()
    work = []
    for t in texts:
        lookup = Lookup(gz)
        work.append((t, recognize_spans(t, gazetteer=gz, lookup=lookup), lookup))

    def stage() -> float:
        c0 = time.process_time()
        for t, recs, lookup in work:
            resolve_spans(t, recs, gazetteer=gz, lookup=lookup)
        return time.process_time() - c0

    if rounds:
        stage()   # warm the caches (a long run's steady state)
        best = min(stage() for _ in range(rounds))
        print(f"corpus: {n} articles; load average {os.getloadavg()[0]:.1f}; resolution + scoring "
              f"{1000 * best / n:.3f} CPU ms/article (best of {rounds})")
    if "--profile" in argv:
        prof = cProfile.Profile()
        prof.enable()
        stage()
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).strip_dirs().sort_stats(next((argv[i + 1] for i, a in enumerate(argv) if a == "--sort"), "tottime")).print_stats(top)
        print(out.getvalue().split("\n", 4)[-1].rstrip())


if __name__ == "__main__":
    main(sys.argv[1:])
