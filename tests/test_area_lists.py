"""Names listed before a plural area word are areas (sentences written for these tests,
real gazetteer)."""
from __future__ import annotations

from geomap.geoparsing.area_lists import area_list_spans
from geomap.geoparsing.parse import geoparse
from geomap.geoparsing.recognized import Recognized
from geomap.geoparsing.spans import Lookup


def places(text, gz):
    return {m.text: m.place for m in geoparse(text, gazetteer=gz)}


def test_regions_and_oblasts_are_first_level_regions(gazetteer):
    got = places("Overnight, drones struck targets in the Kharkiv and Sumy regions.", gazetteer)
    assert got["Kharkiv"].kind == "admin1" and got["Sumy"].kind == "admin1"
    assert got["Kharkiv"].country_code == "UA"
    got = places("Artillery fire was reported across Donetsk, Luhansk and Zaporizhzhia oblasts.", gazetteer)
    assert all(got[n].kind == "admin1" for n in ("Donetsk", "Luhansk", "Zaporizhzhia"))
    # one name alone stays the city
    assert places("Drones struck targets in Kharkiv.", gazetteer)["Kharkiv"].kind == "city"


def test_counties_are_counties_and_missed_names_are_added(gazetteer):
    text = "Jobless rates in Clarke, Madison, Oconee and Oglethorpe counties fell in March."
    got = places(text, gazetteer)
    assert {got[n].kind for n in ("Clarke", "Madison", "Oconee", "Oglethorpe")} == {"admin2"}
    assert {got[n].admin1_code for n in got} == {"US.GA"}


def test_a_state_heading_the_list_stays_a_state(gazetteer):
    got = places("In Texas, Navarro and Ellis counties flooded after the storm.", gazetteer)
    assert got["Texas"].kind == "admin1"
    assert got["Ellis"].kind == "admin2" and got["Ellis"].admin1_code == "US.TX"


def test_given_spans_are_rekeyed_not_added(gazetteer):
    text = "Deputies from Walton and Oconee counties searched the river."
    recs = [Recognized(14, 20, "Walton", "walton", "toponym")]
    out = area_list_spans(text, recs, Lookup(gazetteer), given=True)
    assert [r.key for r in out] == ["walton county"] and len(out) == 1
    out = area_list_spans(text, recs, Lookup(gazetteer))
    assert [r.text for r in out] == ["Walton", "Oconee"]


def test_a_list_is_read_back_over_a_bounded_window(gazetteer):
    # 20,000 listed names: only the names within the window before "counties" are read
    # (so the pass stays linear), and the last of them is still found
    text = "Aa Bb, " * 20000 + "Walton and Oconee counties"
    out = area_list_spans(text, [], Lookup(gazetteer))
    assert [r.text for r in out] == ["Walton", "Oconee"]
