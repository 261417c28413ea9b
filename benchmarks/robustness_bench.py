"""Hostile and oversized input: how long the pipeline takes, in CPU seconds.

    /work/venv/bin/python benchmarks/robustness_bench.py

Prints, each measured in this process (CPU time is the comparable figure on a busy machine):

* one article of 0.1, 0.5, 1, 2 and 5 MB (paragraphs, quotations, wrapped lines): geoparse and
  events, with the time per MB, to show the cost is linear in the size;
* one sentence listing places ("Missiles struck Odesa, Kharkiv, ... and Kyiv on Monday."), of
  10 to 120 KB (issue 18: quadratic once, 253 s at 120 KB): geoparse and events separately;
* ``read_articles`` over a 1,000,000-line JSONL file (100 articles, 900 malformed lines,
  the rest blank), warnings capped;
* each pathological ~200 KB text of tests/test_robustness_api.py (3x the test's size).
"""
from __future__ import annotations

import datetime as dt
import json
import random
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

SENTENCES = ["Missiles struck Odesa on Monday, officials said.", "Shelling hit the town of Kupiansk in the Kharkiv region.",
             "The weather was mild and markets were calm.", "Drones attacked an oil depot near Bryansk overnight.",
             "Protesters gathered in Tbilisi on Sunday.", "“We will rebuild,” the mayor said.", "‘Ukraine’s", "of the\n"]


def big_text(size: int, seed: int = 5) -> str:
    rng = random.Random(seed)
    parts, n = [], 0
    while n < size:
        s = rng.choice(SENTENCES) + rng.choice([" ", " ", " ", "\n\n", "\n"])
        parts.append(s)
        n += len(s)
    return "".join(parts)


LIST_PLACES = ["Odesa", "Kharkiv", "Kupiansk", "Izmail", "Sumy", "Kherson", "Mykolaiv", "Dnipro", "Zaporizhzhia",
               "Lviv", "Poltava", "Chernihiv"]


def place_list(size: int) -> str:
    """One sentence naming places, comma-separated, ``size`` characters long."""
    parts, n, i = ["Russian missiles struck "], 0, 0
    while n < size:
        name = LIST_PLACES[i % len(LIST_PLACES)] + ", "
        parts.append(name)
        n += len(name)
        i += 1
    return "".join(parts) + "and Kyiv on Monday."


def cpu(fn):
    start = time.process_time()
    result = fn()
    return time.process_time() - start, result


def main() -> None:
    from geomap.events import extract_events
    from geomap.geoparsing.parse import geoparse
    from geomap.io.ingest import read_articles
    from geomap.model import Article
    from geomap.jobs import default_gazetteer

    gz = default_gazetteer()
    geoparse("warm up in Kyiv", gazetteer=gz)
    only = sys.argv[1:]  # e.g. "list" or "sizes": run only those parts
    if not only or "sizes" in only:
        print("single large article (geoparse, events: CPU s, and CPU s per MB):")
        for mb in (0.1, 0.5, 1, 2, 5):
            text = big_text(int(mb * 1_000_000))
            t_geo, mentions = cpu(lambda: geoparse(text, gazetteer=gz))
            t_ev, events = cpu(lambda: extract_events(Article(id="big", text=text, published=dt.date(2024, 3, 15)),
                                                      mentions, gazetteer=gz))
            print(f"  {mb:>4} MB: geoparse {t_geo:6.2f} ({t_geo / mb:5.2f}/MB)  events {t_ev:6.2f} "
                  f"({t_ev / mb:5.2f}/MB)  ({len(mentions)} mentions, {len(events)} events)", flush=True)
    if not only or "list" in only:
        print("one sentence listing places (CPU s):")
        for kb in (10, 20, 40, 80, 120):
            text = place_list(kb * 1000)
            t_geo, mentions = cpu(lambda: geoparse(text, gazetteer=gz))
            t_ev, events = cpu(lambda: extract_events(Article(id="list", text=text, published=dt.date(2024, 3, 15)),
                                                      mentions, gazetteer=gz))
            print(f"  {kb:>4} KB: geoparse {t_geo:6.2f}  events {t_ev:6.2f}  ({len(mentions)} mentions, "
                  f"{len(events)} events)", flush=True)
    if only and "rest" not in only:
        return

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "million.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(1_000_000):
                if i % 10_000 == 0:
                    fh.write(json.dumps({"id": f"m{i}", "text": "Missiles struck Odesa.", "published": "2024-03-15"}) + "\n")
                elif i % 1000 == 0:
                    fh.write("{not json\n")
                else:
                    fh.write("\n")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            t_read, articles = cpu(lambda: list(read_articles([path])))
        print(f"1,000,000-line JSONL: read in {t_read:.2f} CPU s, {len(articles)} articles, "
              f"{len(caught)} warnings shown")

    from test_robustness_api import PATHOLOGICAL

    print("pathological texts at 3x the test size (geoparse + events, CPU s):")
    for name, text in PATHOLOGICAL.items():
        text = text * 3
        t, _ = cpu(lambda: extract_events(Article(id="p", text=text, published=dt.date(2024, 3, 15)),
                                          geoparse(text, gazetteer=gz)))
        print(f"  {name:18s} {len(text):7d} chars {t:5.2f}")


if __name__ == "__main__":
    main()
