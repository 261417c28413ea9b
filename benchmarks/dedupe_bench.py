"""Peak memory and speed of deduplication as the number of events grows.

    python benchmarks/dedupe_bench.py                      # 100k, 400k and 1M events
    python benchmarks/dedupe_bench.py --sizes 50000 --spill-after 10000

Each run is a fresh process that streams synthetic events (a generator: the input itself
takes no memory) through ``dedupe_events`` (everything in memory, the function ``geomap run``
uses for its map) or ``iter_deduped_events`` (what ``geomap extract`` uses: past
``--spill-after`` unique events the state moves to a temporary SQLite file), counts the rows
and reports the process's peak RSS (``ru_maxrss``).  Four events in five are new; one in five
repeats an earlier event from another source, in another group.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import time
from pathlib import Path


def synthetic_events(n: int):
    from geomap.model import Event

    day0 = dt.date(2020, 1, 1)
    for i in range(n):
        j = i - 7 if i % 5 == 4 else i  # every fifth event repeats one seen 7 events earlier
        yield Event(event_id=f"ev-{i:09d}", article_id=f"art-{i // 5:08d}", evidence="Drones hit the port " * 4,
                    event_type="strike", group_id=f"g-{i:09d}", source=f"source-{i % 13}",
                    url=f"https://example.org/news/{i // 5}", title="A title of some length for the article",
                    published=day0 + dt.timedelta(days=j // 5000), event_date=day0 + dt.timedelta(days=j // 5000),
                    date_precision="day", location_text="Izmail", place_id=str(1_000_000 + j),
                    place_name="Izmail", kind="city", country_code="UA", admin1="Odesa", lat=45.35, lon=28.84,
                    confidence=0.8, location_reason="named place in the sentence")


def child(n: int, mode: str, spill_after: int) -> None:
    from geomap.events.dedupe import dedupe_events, iter_deduped_events

    start = time.perf_counter()
    if mode == "memory":
        rows = sum(1 for _ in dedupe_events(synthetic_events(n)))
    else:
        rows = sum(1 for _ in iter_deduped_events(synthetic_events(n), spill_after=spill_after))
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"events": n, "rows": rows, "seconds": seconds, "peak_mb": peak_mb}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 400_000, 1_000_000])
    parser.add_argument("--modes", nargs="+", choices=["memory", "spill"], default=["memory", "spill"])
    parser.add_argument("--spill-after", type=int, default=None, help="default: geomap's SPILL_AFTER")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        n, mode, spill_after = args.child
        return child(int(n), mode, int(spill_after))
    from geomap.events.dedupe import SPILL_AFTER

    spill_after = args.spill_after or SPILL_AFTER
    print(f"spill after {spill_after:,} unique events")
    print("| function | events | unique rows | seconds | events/s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        for mode in args.modes:
            out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(n), mode,
                                  str(spill_after)], capture_output=True, text=True, check=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            name = "dedupe_events" if mode == "memory" else "iter_deduped_events"
            print(f"| {name} | {r['events']:,} | {r['rows']:,} | {r['seconds']:.1f} | "
                  f"{r['events'] / r['seconds']:,.0f} | {r['peak_mb']:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
