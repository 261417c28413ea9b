"""Gazetteer speed and size, printed as figures.

    python benchmarks/gazetteer_bench.py [--skip-build] [--store PATH]

- default build seconds (target <= 60 s), into a temporary file unless --skip-build
- open seconds in a fresh process (target <= 0.3 s)
- candidate lookups per second: cold (first sight of each name, SQLite) and the steady
  state a recognizer sees (repeated names served by the per-folded-name LRU cache), plus
  has_name probes of n-grams that mostly do not exist (target >= 50,000/s)
- store size in MB (target <= 300)
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _names(path: Path, n: int) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = conn.execute("SELECT name FROM places ORDER BY score DESC LIMIT ?", (n,)).fetchall()
    conn.close()
    return [r[0] for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true",
                        help="do not time a fresh default build")
    parser.add_argument("--store", type=Path, default=None,
                        help="store to measure (default: the default store path)")
    args = parser.parse_args()

    from gazetteer import Gazetteer, default_store_path, fold
    from gazetteer.build import build_default

    if not args.skip_build:
        with tempfile.TemporaryDirectory() as tmp:
            t0, c0 = time.perf_counter(), time.process_time()
            stats = build_default(Path(tmp) / "bench.sqlite")
            print(f"default build: {time.perf_counter() - t0:.1f} s wall, "
                  f"{time.process_time() - c0:.1f} s CPU (target <= 60 s; single-threaded, so "
                  f"CPU ~ wall on an idle machine; load average now "
                  f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
            print(f"  shapes (registry packages, cached after the first build): "
                  f"{stats.get('shapes')}")

    store = args.store or default_store_path()
    Gazetteer.open(store).close()  # make sure it exists
    code = ("import time; t=time.perf_counter(); from gazetteer import Gazetteer; "
            f"g=Gazetteer.open({str(store)!r}); g.candidates('Kyiv'); "
            "print(time.perf_counter()-t)")
    runs = [float(subprocess.check_output([sys.executable, "-c", code], text=True))
            for _ in range(3)]
    print(f"open + import + first lookup, fresh process: {min(runs):.3f} s "
          f"(best of 3; target <= 0.3 s)")

    gz = Gazetteer.open(store)
    t0 = time.perf_counter()
    Gazetteer.open(store).close()
    print(f"open (module already imported): {1000 * (time.perf_counter() - t0):.2f} ms")

    names = _names(store, 20_000)
    t0 = time.perf_counter()
    for name in names:
        gz.candidates(name)
    cold = len(names) / (time.perf_counter() - t0)
    print(f"candidates(), cold (20,000 distinct names, SQLite): {cold:,.0f} lookups/s")

    rng = random.Random(7)
    workload = [rng.choice(names[:5000]) for _ in range(200_000)]
    t0 = time.perf_counter()
    for name in workload:
        gz.candidates(name)
    warm = len(workload) / (time.perf_counter() - t0)
    print(f"candidates(), recognizer steady state (repeats served from the LRU cache): "
          f"{warm:,.0f} lookups/s (target >= 50,000/s)")

    words = [w for n in names[:3000] for w in n.split()] + ["said", "The", "Monday", "troops"]
    probes = [fold(" ".join(rng.sample(words, rng.choice((1, 1, 2, 3))))) for _ in range(100_000)]
    gz2 = Gazetteer.open(store)
    t0 = time.perf_counter()
    for p in probes:
        gz2.has_name(p)
    rate = len(probes) / (time.perf_counter() - t0)
    print(f"has_name() on random n-grams (mostly misses, cold cache): {rate:,.0f} probes/s")
    t0 = time.perf_counter()
    gz2.lookup_many(probes)
    rate = len(probes) / (time.perf_counter() - t0)
    print(f"lookup_many() same n-grams (warm): {rate:,.0f} names/s")

    print(f"store size: {store.stat().st_size / 1e6:.1f} MB (target <= 300 MB) at {store}")
    info = gz.info()
    print(f"places: {info['places']:,}  names: {info['names']:,}  "
          f"geometries: {info['geometries']:,}")
    print("geometries by kind: " + ", ".join(
        f"{kind} {n} {shape}" for kind, counts in sorted(info["geometries_by_kind"].items())
        for shape, n in sorted(counts.items())))


if __name__ == "__main__":
    main()
