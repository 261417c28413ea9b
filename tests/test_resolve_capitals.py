"""Capitals that stand for governments, and datelines (sentences written for these tests)."""
from __future__ import annotations

from geomap.geoparsing.capitals import dateline_use, government_use
from geomap.geoparsing.parse import geoparse
from geomap.geoparsing.recognized import Recognized


def rec(text, name, role="toponym"):
    start = text.index(name)
    return Recognized(start, start + len(name), name, name.lower(), role)


def given(text, name, gz):
    start = text.index(name)
    return geoparse(text, gazetteer=gz, spans=[(start, start + len(name))])[0]


def test_government_and_dateline_use():
    t = "Trade talks between Ottawa and Washington resumed."
    assert government_use(rec(t, "Washington"), t)
    t = "Apple growers in Washington State expect a big harvest."
    assert not government_use(rec(t, "Washington"), t)
    t = "WASHINGTON (Reuters) — Lawmakers passed the bill."
    assert dateline_use(rec(t, "WASHINGTON"), t)
    t = "Budget passes. WASHINGTON -- The House voted late."
    assert dateline_use(rec(t, "WASHINGTON"), t)
    t = "The WASHINGTON office closed."
    assert not dateline_use(rec(t, "WASHINGTON"), t)


def test_washington_said_is_the_capital(gazetteer):
    m = given("Washington said on Monday it would extend the sanctions.", "Washington", gazetteer)
    assert m.place.kind == "city" and m.place.admin1_code == "US.DC"


def test_washington_dateline_is_the_capital(gazetteer):
    m = given("WASHINGTON (AP) — The Senate approved the farm bill on Thursday.", "WASHINGTON",
              gazetteer)
    assert m.place.kind == "city" and m.place.admin1_code == "US.DC"


def test_washington_in_diplomacy_is_the_capital(gazetteer):
    text = "Relations between Cairo and Washington improved after the envoy's visit."
    m = given(text, "Washington", gazetteer)
    assert m.place.admin1_code == "US.DC"


def test_washington_state_stays_the_state(gazetteer):
    text = "Wildfires spread across eastern Washington and Oregon, and Idaho sent crews."
    m = given(text, "Washington", gazetteer)
    assert m.place.kind == "admin1" and m.place.admin1_code == "US.WA"


def test_a_foreign_capital_is_not_favoured_over_a_state(gazetteer):
    text = ("Melbourne hospitals are full, Victoria's health minister said, and the government "
            "of Victoria will open clinics in Geelong.")
    spans = [(text.index("Melbourne"), text.index("Melbourne") + 9)]
    spans += [(i, i + 8) for i in (text.index("Victoria"), text.rindex("Victoria"))]
    spans += [(text.index("Geelong"), text.index("Geelong") + 7)]
    got = geoparse(text, gazetteer=gazetteer, spans=spans)
    assert all(m.place.country_code == "AU" for m in got)


def test_two_coordinated_capitals_are_governments(gazetteer, spans_of):
    text = "Few of the quarrels between Washington and Moscow were meant as hostile."
    got = geoparse(text, gazetteer=gazetteer, spans=spans_of(text, "Washington", "Moscow"))
    assert got[0].place.admin1_code == "US.DC"
    assert got[1].place.country_code == "RU"


def test_coordinated_capitals_without_diplomacy_words(gazetteer, spans_of):
    text = "A new paper argues that Washington and Cairo should look again at their aid deal."
    got = geoparse(text, gazetteer=gazetteer, spans=spans_of(text, "Washington", "Cairo"))
    assert got[0].place.admin1_code == "US.DC"
    assert got[1].place.country_code == "EG"


def test_addresses_are_not_coordinated_capitals(gazetteer, spans_of):
    text = "The bike trail links Pullman, Washington and Moscow, Idaho, across the state line."
    got = geoparse(text, gazetteer=gazetteer,
                   spans=spans_of(text, "Pullman", "Washington", "Moscow", "Idaho"))
    assert got[1].place.kind == "admin1" and got[1].place.admin1_code == "US.WA"
    assert got[2].place.country_code == "US" and got[2].place.admin1_code == "US.ID"


def test_coordinated_capitals_needs_two_countries(gazetteer):
    from geomap.geoparsing.capitals import coordinated_capitals
    text = "Crews from Washington and Oregon fought the fire."
    spans = [rec(text, "Washington"), rec(text, "Oregon")]
    cands = [gazetteer.lookup("washington"), gazetteer.lookup("oregon")]
    assert coordinated_capitals(spans, text, lambda i: cands[i]) == set()
    text = "Crews from Washington and Moscow met."
    spans = [rec(text, "Washington"), rec(text, "Moscow")]
    cands = [gazetteer.lookup("washington"), gazetteer.lookup("moscow")]
    assert coordinated_capitals(spans, text, lambda i: cands[i]) == {0, 1}


def test_the_capital_of_a_named_country_beats_a_small_namesake_near_the_other_places(gazetteer):
    # Washington pulls toward Damascus, Maryland (40 km away); Syria is named, twice
    text = ("Officials in Washington met envoys from Syria on Monday. Washington hopes the "
            "talks help Damascus distance itself from Tehran, a Syrian diplomat said.")
    found = {m.text: m for m in geoparse(text, gazetteer=gazetteer)}
    assert found["Damascus"].place.country_code == "SY"
    assert found["Damascus"].place.feature_code == "PPLC"
    # without Syria named, nothing moves the reading to the capital by this rule
    from geomap.geoparsing.capitals import capitals_of_named_countries
    from geomap.geoparsing.recognized import Recognized

    rec = Recognized(0, 8, "Damascus", "damascus", "toponym", None, None, "", 0.9)
    small = gazetteer.candidates("Damascus", country="US", kind="city")[0]
    cands = {"damascus": gazetteer.candidates("Damascus")}
    assert capitals_of_named_countries([rec], [small], cands) == {}
    syria = Recognized(10, 15, "Syria", "syria", "toponym", None, None, "", 0.9)
    got = capitals_of_named_countries([rec, syria], [small, gazetteer.candidates("Syria")[0]], cands)
    assert got[0].country_code == "SY"
