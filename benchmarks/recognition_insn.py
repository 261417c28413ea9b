"""Instructions per article of recognition and of the whole geoparser, counted by callgrind.

    /work/venv/bin/python benchmarks/recognition_insn.py [N_ARTICLES] [--only rec|geoparse] [--no-gc]

Instruction counts do not depend on the load of a shared machine, so two versions of the
recogniser compare by one run each (CPU time needs many repeated runs).  The corpus is
every third text of ``../shared/eval/*.jsonl`` (all three dev sets), N of them (default
300; the example articles when the eval data are missing).  Each measurement is a
process under ``valgrind --tool=callgrind`` that opens the gazetteer, warms every cache
with one ``geoparse`` pass over the corpus (a long run's steady state) and then runs the
measured pass -- ``recognize_spans`` (recognition) or ``geoparse`` -- on every article.
Only the measured pass is counted: it runs inside ``functools.reduce`` and callgrind
collects only while that C function is on the stack (``--toggle-collect``; nothing in
the geoparser calls ``reduce``).  Prints thousands of instructions per article (Ir).

The cyclic garbage collector runs when allocations reach its thresholds, and a full
collection walks every object of the process (the gazetteer's caches: tens of millions of
instructions), so whether one falls inside the measured pass moves the count by a few per
cent between two versions that allocate a little differently.  ``--no-gc`` collects
before the measured pass and disables the collector during it: the count of the code's own
work, repeatable to about 0.1 %, for comparing two versions (report which one you used).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"


def corpus(n: int) -> list[str]:
    texts: list[str] = []
    folder = EVAL if EVAL.exists() else REPO / "examples"
    for path in sorted(folder.glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    if not texts:
        raise SystemExit("no corpus texts found")
    spread = texts[::3] or texts
    return [spread[i % len(spread)] for i in range(n)]


def _inner(mode: str, n: int, no_gc: bool = False) -> None:
    """Runs under callgrind: warm up, then the measured pass inside ``reduce``."""
    import gc
    from functools import reduce

    from gazetteer import Gazetteer
    from geomap.geoparsing import geoparse
    from geomap.geoparsing.parse import recognize_spans

    texts = corpus(n)
    gz = Gazetteer.open()
    for t in texts:
        geoparse(t, gazetteer=gz)
    if no_gc:
        gc.collect()
        gc.disable()
    if mode == "rec":
        count = reduce(lambda acc, t: acc + len(recognize_spans(t, gazetteer=gz)), texts, 0)
    else:
        count = reduce(lambda acc, t: acc + len(geoparse(t, gazetteer=gz)), texts, 0)
    print(count)


def measure(mode: str, n: int, no_gc: bool = False) -> int:
    """Instructions of the measured pass (``mode``: "rec" or "geoparse") over n articles
    (``no_gc``: with the garbage collector off during it)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        subprocess.run(["valgrind", "--tool=callgrind", "--collect-atstart=no",
                        "--toggle-collect=functools_reduce", f"--callgrind-out-file={out}",
                        sys.executable, __file__, "--inner", mode, str(n)]
                       + (["--no-gc"] if no_gc else []),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env={**os.environ, "PYTHONHASHSEED": "0"})
        for line in open(out, encoding="utf-8"):
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError("no instruction total in the callgrind output")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--inner"]:
        _inner(argv[1], int(argv[2]), "--no-gc" in argv)
        return
    no_gc = "--no-gc" in argv
    only = argv[argv.index("--only") + 1] if "--only" in argv else None
    args = [a for i, a in enumerate(argv) if not a.startswith("--")
            and (i == 0 or argv[i - 1] != "--only")]
    n = int(args[0]) if args else 300
    for mode in ("rec", "geoparse"):
        if only in (None, mode):
            ir = measure(mode, n, no_gc)
            print(f"{mode}: {ir / n / 1000:.1f} k instructions/article ({n} articles"
                  f"{', garbage collector off' if no_gc else ''})", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
