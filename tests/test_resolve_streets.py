"""Streets and roads (geomap.geoparsing.streets): a mention of their own, placed at the town
they lie in, never more precise than it; sentences of our own, through the real gazetteer."""
from __future__ import annotations

import json

import pytest

from geomap.geoparsing import geoparse
from geomap.geoparsing.streets import (
    NAMED_TOWN_FACTOR, NEAREST_TOWN_FACTOR, STREET_ROLE, place_streets, street_spans,
)
from geomap.model import Mention


def spans(text):
    return [text[s:e] for s, e in street_spans(text)]


@pytest.mark.parametrize("text, expected", [
    ("Police closed Mayfield Road on Friday.", ["Mayfield Road"]),
    ("On Elm Street a fire broke out.", ["Elm Street"]),          # "On" is no part of the name
    ("The shop at 197 N. Cedar St. reopened.", ["N. Cedar St."]),
    ("Crews worked on West 51st Street and Avalon Boulevard.", ["West 51st Street", "Avalon Boulevard"]),
    ("Traffic stopped on Highway 19, State Route 7, Interstate Highway 35 and I-95.",
     ["Highway 19", "State Route 7", "Interstate Highway 35", "I-95"]),
    ("She left her job on Lakeside's Highland Avenue.", ["Highland Avenue"]),   # the owner is not the street
    ("A rocket hit a building on Peremohy Avenue.", ["Peremohy Avenue"]),
])
def test_streets_are_found(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text", [
    "The Wall Street Journal reported it first.",        # an institution named after a street
    "He banks at Main Street Bank downtown.",
    "Driver Martha L. Lane, 77, was not hurt.",           # a person whose surname is a street word
    "St. Louis and St. Paul are cities.",                 # "St." before a name is Saint
    "The Street was empty.",                              # a street word alone
])
def test_other_names_are_not_streets(text):
    assert spans(text) == []


def test_a_street_is_placed_at_the_town_named_with_it(gazetteer):
    text = "A car hit a fence on Mayfield Road in Grand Prairie, Texas."
    ms = geoparse(text, gazetteer=gazetteer)
    street = next(m for m in ms if m.role == STREET_ROLE)
    town = next(m for m in ms if m.text == "Grand Prairie")
    assert street.text == "Mayfield Road" and text[street.start:street.end] == "Mayfield Road"
    assert street.place == town.place and town.place.admin1 == "Texas"
    assert street.score == pytest.approx(round(town.score * NAMED_TOWN_FACTOR, 4))
    assert town.role == "toponym"                        # the town keeps its own mention


def test_a_street_without_a_named_town_takes_the_nearest_one_less_surely(gazetteer):
    text = "Russian missiles struck Kharkiv on Friday. A building on Peremohy Avenue burned."
    ms = geoparse(text, gazetteer=gazetteer)
    street = next(m for m in ms if m.role == STREET_ROLE)
    kharkiv = next(m for m in ms if m.text == "Kharkiv")
    assert street.text == "Peremohy Avenue" and street.place == kharkiv.place
    assert street.score == pytest.approx(round(kharkiv.score * NEAREST_TOWN_FACTOR, 4))
    assert street.score < kharkiv.score


def test_a_place_name_inside_a_street_is_not_that_place(gazetteer):
    ms = geoparse("Homes on Washington Drive in Dunwoody, Georgia flooded.", gazetteer=gazetteer)
    assert [(m.text, m.role) for m in ms][:2] == [("Washington Drive", STREET_ROLE), ("Dunwoody", "toponym")]
    assert all(m.place.name != "Washington" for m in ms)     # not Washington State
    assert ms[0].place.name == "Dunwoody"


def test_a_street_with_no_town_is_no_mention(gazetteer):
    assert geoparse("Traffic on Highway 19 was stopped after a crash.", gazetteer=gazetteer) == []


def test_a_regional_road_keeps_its_region(gazetteer):
    ms = geoparse("Snow closed the Ohio Turnpike near Toledo on Monday.", gazetteer=gazetteer)
    assert ("Ohio", "toponym") in [(m.text, m.role) for m in ms]
    assert STREET_ROLE not in [m.role for m in ms]


def test_street_mentions_reach_the_mention_records(gazetteer):
    ms = geoparse("A car hit a fence on Mayfield Road in Grand Prairie, Texas.", gazetteer=gazetteer)
    record = json.loads(json.dumps(next(m for m in ms if m.role == STREET_ROLE).to_dict()))
    assert record["role"] == "street" and record["name"] == "Grand Prairie" and record["kind"] == "city"


def test_place_streets_drops_only_mentions_inside_streets():
    a, b = Mention(0, 4, "Kyiv"), Mention(20, 26, "Odesa")
    assert place_streets("Kyiv xxxxxxxxxxxxxxx Odesa", [a, b], [(10, 15)]) == [a, b]
    # a street with no town of score: nothing added, nothing inside dropped
    assert place_streets("Kyiv xxxxxxxxxxxxxxx Odesa", [a, b], []) == [a, b]


def test_streets_are_linear_on_long_capitalised_text():
    text = "Aaa " * 50_000 + "Road"
    assert spans(text) == ["Aaa Aaa Aaa Aaa Road"]


def test_a_road_named_after_towns_keeps_the_towns(gazetteer):
    ms = geoparse("Drones hit a truck on the Pokrovsk Highway near Kostiantynivka.", gazetteer=gazetteer)
    assert "Pokrovsk" in [m.text for m in ms] and STREET_ROLE not in [m.role for m in ms]
