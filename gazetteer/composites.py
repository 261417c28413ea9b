"""Regions no source holds, made at build time from their members (composite_regions.csv).

Former first-level regions (the 15 of France's pre-2016 regions whose names went, four of
DR Congo's pre-2015 provinces, Norway's counties before 2020/2024, Vietnam's provinces
merged in 2025), English and Welsh counties that are not one authority (Greater Manchester,
Yorkshire, Glamorgan) and England's statistical regions: news and archives name them, the
current sources do not.
"""
from __future__ import annotations

import math

from gazetteer.normalize import fold
from gazetteer.records import PlaceRecord
from gazetteer.sources import curated

__all__ = ["COMPOSITE_ADMIN1_WORDS", "composite_records"]

#: Name variants of a former first-level region ("Katanga Province", "Rhône-Alpes region").
COMPOSITE_ADMIN1_WORDS = ("Province", "region")


def composite_records(admin_recs: list[PlaceRecord], city_recs: list[PlaceRecord]
                      ) -> tuple[list[PlaceRecord], list[str]]:
    """The regions of ``composite_regions.csv``, made from their members in this build.

    A member-defined region gets the union of its members' bboxes, the mean of their points
    and the sum of their populations; a seat-defined one the seat's point, a box of
    ``extent_km`` around it and its written population.  Former first-level regions keep no
    admin-1 code (they contain no current region's places by code) and are ``ADM1H``, whose
    point the writer leaves as built (``representative.py``).  Returns the records and the
    ids of the rows left out because a member is missing from the sources (a renamed
    subdivision in a newer package: the build goes on and its stats name them; the tests
    require none on the pinned sources).
    """
    regions: dict[tuple[str, str, str], PlaceRecord] = {}
    for rec in admin_recs:
        for n in (rec.name, *rec.alt_names):
            regions.setdefault((rec.kind, rec.country_code or "", fold(n)), rec)
    seats: dict[tuple[str, str], PlaceRecord] = {}
    for rec in city_recs:
        for n in (rec.name, *rec.alt_names):
            key = (rec.country_code or "", fold(n))
            best = seats.get(key)
            if best is None or rec.population > best.population:
                seats[key] = rec
    out = []
    missing: list[str] = []
    for row in curated.composite_regions():
        members = []
        for kind, name in row.members:
            key = (row.country_code, fold(name))
            rec = seats.get(key) if kind == "city" else regions.get((kind, *key))
            if rec is None:
                break
            members.append(rec)
        if len(members) < len(row.members):
            missing.append(row.id)
            continue
        if row.members[0][0] == "city":
            seat = members[0]
            half = (row.extent_km or 50.0) / 111.32
            half_lon = half / max(math.cos(math.radians(seat.lat)), 0.05)
            lat, lon = seat.lat, seat.lon
            bbox = (lon - half_lon, lat - half, lon + half_lon, lat + half)
            population = row.population or seat.population
        else:
            lat = sum(m.lat for m in members) / len(members)
            lon = sum(m.lon for m in members) / len(members)
            boxes = [m.bbox or (m.lon, m.lat, m.lon, m.lat) for m in members]
            bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes),
                    max(b[2] for b in boxes), max(b[3] for b in boxes))
            population = row.population or sum(m.population for m in members)
        alt = list(row.aliases)
        if row.kind == "admin1":
            alt += [f"{n} {w}" for n in (row.name, *row.aliases)
                    if not n.lower().endswith(("province", "region"))
                    for w in COMPOSITE_ADMIN1_WORDS]
        a1_codes = {m.admin1_code for m in members}
        same_a1 = row.kind != "admin1" and len(a1_codes) == 1
        out.append(PlaceRecord(
            place_id=f"geomap:region:{row.id}", name=row.name, kind=row.kind, lat=lat, lon=lon,
            country_code=row.country_code,
            admin1_code=next(iter(a1_codes)) if same_a1 else None,
            admin1=members[0].admin1 if same_a1 else None,
            population=population, feature_code=row.feature_code, source="geomap-curated",
            bbox=bbox, alt_names=alt))
    return out, missing

