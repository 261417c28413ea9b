"""Export / event-store speed: write and read N synthetic events in every format.

    /work/venv/bin/python benchmarks/export_bench.py [N]

Prints events/s for each writer and reader, file sizes, and for the event store: first add,
idempotent re-add, full read, a one-day filtered read, and peak RSS.
"""
from __future__ import annotations

import datetime as dt
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from geomap.io.formats import read_events, write_events
from geomap.model import Event
from geomap.io.store import EventStore

PLACES = [("Kyiv", "703448", 50.4501, 30.5234, "UA"), ("Izmail", "707308", 45.3503, 28.8374, "UA"),
          ("Moscow", "524901", 55.7522, 37.6156, "RU"), ("Kharkiv", "706483", 49.9808, 36.2527, "UA"),
          ("Odesa", "698740", 46.4775, 30.7326, "UA"), ("Tulcea", None, 45.2, 28.8, "RO")]


def synthetic_events(n: int, *, seed: int = 7) -> list[Event]:
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    events = []
    for i in range(n):
        name, place_id, lat, lon, cc = rng.choice(PLACES)
        day = start + dt.timedelta(days=rng.randrange(700))
        located = rng.random() > 0.05
        events.append(Event(
            event_id=f"e{i}", group_id=f"g{i // 3}", article_id=f"a{i // 4}", source="Reuters",
            url=f"https://example.org/news/{i // 4}", title=f"Article {i // 4} about {name}",
            published=day, event_date=day if rng.random() > 0.03 else None, date_precision="day",
            date_text="on Thursday", event_type=rng.choice(["attack", "fighting", "protest", "statement"]),
            trigger="hit", location_text=name, location_start=rng.randrange(2000), location_end=2010,
            place_id=place_id, place_name=name, kind="city", country_code=cc, admin1=None,
            lat=lat + rng.uniform(-0.2, 0.2) if located else None,
            lon=lon + rng.uniform(-0.2, 0.2) if located else None, geo_precision=1,
            evidence=f"Drones hit {name} overnight, officials said, damaging {i % 17} buildings.",
            confidence=round(rng.random(), 3), location_reason="locative 'in'", sources=("Reuters",)))
    return events


def timed(label: str, n: int, fn):
    """Wall time and CPU time (the CPU rate is stable when other jobs share the 2 cores)."""
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"  {label:<34} {wall:7.2f} s wall {n / wall:>9,.0f} ev/s | {cpu:6.2f} s cpu {n / cpu:>9,.0f} ev/s")
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    events = synthetic_events(n)
    print(f"{n:,} synthetic events")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        for suffix in ("jsonl", "geojson", "geojsonl", "csv", "gpkg", "parquet", "kml", "kmz"):
            path = tmp_path / f"events.{suffix}"
            print(f"{suffix}:")
            timed("write", n, lambda: write_events(events, path))
            size = path.stat().st_size
            back = timed("read", n, lambda: sum(1 for _ in read_events(path)))
            assert back == n, (suffix, back)
            print(f"  {'size':<34} {size / 1e6:7.1f} MB")
        store_path = tmp_path / "events-store.gpkg"
        print("event store (GeoPackage via sqlite3):")
        with EventStore.open(store_path) as store:
            timed("add (all new)", n, lambda: store.add(events))
            added = timed("re-add (idempotent, 0 new)", n, lambda: store.add(events))
            assert added == 0
            half = synthetic_events(n // 10, seed=8)
            half = [e.with_changes(article_id="new-" + e.article_id) for e in half]
            timed(f"add {len(half):,} new among them", len(half), lambda: store.add(half + events[: n // 10]))
            total = store.count()
            timed("read all (store.events())", total, lambda: sum(1 for _ in store.events()))
            day = dt.date(2023, 6, 1)
            k = store.count(since=day, until=day)
            t0 = time.perf_counter()
            got = sum(1 for _ in store.events(since=day, until=day))
            print(f"  {'one-day filter (indexed)':<34} {(time.perf_counter() - t0) * 1e3:7.1f} ms  ({got} events)")
            assert got == k
            print(f"  {'size':<34} {store_path.stat().st_size / 1e6:7.1f} MB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss:,.0f} MB")


if __name__ == "__main__":
    main()
