"""Acceptance for issue 16 in headless Chromium (network blocked, every request recorded):
labels, true outlines, permalinks, search, playback, ISO timeline, places follow filters."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geomap.errors import AssetError
from samples import seed_events
from test_maps_browser import CHROMIUM, Page, browser, seed_map  # noqa: F401 - the browser and seed-map fixtures

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")]
SHARED_SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "seeds-events.jsonl"


def _open(browser, path: Path, hash_: str = "") -> Page:
    page = Page.__new__(Page)
    page.errors, page.dialogs, page.requests = [], [], []
    page.page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.page.on("dialog", page._dialog)
    page.page.route("**/*", page._route)
    page.page.goto(path.as_uri() + hash_)
    page.page.wait_for_function("window.geomap && window.geomap.ready", timeout=20000)
    return page


@pytest.fixture
def page(browser, seed_map):
    p = _open(browser, seed_map)
    yield p
    p.close()


def _count(p) -> int:
    return int(p.page.inner_text(".geomap-count"))


def test_labels_name_the_places_and_no_request_is_made(page):
    labels = page.page.locator(".geomap-label").all_inner_texts()
    for name in ("Kyiv", "Moscow", "Izmail"):
        assert name in labels
    assert any(t.upper() == "UKRAINE" for t in labels)  # country names for orientation
    for zoom in (3, 5, 7):  # decluttered at every zoom: no two labels overlap
        page.page.evaluate(f"geomap.map.setZoom({zoom}, {{animate: false}}); 0")
        page.page.wait_for_timeout(150)
        overlaps = page.page.evaluate("""() => { const r = [...document.querySelectorAll('.geomap-label-text')]
            .map(e => e.getBoundingClientRect()); let n = 0;
            for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++)
              if (r[i].left < r[j].right && r[i].right > r[j].left && r[i].top < r[j].bottom && r[i].bottom > r[j].top) n++;
            return n; }""")
        assert overlaps == 0, zoom
    assert page.requests == [] and page.errors == []


def test_outlines_are_boundaries_never_boxes(page):
    vertices = page.page.evaluate("""() => [...document.querySelectorAll('path.geomap-outline')]
        .map(p => (p.getAttribute('d').match(/[LM]/g) || []).length)""")
    assert len(vertices) == 2  # Zaporizhzhia's boundary and the Danube line; Bryansk's box is not drawn
    assert max(vertices) >= 20
    bryansk = next(i for i, e in enumerate(seed_events()) if e.place_name == "Bryansk Oblast")
    gi = page.page.evaluate(f"""() => {{ const li = [...document.querySelectorAll('.geomap-list li[data-gi]')]
        .find(li => li.querySelector('.place').textContent === 'Bryansk Oblast'); return +li.dataset.gi; }}""")
    assert bryansk is not None
    page.page.evaluate(f"geomap.openEvent({gi}, false); 0")
    assert "No boundary known" in page.page.inner_text(".leaflet-popup-content")


def test_popup_shows_subtype_date_source_and_fatalities(page):
    gi = page.page.evaluate("""() => +[...document.querySelectorAll('.geomap-list li[data-gi]')]
        .find(li => li.querySelector('.place').textContent.startsWith('Ukraine–Romania')).dataset.gi""")
    page.page.evaluate(f"geomap.openEvent({gi}, false); 0")
    text = page.page.inner_text(".leaflet-popup-content")
    assert "Air/drone strike" in text and "date of publication" in text and "fatalities: not stated" in text


def test_hash_restores_the_range_and_changes_update_it(browser, seed_map):
    p = _open(browser, seed_map, "#from=2023-09-07&to=2023-09-07")
    try:
        on_day = [e for e in seed_events() if e.event_date == dt.date(2023, 9, 7)]
        assert p.page.input_value(".geomap-date-from") == "2023-09-07"
        assert p.page.input_value(".geomap-date-to") == "2023-09-07"
        assert _count(p) == len(on_day)
        p.page.fill(".geomap-search", "Moscow")
        p.page.press(".geomap-search", "Enter")
        p.page.wait_for_function("location.hash.includes('q=Moscow')")
        p.page.locator(".geomap-legend-item", has_text="heat map").click()
        p.page.wait_for_function("location.hash.includes('layers=') && location.hash.includes('heat')")
        assert "from=2023-09-07" in p.page.evaluate("location.hash")
        again = _open(browser, seed_map, p.page.evaluate("location.hash"))
        try:
            assert again.page.input_value(".geomap-search") == "Moscow"
            assert _count(again) == sum("Moscow" in e.evidence or e.place_name == "Moscow" for e in on_day) < len(on_day)
            assert again.page.evaluate("geomap.map.hasLayer(geomap.layers.heat)")
            assert again.errors == []
        finally:
            again.close()
        assert p.errors == [] and p.requests == []
    finally:
        p.close()


def test_search_narrows_map_list_and_count(page):
    total = _count(page)
    page.page.fill(".geomap-search", "Izmail")
    page.page.press(".geomap-search", "Enter")
    page.page.wait_for_function(f"document.querySelector('.geomap-count').textContent !== '{total}'")
    n = _count(page)
    assert 0 < n < total
    page.page.wait_for_function(f"document.querySelectorAll('.geomap-list li[data-gi]').length === {n}")
    assert page.page.evaluate("geomap.renderedMarkers()") == n
    # the places layer follows the search too
    page.page.locator(".geomap-legend-item", has_text="places mentioned").click()
    page.page.wait_for_function("geomap.map.hasLayer(geomap.layers.places)")
    assert page.page.evaluate("geomap.visiblePlaces") <= n
    page.page.fill(".geomap-search", "")
    page.page.press(".geomap-search", "Enter")
    page.page.wait_for_function(f"document.querySelector('.geomap-count').textContent === '{total}'")
    assert page.errors == []


def test_play_steps_a_window_through_the_dates(page):
    total = _count(page)
    page.page.select_option(".geomap-play-window", "7")
    page.page.click(".geomap-play")
    page.page.wait_for_function(f"document.querySelector('.geomap-count').textContent !== '{total}'")
    first = page.page.input_value(".geomap-date-from"), page.page.input_value(".geomap-date-to")
    assert first[0] == "2023-09-04" and first[1] == "2023-09-10"
    page.page.click(".geomap-play")  # pause
    assert "Play" in page.page.inner_text(".geomap-play")
    page.page.evaluate("geomap.playStep(); 0")
    second = page.page.input_value(".geomap-date-from")
    assert second == "2023-09-11"
    assert page.errors == []


def test_timeline_axis_hint_and_iso_inputs(page):
    ticks = page.page.locator(".geomap-axis .tick").all_inner_texts()
    assert len(ticks) >= 3 and "2024" in ticks
    assert "Drag" in page.page.inner_text(".geomap-timeline-hint")
    assert page.page.input_value(".geomap-date-from") == "2023-09-04"
    assert page.page.locator(".geomap-date-row input[type=date]").count() == 0


def test_places_layer_follows_the_dates(page):
    page.page.locator(".geomap-legend-item", has_text="places mentioned").click()
    page.page.wait_for_function("geomap.map.hasLayer(geomap.layers.places)")
    everything = page.page.evaluate("geomap.visiblePlaces")
    page.page.evaluate("geomap.setRange('2024-11-06', '2024-11-06'); 0")
    assert page.page.evaluate("geomap.visiblePlaces") == 1  # Kharkiv only
    assert everything > 1


@pytest.mark.skipif(not SHARED_SEEDS.exists(), reason="../shared/seeds is absent")
def test_pipeline_map_of_the_shared_seeds_makes_no_request(browser, tmp_path, gazetteer_store):
    import warnings

    from geomap.errors import GeomapWarning
    from geomap.jobs import run

    warnings.simplefilter("ignore", GeomapWarning)
    try:
        run([str(SHARED_SEEDS)], out_dir=tmp_path / "run", offline=True, progress=False, title="seeds")
    except AssetError as exc:
        pytest.skip(f"offline assets unavailable: {exc}")
    p = _open(browser, tmp_path / "run" / "index.html", "#from=2023-09-07&to=2023-09-07")
    try:
        assert p.page.input_value(".geomap-date-from") == "2023-09-07"
        assert p.page.locator(".geomap-label").count() > 0
        total = _count(p)
        p.page.fill(".geomap-search", "Izmail")
        p.page.press(".geomap-search", "Enter")
        p.page.wait_for_timeout(300)
        assert _count(p) <= total
        assert p.requests == [] and p.errors == []
    finally:
        p.close()
