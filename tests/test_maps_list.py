"""The side list is built in chunks as it scrolls; cached cluster indexes redraw correctly."""
from __future__ import annotations

from pathlib import Path

import pytest

from geomap.errors import AssetError
from geomap.maps import render_map
from samples import generated_events
from test_maps_browser import CHROMIUM, browser  # noqa: F401 - the browser fixture
from test_maps_features import _open

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")]
ITEMS = ".geomap-list li[data-gi]"


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    out = tmp_path_factory.mktemp("list") / "many.html"
    try:
        return render_map(generated_events(600), out, offline=True, title="600 events")
    except AssetError as exc:
        pytest.skip(f"offline assets unavailable: {exc}")


def test_the_list_grows_as_it_scrolls(browser, many):
    p = _open(browser, many)
    try:
        p.page.evaluate("geomap.map.setView([48.5, 32], 5, {animate: false}); 0")
        p.page.wait_for_timeout(200)
        in_view = int(p.page.inner_text(".geomap-list-count").strip("()"))
        assert in_view > 200
        assert p.page.locator(ITEMS).count() == 50
        assert "more" in p.page.inner_text(".geomap-list li.more")
        for expected in (100, 150, 200, 200):
            p.page.evaluate("const l = document.querySelector('.geomap-list'); l.scrollTop = l.scrollHeight;"
                            " l.dispatchEvent(new Event('scroll')); 0")
            p.page.wait_for_function(f"document.querySelectorAll('{ITEMS}').length === {expected}")
        # the "more" line stays last; entries are distinct events
        assert p.page.evaluate("document.querySelector('.geomap-list').lastElementChild.className") == "more"
        gis = p.page.evaluate(f"[...document.querySelectorAll('{ITEMS}')].map(li => li.dataset.gi)")
        assert len(set(gis)) == 200
        assert p.errors == []
    finally:
        p.close()


def test_cached_indexes_draw_the_selection_they_were_built_for(browser, many):
    p = _open(browser, many)
    try:
        p.page.evaluate("geomap.map.setZoom(3, {animate: false}); 0")
        total = p.count()
        assert p.rendered() == total
        p.page.evaluate("geomap.setRange('2023-03-01', '2023-03-31'); 0")
        march = p.count()
        assert 0 < march < total and p.rendered() == march
        p.page.evaluate("geomap.search('Kyiv'); 0")
        kyiv_march = p.count()
        assert 0 < kyiv_march < march and p.rendered() == kyiv_march
        p.page.evaluate("geomap.search(''); 0")
        assert p.count() == march and p.rendered() == march  # from the cache
        p.page.click(".geomap-date-reset")
        assert p.count() == total and p.rendered() == total  # the first index, kept
        p.page.locator(".geomap-legend-item").first.click()  # one type off
        p.page.wait_for_function(f"geomap.renderedMarkers() === geomap.visibleCount && geomap.visibleCount < {total}")
        p.page.locator(".geomap-legend-item").first.click()
        p.page.wait_for_function(f"geomap.renderedMarkers() === {total}")
        assert p.errors == []
    finally:
        p.close()


def test_a_large_selection_gets_its_deep_zooms_when_first_zoomed_in(browser, many):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script("window.geomapLazyIndexMin = 100;")  # 600 events count as large here
    try:
        page.goto(many.as_uri())
        page.wait_for_function("window.geomap && window.geomap.ready", timeout=20000)
        page.evaluate("geomap.map.setZoom(3, {animate: false}); 0")
        total = int(page.inner_text(".geomap-count"))
        assert page.evaluate("geomap.indexDepth()") == 9
        assert page.evaluate("geomap.renderedMarkers()") == total
        page.evaluate("geomap.map.setView([50.45, 30.52], 12, {animate: false}); 0")
        assert page.evaluate("geomap.indexDepth()") == 14
        assert 0 < page.evaluate("geomap.renderedMarkers()") < total
        page.evaluate("geomap.map.setZoom(3, {animate: false}); 0")
        assert page.evaluate("geomap.renderedMarkers()") == total
        page.evaluate("geomap.setRange('2023-03-01', '2023-03-31'); 0")  # a small selection: all zooms at once
        assert page.evaluate("geomap.indexDepth()") == 14
        assert page.evaluate("geomap.renderedMarkers()") == int(page.inner_text(".geomap-count"))
        assert errors == []
    finally:
        page.close()


def test_search_is_literal_and_ignores_case(browser, many):
    p = _open(browser, many)
    try:
        counts = {}
        for text in ("kyiv", "KYIV", "K.iv", "Ky.*", "(", "[", "\\"):
            p.page.evaluate("t => { geomap.search(t); }", text)
            counts[text] = p.count()
        assert counts["kyiv"] == counts["KYIV"] > 0
        assert counts["K.iv"] == counts["Ky.*"] == counts["("] == counts["["] == counts["\\"] == 0
        assert p.errors == []
    finally:
        p.close()
