"""Measure the gazetteer's priors and derived coordinates on the dev gold sets.

For each gold toponym (text, geonameid, lat, lon) in ../shared/eval/*-dev.jsonl:
- top1 A@161: the first candidate of ``candidates(text)`` within 161 km of the gold point
  (a context-free population/kind prior, the floor the geoparser improves on);
- oracle A@161: some candidate within 161 km (what a perfect ranker could reach);
- id-match coordinate error: when the gold geonameid is in the store, the distance between
  our coordinates and the gold ones, per kind (tunes admin/country centre derivation).
Only measures; nothing from the gold sets is written anywhere.
"""
from __future__ import annotations

import json
import math
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

from gazetteer import Gazetteer

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def km(a_lat, a_lon, b_lat, b_lon) -> float:
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dl = math.radians(b_lon - a_lon)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def main(argv: list[str]) -> None:
    path = argv[1] if len(argv) > 1 else None
    gz = Gazetteer.open(path)
    verbose = "-v" in argv
    for name in ("lgl-dev.jsonl", "geovirus-dev.jsonl"):
        f = SHARED / "eval" / name
        if not f.exists():
            print(f"skip {name}: not found")
            continue
        n = top1 = oracle = missing = 0
        id_err: dict[str, list[float]] = defaultdict(list)
        wrong = Counter()
        for line in f.open(encoding="utf-8"):
            rec = json.loads(line)
            for t in rec.get("toponyms", ()):
                if t.get("lat") is None:
                    continue
                n += 1
                cands = gz.candidates(t["text"], limit=50)
                if not cands:
                    missing += 1
                    wrong[(t["text"], "MISSING")] += 1
                    continue
                d0 = km(cands[0].lat, cands[0].lon, t["lat"], t["lon"])
                top1 += d0 <= 161
                if d0 > 161:
                    wrong[(t["text"], cands[0].kind)] += 1
                oracle += any(km(c.lat, c.lon, t["lat"], t["lon"]) <= 161 for c in cands)
                gid = str(t.get("geonameid") or "")
                if gid:
                    p = gz.get(gid)
                    if p is not None:
                        id_err[p.kind].append(km(p.lat, p.lon, t["lat"], t["lon"]))
        print(f"{name}: toponyms={n} top1 A@161={100*top1/n:.1f} oracle A@161={100*oracle/n:.1f}"
              f" no-candidate={100*missing/n:.1f}%")
        for kind, errs in sorted(id_err.items()):
            within = sum(e <= 161 for e in errs) / len(errs)
            print(f"   id-match {kind:8s} n={len(errs):5d} median={statistics.median(errs):7.1f} km"
                  f"  A@161={100*within:.1f}")
        if verbose:
            print("   most frequent top1 misses:", wrong.most_common(40))


if __name__ == "__main__":
    main(sys.argv)
