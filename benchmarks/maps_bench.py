"""Map scale benchmark: HTML size and Chromium load/draw/filter time for 1k/10k/100k events.

    python benchmarks/maps_bench.py [--sizes 1000,10000,100000] [--online]

Events are generated (``tests/samples.py.generated_events``: ~6 per article, sentences of
15-27 words, 15 cities, 7 types, 400 days).  Offline maps (every asset inlined) are measured
in Debian's headless Chromium with all http(s) requests blocked:
  load  = navigation start -> every marker clustered and drawn (``geomap.ready``), median and best
  js init = the part of load spent in geomap.js (indexing, clustering, list, timeline)
  filter = narrowing the date inputs to one month -> count and clusters updated
  reset  = clearing the inputs -> all events back
  search = typing "Kyiv" in the search box -> count, clusters and list updated
  step   = one playback step (a week window, sliding) -> count and clusters updated
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from geomap.maps import render_map
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # test samples
from samples import generated_events

CHROMIUM = "/usr/bin/chromium"


def measure_browser(path: Path, *, repeats: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    loads, filters, resets, inits, heaps, searches, steps = [], [], [], [], [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        for _ in range(repeats):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.route("**/*", lambda r: r.abort() if r.request.url.startswith("http") else r.continue_())
            start = time.perf_counter()
            page.goto(path.as_uri(), wait_until="commit")
            page.wait_for_function("window.geomap && window.geomap.ready", timeout=120_000, polling=20)
            # one more frame so the drawing is on screen
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            loads.append(time.perf_counter() - start)
            inits.append(page.evaluate("geomap.timings.refresh") / 1000)
            heaps.append(page.evaluate("performance.memory ? performance.memory.usedJSHeapSize : 0") / 1e6)
            total = int(page.inner_text(".geomap-count"))
            t0 = time.perf_counter()
            page.evaluate("""() => { const d = geomap; const f = document.querySelector('.geomap-date-from');
                f.value = '2023-06-01'; document.querySelector('.geomap-date-to').value = '2023-06-30';
                f.dispatchEvent(new Event('change')); }""")
            page.wait_for_function(f"document.querySelector('.geomap-count').textContent !== '{total}'",
                                   polling=10)
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            filters.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            page.click(".geomap-date-reset")
            page.wait_for_function(f"document.querySelector('.geomap-count').textContent === '{total}'",
                                   polling=10)
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            resets.append(time.perf_counter() - t0)
            # search, then one playback step (a week window), each until the count changes
            t0 = time.perf_counter()
            page.evaluate("geomap.search('Kyiv'); 0")
            page.wait_for_function(f"document.querySelector('.geomap-count').textContent !== '{total}'", polling=10)
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            searches.append(time.perf_counter() - t0)
            page.evaluate("geomap.search(''); 0")
            page.select_option(".geomap-play-window", "7")
            page.evaluate("geomap.playStep(); 0")
            before = page.inner_text(".geomap-count")
            t0 = time.perf_counter()
            page.evaluate("geomap.playStep(); 0")
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            steps.append(time.perf_counter() - t0)
            if errors:
                raise SystemExit(f"page errors: {errors[:3]}")
            page.close()
        browser.close()
    return {"load": statistics.median(loads), "best": min(loads), "init": statistics.median(inits),
            "filter": statistics.median(filters), "reset": statistics.median(resets),
            "heap": statistics.median(heaps), "search": statistics.median(searches),
            "step": statistics.median(steps)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--online", action="store_true", help="measure size only of CDN-linked pages")
    args = parser.parse_args(argv)
    print(f"{'events':>8} {'build s':>8} {'HTML MB':>8} {'load s':>7} {'best s':>7} {'js init s':>9} "
          f"{'filter s':>9} {'reset s':>8} {'search s':>9} {'step s':>7} {'JS heap MB':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            events = generated_events(size)
            out = Path(tmp) / f"map-{size}.html"
            t0 = time.perf_counter()
            render_map(events, out, offline=not args.online, title=f"{size} generated events")
            build = time.perf_counter() - t0
            mb = out.stat().st_size / 1e6
            if args.online:
                print(f"{size:>8} {build:>8.2f} {mb:>8.2f}")
                continue
            b = measure_browser(out, repeats=args.repeats)
            print(f"{size:>8} {build:>8.2f} {mb:>8.2f} {b['load']:>7.2f} {b['best']:>7.2f} {b['init']:>9.2f} "
                  f"{b['filter']:>9.2f} {b['reset']:>8.2f} {b['search']:>9.2f} {b['step']:>7.2f} {b['heap']:>10.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
