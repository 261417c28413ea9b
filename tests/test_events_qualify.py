"""Qualifier rules that depend on which same-name place the geoparser chose: the mentions are
built by hand from real gazetteer places (sentences written for these tests)."""
from __future__ import annotations

import re

import pytest

from geomap.events.qualify import QUALIFIER_ROLE, apply_qualifiers
from geomap.model import Mention, Place


def _place(gazetteer, name: str, *, admin1: str | None = None, country: str = "UA") -> Place:
    for place in gazetteer.candidates(name, country=country, limit=30):
        if place.kind == "city" and (admin1 is None or place.admin1 == admin1):
            return place
    pytest.skip(f"the gazetteer has no {name} ({admin1})")


def _mentions(text: str, picks: dict[str, Place]) -> list[Mention]:
    out = []
    for surface, place in picks.items():
        m = re.search(re.escape(surface), text)
        assert m is not None
        out.append(Mention(m.start(), m.end(), surface, place, 0.9, "toponym"))
    return out


def _qualified(text: str, picks: dict[str, Place], gazetteer) -> dict[str, Mention]:
    return {m.text: m for m in apply_qualifiers(text, _mentions(text, picks), gazetteer=gazetteer)}


def test_x_resolved_to_the_qualifier_itself_is_looked_up_again(gazetteer):
    kharkiv = _place(gazetteer, "Kharkiv", admin1="Kharkiv Oblast")
    text = "Troops shelled Hoptivka, Kharkiv on Monday."
    got = _qualified(text, {"Hoptivka": kharkiv, "Kharkiv": kharkiv}, gazetteer)
    assert got["Hoptivka"].place.name == "Hoptivka" and got["Hoptivka"].place.admin1 == "Kharkiv Oblast"
    assert got["Kharkiv"].role == QUALIFIER_ROLE
    # "Kharkiv, Kharkiv": the city and its region
    got = _qualified("Troops shelled Kharkiv, Kharkiv on Monday.", {"Kharkiv": kharkiv}, gazetteer)
    assert got["Kharkiv"].place.place_id == kharkiv.place_id and got["Kharkiv"].role == "toponym"


def test_a_region_named_like_a_foreign_town_still_qualifies(gazetteer):
    town = _place(gazetteer, "Kostiantynivka", admin1="Donetsk Oblast")
    russian_donetsk = _place(gazetteer, "Donetsk", admin1="Rostov Oblast", country="RU")
    text = "Artillery hit Kostiantynivka, Donetsk, on Monday."
    got = _qualified(text, {"Kostiantynivka": town, "Donetsk": russian_donetsk}, gazetteer)
    assert got["Donetsk"].role == QUALIFIER_ROLE
    assert got["Kostiantynivka"].place.place_id == town.place_id


def test_a_big_town_named_with_another_region_closing_the_phrase(gazetteer):
    kramatorsk = _place(gazetteer, "Kramatorsk", admin1="Donetsk Oblast")
    kharkiv = _place(gazetteer, "Kharkiv", admin1="Kharkiv Oblast")
    # "A, B." names A and its region: no Kramatorsk lies in the Kharkiv region, so the event
    # is somewhere in that region
    got = apply_qualifiers("Drones hit Kramatorsk, Kharkiv.", _mentions("Drones hit Kramatorsk, Kharkiv.",
                                                                        {"Kramatorsk": kramatorsk, "Kharkiv": kharkiv}),
                           gazetteer=gazetteer)
    assert [(m.text, m.place.kind, m.place.name) for m in got] == [("Kramatorsk, Kharkiv", "admin1", "Kharkiv Oblast")]
    # a town just outside the region's box is trusted (a writer's loose region for a border town)
    slovyansk = _place(gazetteer, "Slovyansk", admin1="Donetsk Oblast")
    got = _qualified("Drones hit Slovyansk, Kharkiv.", {"Slovyansk": slovyansk, "Kharkiv": kharkiv}, gazetteer)
    assert got["Slovyansk"].place.place_id == slovyansk.place_id and got["Kharkiv"].role == QUALIFIER_ROLE
    # a list stays a list
    sumy = _place(gazetteer, "Sumy", admin1="Sumy Oblast")
    text = "Drones hit Kramatorsk, Kharkiv and Sumy."
    got = _qualified(text, {"Kramatorsk": kramatorsk, "Kharkiv": kharkiv, "Sumy": sumy}, gazetteer)
    assert [m.role for m in got.values()] == ["toponym"] * 3
    assert got["Kramatorsk"].place.place_id == kramatorsk.place_id
