"""Region (admin-1) boundaries in the base map: drawn from the gazetteer's polygons for the
countries the events are in; nothing when the gazetteer has none."""
from __future__ import annotations

from pathlib import Path

import pytest

from geomap.errors import AssetError
from geomap.maps import map_data, render_map
from geomap.model import Place
from samples import region_polygon, seed_events
from test_maps_browser import CHROMIUM, browser  # noqa: F401 - the browser fixture
from test_maps_features import _open


class RegionGazetteer:
    """Admin-1 regions with polygons in UA and in a country without events (PL)."""

    REGIONS = {"r-ua": ("UA", 49.0, 32.0), "r-ua2": ("UA", 47.0, 36.0), "r-pl": ("PL", 52.0, 20.0)}

    def geometry(self, place_id):
        if place_id in self.REGIONS:
            _, lat, lon = self.REGIONS[place_id]
            return region_polygon(lat, lon)
        return None

    def largest_places(self, west, south, east, north, *, limit=200, kinds=("city",)):
        if "admin1" not in kinds:
            return []
        return [Place(place_id=pid, name=pid, kind="admin1", lat=lat, lon=lon, country_code=cc,
                      population=1000, source="naturalearth")
                for pid, (cc, lat, lon) in self.REGIONS.items()][:limit]


def test_regions_of_the_events_countries_only():
    regions = map_data(seed_events(), gazetteer=RegionGazetteer())["regions"]
    assert len(regions) == 2  # the two Ukrainian regions; Poland has no event
    for geom in regions:
        assert geom["type"] == "MultiPolygon"
        ring = geom["coordinates"][0][0]
        assert 20 <= len(ring) <= 181 and ring[0] == ring[-1]  # simplified, still a boundary
        assert all(30 < x < 38.5 and 45 < y < 51 for x, y in ring)


def test_no_regions_without_polygons(gazetteer):
    assert map_data(seed_events())["regions"] == []  # no gazetteer
    # the default store holds no admin-1 polygons (they come with a Natural Earth directory)
    has_polygons = any((gazetteer.geometry(p.place_id) or {}).get("type", "").endswith("Polygon")
                       for p in gazetteer.largest_places(22, 44, 41, 53, limit=30, kinds=("admin1",)))
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
    for path, expected in ((with_regions, 2), (without, None)):
        p = _open(browser, path)
        try:
            assert p.page.evaluate("geomap.regionCount === undefined ? null : geomap.regionCount") == expected
            assert p.requests == [] and p.errors == []
        finally:
            p.close()
