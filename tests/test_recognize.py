"""Unit tests for each recognition rule (our own sentences).

The recogniser takes any ``lookup(keys) -> {key: [Place, ...]}``; here a small table of
real-looking places is the input, so each rule is tested in isolation from the gazetteer's
contents.  ``test_geoparse.py`` runs the same rules against the real gazetteer.
"""
from __future__ import annotations

import pytest

from gazetteer.normalize import fold
from gazetteer.record import Place
from geomap.geoparsing.recognize import recognize, tokenize


def _place(name: str, kind: str = "city", population: int = 50_000, cc: str = "US") -> Place:
    return Place(place_id=f"t:{name}:{kind}", name=name, kind=kind, lat=0.0, lon=0.0,
                 country_code=cc, population=population)


TABLE = {
    fold(p.name): [p] for p in [
        _place("Rostov-on-Don", population=1_100_000, cc="RU"),
        _place("Sea of Azov", kind="sea", cc=None),
        _place("Bryansk", population=400_000, cc="RU"),
        _place("Moscow", population=10_000_000, cc="RU"),
        _place("Kyiv", population=2_900_000, cc="UA"),
        _place("Alexandria", population=47_000),
        _place("Dublin", population=1_000_000, cc="IE"),
        _place("Henry", population=300),
        _place("Athens", population=120_000),
        _place("St. Louis", population=300_000),
        _place("Reading", population=170_000, cc="GB"),
        _place("Charleston", population=150_000),
        _place("Laurel County", kind="admin2", population=60_000),
        _place("Laurel", population=20_000),
        _place("Street", population=11_000, cc="GB"),
        _place("Clark", population=900),
        _place("Gainesville", population=130_000),
        _place("Kherson", population=280_000, cc="UA"),
    ]
}


def lookup(keys):
    return {k: TABLE[k] for k in keys if k in TABLE}


def spans(text: str) -> list[tuple[str, str, str | None]]:
    return [(r.text, r.role, r.kind) for r in recognize(text, lookup=lookup)]


def texts(text: str) -> list[str]:
    return [r.text for r in recognize(text, lookup=lookup)]


def test_offsets_exact_sorted_non_overlapping():
    text = "Shelling hit Rostov-on-Don and Kyiv; the Sea of Azov froze near Bryansk region."
    found = recognize(text, lookup=lookup)
    assert [r.text for r in found] == ["Rostov-on-Don", "Kyiv", "Sea of Azov", "Bryansk region"]
    for r in found:
        assert text[r.start:r.end] == r.text
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_multiword_longest_match_wins():
    assert texts("Boats left the Sea of Azov.") == ["Sea of Azov"]
    assert texts("He flew to St. Louis on Monday.") == ["St. Louis"]


def test_generic_admin_word_joins_the_mention():
    found = recognize("Drones hit the Bryansk region overnight.", lookup=lookup)
    assert [(r.text, r.kind) for r in found] == [("Bryansk region", "admin1")]
    assert spans("Deputies patrol Laurel County daily.") == [("Laurel County", "toponym", "admin2")]


def test_possessive_is_cut_and_metonym_flagged():
    found = recognize("Moscow's delusions grew. Kyiv said it would respond.", lookup=lookup)
    assert [(r.text, r.role) for r in found] == [("Moscow", "metonym"), ("Kyiv", "metonym")]
    assert recognize("Kherson's streets were empty.", lookup=lookup)[0].role == "toponym"


def test_abbreviations_states_and_countries():
    found = recognize("He lives in Athens, Ga. and visited the U.S. Sen. Joe Smith, R-Ga., spoke.",
                      lookup=lookup)
    got = [(r.text, r.key, r.kind, r.country) for r in found]
    assert ("Ga.", "georgia", "admin1", "US") in got
    assert ("U.S.", "united states", "country", "US") in got
    assert [g[0] for g in got].count("Ga.") == 2
    assert ("Athens", "athens", None, None) in got


def test_postal_code_only_after_city_comma():
    got = texts("Flooding in Charleston, WV closed schools. IN the end it rained.")
    assert got == ["Charleston", "WV"]


def test_demonyms_are_country_mentions():
    found = recognize("Russian troops and Sri Lankan officials met Georgians.", lookup=lookup)
    got = [(r.text, r.role, r.country, r.key) for r in found]
    assert got == [("Russian", "demonym", "RU", "russia"),
                   ("Sri Lankan", "demonym", "LK", "sri lanka"),
                   ("Georgians", "demonym", "GE", "georgia")]


def test_metonymic_institutions():
    found = recognize("The Kremlin denied it.", lookup=lookup)
    assert [(r.text, r.role, r.key) for r in found] == [("Kremlin", "metonym", "moscow")]


def test_sentence_initial_common_word_rejected():
    assert texts("Reading is fun. They moved to Reading last year.") == ["Reading"]
    assert recognize("Reading is fun. They moved to Reading last year.", lookup=lookup)[0].start == 30


def test_person_names_rejected_and_propagated():
    text = "Chiquita Raquel Henry, 19, of Alexandria, was arrested. Henry said nothing."
    assert texts(text) == ["Alexandria"]
    assert texts("Sheriff Clark spoke to Mr. Gainesville.") == []


def test_speech_verb_makes_small_place_a_person():
    assert texts("The fire spread, Clark said.") == []
    assert [(r.text, r.role) for r in recognize("Kyiv said no.", lookup=lookup)] == [("Kyiv", "metonym")]


def test_a_small_place_after_a_preposition_is_no_speaker():
    # "Police in Clark said": people are not "in Clark"; "of" stays out ("the Department of
    # Conservation said" is an office)
    assert texts("Police in Clark said the fire spread.") == ["Clark"]
    assert texts("Officials at Clark told reporters.") == ["Clark"]
    assert texts("The brother of Clark said nothing.") == []


def test_street_names_rejected():
    assert texts("The fire at 6016 Laurel Road spread.") == []


def test_generic_nouns_and_inside_names_rejected():
    assert texts("They walked down Main Street to the park.") == []
    assert texts("A small Street museum opened.") == []


def test_word_used_in_lower_case_is_not_a_place():
    assert texts("Reading a book in Athens, he thought of reading more.") == ["Athens"]


def test_all_caps_only_in_datelines():
    assert texts("CHARLESTON, W.Va. -- Rain fell.") == ["CHARLESTON", "W.Va."]
    assert texts("The CHARLESTON team won.") == []


def test_city_cue_recorded():
    found = recognize("Missiles hit the port city of Kherson.", lookup=lookup)
    assert found[0].cue == "city"


@pytest.mark.parametrize("text", ["", "   ", "12 34", "the end of it."])
def test_no_names_no_mentions(text):
    assert recognize(text, lookup=lookup) == []


def test_tokenize_flags():
    toks = tokenize("Mr. Smith went to St. Louis. Then Moscow's mayor left.")
    by_text = {t.text: t for t in toks}
    assert by_text["Mr"].initial
    assert not by_text["Smith"].initial
    assert not by_text["Louis"].initial
    assert by_text["Then"].initial
    assert by_text["Moscow"].possessive


def test_lone_common_surname_is_a_person_unless_after_a_preposition():
    table = {fold("Smith"): [_place("Smith", population=2_000)]}

    def lk(keys):
        return {k: table[k] for k in keys if k in table}

    assert [r.text for r in recognize("Later Smith was arrested.", lookup=lk)] == []
    assert [r.text for r in recognize("They drove to Smith on Friday.", lookup=lk)] == ["Smith"]


def test_county_alias_alone_only_when_the_county_is_named():
    county = Place(place_id="t:oconee", name="Oconee County", kind="admin2", lat=0, lon=0,
                   country_code="US", population=40_000)
    table = {fold("Oconee"): [county], fold("Oconee County"): [county]}

    def lk(keys):
        return {k: table[k] for k in keys if k in table}

    assert [r.text for r in recognize("Oconee updated its policy.", lookup=lk)] == []
    found = recognize("Oconee updated its policy. Oconee County schools closed.", lookup=lk)
    assert [(r.text, r.kind) for r in found] == [("Oconee", "admin2"), ("Oconee County", "admin2")]


def test_disease_names_are_not_places():
    table = {fold("Marburg"): [_place("Marburg", population=76_000, cc="DE")],
             fold("Nile"): [_place("Nile", kind="river", cc=None)]}

    def lk(keys):
        return {k: table[k] for k in keys if k in table}

    assert [r.text for r in recognize("Cases of Marburg virus and West Nile fever rose.", lookup=lk)] == []
    assert [r.text for r in recognize("Doctors in Marburg treated him.", lookup=lk)] == ["Marburg"]


def test_all_caps_mid_sentence_is_not_a_dateline():
    assert texts("Tests for CHARLESTON, and others.") == []
    assert texts("March 30, 2009 CHARLESTON -- Rain fell.") == ["CHARLESTON"]


def test_names_with_elided_articles_and_french_connectors():
    table = {fold(n): [_place(n, population=500_000, cc="XX")]
             for n in ("Côte d'Ivoire", "Port-au-Prince")}

    def lk(keys):
        return {k: table[k] for k in keys if k in table}

    got = [r.text for r in recognize("Aid reached Port-au-Prince and Côte d'Ivoire.", lookup=lk)]
    assert got == ["Port-au-Prince", "Côte d'Ivoire"]


def test_alternate_names_of_small_places():
    kup = Place(place_id="t:kup", name="Kupyansk", kind="city", lat=0, lon=0, country_code="UA",
                population=30_000)
    art = Place(place_id="t:art", name="Artillerie", kind="city", lat=0, lon=0, country_code="NC",
                population=600)
    old = Place(place_id="t:old", name="Veselyy Kut", kind="city", lat=0, lon=0, country_code="UA",
                population=1_800)
    table = {"kupiansk": [kup], "artillery": [art], "parisville": [old]}

    def lk(keys):
        return {k: table[k] for k in keys if k in table}

    # a spelling variant of the place's own name is kept; an unrelated old name is not
    assert [r.text for r in recognize("Shelling hit Kupiansk again.", lookup=lk)] == ["Kupiansk"]
    assert [r.text for r in recognize("They went to Parisville.", lookup=lk)] == []
    assert [r.text for r in recognize("Artillery hit the town.", lookup=lk)] == []


def test_other_names_of_sizeable_towns():
    # a town of 20,000 or more keeps its other names ("Lisichansk" is the Russian form of
    # Lysychansk), except at a sentence start; a village keeps only variants of its own name
    town = Place(place_id="t:lys", name="Lysychansk", kind="city", lat=0, lon=0, country_code="UA",
                 population=95_000)
    village = Place(place_id="t:ves", name="Veselyy Kut", kind="city", lat=0, lon=0,
                    country_code="UA", population=1_800)
    table = {"lisichansk": [town], "parisville": [village]}

    def lk(keys):
        return {k: table[k] for k in keys if k in table}

    assert [r.text for r in recognize("Troops entered Lisichansk on Sunday.", lookup=lk)] == ["Lisichansk"]
    assert [r.text for r in recognize("Troops entered Parisville on Sunday.", lookup=lk)] == []
    assert [r.text for r in recognize("Lisichansk fell on Sunday.", lookup=lk)] == []


def test_region_demonyms_from_morphology():
    ossetia = Place(place_id="t:so", name="South Ossetia", kind="region", lat=0, lon=0, country_code="GE")
    ohio = Place(place_id="t:oh", name="Ohio", kind="admin1", lat=0, lon=0, country_code="US",
                 population=11_000_000)
    table = {"south ossetia": [ossetia], "ohio": [ohio]}

    def lk(keys):
        return {k: table[k] for k in keys if k in table}

    found = recognize("South Ossetian forces met Ohioans. Susan Ohioan spoke.", lookup=lk)
    assert [(r.text, r.role, r.key) for r in found] == [
        ("South Ossetian", "demonym", "south ossetia"), ("Ohioans", "demonym", "ohio")]


def test_currency_is_not_a_country():
    assert texts("A US$460 million settlement was paid in the US.") == ["US"]
    assert recognize("A US$460 million settlement was paid in the US.", lookup=lookup)[0].start == 44


def test_small_place_as_first_word_of_a_longer_name_is_dropped():
    # "Alexandria Ocasio ..." style: a small place's name before a capitalised non-place word
    assert texts("Later, Alexandria Brennan told reporters about it.") == []
    # ... but it stays a place as the modifier of a facility/office, after a preposition,
    # before a date or a place word
    assert texts("Crews from the Alexandria Fire Department arrived.") == ["Alexandria"]
    assert texts("A fair is planned in Alexandria April 4.") == ["Alexandria"]
    assert texts("Later, Alexandria Mayor Jo Lee spoke.") == ["Alexandria"]
    # big places are not affected (they are rarely a given name's first word)
    assert "Moscow" in texts("Yesterday Moscow Region officials spoke.") or \
        "Moscow Region" in texts("Yesterday Moscow Region officials spoke.")


def test_short_alias_of_a_big_city_is_not_big():
    from geomap.geoparsing.recognize import is_big

    quzhou = _place("Quzhou", population=900_000, cc="CN")
    assert is_big([quzhou]) and not is_big([quzhou], "chu")
    assert is_big([quzhou], "quzhou")
    kyiv = _place("Kyiv", population=2_900_000, cc="UA")
    assert is_big([kyiv], "kiev")      # longer aliases still count


def test_title_then_unknown_given_name_marks_a_surname():
    # "Dublin" is big here (1M) and "Caleb" is not a known given name: the title decides,
    # and the surname is dropped throughout the article
    text = "The late Dr. Caleb Dublin worked there. Dublin was 80."
    assert texts(text) == []
    assert texts("Commissioner Wade Dublin objected.") == []
    assert texts("Sens. Tim Dublin spoke.") == []
    assert texts("Flights to Dublin resumed.") == ["Dublin"]


def test_title_case_headline_keeps_small_places():
    assert texts("Alexandria Residents Flee Floods\nThe water rose overnight.") == ["Alexandria"]
    assert texts("Later, Alexandria Brennan told reporters about it.") == []


def test_facts_about_a_name_follow_the_candidates_given():
    # the filters' facts about a name are remembered per candidate tuple: another lookup
    # with other candidates for the same name gets its own answer, in either order
    county = Place(place_id="t:oconee", name="Oconee County", kind="admin2", lat=0, lon=0,
                   country_code="US", population=40_000)
    city = _place("Oconee", population=500_000)
    as_county = {fold("Oconee"): (county,)}
    as_city = {fold("Oconee"): (city,)}
    as_city_list = {fold("Oconee"): [city]}
    text = "Storms flooded Oconee overnight."
    for table, expected in ((as_county, []), (as_city, ["Oconee"]), (as_county, []),
                            (as_city_list, ["Oconee"])):
        assert [r.text for r in recognize(text, lookup=lambda keys, t=table: {
            k: t[k] for k in keys if k in t})] == expected
    as_city_list[fold("Oconee")][:] = [county]   # a list changed in place is read again
    assert [r.text for r in recognize(text, lookup=lambda keys: {
        k: as_city_list[k] for k in keys if k in as_city_list})] == []


@pytest.mark.parametrize("text, person", [
    # a surname the article also uses alone: the name before it is a given name
    ("Athens Kolb opened the shop in 1990. Kolb said business was slow.", "Athens"),
    ("The crash killed Charleston Pruitt, 44. Pruitt had lived in Laurel County.", "Charleston"),
    # a middle initial and a surname
    ("The award went to Gainesville R. Toomey of Laurel County on Friday.", "Gainesville"),
])
def test_given_name_before_a_surname(text, person):
    found = texts(text)
    assert person not in found
    assert "Laurel County" in found or "Laurel County" not in text


@pytest.mark.parametrize("text, place", [
    # the next word never stands alone: part of a longer name, the place stays
    ("Athens Kolb Elementary opened in 1990. Students at Athens Kolb Elementary sang.", "Athens"),
    # the word after is an office, a court or a language, even when used alone elsewhere
    ("The Kherson Superior Court met. Superior judges are elected.", "Kherson"),
    ("The Gainesville Latin School opened. Latin is taught there.", "Gainesville"),
    # after "the" a repeat is a name's short form, not a surname
    ("The Charleston Observer said so. The Observer is a daily.", "Charleston"),
    # a big place's name after it: two places
    ("Flights from the Kyiv Moscow route stopped. Moscow said it would resume.", "Kyiv"),
    # a possessive after it is a shop or a brand
    ("The Athens Lowe's store reopened. Lowe's gives supplies to the city.", "Athens"),
])
def test_place_before_a_name_that_is_no_surname(text, place):
    assert place in texts(text)


@pytest.mark.parametrize("text, expected", [
    ("Flooding closed roads in Gainesville and Clark on Monday.", ["Gainesville", "Clark"]),
    ("Gainesville, Clark and Athens shared the grant.", ["Gainesville", "Clark", "Athens"]),
    # not listed with a place: a common surname stays a person
    ("Clark said the roads in Gainesville were closed.", ["Gainesville"]),
    ("Gainesville police said Clark was hurt.", ["Gainesville"]),
])
def test_a_surname_listed_with_a_place_is_a_place(text, expected):
    assert texts(text) == expected


def test_a_title_case_headline_makes_no_surname():
    # every word of a headline is capitalised: "Former Laurel" is no "Raquel Henry"
    text = "Former Laurel Councilman Richard Days Dies At 79\nRichard Days served Laurel for 12 years."
    assert texts(text) == ["Laurel", "Laurel"]
    # in running text it is still a longer name, and its surname throughout
    assert texts("Yesterday Dona Laurel spoke. Laurel said she would run.") == []


def test_a_common_surname_as_a_persons_home_town():
    assert texts("Machinist Norb Mages of Clark fixed the engine.") == ["Clark"]
    # not after an organisation, a title or a plain word
    assert texts("The Department of Clark said so, and the bill of Clark failed.") == []
