"""Regions made from their members at build time (gazetteer/data/composite_regions.csv), on
the real default store: former first-level regions, counties that are not one authority,
England's statistical regions, and the spelling variants of aliases.csv."""
from __future__ import annotations

import pytest

from gazetteer.normalize import fold
from gazetteer.sources.curated import composite_regions


def _inside(place, bbox) -> bool:
    west, south, east, north = bbox
    return west <= place.lon <= east and south <= place.lat <= north


def test_every_row_is_in_the_store_with_its_members(gazetteer):
    rows = composite_regions()
    assert len(rows) >= 80
    for row in rows:
        place = gazetteer.get(f"geomap:region:{row.id}")
        assert place is not None, row.id
        assert (place.name, place.kind, place.country_code) == (row.name, row.kind,
                                                                  row.country_code)
        assert place.bbox is not None and _inside(place, place.bbox), row.id
        if row.members[0][0] != "city":
            # each member lies inside the region's box, and the point among them
            for kind, name in row.members:
                member = next(p for p in gazetteer.candidates(name, country=row.country_code,
                                                                kind=kind)
                              if fold(p.name) == fold(name))
                assert _inside(member, place.bbox), (row.id, name)


def test_a_former_region_spans_its_members_and_keeps_its_own_point(gazetteer):
    auvergne = gazetteer.candidates("Auvergne", country="FR")[0]
    assert auvergne.kind == "admin1" and auvergne.admin1_code is None
    assert auvergne.feature_code == "ADM1H"
    cantal = gazetteer.candidates("Cantal", country="FR", kind="admin2")[0]
    allier = gazetteer.candidates("Allier", country="FR", kind="admin2")[0]
    assert _inside(cantal, auvergne.bbox) and _inside(allier, auvergne.bbox)
    # not moved to the point of today's Auvergne-Rhône-Alpes (a prefix of its name)
    assert 45.0 < auvergne.lat < 46.3 and 2.5 < auvergne.lon < 3.8
    # its population is the sum of its members'
    assert auvergne.population >= cantal.population + allier.population


@pytest.mark.parametrize("query,name,country", [
    ("Katanga Province", "Katanga", "CD"),
    ("Kasai Occidental", "Kasaï-Occidental", "CD"),
    ("Province Orientale", "Orientale", "CD"),
    ("Rhone-Alpes", "Rhône-Alpes", "FR"),
    ("Lower Normandy", "Basse-Normandie", "FR"),
    ("Hedmark", "Hedmark", "NO"),
    ("Binh Phuoc province", "Bình Phước", "VN"),
    ("Greater Manchester", "Greater Manchester", "GB"),
    ("West Yorkshire", "West Yorkshire", "GB"),
    ("South West England", "South West England", "GB"),
])
def test_old_and_composite_names_are_found(gazetteer, query, name, country):
    first = gazetteer.candidates(query)[0]
    assert (first.name, first.country_code) == (name, country)


def test_a_county_holds_its_towns_and_sits_in_its_nation(gazetteer):
    manchester = gazetteer.candidates("Greater Manchester")[0]
    assert manchester.kind == "admin2" and manchester.admin1 == "England"
    bolton = gazetteer.candidates("Bolton", country="GB", kind="city")[0]
    wigan = gazetteer.candidates("Wigan", country="GB", kind="city")[0]
    assert _inside(bolton, manchester.bbox) and _inside(wigan, manchester.bbox)
    leeds = gazetteer.candidates("Leeds", country="GB", kind="city")[0]
    assert not _inside(leeds, manchester.bbox)


def test_a_seat_defined_region_is_around_its_seat(gazetteer):
    hordaland = gazetteer.candidates("Hordaland")[0]
    bergen = gazetteer.candidates("Bergen", country="NO", kind="city")[0]
    assert _inside(bergen, hordaland.bbox)
    assert abs(hordaland.lat - bergen.lat) < 0.01 and hordaland.population > bergen.population


@pytest.mark.parametrize("query,country,kind", [
    ("Menoufia", "EG", "admin1"),
    ("Daqahliya", "EG", "admin1"),
    ("Warab", "SS", "admin1"),
    ("Republic of Congo", "CG", "country"),
    ("Bas-Congo", "CD", "admin1"),
    ("Congo", "CD", "country"),   # the bigger Congo first; context still reads Brazzaville's
])
def test_spelling_variants_reach_their_region(gazetteer, query, country, kind):
    first = gazetteer.candidates(query)[0]
    assert (first.country_code, first.kind) == (country, kind)


@pytest.mark.parametrize("name,conventions", [
    # (Factbook-style point, encyclopaedia centre): the stored point serves both at 161 km
    ("Japan", ((36.0, 138.0), (35.0, 136.0))),
    ("Nigeria", ((10.0, 8.0), (8.0, 10.0))),
    ("Libya", ((25.0, 17.0), (27.0, 17.0))),
    ("Myanmar", ((22.0, 98.0), (22.0, 96.0))),
    ("Queensland", ((-22.16, 144.58), (-23.0, 143.0))),
])
def test_a_point_between_two_conventions_serves_both(gazetteer, name, conventions):
    from gazetteer.geodesy import distance_km

    place = gazetteer.candidates(name)[0]
    for lat, lon in conventions:
        assert distance_km(place.lat, place.lon, lat, lon) <= 161.0, (name, lat, lon)


def test_a_row_whose_member_is_missing_is_left_out_and_named():
    from gazetteer.composites import composite_records
    from gazetteer.records import PlaceRecord

    rows = composite_regions()
    built, missing = composite_records([], [])
    assert built == [] and missing == [r.id for r in rows]
    members = [PlaceRecord(f"m{k}", name, "admin1", -8.0 - k, 25.0 + k, "CD", f"CD.{k}",
                           population=1000 * (k + 1), bbox=(24.5 + k, -8.5 - k, 25.5 + k, -7.5 - k))
               for k, name in enumerate(("Haut-Katanga", "Lualaba", "Haut-Lomami", "Tanganyika"))]
    built, missing = composite_records(members, [])
    assert [r.place_id for r in built] == ["geomap:region:cd-katanga"]
    katanga = built[0]
    assert katanga.bbox == (24.5, -11.5, 28.5, -7.5) and katanga.population == 10_000
    assert (katanga.lat, katanga.lon) == (-9.5, 26.5) and katanga.admin1_code is None
    assert "Katanga Province" in katanga.alt_names and "cd-katanga" not in missing
    assert len(missing) == len(rows) - 1


def test_curated_features_keep_common_words_out(gazetteer):
    # a range's short name that is also a brand or a town stays out of the index
    assert all(p.kind == "city" for p in gazetteer.candidates("Atlas"))
    assert all(p.kind == "city" for p in gazetteer.candidates("Etna"))
    # a range named in two countries is two places; context chooses
    assert {p.country_code for p in gazetteer.candidates("Sierra Nevada")} >= {"US", "ES"}


def test_curated_place_ids_are_unique():
    from gazetteer.sources.curated import physical_features

    ids = [p.place_id for p in physical_features()]
    ids += [f"geomap:region:{row.id}" for row in composite_regions()]
    assert len(ids) == len(set(ids))


def test_a_coast_follows_its_story(gazetteer):
    from geomap.geoparsing import geoparse

    nz = "Flooding hit Greymouth and Hokitika on the West Coast, and roads to Christchurch closed."
    us = "Wildfires spread along the West Coast, from Los Angeles to Seattle."
    for text, country in ((nz, "NZ"), (us, "US")):
        found = {m.text: m for m in geoparse(text, gazetteer=gazetteer)}
        assert found["West Coast"].place.country_code == country
