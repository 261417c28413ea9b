"""Far namesakes: a village resolved far away from everything else the article is about.

A small place name ("the village of Troitskoye") has namesakes all over a country, and the
default gazetteer knows only some of them.  When the article names a region ("the Kursk
region governor said", "Lozova, Kharkiv") and a weakly resolved village lies far from every
place the article firmly names (its regions, and its towns of 15,000 or more that the
geoparser resolved with confidence), the resolved namesake is almost surely the wrong one.
:func:`recentre_far_namesakes` then

* re-picks a place of the same name inside one of the article's regions, when the gazetteer
  has one;
* else, when the article names exactly one region, places the mention in that region (a
  region-level row, ``geo_precision`` 3: all the text lets us say);
* else leaves it (several regions: the text does not say which).

"Weak" is a village (under 15,000 people) or a town the text calls a village ("the village of
X" read as a town of 50,000 elsewhere); a name that some sizeable town (15,000 or more) also
bears is never moved (the geoparser chose among namesakes; "Pokrovsk" is not a lost village).
"Far" is more than 150 km from every firmly named place and outside their admin-1 regions
("Drones struck Bilozerka outside Kherson ... In the Donetsk region ..." leaves Bilozerka
alone: Kherson is near).  A namesake in another country than the named regions is moved only
when the article names places of the regions' countries alone and it lies more than 500 km away ("Velyka"
read as a Croatian village in a story about Kharkiv); a village across a border ("shelling
from the Kursk region hit a village near Sumy") is never moved.  A name that is also a
region's is left alone (a province named like a small town in it: the text may mean the
province).  One pass over the mentions: linear time.
"""
from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Sequence

from gazetteer.geodesy import distance_km

from geomap.model import Mention, Place

if TYPE_CHECKING:  # pragma: no cover
    from geomap.events.qualify import Regions

__all__ = ["recentre_far_namesakes"]

_VILLAGE = 15_000
_WEAK_SCORE = 0.45  # below it a town is not firm enough to anchor the article
_FAR_KM = 150.0
_FAR_ABROAD_KM = 500.0
#: "the Kursk governor", "Belgorod regional officials": an official speaks for a region
_OFFICIAL_AFTER = re.compile(r"\s+(?:region(?:al)?\s+|oblast\s+)?(?:governor|administration|authorities|officials)\b",
                             re.I)


def _article_regions(text: str, mentions: Sequence[Mention], regions: "Regions") -> list[Place]:
    """The admin-1 regions the article names: as regions, as qualifiers, or through an official."""
    found: dict[str, Place] = {}
    for m in mentions:
        p = m.place
        if p is None or m.role == "demonym":
            continue
        region: Place | None = None
        if p.kind == "admin1":
            region = p
        elif p.kind == "city" and (m.role == "qualifier" or _OFFICIAL_AFTER.match(text, m.end)):
            region = regions.region_of_name(m.text)
        if region is not None:
            found.setdefault(region.place_id, region)
    return list(found.values())


#: "the village of X": the text itself says X is a small place
_VILLAGE_BEFORE = re.compile(r"\b(?:village|hamlet|settlement)\s+of\s+$", re.I)


def _weak(m: Mention, text: str = "") -> bool:
    """A village, or a town that the text calls a village ("the village of Nikolskoye" read as a town
    of 50,000 elsewhere)."""
    p = m.place
    if p is None:
        return False
    return p.population < _VILLAGE or bool(text and _VILLAGE_BEFORE.search(text, max(0, m.start - 20), m.start))


def _firm_places(mentions: Sequence[Mention], named: list[Place]) -> list[Place]:
    """The places the article names firmly: its regions, and its towns and districts of 15,000 or more
    that the geoparser resolved with confidence (qualifiers and speakers count: "Kharkiv Mayor"
    says the story is about Kharkiv)."""
    out = list(named)
    for m in mentions:
        p = m.place
        if p is not None and m.role in ("toponym", "qualifier", "metonym") and p.kind in ("city", "admin2") \
                and p.population >= _VILLAGE and m.score >= _WEAK_SCORE:
            out.append(p)
    return out


def _km_to(place: Place, anchor: Place) -> float:
    """Distance from ``place`` to ``anchor``'s box (0 inside it), or to its point."""
    lat, lon = anchor.lat, anchor.lon
    if anchor.bbox is not None:
        west, south, east, north = anchor.bbox
        lat = min(max(place.lat, south), north)
        lon = min(max(place.lon, west), east)
    return distance_km(place.lat, place.lon, lat, lon)


def _countries_named(mentions: Sequence[Mention], firm: list[Place]) -> set[str]:
    """Countries the article names: countries (not demonyms: "Russian shelling" names no place) and
    those of its firmly named places."""
    out = {p.country_code for p in firm if p.country_code}
    out.update(m.place.country_code for m in mentions if m.place is not None and m.place.kind == "country"
               and m.role not in ("qualifier", "demonym") and m.place.country_code)
    return out


def recentre_far_namesakes(text: str, mentions: Sequence[Mention], regions: "Regions") -> list[Mention]:
    """``mentions`` (sorted) with far, weakly resolved namesakes re-picked or placed in the one
    region the article names (see the module docstring)."""
    named: list[Place] | None = None
    firm: list[Place] = []
    countries: set[str] = set()
    out = list(mentions)
    for k, m in enumerate(out):
        p = m.place
        if p is None or m.role != "toponym" or p.kind != "city" or not p.country_code or not _weak(m, text):
            continue
        if named is None:
            named = _article_regions(text, mentions, regions)
            if named:
                firm = _firm_places(mentions, named)
                countries = _countries_named(mentions, firm)
        if not named:
            continue
        others = [a for a in firm if a.place_id != p.place_id]
        if any(a.admin1_code and a.admin1_code == p.admin1_code for a in others):
            continue
        same_country = [r for r in named if r.country_code == p.country_code]
        if same_country:
            far = _FAR_KM
        elif p.country_code in countries or not countries <= {r.country_code for r in named}:
            # "Belgorod governor ... Ukraine said its village of X": both sides are named; a story
            # that names places of other countries too is not about its one region
            continue
        else:
            far, same_country = _FAR_ABROAD_KM, named  # a namesake in a country the article never names
        if any(_km_to(p, a) <= far for a in others):
            continue
        candidates = regions.candidates(m.text)
        if any(c.kind in ("admin1", "admin2") or (c.kind == "city" and c.population >= _VILLAGE and
                                                  c.place_id != p.place_id) for c in candidates):
            # the name is a region's too (the text may mean the province), or a sizeable town's
            # elsewhere (the geoparser picked among namesakes: its choice, not a lost village)
            continue
        codes = {r.admin1_code for r in same_country if r.admin1_code}
        repick = next((c for c in candidates if c.kind == "city" and c.admin1_code in codes), None)
        if repick is not None:
            out[k] = dataclasses.replace(m, place=repick)
        elif len(same_country) == 1:
            out[k] = dataclasses.replace(m, place=same_country[0])
    return out
