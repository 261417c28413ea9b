"""'Mt.' and 'Ft.' read as 'Mount' and 'Fort' (sentences written for these tests, real gazetteer)."""
from __future__ import annotations

from geomap.geoparsing.abbreviations import expand_abbreviations
from geomap.geoparsing.parse import geoparse
from geomap.geoparsing.recognized import Recognized
from geomap.geoparsing.spans import Lookup


def test_every_mount_pleasant_competes(gazetteer):
    # the Iowa towns lie within 25 km of each other; "Mt Pleasant" is an alternate name of
    # the Texas town only, which must not decide the reading
    text = ("The New London council met on Monday; residents of Mt. Pleasant and Winfield "
            "drove over for the vote.")
    got = {m.text: m.place for m in geoparse(text, gazetteer=gazetteer)}
    assert got["Mt. Pleasant"].admin1_code == "US.IA"
    assert got["Mt. Pleasant"].name == "Mount Pleasant"


def test_expansion_keeps_unknown_full_forms_and_other_words(gazetteer):
    lookup = Lookup(gazetteer)
    recs = [Recognized(0, 12, "Mt. Pleasant", "mt pleasant", "toponym"),
            Recognized(20, 29, "St. Louis", "st louis", "toponym"),
            Recognized(30, 40, "Mt. Qzxwvy", "mt qzxwvy", "toponym"),
            Recognized(41, 44, "Mt.", "mt", "toponym")]
    out = expand_abbreviations(recs, lookup)
    assert [r.key for r in out] == ["mount pleasant", "st louis", "mt qzxwvy", "mt"]
    assert out[1:] == recs[1:]


def test_state_abbreviations_that_are_words_need_their_period(gazetteer):
    from geomap.geoparsing import geoparse

    for text in ("Wash your hands often, doctors said in Seattle.",
                 "Mass was held at St. Mary's church in Boston on Sunday.",
                 "Visitors to the Ark Encounter in Kentucky rose last year.",
                 "Ill and tired, the farmers in Iowa waited for rain.",
                 "Tex Hill flew from Texas to China."):
        found = [m.text for m in geoparse(text, gazetteer=gazetteer)]
        assert not {"Wash", "Mass", "Ark", "Ill", "Tex"} & set(found), (text, found)
    text = "He moved from Spokane, Wash., to Salem, Ore., and then to Erie, Pa., last year."
    found = {m.text: m.place for m in geoparse(text, gazetteer=gazetteer)}
    assert [found[a].name for a in ("Wash.", "Ore.", "Pa.")] == ["Washington", "Oregon",
                                                                  "Pennsylvania"]
    # the store keeps no name for them: only the recogniser's table reads them, with the period
    for word in ("Wash.", "Mass", "Ark.", "Ill", "Tex."):
        assert all(p.kind != "admin1" or p.country_code != "US" for p in gazetteer.candidates(word))
