"""Store.largest_places: the most populous places inside a box (map orientation labels)."""
from __future__ import annotations

import pytest

from gazetteer import GazetteerError

UKRAINE_BOX = (22.0, 44.0, 41.0, 53.0)  # west, south, east, north


def test_largest_places_are_inside_the_box_and_ordered_by_population(gazetteer):
    places = gazetteer.largest_places(*UKRAINE_BOX, limit=30)
    assert len(places) == 30
    west, south, east, north = UKRAINE_BOX
    assert all(west <= p.lon <= east and south <= p.lat <= north for p in places)
    assert all(p.kind == "city" for p in places)
    pops = [p.population for p in places]
    assert pops == sorted(pops, reverse=True)
    names = {p.name for p in places[:10]}
    assert {"Kyiv", "Kharkiv", "Odesa"} <= names
    assert "Moscow" not in {p.name for p in places}  # 55.75 N: outside the box


def test_limit_and_kinds(gazetteer):
    assert [p.name for p in gazetteer.largest_places(*UKRAINE_BOX, limit=1)] == ["Kyiv"]
    assert gazetteer.largest_places(*UKRAINE_BOX, limit=0) == []
    assert gazetteer.largest_places(*UKRAINE_BOX, kinds=()) == []
    regions = gazetteer.largest_places(*UKRAINE_BOX, limit=5, kinds=("admin1",))
    assert regions and all(p.kind == "admin1" for p in regions)


def test_a_box_across_the_antimeridian(gazetteer):
    places = gazetteer.largest_places(170.0, -50.0, -170.0, -30.0, limit=5)  # New Zealand
    assert places and all(p.lon >= 170 or p.lon <= -170 for p in places)
    assert "Auckland" in {p.name for p in places}
    assert gazetteer.largest_places(-30.0, -50.0, -20.0, -40.0) == []  # South Atlantic


@pytest.mark.parametrize("box", [(0, 10, 5, 5), (0, -91, 5, 5), (float("nan"), 0, 1, 1), ("0", 0, 1, 1)])
def test_bad_boxes_are_refused(gazetteer, box):
    with pytest.raises(GazetteerError):
        gazetteer.largest_places(*box)


def test_bad_limit_is_refused(gazetteer):
    with pytest.raises(GazetteerError):
        gazetteer.largest_places(*UKRAINE_BOX, limit=-1)
