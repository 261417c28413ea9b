"""Far namesakes: a village resolved far outside the region the article is about.

A small place name ("the village of Ivanovka") has namesakes all over a country, and the
default gazetteer knows only some of them.  When the article names a region ("the Kursk
region governor said", "Lozova, Kharkiv") and a weakly resolved village of the same country
lies far outside every region the article names, the resolved namesake is almost surely the
wrong one.  :func:`recentre_far_namesakes` then

* re-picks a place of the same name inside one of the article's regions, when the gazetteer
  has one;
* else, when the article names exactly one region of that country, places the mention in that
  region (a region-level row, ``geo_precision`` 3: all the text lets us say);
* else leaves it (several regions: the text does not say which).

"Weak" is a village (under 15,000 people) or a resolution the geoparser itself scored low.
A namesake in another country than the named regions is left alone when the article names
that country too (cross-border shelling names both sides) or places of any other country
("Velyka" read as a Croatian village in an article about Kharkiv alone is noise), and so is anything in or near (half a
degree) a named region's box, and a name that is also a region's (a province
named like a small town in it: the text may mean the province).
One pass over the mentions: linear time.
"""
from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Sequence

from geomap.model import Mention, Place

if TYPE_CHECKING:  # pragma: no cover
    from geomap.events.qualify import Regions

__all__ = ["recentre_far_namesakes"]

_VILLAGE = 15_000
_WEAK_SCORE = 0.45
_MARGIN_DEGREES = 0.5
#: "the Kursk governor", "Belgorod regional officials": an official speaks for a region
_OFFICIAL_AFTER = re.compile(r"\s+(?:region(?:al)?\s+|oblast\s+)?(?:governor|administration|authorities|officials)\b",
                             re.I)


def _article_regions(text: str, mentions: Sequence[Mention], regions: "Regions") -> list[Place]:
    """The admin-1 regions the article names: as regions, as qualifiers, or through an official."""
    found: dict[str, Place] = {}
    for m in mentions:
        p = m.place
        if p is None or m.role in ("demonym",):
            continue
        region: Place | None = None
        if p.kind == "admin1":
            region = p
        elif p.kind == "city" and (m.role == "qualifier" or _OFFICIAL_AFTER.match(text, m.end)):
            region = regions.region_of_name(m.text)
        if region is not None:
            found.setdefault(region.place_id, region)
    return list(found.values())


def _countries_named(mentions: Sequence[Mention], regions: list[Place]) -> set[str]:
    """Countries the article names: countries (not demonyms), its named regions' and those of its
    firmly resolved places (towns of 15,000 or more, or scored high)."""
    out = {r.country_code for r in regions if r.country_code}
    for m in mentions:
        p = m.place
        if p is None or not p.country_code or m.role in ("qualifier", "demonym"):  # "Russian shelling" names no place
            continue
        if p.kind == "country" or (p.population >= _VILLAGE and m.score >= _WEAK_SCORE):
            out.add(p.country_code)
    return out


def _near(place: Place, region: Place) -> bool:
    if place.admin1_code and place.admin1_code == region.admin1_code:
        return True
    if region.bbox is None:
        return True  # no box: cannot tell, so not "far"
    west, south, east, north = region.bbox
    e = _MARGIN_DEGREES
    return west - e <= place.lon <= east + e and south - e <= place.lat <= north + e


def recentre_far_namesakes(text: str, mentions: Sequence[Mention], regions: "Regions") -> list[Mention]:
    """``mentions`` (sorted) with far, weakly resolved namesakes re-picked or placed in the one
    region the article names (see the module docstring)."""
    named = None
    countries: set[str] | None = None
    out = list(mentions)
    for k, m in enumerate(out):
        p = m.place
        if p is None or m.role != "toponym" or p.kind != "city" or not p.country_code:
            continue
        if p.population >= _VILLAGE and m.score >= _WEAK_SCORE:
            continue
        if named is None:
            named = _article_regions(text, mentions, regions)
        if not named or any(_near(p, r) for r in named):
            continue
        same_country = [r for r in named if r.country_code == p.country_code]
        if not same_country:
            if countries is None:
                countries = _countries_named(mentions, named)
            if p.country_code in countries or not countries <= {r.country_code for r in named}:
                # "Belgorod governor ... Ukraine said its village of X": both sides are named; a
                # story that names places of other countries too is not about one region
                continue
            same_country = named  # a namesake in a country the article never names
        candidates = regions.candidates(m.text)
        if any(c.kind in ("admin1", "admin2") for c in candidates):
            continue  # the name is a region's too: the geoparser's village may be the province
        codes = {r.admin1_code for r in same_country if r.admin1_code}
        repick = next((c for c in candidates if c.kind == "city" and c.admin1_code in codes), None)
        if repick is not None:
            out[k] = dataclasses.replace(m, place=repick)
        elif len(same_country) == 1:
            out[k] = dataclasses.replace(m, place=same_country[0])
    return out
