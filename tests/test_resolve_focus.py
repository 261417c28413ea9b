"""The focus fallback's point: an unknown name sits at the story's local centre."""
from __future__ import annotations

from gazetteer.geodesy import distance_km
from gazetteer.record import Place

from geomap.geoparsing import geoparse
from geomap.geoparsing.focus import local_centre


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
    out, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        out.append((start, start + len(name)))
        pos = start + len(name)
    return out


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
