"""Write maps/screenshot.png: a real generated offline map, shot in headless Chromium.

    python benchmarks/maps_screenshot.py [--out maps/screenshot.png] [--html FILE] [--seeds]

By default the full pipeline (`geomap run --offline`) runs over the repository's examples/
articles; with --seeds (or without examples/) the hand-written seed-article events are drawn.
Tiles are blocked (as on an offline machine): what shows is the inlined Natural Earth base map,
the clustered event markers, the outlines, the date filter with its timeline and the side list,
with one event's popup open.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from geomap.maps import render_map
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # test samples
from samples import LineGazetteer, seed_events, seed_places

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "maps" / "screenshot.png")
    parser.add_argument("--html", type=Path, default=None, help="also keep the HTML map here")
    parser.add_argument("--popup", default=None, help="open the popup of the first listed event at this place")
    parser.add_argument("--seeds", action="store_true", help="draw the seed-article events instead of running the pipeline")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        examples = REPO / "examples"
        if args.seeds or not examples.is_dir():
            html = args.html or Path(tmp) / "seeds.html"
            render_map(seed_events(), html, offline=True, places=seed_places(), gazetteer=LineGazetteer(),
                       title="Seed articles: strikes, drones and diplomacy, Sept 2023 – Nov 2024")
            popup = args.popup or "Moscow"
        else:
            import warnings

            from geomap.errors import GeomapWarning
            from geomap.jobs import run

            warnings.simplefilter("ignore", GeomapWarning)
            run([str(examples)], out_dir=Path(tmp) / "run", offline=True, progress=False,
                title="geomap run examples/ — events from 11 news articles")
            html = Path(tmp) / "run" / "index.html"
            if args.html:
                args.html.write_bytes(html.read_bytes())
            popup = args.popup or "Sumy"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                        args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 760}, device_scale_factor=1)
            page.route("**/*", lambda r: r.abort() if r.request.url.startswith("http") else r.continue_())
            page.goto(html.resolve().as_uri())
            page.wait_for_function("window.geomap && window.geomap.ready", timeout=30_000)
            if popup:
                place = page.locator(".place", has_text=re.compile(f"^{re.escape(popup)}$"))
                gi = page.locator(".geomap-list li[data-gi]").filter(has=place).first.get_attribute("data-gi")
                page.evaluate(f"geomap.openEvent({int(gi)}, false)")
            page.wait_for_timeout(300)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            browser.close()
    print(f"screenshot -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
