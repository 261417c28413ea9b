"""Facilities and organisations are resolved to the place they are in, never through one
of their other words as a town (sentences written for these tests)."""
from __future__ import annotations

import pytest

from geomap.geoparsing import facilities
from geomap.geoparsing.facilities import facility_head, place_facilities
from geomap.geoparsing.parse import geoparse
from geomap.geoparsing.spans import Lookup, span_to_recognized


def given(text, name, gz):
    start = text.index(name)
    return geoparse(text, gazetteer=gz, spans=[(start, start + len(name))])[0]


def given_all(text, names, gz):
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    return geoparse(text, gazetteer=gz, spans=spans)


def test_facility_heads():
    assert facility_head(["arizona", "state", "university"]) == ("university", 2)
    assert facility_head(["bank", "of", "england"]) == ("bank", 0)
    assert facility_head(["elm", "street"]) == ("street", 1)
    assert facility_head(["kansas", "city"]) is None
    assert facility_head(["georgia"]) is None


def test_university_resolves_to_its_own_place_word(gazetteer):
    m = given("Our reporter spoke to a dean of Arizona State University about tuition.",
              "Arizona State University", gazetteer)
    assert m.place is not None and m.place.kind == "admin1" and m.place.admin1_code == "US.AZ"
    assert m.score < 0.8    # the mention is a facility in Arizona, not Arizona itself


def test_university_named_after_a_person_is_not_a_town(gazetteer):
    m = given("The coach left Loyola University after nine seasons.", "Loyola University", gazetteer)
    assert m.place is None or m.place.name not in ("University", "Loyola")


def test_university_of_x_is_in_x(gazetteer):
    m = given("Researchers at the University of Georgia found a new beetle.",
              "University of Georgia", gazetteer)
    assert m.place is not None and m.place.name.startswith("Georgia")


def test_street_is_never_resolved_through_its_name(gazetteer):
    text = "Two cars collided on Atlantic Avenue in Brooklyn late on Friday."
    m, brooklyn = given_all(text, ["Atlantic Avenue", "Brooklyn"], gazetteer)
    assert m.place is None or m.place.kind != "city" or m.place.name != "Atlantic"
    assert m.place is None or m.place.country_code == "US"     # the article's focus
    assert brooklyn.place.name == "Brooklyn"


def test_prison_and_church_go_to_the_focus_not_a_word_town(gazetteer):
    text = ("Inmates at the Harbor Point Correctional Center in Ohio staged a protest. "
            "The Coptic Orthodox Church in Cairo rang its bells. Columbus officials met.")
    prison, church = given_all(text, ["Harbor Point Correctional Center",
                                      "Coptic Orthodox Church"], gazetteer)
    for m in (prison, church):
        assert m.place is None or m.place.name not in ("Church", "Harbor Point", "Center")


def test_european_bodies_are_not_finland(gazetteer):
    text = "The European Commission and the European Investment Bank agreed to fund the port."
    for m in given_all(text, ["European Commission", "European Investment Bank"], gazetteer):
        assert m.place is None or m.place.country_code != "FI"
        assert m.place is None or m.place.name != "Bānk"


def test_stadium_goes_to_the_focus_when_the_article_has_one(gazetteer):
    text = ("Police in Paris closed roads near the Stade de France before the final; "
            "hotels in Versailles were full and Saint-Denis shops shut early.")
    paris, stade, _, _ = given_all(text, ["Paris", "Stade de France", "Versailles", "Saint-Denis"],
                                   gazetteer)
    assert paris.place.country_code == "FR"
    assert stade.place is not None and stade.place.country_code == "FR"
    assert stade.place.kind != "country"       # the focus region, finer than France


def test_recognised_word_before_a_facility_word_is_dropped_unless_a_place(gazetteer):
    text = "She studied at Loyola University, then moved to a flat on Memphis Street in Denver."
    got = {m.text: m for m in geoparse(text, gazetteer=gazetteer)}
    assert "Loyola" not in got            # a person's name, not a town
    assert "Denver" in got


def test_a_place_called_centre_is_kept(gazetteer):
    lookup = Lookup(gazetteer)
    text = "Fire crews from Rockville Centre were called."
    start = text.index("Rockville Centre")
    rec = span_to_recognized(text, start, start + len("Rockville Centre"), lookup=lookup)
    if not lookup([rec.key]).get(rec.key):
        pytest.skip("the gazetteer does not know Rockville Centre")
    out, changed = place_facilities(text, [rec], lookup=lookup, given=True)
    assert not changed and out[0] is rec


def test_airport_resolves_to_its_city_from_the_airport_table(gazetteer, monkeypatch):
    # the airport table (the optional airportsdata package) stubbed with one airport
    table = {"harbourview": ("toronto", "CA")}
    monkeypatch.setattr(facilities, "airport_city", lambda name, code=None: table.get(name))
    m = given("Passengers waited for hours at Harbourview International Airport.",
              "Harbourview International Airport", gazetteer)
    assert m.place is not None and m.place.name == "Toronto" and m.place.country_code == "CA"


def test_airport_without_a_table_is_not_a_word_town(gazetteer, monkeypatch):
    monkeypatch.setattr(facilities, "airport_city", lambda name, code=None: None)
    text = "Passengers at Pearson International Airport in Toronto waited for hours."
    airport, toronto = given_all(text, ["Pearson International Airport", "Toronto"], gazetteer)
    assert airport.place is None or airport.place.name != "Pearson"
    assert toronto.place.country_code == "CA"


def test_recognised_airport_name_goes_to_the_airport_city(gazetteer, monkeypatch):
    # "Heathrow" alone is also a small US town; before "Airport" it is London's airport
    table = {"heathrow": ("london", "GB")}
    monkeypatch.setattr(facilities, "airport_city", lambda name, code=None: table.get(name))
    got = {m.text: m for m in geoparse("Flights left Heathrow Airport three hours late.",
                                       gazetteer=gazetteer)}
    assert got["Heathrow"].place.name == "London" and got["Heathrow"].place.country_code == "GB"


def test_a_facility_followed_by_its_place_is_not_named_after_that_place(gazetteer):
    # Franklin, Tennessee is a city of 80,000: a place in its own right, but this Franklin
    # names a school that the text puts in Santa Ana
    text = "Nurses checked every child at Franklin Elementary in Santa Ana, California."
    found = {m.text: m for m in geoparse(text, gazetteer=gazetteer)}
    assert "Franklin" not in found
    assert found["Santa Ana"].place.admin1_code == "US.CA"
    text = "Keepers found the bird at the Dresden Zoo in Dresden, Germany."
    got = [m for m in geoparse(text, gazetteer=gazetteer) if m.text == "Dresden"]
    assert len(got) == 1 and got[0].start == text.rindex("Dresden")
    # without the place after it the word stays a town of its own
    text = "Nurses checked every child at Franklin Elementary on Monday."
    assert any(m.text == "Franklin" for m in geoparse(text, gazetteer=gazetteer))


def test_a_newspaper_is_no_place_of_the_story(gazetteer):
    text = "The mayor told the Washington Post that shelling in Kharkiv had stopped."
    found = [m.text for m in geoparse(text, gazetteer=gazetteer)]
    assert "Washington" not in found and "Kharkiv" in found
    m = given("Reporters of the Kyiv Post were there.", "Kyiv Post", gazetteer)
    assert m.place is None
    # an office, a veterans' post and the place itself are kept
    for text, name in (("The Tarrant County Medical Examiner named the man.", "Tarrant County"),
                       ("He saw the Gainesville VFW Post No. 1922 in the distance.", "Gainesville"),
                       ("Crews left Washington on Monday.", "Washington")):
        assert name in [m.text for m in geoparse(text, gazetteer=gazetteer)], text
