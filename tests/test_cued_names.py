"""Names the text calls a settlement that the gazetteer lacks ("the village of X"), on
sentences of our own with invented village names, through the real gazetteer."""
from __future__ import annotations

from geomap.geoparsing import geoparse
from geomap.geoparsing.cued_names import cued_names
from geomap.geoparsing.score import MIN_SCORE


def mentions(text, gazetteer):
    return {m.text: m for m in geoparse(text, gazetteer=gazetteer)}


def test_a_village_named_with_its_region_is_placed_in_the_region(gazetteer):
    got = mentions("Shelling hit the village of Zorvanka in the Kherson region on Monday.", gazetteer)
    village = got["Zorvanka"]
    assert village.place.kind == "admin1" and village.place.country_code == "UA"
    assert village.place.place_id == got["Kherson region"].place.place_id
    assert village.score <= MIN_SCORE          # the region's point, not the village's


def test_a_list_of_villages_goes_to_the_article_focus(gazetteer):
    text = ("Fighting spread across the Kharkiv region. Russian troops entered the villages of "
            "Zorvanka, Pelykivka and Dubrovyntsi near Kupiansk, officials in Kharkiv said.")
    got = mentions(text, gazetteer)
    for name in ("Zorvanka", "Pelykivka", "Dubrovyntsi"):
        assert got[name].place.kind in ("admin1", "country") and got[name].place.country_code == "UA"
        assert got[name].score <= MIN_SCORE


def test_no_focus_no_guess(gazetteer):
    # nothing in the article says where the village is: no mention rather than a guess
    assert mentions("Farmers in the remote village of Zorvanka reported sick birds.", gazetteer) == {}


def test_recognised_names_titles_and_plain_words_are_skipped():
    from geomap.geoparsing.recognized import Recognized

    text = "the town of Hope, the village of Mr Smith, the villages: Aaa, Bbb and the Ccc"
    assert [r.text for r in cued_names(text, [])] == ["Hope", "Aaa", "Bbb"]
    hope = Recognized(12, 16, "Hope", "hope")
    assert [r.text for r in cued_names(text, [hope])] == ["Aaa", "Bbb"]


def test_the_singular_cue_takes_one_name_only():
    assert [r.text for r in cued_names("the village of Zorvanka and Kherson", [])] == ["Zorvanka"]


def test_a_name_in_apposition_to_a_settlement_word(gazetteer):
    text = "Two boys from Zorvanka, a farming village in the Kherson region, were wounded."
    got = mentions(text, gazetteer)
    assert got["Zorvanka"].place.place_id == got["Kherson region"].place.place_id
    # a person from the place is no place: "a town resident", "a village elder"
    assert [r.text for r in cued_names("Smith, a town resident, and Ali, a village elder, said.", [])] == []
    assert [r.text for r in cued_names("In Zorvanka, a village near Kherson, shelling went on.", [])] == ["Zorvanka"]


def test_an_event_at_an_unknown_village_names_it_at_region_level(gazetteer):
    import datetime as dt

    from geomap.events import extract_events
    from geomap.model import Article

    text = "Ukrainian troops advanced near the village of Zorvanka in the Zaporizhzhia region on Saturday."
    article = Article(id="a", text=text, published=dt.date(2024, 3, 18))
    events = extract_events(article, geoparse(text, gazetteer=gazetteer))
    assert len(events) == 1
    event = events[0]
    assert event.location_text == "Zorvanka"
    assert event.kind == "admin1" and event.geo_precision == 3 and event.country_code == "UA"
    assert event.event_date == dt.date(2024, 3, 16)
