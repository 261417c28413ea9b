"""Resolution: containment, priors, cue words, "X, Y" pairs, coherent readings,
representative points and the calibrated score (our own small candidate tables)."""
from __future__ import annotations

import pytest

from gazetteer.normalize import fold
from gazetteer.record import Place
from gazetteer.points import admin1_point, country_point, with_representative_point
from geomap.geoparsing.score import score_mention
from geomap.geoparsing.recognized import Recognized
from geomap.geoparsing.resolve import Resolution, contains, distance_km, resolve
from geomap.geoparsing.parse import geoparse


def P(pid, name, kind, lat, lon, cc="US", a1=None, pop=0, fcode=None):
    return Place(place_id=pid, name=name, kind=kind, lat=lat, lon=lon, country_code=cc,
                 admin1_code=a1, population=pop, feature_code=fcode)


GA = P("ga", "Georgia", "admin1", 32.75, -83.5, "US", "US.GA", 10_000_000)
GE = P("ge", "Georgia", "country", 42.0, 43.5, "GE", None, 3_700_000)
ATHENS_GA = P("athga", "Athens", "city", 33.96, -83.38, "US", "US.GA", 127_000)
ATHENS_GR = P("athgr", "Athens", "city", 37.98, 23.73, "GR", "GR.ESYE31", 664_000, "PPLC")
ATHENS_OH = P("athoh", "Athens", "city", 39.33, -82.10, "US", "US.OH", 25_000)
OHIO = P("oh", "Ohio", "admin1", 40.25, -83.0, "US", "US.OH", 11_000_000)


def span(text, start, key=None, kind=None, country=None, cue="", role="toponym"):
    return Recognized(start, start + len(text), text, key or fold(text), role, kind, country, cue, 0.8)


def test_contains():
    assert contains(GA, ATHENS_GA)
    assert not contains(GA, ATHENS_OH)
    assert contains(GE, P("tb", "Tbilisi", "city", 41.7, 44.8, "GE", "GE.51", 1_000_000))
    assert not contains(ATHENS_GA, GA)
    assert not contains(GA, GA)


def test_distance_symmetry_and_scale():
    d1 = distance_km(ATHENS_GA.lat, ATHENS_GA.lon, ATHENS_GR.lat, ATHENS_GR.lon)
    d2 = distance_km(ATHENS_GR.lat, ATHENS_GR.lon, ATHENS_GA.lat, ATHENS_GA.lon)
    assert d1 == pytest.approx(d2) and 9000 < d1 < 9500


def test_prior_alone_picks_the_capital():
    cands = {"athens": [ATHENS_GR, ATHENS_GA, ATHENS_OH]}
    (res,) = resolve([span("Athens", 0)], cands, text="Athens")
    assert res.place is ATHENS_GR
    assert 0.5 < res.score <= 1.0


def test_city_comma_state_pair():
    text = "Athens, Ohio"
    cands = {"athens": [ATHENS_GR, ATHENS_GA, ATHENS_OH], "ohio": [OHIO]}
    got = resolve([span("Athens", 0), span("Ohio", 8)], cands, text=text)
    assert got[0].place is ATHENS_OH and got[1].place is OHIO


def test_place_in_region_pair():
    text = "Athens in Ohio"
    cands = {"athens": [ATHENS_GR, ATHENS_GA, ATHENS_OH], "ohio": [OHIO]}
    got = resolve([span("Athens", 0), span("Ohio", 10)], cands, text=text)
    assert got[0].place is ATHENS_OH and got[1].place is OHIO


def test_state_abbreviation_restricts_kind_and_country():
    text = "Athens, Ga."
    cands = {"athens": [ATHENS_GR, ATHENS_GA, ATHENS_OH], "georgia": [GE, GA]}
    got = resolve([span("Athens", 0), span("Ga.", 8, key="georgia", kind="admin1", country="US")],
                  cands, text=text)
    assert got[1].place is GA and got[0].place is ATHENS_GA


def test_country_context_decides_georgia():
    tbilisi = P("tb", "Tbilisi", "city", 41.7, 44.8, "GE", "GE.51", 1_100_000, "PPLC")
    gori = P("go", "Gori", "city", 41.98, 44.11, "GE", "GE.65", 48_000)
    cands = {"georgia": [GE, GA], "tbilisi": [tbilisi], "gori": [gori]}
    text = "Georgia said Tbilisi and Gori"
    got = resolve([span("Georgia", 0), span("Tbilisi", 13), span("Gori", 25)], cands, text=text)
    assert got[0].place is GE
    atl = P("atl", "Atlanta", "city", 33.75, -84.39, "US", "US.GA", 500_000)
    sav = P("sav", "Savannah", "city", 32.08, -81.09, "US", "US.GA", 145_000)
    cands = {"georgia": [GE, GA], "atlanta": [atl], "savannah": [sav]}
    got = resolve([span("Georgia", 0), span("Atlanta", 13), span("Savannah", 25)], cands,
                  text="Georgia said Atlanta and Savannah")
    assert got[0].place is GA


def test_coherent_reading_beats_bigger_namesakes():
    # Huntsville AL is bigger, but Huntsville TX is the seat of Walker County TX
    hal = P("hal", "Huntsville", "city", 34.73, -86.59, "US", "US.AL", 215_000)
    htx = P("htx", "Huntsville", "city", 30.72, -95.55, "US", "US.TX", 41_000)
    wtx = P("wtx", "Walker County", "admin2", 30.70, -95.48, "US", "US.TX", 42_000)
    wal = P("wal", "Walker County", "admin2", 33.80, -87.28, "US", "US.AL", 24_000)
    cands = {"huntsville": [hal, htx], "walker county": [wtx, wal]}
    text = "Walker County and Huntsville"
    got = resolve([span("Walker County", 0, kind="admin2"), span("Huntsville", 18)], cands, text=text)
    assert got[0].place is wtx and got[1].place is htx


def test_city_cue_prefers_a_city():
    river = P("dn", "Dnipro", "river", 46.5, 32.3, None, None, 0)
    city = P("dnc", "Dnipro", "city", 48.45, 34.98, "UA", "UA.04", 968_000)
    (plain,) = resolve([span("Dnipro", 0)], {"dnipro": [river, city]}, text="Dnipro")
    (cued,) = resolve([span("Dnipro", 0, cue="city")], {"dnipro": [river, city]}, text="Dnipro")
    assert cued.place is city
    assert plain.place in (river, city)


def test_nil_when_no_candidates():
    (res,) = resolve([span("Xyzzyqville", 0)], {}, text="Xyzzyqville")
    assert res.place is None and res.score == 0.0


def test_demonym_restricted_to_its_country():
    ru = P("ru", "Russia", "country", 60, 100, "RU", None, 140_000_000)
    ru_town = P("rut", "Russia", "city", 40.2, -84.4, "US", "US.OH", 600)
    rec = span("Russian", 0, key="russia", kind="country", country="RU", role="demonym")
    (res,) = resolve([rec], {"russia": [ru_town, ru]}, text="Russian")
    assert res.place is ru


def test_representative_points():
    assert country_point("RU") == (60.0, 100.0)
    assert country_point("US") == (39.83, -98.58)
    assert country_point("ZZ") is None
    tx = admin1_point("US", "Texas")
    assert tx is not None and 29 < tx[0] < 34 and -102 < tx[1] < -96
    assert admin1_point("UA", "Kharkiv Oblast") is not None
    moved = with_representative_point(P("ru", "Russia", "country", 52.6, 81.2, "RU"))
    assert (moved.lat, moved.lon) == (60.0, 100.0) and moved.place_id == "ru"
    city = P("c", "Omsk", "city", 55.0, 73.4, "RU")
    assert with_representative_point(city) is city


def test_reconcile_two_conventions():
    from gazetteer.points import RECONCILE_KM, reconcile
    from geomap.geoparsing.resolve import distance_km

    a, b = (42.9, -76.0), (40.7, -74.0)          # ~290 km apart: the midpoint serves both
    mid = reconcile(a, b)
    assert distance_km(*mid, *a) <= RECONCILE_KM and distance_km(*mid, *b) <= RECONCILE_KM
    far = (30.0, -74.0)                         # > 2 * 161 km apart: the explicit centre wins
    assert reconcile(a, far) == far
    across = reconcile((-18.0, 179.0), (-18.0, -179.0))   # the antimeridian
    assert abs(abs(across[1]) - 180.0) < 1e-9
    # an admin-1 whose gazetteer point and package point disagree moderately is moved
    # to within RECONCILE_KM of both
    ny = P("ny", "New York", "admin1", 42.88, -75.95, "US", "US.NY")
    csc = admin1_point("US", "New York")
    moved = with_representative_point(ny)
    if csc is not None and distance_km(*csc, ny.lat, ny.lon) <= 2 * RECONCILE_KM:
        assert distance_km(moved.lat, moved.lon, ny.lat, ny.lon) <= RECONCILE_KM
        assert distance_km(moved.lat, moved.lon, *csc) <= RECONCILE_KM


def test_score_is_a_probability_and_monotonic():
    rec = span("Kyiv", 0)
    place = P("k", "Kyiv", "city", 50.45, 30.52, "UA", "UA.12", 2_900_000)
    scores = [score_mention(rec, Resolution(place, p)) for p in (0.2, 0.5, 0.9, 0.99)]
    assert all(0.0 < s < 1.0 for s in scores)
    assert scores == sorted(scores)
    assert score_mention(rec, Resolution(None, 0.0)) == 0.0
    demonym = span("Russian", 0, key="russia", role="demonym")
    assert score_mention(demonym, Resolution(place, 0.9)) < score_mention(rec, Resolution(place, 0.9))


def _list_case(text: str, names: list[str], cands: dict):
    spans, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        spans.append(span(name, start))
        pos = start + len(name)
    return resolve(spans, cands, text=text)


def test_list_members_are_siblings():
    # "Ontario" among other countries' provinces is read as a province too; the same words
    # not joined as a list leave the bigger Californian city ahead (no country context
    # either way: every sibling is in another country).
    cands = {
        "bavaria": [P("by", "Bavaria", "admin1", 49.0, 11.4, "DE", "DE.02", 13_000_000)],
        "queensland": [P("qld", "Queensland", "admin1", -22.5, 144.5, "AU", "AU.04", 5_000_000)],
        "punjab": [P("pb", "Punjab", "admin1", 31.0, 72.0, "PK", "PK.04", 100_000_000)],
        "ontario": [P("ont-us", "Ontario", "city", 34.06, -117.65, "US", "US.CA", 3_000_000),
                    P("on", "Ontario", "admin1", 50.0, -85.0, "CA", "CA.08", 200_000)],
    }
    names = ["Bavaria", "Queensland", "Ontario", "Punjab"]
    apart = _list_case("Bavaria. Queensland. Ontario. Punjab.", names, cands)
    listed = _list_case("Bavaria, Queensland, Ontario and Punjab", names, cands)
    assert apart[2].place.place_id == "ont-us"
    assert listed[2].place.place_id == "on"


def test_list_level_not_kind_for_local_places():
    # towns and counties are the same level: a list of towns does not turn a county into a town
    from geomap.geoparsing.resolve import LIST_LEVEL
    assert LIST_LEVEL["city"] == LIST_LEVEL["admin2"]


def test_country_name_is_not_its_capitals_alias():
    mx = P("mx", "Mexico", "country", 23.0, -102.0, "MX", None, 126_000_000)
    cdmx = P("cdmx", "Mexico City", "city", 19.43, -99.13, "MX", "MX.09", 12_000_000, "PPLC")
    # "Mexico City" mentioned too: its context must not turn "Mexico" into the city
    spans = [span("Mexico City", 0), span("Mexico", 20)]
    res = resolve(spans, {"mexico city": [cdmx], "mexico": [cdmx, mx]},
                  text="Mexico City is in   Mexico")
    assert res[0].place is cdmx and res[1].place is mx
    # a city whose own name the key is stays a candidate (city-states)
    sg = P("sg", "Singapore", "country", 1.36, 103.8, "SG", None, 5_600_000)
    sgc = P("sgc", "Singapore", "city", 1.29, 103.85, "SG", "SG.01", 3_500_000, "PPLC")
    (only,) = resolve([span("Singapore", 0)], {"singapore": [sgc, sg]}, text="Singapore")
    assert only.place in (sg, sgc)
    from geomap.geoparsing.resolve import country_over_its_aliased_cities
    assert country_over_its_aliased_cities([sgc, sg], "singapore") == [sgc, sg]
    assert country_over_its_aliased_cities([cdmx, mx], "mexico") == [mx]


def test_point_outside_the_regions_extent_is_pulled_in():
    import dataclasses

    from gazetteer.points import RECONCILE_KM

    # Kuwait's Factbook-style point (45.75E) lies in Saudi Arabia; its towns span 47.7-48.2E
    kw = dataclasses.replace(P("kw", "Kuwait", "country", 29.5, 45.75, "KW"),
                             bbox=(47.68, 28.76, 48.24, 29.88))
    moved = with_representative_point(kw)
    centre = (29.32, 47.96)
    assert distance_km(moved.lat, moved.lon, 29.5, 45.75) <= RECONCILE_KM
    assert distance_km(moved.lat, moved.lon, *centre) <= RECONCILE_KM
    # a point inside its region's extent is left alone
    ru = dataclasses.replace(P("ru", "Russia", "country", 52.6, 81.2, "RU"),
                             bbox=(19.0, 41.0, 179.9, 81.0))
    assert (with_representative_point(ru).lat, with_representative_point(ru).lon) == (60.0, 100.0)


def test_metonym_prefers_a_seat_of_government():
    dc = P("dc", "Washington", "city", 38.9, -77.04, "US", "US.DC", 690_000, "PPLC")
    wa = P("wa", "Washington", "admin1", 47.5, -120.5, "US", "US.WA", 6_500_000, "ADM1")
    cands = {"washington": [wa, dc]}
    (literal,) = resolve([span("Washington", 0)], cands, text="Washington")
    (speaker,) = resolve([span("Washington", 0, role="metonym")], cands, text="Washington")
    assert literal.place is wa
    assert speaker.place is dc


def test_a_demonym_after_a_comma_is_no_container(gazetteer):
    # "Donetsk, Russia" would be the town in Rostov oblast; "Donetsk, Russian officials
    # said" names who spoke, not where Donetsk is
    text = "Shelling hit Donetsk, Russian officials said on Tuesday."
    got = [m for m in geoparse(text, gazetteer=gazetteer) if m.text == "Donetsk"]
    assert got and got[0].place.country_code == "UA"
