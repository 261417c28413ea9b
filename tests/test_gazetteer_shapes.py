"""Shapes: admin-1 boundaries and river, sea and lake geometries attached from a Natural Earth
directory (as a build with $GEOMAP_NATURAL_EARTH_DIR does), and points on them.  The Natural
Earth layers come from ../shared/data (not shipped with geomap): those tests skip without it."""
from __future__ import annotations


import pytest

from gazetteer.geodesy import distance_km
from gazetteer.geometry import geometry_kind, point_near



@pytest.fixture(scope="module")
def gazetteer(natural_earth_gazetteer):
    """A copy of the default store with the Natural Earth shapes attached, shapes only."""
    return natural_earth_gazetteer

DANUBE = "geomap:river:danube"
IZMAIL = (45.3503, 28.8374)


def _first_id(gz, name, kind):
    return gz.candidates(name, kind=kind)[0].place_id


def test_the_danube_is_a_line(gazetteer):
    geom = gazetteer.geometry(_first_id(gazetteer, "Danube", "river"))
    assert geom["type"] in ("LineString", "MultiLineString")
    assert geometry_kind(geom) == "line"
    from shapely.geometry import shape
    line = shape(geom)
    west, south, east, north = line.bounds
    assert west < 10.0 and east > 28.5  # from the Black Forest to the delta


def test_the_danube_at_izmail(gazetteer):
    place_id = _first_id(gazetteer, "Danube", "river")
    lat, lon, km = gazetteer.point_near(place_id, [IZMAIL])
    # Natural Earth's simplified line follows the Tulcea arm; Izmail is on the Kiliya arm
    assert km < 25 and abs(distance_km(lat, lon, *IZMAIL) - km) < 1
    river = gazetteer.get(place_id)
    assert distance_km(river.lat, river.lon, *IZMAIL) > 300  # its one point is elsewhere
    # several places: the river point nearest to any of them
    belgrade = (44.8176, 20.4633)
    lat2, lon2, km2 = gazetteer.point_near(place_id, [(50.45, 30.52), belgrade])
    assert km2 < 15 and distance_km(lat2, lon2, *belgrade) < 15


def test_seas_and_lakes_are_areas(gazetteer):
    for name, kind in (("Black Sea", "sea"), ("Sea of Azov", "sea")):
        geom = gazetteer.geometry(_first_id(gazetteer, name, kind))
        assert geometry_kind(geom) == "area", name
    sea = _first_id(gazetteer, "Black Sea", "sea")
    lat, lon, km = gazetteer.point_near(sea, [(43.5, 34.0)])  # a point at sea
    assert km == 0.0 and (lat, lon) == (43.5, 34.0)


def test_admin1_boundaries_and_containing(gazetteer):
    region = gazetteer.candidates("Zaporizhzhia Oblast", kind="admin1")[0]
    assert geometry_kind(gazetteer.geometry(region.place_id)) == "area"
    assert gazetteer.containing(47.44, 35.84, kind="admin1").place_id == region.place_id
    # Crimea stays in Ukraine (Ukraine's internationally recognised borders)
    crimea = gazetteer.containing(44.95, 34.10, kind="admin1")
    assert crimea is not None and crimea.country_code == "UA"
    # world coverage, not only Europe
    texas = gazetteer.candidates("Texas", kind="admin1")[0]
    assert geometry_kind(gazetteer.geometry(texas.place_id)) == "area"


def test_info_counts_geometries_by_kind(gazetteer):
    info = gazetteer.info()
    shapes = info["geometries_by_kind"]
    assert shapes["admin1"]["areas"] > 2500
    assert shapes["river"]["lines"] >= 30
    assert shapes["sea"]["areas"] >= 20
    assert info["geometries"] == sum(n for counts in shapes.values() for n in counts.values())
    assert any("Natural Earth" in line for line in info["attribution"])


def test_point_near_edge_cases():
    line = {"type": "LineString", "coordinates": [[0.0, 0.0], [10.0, 0.0]]}
    assert point_near(line, []) is None
    lat, lon, km = point_near(line, [(1.0, 5.0)])
    assert abs(lat) < 1e-9 and abs(lon - 5.0) < 1e-6 and 110 < km < 112
    assert geometry_kind(None) is None
