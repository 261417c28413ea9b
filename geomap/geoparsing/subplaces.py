"""Places inside a town that the gazetteer does not hold: "Hampton Park in Charleston".

"A in B", where B can only be a town (no reading of B is a country, a first-level region,
a continent or a region), A cannot be such a container either ("University of Southern
Indiana in Evansville" keeps its Indiana), and no reading of A lies in or near any reading
of B, says that A
is a part of the town B -- a park, a neighbourhood, an estate -- that the gazetteer does not
know; its readings elsewhere (a suburb called Hampton Park in Victoria, Australia) are
namesakes.  Left alone, such a namesake drags B to its own country ("Charleston" read as a
hamlet of 530 people in South Australia).  :func:`sub_places` re-keys A to B's name at a
confidence that says the mention is a place *in* B (:data:`SUB_PLACE_CONFIDENCE`), so
that A takes B's reading (one sense per discourse) and steers nothing.

A reading of A counts as in or near B when it lies within :data:`NEAR_TOWN_KM` of one of
B's town readings, or inside one of B's county readings (:func:`.resolve.contains`):
"Mount Pleasant in Charleston County" stays Mount Pleasant.
"""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Sequence

from gazetteer.geodesy import distance_km

from geomap.geoparsing.recognized import Recognized

if TYPE_CHECKING:  # pragma: no cover
    from geomap.geoparsing.spans import Lookup

__all__ = ["sub_places", "NEAR_TOWN_KM", "SUB_PLACE_CONFIDENCE"]

#: How far from a town's point a place "in" it may lie (a city's own neighbourhoods).
NEAR_TOWN_KM = 30.0
SUB_PLACE_CONFIDENCE = 0.5
#: Kinds that can contain places far from their point: A in one of these is left alone.
_CONTAINERS = frozenset({"country", "admin1", "continent", "region"})
_GAPS = frozenset({" in ", " in downtown ", " in central "})


def _inside(a, b) -> bool:
    from geomap.geoparsing.resolve import contains

    if b.kind == "admin2":
        return contains(b, a)
    return a.country_code == b.country_code and distance_km(a.lat, a.lon, b.lat, b.lon) <= NEAR_TOWN_KM


def sub_places(text: str, recs: Sequence[Recognized], lookup: "Lookup") -> list[Recognized]:
    """``recs`` with every A of "A in B" that can only be a part of the town B re-keyed to
    B's name (see module doc); other spans unchanged.  Linear in the number of spans (a
    name's readings are capped by the gazetteer)."""
    out = list(recs)
    if not text:
        return out
    for i in range(len(recs) - 1):
        a, b = recs[i], recs[i + 1]
        if a.role != "toponym" or b.role != "toponym" or not b.key or a.key == b.key:
            continue
        if a.kind is not None or a.country is not None or b.kind not in (None, "city"):
            continue
        if b.start - a.end > 14 or text[a.end:b.start] not in _GAPS:
            continue
        found = lookup([a.key, b.key]) if a.key else lookup([b.key])
        towns = found.get(b.key) or ()
        if not towns or not any(p.kind == "city" for p in towns) \
                or any(p.kind in _CONTAINERS for p in towns):
            continue
        inner = found.get(a.key, ())
        if any(p.kind in _CONTAINERS for p in inner) or any(_inside(p, q) for p in inner for q in towns):
            continue
        out[i] = dataclasses.replace(a, key=b.key, kind=None, country=b.country,
                                     confidence=min(a.confidence, SUB_PLACE_CONFIDENCE))
    return out
