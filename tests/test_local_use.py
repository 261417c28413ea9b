"""Names used as a town by the words around them (sentences written for these tests, real
gazetteer)."""
from __future__ import annotations

from geomap.geoparsing.local_use import local_uses
from geomap.geoparsing.parse import geoparse
from geomap.geoparsing.recognized import Recognized
from geomap.geoparsing.spans import Lookup


def found(text, gz):
    return [(m.text, m.place) for m in geoparse(text, gazetteer=gz)]


def test_a_town_name_describing_a_person_is_a_town(gazetteer):
    got = dict(found("Prosecutors charged a Lebanon woman with fraud on Monday.", gazetteer))
    assert got["Lebanon"].kind == "city" and got["Lebanon"].country_code == "US"


def test_a_street_address_names_a_town(gazetteer):
    got = dict(found("Mourners met at 400 S. Locust St., Lebanon, on Tuesday.", gazetteer))
    assert got["Lebanon"].kind == "city" and got["Lebanon"].country_code == "US"


def test_every_mention_keeps_the_one_reading(gazetteer):
    text = ("Albany police arrested an Albany man on Friday. Georgia investigators said the "
            "Albany case was closed.")
    albany = [p for t, p in found(text, gazetteer) if t == "Albany"]
    assert len(albany) == 3 and {p.admin1_code for p in albany} == {"US.GA"}


def test_a_country_without_such_words_and_a_state_are_left_alone(gazetteer):
    lookup = Lookup(gazetteer)
    for text, name in (("Officials in Lebanon said the border was closed.", "Lebanon"),
                       ("A Georgia man was arrested in Atlanta.", "Georgia"),
                       ("A Lebanon-based charity sent food.", "Lebanon")):
        start = text.index(name)
        recs = [Recognized(start, start + len(name), name, name.lower(), "toponym")]
        assert local_uses(text, recs, lookup) == recs, text


def test_a_towns_office_rules_out_the_country_only(gazetteer):
    got = dict(found("Tryouts for the Jordan middle school teams start on Monday.", gazetteer))
    assert got["Jordan"].kind == "city" and got["Jordan"].country_code != "JO"
    # "Charleston Police Department": Charleston has no country reading, nothing changes
    text = "A body was found on Francis Street in Charleston, the Charleston Police Department said."
    got = [p for t, p in found(text, gazetteer) if t == "Charleston"]
    assert {p.admin1_code for p in got} == {"US.SC"}
    # a country's own offices are no town's
    got = dict(found("The Jordan ministry of water said the dam was full.", gazetteer))
    assert got["Jordan"].kind == "country"
