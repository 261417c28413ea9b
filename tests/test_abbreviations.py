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
