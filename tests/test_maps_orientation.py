"""Orientation labels: the gazetteer's largest places around the events, by zoom, as text."""
from __future__ import annotations

from pathlib import Path

import pytest

from geomap.errors import AssetError
from geomap.maps import map_data, render_map
from geomap.model import Place
from samples import seed_events
from test_maps_browser import CHROMIUM, browser  # noqa: F401 - the browser fixture
from test_maps_features import _open

HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script>'


class HostileGazetteer:
    """A gazetteer whose largest place has a script payload for a name."""

    def geometry(self, place_id):
        return None

    def largest_places(self, west, south, east, north, *, limit=200, kinds=("city",)):
        return [Place(place_id="x1", name=HOSTILE, kind="city", lat=(south + north) / 2,
                      lon=(west + east) / 2, population=5_000_000)]


def test_map_data_lists_the_largest_places_around_the_events(gazetteer):
    events = seed_events()
    data = map_data(events, gazetteer=gazetteer)
    rows = data["orientation"]
    assert 0 < len(rows) <= 200
    lats = [e.lat for e in events if e.lat is not None]
    lons = [e.lon for e in events if e.lon is not None]
    pad = 1.0 + max(max(lats) - min(lats), max(lons) - min(lons)) / 5
    assert all(min(lats) - pad <= r[1] <= max(lats) + pad and min(lons) - pad <= r[2] <= max(lons) + pad
               for r in rows)
    pops = [r[3] for r in rows]
    assert pops == sorted(pops, reverse=True)
    names = {r[0] for r in rows}
    assert {"Minsk", "Cherkasy"} <= names  # no event there: for orientation only
    assert "Desna" not in names  # a district of Kyiv the gazetteer lists as a city
    assert map_data(events)["orientation"] == []  # no gazetteer
    assert map_data([], gazetteer=gazetteer)["orientation"] == []  # no events



def _render(tmp_path, gazetteer) -> Path:
    try:
        return render_map(seed_events(), tmp_path / "map.html", offline=True, gazetteer=gazetteer)
    except AssetError as exc:
        pytest.skip(f"offline assets unavailable: {exc}")


def _towns(p) -> list[str]:
    return p.page.locator(".geomap-label-town").all_inner_texts()


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")
def test_orientation_labels_follow_the_zoom(browser, tmp_path, gazetteer):
    rows = map_data(seed_events(), gazetteer=gazetteer)["orientation"]
    population = {r[0]: r[3] for r in rows}
    p = _open(browser, _render(tmp_path, gazetteer))
    try:
        shown = {}
        for zoom in (3, 5, 8):
            p.page.evaluate(f"geomap.map.setView([49.5, 31.5], {zoom}, {{animate: false}}); 0")
            p.page.wait_for_timeout(200)
            shown[zoom] = _towns(p)
        assert not shown[3]  # no city has a label this far out
        assert shown[5] and all(population[name] >= 1e6 for name in shown[5])
        assert any(population[name] < 1e6 for name in shown[8])  # smaller places closer in
        assert "Cherkasy" in shown[8]  # no event there: named for orientation
        assert p.requests == [] and p.errors == []
    finally:
        p.close()


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")
def test_orientation_names_are_text(browser, tmp_path):
    p = _open(browser, _render(tmp_path, HostileGazetteer()))
    try:
        p.page.evaluate("geomap.map.setZoom(6, {animate: false}); 0")
        p.page.wait_for_timeout(200)
        assert HOSTILE in _towns(p)
        assert p.page.locator(".leaflet-geomap-labels-pane img, .leaflet-geomap-labels-pane script").count() == 0
        assert p.dialogs == [] and p.errors == []
    finally:
        p.close()
