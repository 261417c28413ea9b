"""Parts of a town the gazetteer lacks ("Hampton Park in Charleston"), sentences written
for these tests, on the real gazetteer."""
from __future__ import annotations

from geomap.geoparsing.parse import geoparse
from geomap.geoparsing.recognized import Recognized
from geomap.geoparsing.spans import Lookup
from geomap.geoparsing.subplaces import SUB_PLACE_CONFIDENCE, sub_places


def test_a_park_in_a_town_takes_the_town(gazetteer, spans_of):
    text = ("Joggers found the bag near the pond in Hampton Park in Charleston, and Charleston "
            "police came within minutes.")
    got = geoparse(text, gazetteer=gazetteer,
                   spans=spans_of(text, "Hampton Park", "Charleston", "Charleston"))
    assert [m.place.admin1_code for m in got] == ["US.SC"] * 3
    assert got[0].place == got[1].place
    assert got[0].score < got[1].score


def test_a_town_in_a_region_is_left_alone(gazetteer, spans_of):
    text = "Flood water closed the bridge at Warwick in Queensland on Friday."
    got = geoparse(text, gazetteer=gazetteer, spans=spans_of(text, "Warwick", "Queensland"))
    assert got[0].place.kind == "city" and got[0].place.name == "Warwick"
    assert got[0].place.country_code == "AU"


def test_a_region_before_in_is_not_a_part_of_the_town(gazetteer, spans_of):
    text = "She studies at the University of Southern Indiana in Evansville."
    got = geoparse(text, gazetteer=gazetteer, spans=spans_of(text, "Indiana", "Evansville"))
    assert got[0].place.kind == "admin1" and got[0].place.admin1_code == "US.IN"


def test_a_place_near_the_town_keeps_its_own_reading(gazetteer):
    # Mount Pleasant, South Carolina, lies across the harbour from Charleston: a real place
    text = "The ferry runs from Mount Pleasant in Charleston harbour to the city."
    recs = [Recognized(20, 34, "Mount Pleasant", "mount pleasant", "toponym"),
            Recognized(38, 48, "Charleston", "charleston", "toponym")]
    assert text[20:34] == "Mount Pleasant" and text[38:48] == "Charleston"
    assert sub_places(text, recs, Lookup(gazetteer)) == recs


def test_sub_places_rekeys_only_the_inner_name(gazetteer):
    text = "Swans nested in Richmond Park in Glasgow."
    recs = [Recognized(16, 29, "Richmond Park", "richmond park", "toponym", confidence=0.9),
            Recognized(33, 40, "Glasgow", "glasgow", "toponym", confidence=0.9)]
    assert text[16:29] == "Richmond Park" and text[33:40] == "Glasgow"
    out = sub_places(text, recs, Lookup(gazetteer))
    assert out[0].key == "glasgow" and out[0].confidence == SUB_PLACE_CONFIDENCE
    assert out[1] == recs[1]
    assert sub_places(text.replace(" in Glasgow", ", Glasgow"), recs[:1], Lookup(gazetteer)) == recs[:1]
