"""The article's focus: where given spans with unknown names are placed.

A given span whose name the gazetteer does not know (a village, a camp, a suburb) is put
at the admin-1 region or country that most of the article's resolved mentions lie in
(:func:`place_at_focus`), at the point of the story's local centre inside it (the resolved
town or county most central to the article's other towns there, :func:`local_centre`) when
it names any; fallback guesses that land outside every country the article
firmly names are treated as unknown names first (:func:`stray_guesses`).

A name tied to the region or country that holds it ("Pingilikani, Kenya", "Stroud,
Ontario", "a village in Kherson oblast") is placed in that container instead, when the
gazetteer does not know it or knows it only elsewhere (:func:`named_containers`): the
text says where it is, and a namesake in England is no reading of a Stroud in Ontario.
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from typing import TYPE_CHECKING, Sequence

from gazetteer.geodesy import distance_km
from gazetteer.normalize import fold

from geomap.geoparsing.features import SMALL_PLACE

from geomap.geoparsing.recognized import Recognized
from geomap.model import Mention

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer import Gazetteer

__all__ = ["GUESS_CONFIDENCE", "FOCUS_FALLBACK_SCORE", "LOCAL_KINDS", "MAX_CENTRE_PLACES",
           "CENTRE_MIN_SCORE", "CONTAINER_GAPS", "container_gap",
           "stray_guesses", "stray_small_towns", "place_at_focus", "article_focus", "local_centre",
           "named_containers", "place_in_containers"]


#: Given spans recognised only through a fallback (a stripped feature word or direction,
#: a derived demonym, one word of the name) have at most this confidence.
GUESS_CONFIDENCE = 0.6


def stray_guesses(recs: Sequence[Recognized], mentions: Sequence[Mention]) -> set[int]:
    """Indices of fallback guesses that land in a country none of the article's firmly
    recognised mentions is in ("West Midlands" -> Midlands, Zimbabwe, in a story about
    England): they are treated as unknown names.  Two firm mentions are needed, one when
    the guess is a region reached by dropping a direction word."""
    firm_places = [m.place for r, m in zip(recs, mentions)
                   if m.place is not None and r.confidence > GUESS_CONFIDENCE and m.place.country_code]
    stray = {k for k, (r, m) in enumerate(zip(recs, mentions))
             if m.place is not None and r.confidence <= GUESS_CONFIDENCE and r.role == "toponym"
             and m.place.kind in _AREA_KINDS and _FEATURE_WORDS.intersection(fold(r.text).split())}
    firm = {p.country_code for p in firm_places}
    # a region guessed by dropping a direction word, in a country the article never names
    # firmly: "West Midlands" (England) is no Midlands, Zimbabwe; one firm name suffices
    stray |= {k for k, (r, m) in enumerate(zip(recs, mentions))
              if m.place is not None and r.confidence <= GUESS_CONFIDENCE and r.role == "toponym"
              and m.place.kind in _AREA_KINDS and firm and m.place.country_code not in firm
              and _DIRECTION_WORDS.intersection(fold(r.text).split())}
    if len(firm_places) < 2:   # one other name is too little to overrule a guess
        return stray
    stray |= {k for k, (r, m) in enumerate(zip(recs, mentions))
              if m.place is not None and r.confidence <= GUESS_CONFIDENCE and r.role == "toponym"
              and m.place.country_code and m.place.country_code not in firm}
    return stray | _stray_villages(recs, mentions) | _stray_in_region(recs, mentions, firm_places) \
        | stray_small_towns(recs, mentions)


#: Share of the firmly read places in one first-level region that makes it the story's.
REGION_MAJORITY = 2 / 3
#: Towns smaller than this, read in another first-level region than the story's, are strays
#: (stray_small_towns): a city this big is named elsewhere on purpose.
STRAY_TOWN_POPULATION = 30_000


def _stray_in_region(recs: Sequence[Recognized], mentions: Sequence[Mention], firm_places) -> set[int]:
    """Fallback guesses read as a town of another first-level region of the country most
    of the article's firm places lie in, when at least two thirds of them share one region:
    "Jackson Township" in a story about New Jersey is no Jackson, Georgia (the township is
    unknown; the focus places it)."""
    regions = Counter((p.country_code, p.admin1_code) for p in firm_places if p.admin1_code)
    if not regions:
        return set()
    (cc, a1), held = regions.most_common(1)[0]
    if held < 2 or held < REGION_MAJORITY * len(firm_places):
        return set()
    return {k for k, (r, m) in enumerate(zip(recs, mentions))
            if m.place is not None and r.confidence <= GUESS_CONFIDENCE and r.role == "toponym"
            and m.place.kind == "city" and m.place.country_code == cc and m.place.admin1_code != a1}


def stray_small_towns(recs: Sequence[Recognized], mentions: Sequence[Mention]) -> set[int]:
    """Small towns (under ``STRAY_TOWN_POPULATION`` people) read in another first-level
    region of the country the story is about, when at least three other names are firm, two
    thirds of them lie in one region and none in the town's: "Star Lake" in a story about Otter Tail
    County, Minnesota is no hamlet in New York (the village is unknown; the focus places it
    at the story's local centre)."""
    by_key: dict[str, set[tuple[str, str | None]]] = {}
    small = []
    for k, (r, m) in enumerate(zip(recs, mentions)):
        p = m.place
        if p is None or r.role != "toponym":
            continue
        if r.confidence > GUESS_CONFIDENCE and p.country_code \
                and p.kind in ("city", "admin1", "admin2"):
            by_key.setdefault(r.key, set()).add((p.country_code, p.admin1_code))
        if p.kind == "city" and (p.population or 0) < STRAY_TOWN_POPULATION and p.admin1_code:
            small.append(k)
    if not small or len(by_key) < 3:
        return set()
    regions = Counter(code for codes in by_key.values() for code in codes)   # keys per region
    out = set()
    for k in small:
        r, p = recs[k], mentions[k].place
        own = by_key.get(r.key, set())
        here = (p.country_code, p.admin1_code)
        n_others = len(by_key) - (r.key in by_key)
        if n_others < 3 or regions[here] - (here in own) > 0:
            continue   # too few other names, or another name lies in the town's region
        held = {code: n - (code in own) for code, n in regions.items()}
        (cc, a1), most = max(held.items(), key=lambda item: item[1])
        if cc == p.country_code and a1 and a1 != p.admin1_code \
                and most >= REGION_MAJORITY * n_others:
            out.add(k)
    return out


def _stray_villages(recs: Sequence[Recognized], mentions: Sequence[Mention]) -> set[int]:
    """Small places (under ``SMALL_PLACE`` people) in a country that none of the
    article's other firmly read names is in, when at least two other names are firm:
    "Piccadilly" in a London story is no hamlet in Western Australia."""
    by_key: dict[str, set[str]] = {}
    for r, m in zip(recs, mentions):
        if m.place is not None and r.confidence > GUESS_CONFIDENCE and m.place.country_code \
                and r.role != "demonym":
            by_key.setdefault(r.key, set()).add(m.place.country_code)
    if len(by_key) < 3:
        return set()
    out = set()
    for k, (r, m) in enumerate(zip(recs, mentions)):
        p = m.place
        if p is None or p.kind != "city" or (p.population or 0) >= SMALL_PLACE or r.role != "toponym":
            continue
        others = [codes for key, codes in by_key.items() if key != r.key]
        if len(others) >= 2 and not any(p.country_code in codes for codes in others):
            out.add(k)
    return out


#: A guess that reads a lake, river, mountain, park or settlement as the area its other
#: word names is no reading of it: "Lake Vermont" (in Minnesota) is not Vermont, "Tennessee
#: Colony" not Tennessee, "Freeborn Lake" not Freeborn County.  Such spans are treated as
#: unknown names ("Vest-Agder" or "Swat Valley" still read as Agder and Swat).
_AREA_KINDS = frozenset({"country", "admin1", "admin2"})
_FEATURE_WORDS = frozenset({"lake", "river", "creek", "mount", "mountain", "colony", "park",
                            "island", "bay", "springs", "falls", "dam", "reservoir"})

_DIRECTION_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern",
                              "eastern", "western", "central"})

#: Score of a given span placed at the article's focus because its name is unknown.
FOCUS_FALLBACK_SCORE = 0.05
#: Kinds of resolved mentions that make a story's local centre.
LOCAL_KINDS = frozenset({"city", "admin2"})
#: Mentions scoring below this do not make the local centre.
CENTRE_MIN_SCORE = 0.25
#: The local centre is chosen among at most this many distinct places (the most mentioned).
MAX_CENTRE_PLACES = 30


def local_centre(places: Sequence, focus) -> tuple[float, float] | None:
    """(lat, lon) of the story's local centre inside ``focus`` (an admin-1 region or a
    country): of the resolved towns and counties in it, the one with the least total
    distance to the others (each counted once per mention); None when there is none.

    An unknown name in a local story (a village, a street, a suburb) lies near the story's
    towns more often than near its region's centre point -- on the development sets, 40 of
    124 such names were within 161 km of the region's or country's point, 70 of 124 within
    161 km of this centre."""
    counts = Counter(p for p in places if p.kind in LOCAL_KINDS and p.country_code == focus.country_code
                     and (focus.kind != "admin1" or p.admin1_code == focus.admin1_code))
    if not counts:
        return None
    members = [p for p, _ in counts.most_common(MAX_CENTRE_PLACES)]
    best = min(members, key=lambda p: sum(counts[q] * distance_km(p.lat, p.lon, q.lat, q.lon)
                                          for q in members))
    return best.lat, best.lon


def place_at_focus(mentions: list[Mention], stray: set[int] = frozenset(), *,
                   gazetteer: "Gazetteer | None" = None) -> list[Mention]:
    """Given spans whose name the gazetteer does not know (a village, a camp, a suburb) are
    placed at the article's focus, with score ``FOCUS_FALLBACK_SCORE``: the admin-1 region
    that holds at least half of the resolved mentions in the article's main country, else
    the main country.  The main country is the one most resolved toponyms lie in.  A
    region or country the article does not name itself needs two resolved mentions in it
    (found with ``gazetteer.containing``).  Unchanged when there is no
    such focus.  ``stray``: indices of mentions to treat as unknown too (when there is a
    focus)."""
    if all(m.place is not None for m in mentions) and not stray:
        return mentions
    focus = article_focus(mentions, stray, gazetteer=gazetteer)
    if focus is None:
        return mentions
    return [m if m.place is not None and k not in stray else
            Mention(m.start, m.end, m.text, focus, FOCUS_FALLBACK_SCORE, m.role)
            for k, m in enumerate(mentions)]


def article_focus(mentions: Sequence[Mention], stray: set[int] = frozenset(), *,
                  gazetteer: "Gazetteer | None" = None):
    """The article's focus (see :func:`place_at_focus`) at the story's local centre inside
    it, or None.  ``stray``: indices of mentions whose places do not count."""
    resolved = [m.place for k, m in enumerate(mentions)
                if m.place is not None and m.role != "demonym" and k not in stray]
    countries = Counter(p.country_code for p in resolved if p.country_code)
    if not countries:
        return None
    main, count = countries.most_common(1)[0]
    focus = None
    regions = Counter(p.admin1_code for p in resolved if p.country_code == main and p.admin1_code)
    if regions:
        code, held = regions.most_common(1)[0]
        if held * 2 >= count:
            focus = next((p for p in resolved if p.kind == "admin1" and p.admin1_code == code), None)
            if focus is None and gazetteer is not None and count >= 2:   # unnamed region
                focus = _unnamed_area(resolved, gazetteer, kind="admin1", field="admin1_code", value=code)
    if focus is None:
        focus = next((p for p in resolved if p.kind == "country" and p.country_code == main), None)
    if focus is None and gazetteer is not None and count >= 2:   # unnamed country
        focus = _unnamed_area(resolved, gazetteer, kind="country", field="country_code", value=main)
    if focus is None:
        return None
    centre = local_centre([m.place for k, m in enumerate(mentions)
                           if m.place is not None and m.role != "demonym" and k not in stray
                           and m.score >= CENTRE_MIN_SCORE], focus)
    if centre is not None:   # the area, at the story's local centre inside it
        focus = dataclasses.replace(focus, lat=centre[0], lon=centre[1], representative=True)
    return focus


def _unnamed_area(resolved, gazetteer, *, kind: str, field: str, value: str):
    """The ``kind`` area (admin1 or country) whose ``field`` is ``value`` and that holds the
    article's places, found by position when the article never names it; else ``None``."""
    member = next(p for p in resolved if getattr(p, field) == value)
    found = gazetteer.containing(member.lat, member.lon, kind=kind)
    return found if found is not None and getattr(found, field) == value else None


#: Text between a place and the region or country named as holding it.
CONTAINER_GAPS = frozenset({", ", " in ", ", in ", " in the ", " in northern ", " in southern ",
                            " in eastern ", " in western ", " in central "})
#: Words that may stand between a name and that gap: what the place is ("the Wedza district,
#: Mashonaland East province", "Abu Shok refugee camp in Al-Fashir").
CONTAINER_FEATURE_WORDS = frozenset({
    "district", "county", "province", "region", "area", "municipality", "township", "village",
    "town", "city", "camp", "refugee", "settlement", "suburb", "neighbourhood", "neighborhood",
    "valley", "island", "commune", "parish", "locality", "sub-district", "subdistrict"})
_CONTAINER_KINDS = frozenset({"country", "admin1", "admin2"})
#: A named region (a valley, an island, a historical region) holds a place when it is no
#: bigger than this many degrees each way ("Kalam in the Swat Valley"; not "the Middle East").
REGION_CONTAINER_DEGREES = 6.0
#: A container read with less confidence than this places nothing ("North-Western Sydney"
#: is no Zambian province).
CONTAINER_MIN_SCORE = 0.5
_LIST_AFTER = (", ", " and ", ", and ", " or ", " / ")


def _contains(outer, inner) -> bool:
    from geomap.geoparsing.resolve import contains

    return contains(outer, inner)


def container_gap(gap: str) -> bool:
    """Whether ``gap`` (the text between a name and the next mention) says the next mention
    holds it: one of :data:`CONTAINER_GAPS`, after at most two feature words (" district, ",
    " refugee camp in ")."""
    if gap in CONTAINER_GAPS:
        return True
    if len(gap) > 40:
        return False
    for _ in range(2):
        if not gap.startswith(" "):
            return False
        body = gap[1:]
        end = next((i for i, ch in enumerate(body) if ch in " ,"), len(body))
        if body[:end].lower() not in CONTAINER_FEATURE_WORDS:
            return False
        gap = body[end:]
        if gap in CONTAINER_GAPS:
            return True
    return False


def _holds(outer, *, unknown: bool) -> bool:
    """Whether a place of this kind can be named as the container of another: a country or
    admin region; a small named region; a town only for a name otherwise unknown or
    guessed ("Greenlane, Auckland")."""
    if outer.kind in _CONTAINER_KINDS:
        return True
    if outer.kind == "region":
        box = outer.bbox
        return box is not None and box[2] - box[0] <= REGION_CONTAINER_DEGREES \
            and box[3] - box[1] <= REGION_CONTAINER_DEGREES
    return unknown and outer.kind == "city"


def named_containers(text: str, mentions: Sequence[Mention], unknown: set[int],
                     guesses: set[int] = frozenset()) -> dict[int, Mention]:
    """{index: container mention} for the mentions of ``text`` followed by the place that
    holds them ("Pingilikani, Kenya", "Stroud, Ontario", "the Wedza district, Mashonaland
    East province", "Kalam in the Swat Valley"), whose own reading is unknown
    (``unknown``: no place, or a stray guess), a guess (``guesses``: a misspelling or
    fallback reading) outside it, or a town outside it.

    The container must be a country, admin-1 or admin-2 region, a named region no bigger
    than :data:`REGION_CONTAINER_DEGREES`, or -- for an unknown or guessed name only -- a
    town ("Greenlane, Auckland"), resolved with a score of at least
    :data:`CONTAINER_MIN_SCORE`.  A container that opens a list of its own kind
    ("Chicago, Ohio and Texas"), or a name that follows one ("Zaire, Bundibugyo, Ivory
    Coast and Sudan"), is a list, not an address.  One sort of the mentions by start (given
    spans come in any order), then linear."""
    out: dict[int, Mention] = {}
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)  # given spans: any order
    for pos in range(len(order) - 1):
        k = order[pos]
        m, c = mentions[k], mentions[order[pos + 1]]
        if m.role not in ("toponym", "street") or c.role != "toponym" or c.place is None:
            continue
        outer = c.place
        own = m.place
        vague = k in unknown or own is None or k in guesses
        if not _holds(outer, unknown=vague) or c.start - m.end > 40 \
                or not container_gap(text[m.end:c.start]):
            continue
        if c.score < CONTAINER_MIN_SCORE or order[pos + 1] in guesses or order[pos + 1] in unknown:
            continue   # a guessed container holds nothing ("Lake Robinson, Lake Cunningham")
        if pos > 0:   # "Zaire, Bundibugyo, Ivory Coast and Sudan": a list, not an address
            prev = mentions[order[pos - 1]]
            if prev.place is not None and prev.place.kind == outer.kind and m.start - prev.end <= 6 \
                    and text[prev.end:m.start] in _LIST_AFTER:
                continue
        if pos + 2 < len(order):
            nxt = mentions[order[pos + 2]]
            if nxt.place is not None and nxt.place.kind == outer.kind and nxt.start - c.end <= 6 \
                    and text[c.end:nxt.start] in _LIST_AFTER:
                continue
        if k in unknown or own is None:
            out[k] = c
        elif k in guesses and not _contains(outer, own) and own.place_id != outer.place_id:
            out[k] = c
        elif own.kind in ("city", "other") and own.country_code and not _contains(outer, own) \
                and not (outer.kind == "admin2" and own.country_code == outer.country_code) \
                and outer.kind in _CONTAINER_KINDS:
            # a town read elsewhere than the region the text puts it in (a county's point is
            # too rough to overrule a town of its own country)
            out[k] = c
    return out


def place_in_containers(text: str, mentions: list[Mention], unknown: set[int], *,
                        score: float, guesses: set[int] = frozenset()
                        ) -> tuple[list[Mention], set[int]]:
    """``mentions`` with those of :func:`named_containers` placed at their container with
    at most ``score``: at the story's local centre inside it when the article names towns
    there (:func:`local_centre`), else at the container's own point; and the indices
    placed."""
    found = named_containers(text, mentions, unknown, guesses)
    if not found:
        return mentions, set()
    local = [m.place for k, m in enumerate(mentions)
             if m.place is not None and m.role != "demonym" and k not in found and k not in unknown
             and m.score >= CENTRE_MIN_SCORE]
    points: dict[str, object] = {}
    out = list(mentions)
    for k, c in found.items():
        m = mentions[k]
        place = points.get(c.place.place_id)
        if place is None:
            place = c.place
            centre = local_centre(local, place) if place.kind in ("country", "admin1") else None
            if centre is not None:   # the region, at the story's local centre inside it
                place = dataclasses.replace(place, lat=centre[0], lon=centre[1], representative=True)
            points[c.place.place_id] = place
        out[k] = Mention(m.start, m.end, m.text, place,
                         min(score, m.score) if m.place is not None else score, m.role)
    return out, set(found)
