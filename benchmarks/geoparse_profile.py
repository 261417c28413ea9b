"""Where the geoparser spends its time: stage CPU times and a cProfile of ``geoparse``.

    /work/venv/bin/python benchmarks/geoparse_profile.py [N_ARTICLES] [--top K] [--sort tottime|cumulative]

Same corpus as ``geoparse_bench.py``.  Prints

* stage CPU times without the profiler (the gazetteer's name cache warmed by one pass
  first, as in a long run): recognition alone (``recognize_spans``) and the whole of
  ``geoparse``; resolution and scoring are the difference;
* the parts of recognition, each timed alone on the same corpus: the scanner as the
  recogniser runs it (``tokens.scan_lazy``: no sentence-initial flags), the n-gram keys
  (``ngram_spans``), their gazetteer look-ups (a
  ``Lookup`` per article, as ``geoparse`` makes), derived-demonym candidates; the filters
  and the rest of ``recognize`` are the remainder;
* the top K functions of a cProfile run of ``geoparse`` over the corpus (default 25, by
  own time), and the share of the profiled time spent under recognition
  (``recognize_spans``) and under resolution (``resolve``).
"""
from __future__ import annotations

import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from geoparse_bench import corpus  # noqa: E402


def _cpu(fn, texts) -> float:
    c0 = time.process_time()
    for t in texts:
        fn(t)
    return time.process_time() - c0


def recognition_parts(texts: list[str], gz) -> dict[str, float]:
    """CPU ms/article of the parts of recognition, each timed alone (best of 2)."""
    from geomap.geoparsing.morphology import demonym_candidates
    from geomap.geoparsing.spans import Lookup
    from geomap.geoparsing.tokens import ngram_spans, scan_lazy

    width = max(1, gz.max_name_tokens + 1)
    tokens = {t: scan_lazy(t)[0] for t in texts}
    spans = {t: ngram_spans(t, tokens[t], max_tokens=width) for t in texts}

    def lookups(t):
        Lookup(gz)({key for ends in spans[t].values() for _, key in ends})

    parts = {
        "scan": scan_lazy,
        "n-gram keys": lambda t: ngram_spans(t, tokens[t], max_tokens=width),
        "look-ups": lookups,
        "demonym candidates": lambda t: demonym_candidates(t, tokens[t]),
    }
    n = len(texts)
    return {name: 1000 * min(_cpu(fn, texts), _cpu(fn, texts)) / n for name, fn in parts.items()}


def main(argv: list[str]) -> None:
    import os

    from gazetteer import Gazetteer
    from geomap.geoparsing import geoparse
    from geomap.geoparsing.parse import recognize_spans

    top = int(argv[argv.index("--top") + 1]) if "--top" in argv else 25
    sort = argv[argv.index("--sort") + 1] if "--sort" in argv else "tottime"
    args = [a for i, a in enumerate(argv) if not a.startswith("--")
            and (i == 0 or argv[i - 1] not in ("--top", "--sort"))]
    n = int(args[0]) if args else 3000
    texts = corpus(n)
    gz = Gazetteer.open()

    def rec(t):
        return recognize_spans(t, gazetteer=gz)

    def full(t):
        return geoparse(t, gazetteer=gz)

    for t in texts:   # warm the gazetteer's name cache (a long run's steady state)
        full(t)
    # alternate the two, twice, so that load from other processes hits both alike
    r1, f1, r2, f2 = _cpu(rec, texts), _cpu(full, texts), _cpu(rec, texts), _cpu(full, texts)
    r, f = min(r1, r2), min(f1, f2)
    print(f"corpus: {n} articles; load average {os.getloadavg()[0]:.1f}; CPU ms/article (best of 2): "
          f"recognition {1000 * r / n:.3f}, geoparse {1000 * f / n:.3f}, so resolution + scoring "
          f"{1000 * (f - r) / n:.3f} ({100 * r / f:.0f} % recognition)")
    parts = recognition_parts(texts, gz)
    rest = 1000 * r / n - sum(parts.values())
    print("recognition parts, CPU ms/article: " + ", ".join(
        f"{k} {v:.3f}" for k, v in parts.items()) + f", filters and the rest {rest:.3f}")

    prof = cProfile.Profile()
    prof.enable()
    for t in texts:
        full(t)
    prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt
    cum = {}
    for (file, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        if name in ("recognize_spans", "resolve", "score_mention", "lookup_many", "_rows"):
            cum[f"{Path(file).stem}.{name}"] = ct
    print(f"profiled: {total:.2f} s; cumulative shares: " + ", ".join(
        f"{k} {100 * v / total:.0f} %" for k, v in sorted(cum.items(), key=lambda kv: -kv[1])))
    out = io.StringIO()
    pstats.Stats(prof, stream=out).strip_dirs().sort_stats(sort).print_stats(top)
    print(out.getvalue().split("\n", 4)[-1].rstrip())


if __name__ == "__main__":
    main(sys.argv[1:])
