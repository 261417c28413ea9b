"""The focus fallback's point: an unknown name sits at the story's local centre."""
from __future__ import annotations

from gazetteer.geodesy import distance_km
from gazetteer.record import Place

from geomap.geoparsing import geoparse
from geomap.geoparsing.focus import FOCUS_FALLBACK_SCORE, local_centre


def _town(name, lat, lon, cc="KE", a1="KE.01", kind="city"):
    return Place(place_id=name, name=name, kind=kind, lat=lat, lon=lon, country_code=cc,
                 admin1_code=a1)


def test_local_centre_is_the_most_central_town_of_the_area():
    area = Place(place_id="a", name="Area", kind="admin1", lat=0.0, lon=40.0, country_code="KE",
                 admin1_code="KE.01")
    west = [_town("A", 0.0, 34.0), _town("B", 0.2, 34.2), _town("C", 0.1, 34.1)]
    far = _town("D", 2.0, 39.0)
    other_region = _town("E", 0.1, 34.1, a1="KE.02")
    assert local_centre(west + [far, other_region], area) == (0.1, 34.1)
    # mentions count: a town named three times pulls the centre to itself
    assert local_centre([west[0], far, far, far], area) == (2.0, 39.0)
    # no town or county inside the area: no centre (the area's own point is kept)
    assert local_centre([other_region], area) is None
    country = Place(place_id="k", name="Kenya", kind="country", lat=1.0,
                    lon=38.0, country_code="KE")
    assert local_centre([other_region], country) == (0.1, 34.1)
    assert country.lat == 1.0   # the area itself is not changed


def test_unknown_village_is_placed_near_the_storys_towns(gazetteer):
    # Kisumu and Kakamega lie in western Kenya, some 300 km from Kenya's centre point: an
    # unknown village in a story about them is placed there, still as "Kenya", score 0.05.
    text = "Floods cut off Xyzzyqville, a village between Kisumu and Kakamega, Kenya said."
    spans = [(15, 26), (46, 52), (57, 65), (67, 72)]
    assert [text[a:b] for a, b in spans] == ["Xyzzyqville", "Kisumu", "Kakamega", "Kenya"]
    got = geoparse(text, gazetteer=gazetteer, spans=spans)
    village, kisumu = got[0], got[1]
    assert village.place is not None and village.place.country_code == "KE"
    assert village.place.kind == "country" and village.score <= 0.05
    assert distance_km(village.place.lat, village.place.lon, kisumu.place.lat, kisumu.place.lon) < 60
    kenya = got[3].place
    assert distance_km(kenya.lat, kenya.lon, kisumu.place.lat, kisumu.place.lon) > 161


def test_a_lake_is_not_the_area_that_shares_its_other_word(gazetteer):
    """Given spans: "Lake Vermont" (a guess through "Vermont") in a Minnesota story is no
    reading of Vermont; it goes to the story's focus like an unknown name."""
    text = ("Anglers crowded Lake Vermont on Saturday, officials in Alexandria said. "
            "Alexandria and Osakis, Minnesota, expect more visitors.")
    names = ["Lake Vermont", "Alexandria", "Alexandria", "Osakis", "Minnesota"]
    spans, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        spans.append((start, start + len(name)))
        pos = start + len(name)
    ms = geoparse(text, gazetteer=gazetteer, spans=spans)
    lake, state = ms[0], ms[-1]
    assert state.place.name == "Minnesota"
    assert lake.place is not None and lake.place.name != "Vermont"
    assert lake.place.admin1_code == state.place.admin1_code and lake.score <= 0.05
    # "Swat Valley" is no lake: a valley keeps its district's reading
    ms = geoparse("Floods hit the Swat Valley.", gazetteer=gazetteer, spans=[(15, 26)])
    assert ms[0].place is not None and "Swat" in ms[0].place.name


def _spans(text, names):
    from conftest import _spans_of

    return _spans_of(text, *names)


def test_a_hamlet_in_a_country_no_other_name_is_in_goes_to_the_focus(gazetteer):
    """Given spans: the gazetteer's only "Piccadilly" is a hamlet in Western Australia; in a
    story whose other names are all in England it is placed at the story's focus instead."""
    assert {p.country_code for p in gazetteer.candidates("Piccadilly")} == {"AU"}
    text = "Shoppers fled Piccadilly on Friday. London police said the man came from Manchester, England."
    ms = geoparse(text, gazetteer=gazetteer, spans=_spans(text, ["Piccadilly", "London", "Manchester", "England"]))
    assert ms[0].place.country_code == "GB" and ms[0].score <= 0.05
    # with only one other name there is too little to overrule it
    text = "Shoppers fled Piccadilly on Friday, police in London said."
    ms = geoparse(text, gazetteer=gazetteer, spans=_spans(text, ["Piccadilly", "London"]))
    assert ms[0].place.country_code == "AU"


# -- a name tied to the region or country that holds it (sentences written for these tests)

def test_unknown_name_is_placed_in_its_named_country(gazetteer, spans_of):
    # semicolons part the sites of an address list: "Laos; Kwambeloni, Kenya" is no list of countries
    text = ("Trial sites were Pailin, Cambodia; Attapeu, Laos; Kwambeloni, Kenya; and Kratie, "
            "Cambodia, where nurses followed the children for six weeks.")
    got = geoparse(text, gazetteer=gazetteer,
                   spans=spans_of(text, "Pailin", "Cambodia", "Attapeu", "Laos", "Kwambeloni", "Kenya"))
    assert got[4].place is not None and got[4].place.kind == "country"
    assert got[4].place.country_code == "KE"
    assert got[4].score == FOCUS_FALLBACK_SCORE


def test_town_read_outside_its_named_region_moves_into_it(gazetteer, spans_of):
    # Stroud in England is a town of 30,000+; the text says this one is in Ontario
    text = "The driver was stopped on Highway 11 in Stroud, Ontario, Canada, late on Friday."
    got = geoparse(text, gazetteer=gazetteer, spans=spans_of(text, "Stroud", "Ontario", "Canada"))
    assert got[0].place.country_code == "CA" and got[0].place.admin1_code == got[1].place.admin1_code
    assert got[0].score <= FOCUS_FALLBACK_SCORE
    # end to end: a low score that says the town itself is not known
    found = {m.text: m for m in geoparse(text, gazetteer=gazetteer)}
    assert found["Stroud"].place.country_code == "CA" and found["Stroud"].score <= 0.25


def test_a_list_is_not_an_address(gazetteer, spans_of):
    text = "Strains named Zaire, Bundibugyo, Ivory Coast and Sudan are all known."
    got = geoparse(text, gazetteer=gazetteer,
                   spans=spans_of(text, "Bundibugyo", "Ivory Coast", "Sudan"))
    assert got[0].place.country_code == "UG"
    text = "Sales rose in Chicago, Ohio and Texas last year."
    found = {m.text: m for m in geoparse(text, gazetteer=gazetteer)}
    assert found["Chicago"].place.admin1_code == "US.IL"


def test_named_containers_needs_a_firm_container():
    from geomap.geoparsing.focus import CONTAINER_MIN_SCORE, named_containers
    from geomap.model import Mention
    from gazetteer.record import Place

    town = Place("1", "Wilberforce", "city", -33.5, 150.8, "AU", "New South Wales", "AU.02", 2000)
    region = Place("2", "North-Western", "admin1", -13.0, 25.0, "ZM", None, "ZM.06", 700000)
    text = "at Wilberforce in North-Western Sydney"
    m = Mention(3, 14, "Wilberforce", town, 0.6, "toponym")
    weak = Mention(18, 31, "North-Western", region, CONTAINER_MIN_SCORE - 0.1, "toponym")
    assert named_containers(text, [m, weak], set()) == {}
    firm = Mention(18, 31, "North-Western", region, CONTAINER_MIN_SCORE + 0.1, "toponym")
    assert named_containers(text, [m, firm], set()) == {0: firm}


def test_a_guess_in_another_region_of_the_storys_country_goes_to_the_focus(gazetteer, spans_of):
    # Tewksbury, Massachusetts is a town of 29,000; the township in New Jersey is not in
    # the default gazetteer
    text = ("Scouts from Tewksbury Township camped near Trenton; Princeton and Camden troops "
            "joined them, New Jersey officials said.")
    got = geoparse(text, gazetteer=gazetteer,
                   spans=spans_of(text, "Tewksbury Township", "Trenton", "Princeton", "Camden",
                                   "New Jersey"))
    assert [m.place.admin1_code for m in got[1:]] == ["US.NJ"] * 4
    assert got[0].place.admin1_code == "US.NJ" and got[0].score == FOCUS_FALLBACK_SCORE


def test_a_name_placed_in_its_country_sits_at_the_storys_towns_there(gazetteer, spans_of):
    text = ("Nurses from Malindi and Kilifi ran the trial; the last site was Kwambeloni, "
            "Kenya, near the coast.")
    got = geoparse(text, gazetteer=gazetteer,
                   spans=spans_of(text, "Malindi", "Kilifi", "Kwambeloni", "Kenya"))
    placed, kenya = got[2].place, got[3].place
    assert placed.country_code == "KE" and placed.kind == "country"
    kilifi = got[1].place
    assert distance_km(placed.lat, placed.lon, kilifi.lat, kilifi.lon) < 100
    assert distance_km(kenya.lat, kenya.lon, kilifi.lat, kilifi.lon) > 300


def test_container_gap_allows_what_the_place_is():
    from geomap.geoparsing.focus import container_gap

    for gap in (", ", " district, ", " refugee camp in ", " village in northern ", " county, "):
        assert container_gap(gap), gap
    for gap in (" said in ", " and ", " district ", " people in ", ", who lives in "):
        assert not container_gap(gap), gap


def test_a_place_is_held_by_the_district_region_valley_or_town_named_after_it(gazetteer, spans_of):
    text = ("Farmers in the Sengwe district, Mashonaland East province, have lost cattle. "
            "Aid reached the Tawila camp in El Fasher, Darfur, and the hamlet of Batkhela Kot "
            "in the Swat Valley, in north-west Pakistan.")
    names = ("Sengwe", "Mashonaland East", "Tawila", "El Fasher", "Darfur", "Batkhela Kot",
             "Swat Valley", "Pakistan")
    got = dict(zip(names, geoparse(text, gazetteer=gazetteer, spans=spans_of(text, *names))))
    assert got["Sengwe"].place.name == "Mashonaland East"
    assert got["Tawila"].place.place_id == got["El Fasher"].place.place_id
    assert got["Batkhela Kot"].place.name == "Swat Valley"
    for name in ("Sengwe", "Tawila", "Batkhela Kot"):
        assert got[name].score <= FOCUS_FALLBACK_SCORE


def test_a_misspelling_guess_yields_to_the_town_named_after_it(gazetteer, spans_of):
    # "Greenlane" is one letter from Greenland; the text puts it in Auckland
    text = "Customers who ate at the diner in Greenlane, Auckland, on Friday were warned."
    got = geoparse(text, gazetteer=gazetteer, spans=spans_of(text, "Greenlane", "Auckland"))
    assert got[0].place.country_code == "NZ" and got[0].score <= FOCUS_FALLBACK_SCORE
    # a firm town is never moved into another town ("Paris, Texas" is no town in a town)
    text = "He flew from Chicago, Boston to Denver."
    got = geoparse(text, gazetteer=gazetteer, spans=spans_of(text, "Chicago", "Boston"))
    assert got[0].place.admin1_code == "US.IL"


def test_a_big_region_holds_nothing(gazetteer, spans_of):
    # the Middle East is too big to be anyone's address
    text = "Cases rose in Qaryat Zinnar in the Middle East and in Amman, Jordan."
    got = geoparse(text, gazetteer=gazetteer,
                   spans=spans_of(text, "Qaryat Zinnar", "Middle East", "Amman", "Jordan"))
    assert got[0].place is None or got[0].place.name != "Middle East"


STAR_LAKE = ("Crews closed Highway 10 near Perham and Pelican Rapids in Otter Tail County, "
             "Minnesota, and water covered a road near Star Lake on Monday, officials in "
             "Fergus Falls said.")


def test_a_small_town_of_another_state_is_no_reading_in_a_local_story(gazetteer, spans_of):
    # the only Star Lake the gazetteer knows is a hamlet in New York
    names = ("Perham", "Pelican Rapids", "Otter Tail County", "Minnesota", "Star Lake",
             "Fergus Falls")
    got = dict(zip(names, geoparse(STAR_LAKE, gazetteer=gazetteer,
                                   spans=spans_of(STAR_LAKE, *names))))
    star = got["Star Lake"]
    assert star.place.admin1_code == "US.MN" and star.score <= FOCUS_FALLBACK_SCORE
    # at the story's local centre (Otter Tail County), not Minnesota's centre point
    assert distance_km(star.place.lat, star.place.lon, 46.4, -95.7) < 40
    # end to end: kept, placed the same way, with the lowest score kept
    found = {m.text: m for m in geoparse(STAR_LAKE, gazetteer=gazetteer)}
    assert found["Star Lake"].place.admin1_code == "US.MN" and found["Star Lake"].score <= 0.25


def test_a_small_town_of_another_state_stays_when_the_story_is_not_local(gazetteer):
    # too few firm names to make a story's region: the New York hamlet is kept
    text = "The Mayor of Portland said the ferry from Star Lake was late."
    found = {m.text: m for m in geoparse(text, gazetteer=gazetteer)}
    assert found["Star Lake"].place.admin1_code == "US.NY"
    # a town the text puts in its own state is never moved
    text = STAR_LAKE.replace("near Star Lake", "near Star Lake, New York,")
    found = {m.text: m for m in geoparse(text, gazetteer=gazetteer)}
    assert found["Star Lake"].place.admin1_code == "US.NY"


def test_congo_follows_its_context(gazetteer, spans_of):
    text = ("Plague killed 61 people in the Ituri district, Orientale province, in the "
            "northern part of Congo.")
    got = geoparse(text, gazetteer=gazetteer, spans=spans_of(text, "Ituri", "Orientale", "Congo"))
    assert [m.place.country_code for m in got] == ["CD", "CD", "CD"]
    text = "Flooding in Brazzaville and Pointe-Noire, Congo, closed the port."
    got = geoparse(text, gazetteer=gazetteer,
                   spans=spans_of(text, "Brazzaville", "Pointe-Noire", "Congo"))
    assert got[2].place.country_code == "CG"


def test_a_guessed_container_holds_nothing():
    from geomap.geoparsing.focus import named_containers
    from geomap.model import Mention

    lake = Place("c", "Cunningham", "city", 51.7, -0.3, "GB", "England", "GB.ENG", 900)
    text = "Lake Robinson, Lake Cunningham"
    first = Mention(0, 13, "Lake Robinson", None, 0.0, "toponym")
    second = Mention(15, 30, "Lake Cunningham", lake, 0.6, "toponym")
    assert named_containers(text, [first, second], {0}) == {0: second}
    assert named_containers(text, [first, second], {0}, guesses={1}) == {}
