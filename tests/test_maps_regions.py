"""Region (admin-1) boundaries in the base map, and true outlines of area events, from the
gazetteer's polygons: a hand-made stand-in, the default store (with or without admin-1
polygons), and a store with Natural Earth shapes attached (from ../shared/data, as
tests/test_gazetteer_shapes.py builds it; those tests skip without it)."""
from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest

from geomap.errors import AssetError
from geomap.maps import map_data, render_map
from samples import seed_events
from test_maps_browser import CHROMIUM, browser  # noqa: F401 - the browser fixture
from test_maps_features import _open



def _wavy_cut() -> list[list[float]]:
    """The shared edge of two made-up regions: a wavy line from (32, 46) to (32, 50)."""
    return [[round(32 + 0.3 * math.sin(k / 2), 4), 46 + k / 10] for k in range(41)]


class RegionGazetteer:
    """Two Ukrainian admin-1 regions sharing a wavy edge, and one in Poland (no events)."""

    def geometry(self, place_id):
        return None

    def admin1_geometries(self, country_codes, *, box=None):
        cut = _wavy_cut()
        west = [[28, 46], *cut, [28, 50], [28, 46]]
        east = [*cut, [36, 50], [36, 46], cut[0]]
        regions = {"UA": [("r-west", "West", {"type": "Polygon", "coordinates": [west]}),
                          ("r-east", "East", {"type": "Polygon", "coordinates": [east]})],
                   "PL": [("r-pl", "Mazovia", {"type": "Polygon", "coordinates": [[[20, 52], [21, 52], [21, 53], [20, 52]]]})]}
        return [row for c in country_codes for row in regions.get(c, [])]


def test_regions_are_the_lines_between_the_regions_of_the_events_countries():
    regions = map_data(seed_events(), gazetteer=RegionGazetteer())["regions"]
    assert [(r["c"], r["n"]) for r in regions] == [("UA", 2)]  # Poland has no event
    geom = regions[0]["g"]
    assert geom["type"] == "MultiLineString"
    points = [p for line in geom["coordinates"] for p in line]
    assert len(points) >= 20  # simplified, still the wavy edge
    # the shared edge only: not the regions' outer outline (the country's border, drawn already)
    assert all(31.6 <= x <= 32.4 and 46 <= y <= 50 for x, y in points)
    assert {round(points[0][1]), round(points[-1][1])} == {46, 50}


def test_no_regions_without_polygons(gazetteer):
    assert map_data(seed_events())["regions"] == []  # no gazetteer
    # the default store has admin-1 polygons only once a build attaches them
    has_polygons = bool(gazetteer.admin1_geometries(["UA"]))
    regions = map_data(seed_events(), gazetteer=gazetteer)["regions"]
    assert (len(regions) > 0) == has_polygons


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")
def test_region_boundaries_are_drawn_offline(browser, tmp_path):
    try:
        with_regions = render_map(seed_events(), tmp_path / "r.html", offline=True, gazetteer=RegionGazetteer())
        without = render_map(seed_events(), tmp_path / "n.html", offline=True)
    except AssetError as exc:
        pytest.skip(f"offline assets unavailable: {exc}")
    for path, expected, paths in ((with_regions, 2, 1), (without, None, 0)):
        p = _open(browser, path)
        try:
            assert p.page.evaluate("geomap.regionCount === undefined ? null : geomap.regionCount") == expected
            assert p.page.locator(".leaflet-geomap-basemap-pane path.geomap-region").count() == paths
            assert p.requests == [] and p.errors == []
        finally:
            p.close()


# ---------------------------------------------------------------- Natural Earth shapes

@pytest.fixture(scope="module")
def shapes(natural_earth_gazetteer):
    """A copy of the default store with the Natural Earth shapes attached (admin-1 polygons,
    rivers, seas, lakes)."""
    return natural_earth_gazetteer


def test_store_lists_admin1_polygons_by_country_and_box(shapes):
    ukraine = shapes.admin1_geometries(["UA"])
    assert len(ukraine) >= 25 and {g["type"] for _, _, g in ukraine} <= {"Polygon", "MultiPolygon"}
    assert "Zaporizhzhia Oblast" in {name for _, name, _ in ukraine}
    around_kyiv = shapes.admin1_geometries(["ua"], box=(30.3, 50.3, 30.7, 50.6))
    assert 1 <= len(around_kyiv) < len(ukraine)
    assert shapes.admin1_geometries(["XX"]) == [] and shapes.admin1_geometries([]) == []


def test_natural_earth_region_lines(shapes):
    from shapely.geometry import shape

    data = map_data(seed_events(), gazetteer=shapes)
    regions = {r["c"]: r for r in data["regions"]}
    assert set(regions) == {"RO", "RU", "UA"}
    ukraine = regions["UA"]
    assert ukraine["n"] >= 25
    # the lines between the oblasts, each once, without the country's border and coast:
    # well under half of the sum of the oblasts' perimeters
    perimeters = sum(shape(g).length for _, _, g in shapes.admin1_geometries(["UA"]))
    assert 0.2 * perimeters < shape(ukraine["g"]).length < 0.5 * perimeters
    west, south, east, north = data["area"]
    assert all(west <= x <= east and south <= y <= north
               for r in data["regions"] for line in r["g"]["coordinates"] for x, y in line)


def _area_events(shapes):
    """Seed events plus a river event (the Danube near Izmail) and one at a district the
    store has no polygon for, with the store's place ids."""
    events = seed_events()
    izmail = next(e for e in events if e.place_name == "Izmail")
    danube = shapes.candidates("Danube", kind="river")[0]
    text = "Russian drones struck the port on the Danube near Izmail overnight."
    river = dataclasses.replace(izmail, event_id=izmail.event_id + "-danube", place_id=danube.place_id,
                                place_name="Danube", kind="river", geo_precision=3, evidence=text,
                                location_text="Danube", location_start=text.index("Danube"),
                                location_end=text.index("Danube") + len("Danube"))
    yalta = shapes.candidates("Yalta Raion", kind="admin2")[0]
    assert shapes.geometry(yalta.place_id) is None
    district = dataclasses.replace(izmail, event_id=izmail.event_id + "-yalta", place_id=yalta.place_id,
                                   place_name="Yalta Raion", kind="admin2", geo_precision=3,
                                   lat=yalta.lat, lon=yalta.lon, location_text="", location_start=None,
                                   location_end=None)
    return [*events, river, district]


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")
def test_natural_earth_outlines_and_regions_in_the_browser(browser, shapes, tmp_path):
    try:
        path = render_map(_area_events(shapes), tmp_path / "ne.html", offline=True, gazetteer=shapes)
    except AssetError as exc:
        pytest.skip(f"offline assets unavailable: {exc}")
    assert path.stat().st_size < 2_500_000  # the region lines and outlines keep the page small
    p = _open(browser, path)
    try:
        outlines = p.page.evaluate("""() => [...document.querySelectorAll('path.geomap-outline')].map(p =>
            [p.classList.contains('water'), (p.getAttribute('d').match(/[LM]/g) || []).length])""")
        areas = [n for water, n in outlines if not water]
        rivers = [n for water, n in outlines if water]
        assert len(areas) == 2 and min(areas) >= 50  # Zaporizhzhia and Bryansk oblasts: boundaries
        assert len(rivers) == 1 and rivers[0] >= 20  # the Danube: a line
        assert p.page.locator(".leaflet-geomap-basemap-pane path.geomap-region").count() == 3
        assert p.page.evaluate("geomap.regionCount") >= 25 + 20
        # the places keep their labels over the region lines
        labels = set(p.page.locator(".geomap-label").all_inner_texts())
        assert {"Kyiv", "Moscow", "Zaporizhzhia Oblast"} <= labels
        gi = p.page.evaluate("""() => +[...document.querySelectorAll('.geomap-list li[data-gi]')]
            .find(li => li.querySelector('.place').textContent === 'Yalta Raion').dataset.gi""")
        p.page.evaluate(f"geomap.openEvent({gi}, false); 0")
        assert "No boundary known" in p.page.inner_text(".leaflet-popup-content")
        assert p.requests == [] and p.errors == []
    finally:
        p.close()
