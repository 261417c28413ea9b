"""Words that look like place names but name a language, a people, a vehicle or a person
(geomap.geoparsing.other_uses), each on sentences of our own, through the real gazetteer."""
from __future__ import annotations

import pytest

from geomap.geoparsing import geoparse
from geomap.geoparsing.other_uses import other_use
from geomap.geoparsing.recognized import Recognized


def names(text, gazetteer):
    return [m.text for m in geoparse(text, gazetteer=gazetteer)]


@pytest.mark.parametrize("text, gone, kept", [
    ("The newcomer spoke only French and Farsi when she arrived in Lyon.", ["French", "Farsi"], ["Lyon"]),
    ("The clinic in Toledo serves English language learners.", ["English"], ["Toledo"]),
    ("The notice was printed in English and Spanish, officials in Tucson said.", ["English", "Spanish"],
     ["Tucson"]),
    ("Her son learned German quickly after the family moved to Leeds.", ["German"], ["Leeds"]),
])
def test_languages_are_not_countries(gazetteer, text, gone, kept):
    got = names(text, gazetteer)
    assert not set(gone) & set(got) and set(kept) <= set(got)


def test_a_demonym_is_still_its_country_outside_language_use(gazetteer):
    got = names("French troops landed in Mali, and Russian-occupied towns were shelled.", gazetteer)
    assert "French" in got and "Russian" in got


def test_peoples_of_another_place(gazetteer):
    got = names("Native Americans and African-American families gathered in Ohio.", gazetteer)
    assert got == ["Ohio"]


@pytest.mark.parametrize("text", [
    "A 1992 Toyota Corolla driven by a teenager hit a pole in Dallas.",
    "Witnesses saw a red Dodge Durango leave the scene in Dallas.",
    "Police stopped a 2001 Cadillac near the bridge in Dallas.",
    "The Toyota failed to yield at the junction in Dallas.",
    "A truck braked and the Honda swerved into a ditch in Dallas.",
])
def test_vehicles_are_not_places(gazetteer, text):
    assert names(text, gazetteer) == ["Dallas"]


def test_a_place_before_a_civic_word_is_no_vehicle(gazetteer):
    got = names("Lincoln Police said the road near Toyota was closed.", gazetteer)
    assert "Lincoln" in got and "Toyota" in got


def test_heads_of_government_and_namesakes(gazetteer):
    text = ("The Clinton and Bush Jr administrations ignored the plan. The Bush administration "
            "later backed it, a spokesman in Cairo said.")
    assert names(text, gazetteer) == ["Cairo"]
    # a city's own administration stays the city
    assert "Kherson" in names("The Kherson administration said two people died.", gazetteer)


def test_a_demonym_that_speaks_after_a_given_name_is_a_surname(gazetteer):
    assert "French" not in names("Spokeswoman Monica French said the grant was late.", gazetteer)
    assert "Philippines" in names("Health officials from the Philippines said seven were ill.",
                                  gazetteer)


def test_other_use_reads_only_single_words():
    text = "She drove a red Dodge County truck."
    rec = Recognized(text.index("Dodge"), text.index(" truck"), "Dodge County", "dodge county")
    assert other_use(text, rec) is None
    one = Recognized(text.index("Dodge"), text.index(" County"), "Dodge", "dodge")
    assert other_use(text, one) == "vehicle"


def test_a_name_the_article_calls_a_person_is_a_person_throughout(gazetteer):
    text = ("Prosecutors charged Fairfield, a Lebanon woman, with neglect. Fairfield's lawyers "
            "asked for a delay, and Fairfield declined to plead in the court in Lebanon.")
    got = names(text, gazetteer)
    assert "Fairfield" not in got and "Lebanon" in got
    assert "Paris" not in names("Melton Lewis Paris, 51, was found at his home in Palestine, Texas.", gazetteer)


@pytest.mark.parametrize("text, name", [
    ("In Pokrovsk, a resident said the shelling went on all night.", "Pokrovsk"),
    ("A 30-year-old Calgary, Alberta man died last year.", "Calgary"),
    ("Shelling hit Kherson, a city of 280,000 before the war.", "Kherson"),
])
def test_a_place_before_a_description_is_still_a_place(gazetteer, text, name):
    assert name in names(text, gazetteer)


def test_united_before_a_country_is_a_party(gazetteer):
    got = names("Critics from United Russia attacked the mayor of Murmansk, Russia.", gazetteer)
    assert got.count("Russia") == 1 and "Murmansk" in got
    assert "United States" in names("The United States and Russia met in Geneva.", gazetteer)


@pytest.mark.parametrize("text, gone", [
    ("Martha was born on a farm and taught school for forty years in Lancaster.", "Martha"),
    ("The short-lived Billy's served comfort food near the courthouse in Lancaster.", "Billy"),
    ("Veteran swimmer Alan, 79, finished the marathon in Lancaster.", "Alan"),
])
def test_a_given_name_alone_is_no_small_town(gazetteer, text, gone):
    got = names(text, gazetteer)
    assert gone not in got and "Lancaster" in got


def test_a_given_name_after_a_preposition_or_in_a_list_stays_a_town(gazetteer):
    from geomap.geoparsing.other_uses import given_name_alone
    from geomap.model import Mention
    from gazetteer.record import Place
    town = Place(place_id="1", name="Martha", kind="city", lat=34.7, lon=-99.4, country_code="US")
    for text in ("The family moved to Martha in 1950.", "Floods hit Becker, Martha and Clay."):
        start = text.index("Martha")
        assert not given_name_alone(text, Mention(start, start + 6, "Martha", town))
    text = "Martha was the widow of a pastor."
    assert given_name_alone(text, Mention(0, 6, "Martha", town))
    region = Place(place_id="2", name="Martha", kind="admin1", lat=0.0, lon=0.0, country_code="US")
    assert not given_name_alone(text, Mention(0, 6, "Martha", region))   # only towns


def test_chains_named_with_a_possessive_are_no_towns(gazetteer):
    got = names("Everyone who ate at a McDonald's in Tulsa was tested; the Lowe's store in "
                "Macy, Indiana, and a Macy's in Omaha closed.", gazetteer)
    assert "McDonald" not in got and "Lowe" not in got
    assert got.count("Macy") == 1 and {"Tulsa", "Omaha", "Indiana"} <= set(got)
