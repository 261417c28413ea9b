"""Qualifiers: "Lozova, Kharkiv", "Lozova (Kharkiv region)", "Lozova in the Kharkiv region".

A place name right after another, in one of these forms, usually names the region that
contains the first: it is a qualifier, not a second place.  :func:`apply_qualifiers` runs once
per article over the sorted mentions (one pass over adjacent pairs: linear time) and

* marks the qualifier mention with ``role="qualifier"`` (never an event location; a list
  goes on across it: "Lozova, Kharkiv, and Izium, Kharkiv");
* re-picks the first place among places of the same name inside the qualifier's region
  ("Kamianske, Zaporizhzhia" is the Kamianske of Zaporizhzhia oblast, not the big one of
  Dnipropetrovsk oblast);
* when the first name is not a known place ("near Vysoka Yaruha, Kharkiv"), gives the whole
  span "Vysoka Yaruha, Kharkiv" the region's place: the event is somewhere in that region
  (``geo_precision`` 3), which is all the text lets us say;
* "the Odesa and Mykolaiv regions" / "Kharkiv and Sumy oblasts" / "several regions, including
  Kyiv and Odesa": each name is its region;
* "Dvorichna village, Kharkiv" is the comma form too; when X was resolved to Y's own place
  ("Oleksandrivka, Donetsk" read as Donetsk), X is looked up again inside the region;
* "X in the Y region" with X a name the geoparser left out: X is looked up inside Y (only a
  place found there is taken); "Velyka Komyshuvakha, Kharkiv" with only "Velyka" matched: the
  whole name is looked up in the region, else the span is a region-level mention;
* "A, B" closing its phrase names A and its region even when A is a big town elsewhere: the
  event is in B's region (a region-level row), unless A lies on that region's edge (within
  0.1 degree of its box), a town a writer grouped loosely with its neighbour;
* a district named after its centre ("the Beryslav district") is coded to that town, as ACLED
  codes a district (``geo_precision`` 2); "the X region" or "the X axis" read as the city X is
  the region X.

The qualifier is an admin-1 region: a mention resolved to one, or a city that shares its
region's name ("Kharkiv" for Kharkiv oblast; "Zaporizhia" for Zaporizhzhia oblast; also when
the geoparser read Y as a same-name town of another country), or a country ("Kharkiv,
Ukraine").  It qualifies only when the first place can lie in it: a list
of cities ("Kharkiv, Sumy and Chernihiv") stays a list.
"""
from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from typing import TYPE_CHECKING, Callable, Sequence

from geomap.geoparsing.lexicon.words import ADMIN_GENERICS, COMMON_WORDS, GENERIC_NOUNS, PERSON_TITLES, STREET_SUFFIXES
from geomap.model import Mention, Place

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer import Gazetteer

__all__ = ["apply_qualifiers", "QUALIFIER_ROLE", "Regions", "regions_for"]

QUALIFIER_ROLE = "qualifier"

#: "Lozova, Kharkiv"; also "Dvorichna village, Kharkiv" (a lower-case settlement word before the comma)
_COMMA_GAP = re.compile(r"(?:\s+(?:village|town|city|settlement|hamlet))?,\s*")
_PAREN_GAP = re.compile(r"\s*\(\s*")
#: "Lozova in the Kharkiv region", "Izium, a town in the Kharkiv region" (not "Sumy from their
#: positions in the Kursk region": no preposition between)
_IN_THE_GAP = re.compile(r"(?:,\s*|\s+)(?:(?!(?:from|to|by|with|against|at|on|into|towards?|of|for)\s)[a-z-]+\s+){0,3}"
                         r"in\s+the\s+")
_LIST_GOES_ON = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)[A-Z]")
_AND_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)")
_PLURAL_REGIONS = re.compile(r"\s+(?:regions|oblasts|provinces)\b", re.I)
_REGION_WORD = re.compile(r"(?:\s+(?:region|oblast|province))", re.I)
#: a qualifier ends its phrase: punctuation, a region word, or a preposition/verb follows
#: a qualifier ends its phrase: punctuation, a region word, or a lower-case word (a preposition or a
#: verb: "near Lozova, Kharkiv from ...") follows; a capitalised word may continue a longer name
_QUALIFIER_END = re.compile(r"\s*(?:$|[.,;:()!?\[]|(?i:region|oblast|province)\b|[a-z])")
#: an unknown name right before ", Region": capitalised words, optionally an area word after them
_UNKNOWN_NAME = re.compile(r"(?:(?<=\s)|(?<=^))(?P<name>(?:[A-Z][\w’'-]*[a-z][\w’'-]*\s+){0,3}[A-Z][\w’'-]*[a-z][\w’'-]*"
                           r"(?:\s+(?:territorial\s+)?(?:community|hromada|district|raion|area|settlement|village))?)$")
_NOT_NAMES = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december the a an on in at of near and or but as after before during ukrainian
russian ukrainians russians separately meanwhile however also later earlier today yesterday overnight residents
officials forces police army troops military""".split())
_LEAD_WORD = re.compile(r"[a-z]")

_BIG_CITY = 50_000
_WEAK_SCORE = 0.45
_TOWN = 15_000


def _fold(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.casefold())


def _strip_region_word(name: str) -> str:
    return re.sub(r"\s+(?:oblast|region|province|krai|kray|oblast’|republic)$", "", name.strip(), flags=re.I)


class _Regions:
    """Cached gazetteer look-ups for one gazetteer."""

    def __init__(self, gazetteer: "Gazetteer | None", opener: Callable[[], "Gazetteer"] | None) -> None:
        self._gz = gazetteer
        self._opener = opener
        self.region_of_name = functools.lru_cache(maxsize=4096)(self._region_of_name)
        self.candidates = functools.lru_cache(maxsize=4096)(self._candidates)

    @property
    def gz(self) -> "Gazetteer | None":
        if self._gz is None and self._opener is not None:
            try:
                self._gz = self._opener()
            except Exception:  # no gazetteer: qualifiers still mark, nothing is re-picked
                self._opener = None
        return self._gz

    def _region_of_name(self, name: str) -> Place | None:
        """The admin-1 region named ``name`` ("Kharkiv" -> Kharkiv Oblast), or None."""
        gz = self.gz
        if gz is None:
            return None
        base = _strip_region_word(name)
        want = _fold(base)
        if not want:
            return None
        for place in gz.candidates(base + " region", limit=5):
            if place.kind != "admin1":
                continue
            have = _fold(_strip_region_word(place.name))
            if have == want or difflib.SequenceMatcher(None, have, want).ratio() >= 0.8:
                return place
        return None

    def _candidates(self, name: str) -> tuple[Place, ...]:
        gz = self.gz
        return tuple(gz.candidates(name, limit=30)) if gz is not None else ()


def _qualifier_region(regions: _Regions, y: Mention) -> tuple[Place, frozenset[str]] | None:
    """(the region, its admin-1 codes) when ``y`` can name a region that contains places."""
    p = y.place
    if p is None or y.role not in ("toponym", "metonym"):
        return None
    if p.kind == "admin1":
        return p, frozenset(c for c in (p.admin1_code,) if c)
    if p.kind == "country":
        return p, frozenset()
    if p.kind == "city" and p.population >= _BIG_CITY:
        # the region may lie in another country than the city the geoparser chose
        # ("Dyliivka, Donetsk" with Donetsk read as the Russian town): the region is what Y names
        region = regions.region_of_name(y.text)
        if region is not None:
            return region, frozenset(c for c in (region.admin1_code, p.admin1_code) if c)
    return None


def _inside(place: Place, region: Place, codes: frozenset[str]) -> bool:
    if region.kind == "country":
        return place.kind != "country" and bool(place.country_code) and place.country_code == region.country_code
    return place.kind not in ("admin1", "country", "continent") and place.admin1_code in codes


def _repick(regions: _Regions, x: Mention, region: Place, codes: frozenset[str], *,
            exclude: Place | None = None) -> Place | None:
    """X's place inside the region: the current one, else the best same-name candidate; None
    when no place of that name lies in it (``exclude``: a place X cannot be)."""
    banned = exclude.place_id if exclude is not None else None
    if x.place is not None and x.place.place_id != banned and _inside(x.place, region, codes):
        return x.place
    for cand in regions.candidates(x.text):
        if cand.place_id != banned and _inside(cand, region, codes):
            return cand
    return None


#: how far (degrees) outside a region's box a town may lie and still be "on its edge"
_EDGE_DEGREES = 0.1


def _near_box(place: Place, region: Place) -> bool:
    """Does ``place`` lie inside or just outside ``region``'s bounding box?"""
    if region.bbox is None:
        return False
    west, south, east, north = region.bbox
    e = _EDGE_DEGREES
    return west - e <= place.lon <= east + e and south - e <= place.lat <= north + e


def apply_qualifiers(text: str, mentions: Sequence[Mention], *, gazetteer: "Gazetteer | None" = None,
                     opener: Callable[[], "Gazetteer"] | None = None, regions: _Regions | None = None) -> list[Mention]:
    """The mentions with qualifiers marked, places re-picked and region lists expanded (sorted
    by start).  ``gazetteer`` (or ``opener``, called only when a look-up is needed) resolves
    same-name places and region names."""
    ms = sorted(mentions, key=lambda m: (m.start, m.end))
    regions = regions or _Regions(gazetteer, opener)
    out: list[Mention] = list(ms)
    k = 0
    while k < len(out):
        y = out[k]
        if y.place is not None and y.place.kind == "admin2":
            centre = _district_centre(regions, y)
            if centre is not None:
                out[k] = y = dataclasses.replace(y, place=centre)
        elif y.place is not None and y.place.kind == "city" and y.role == "toponym" and (
                _REGION_WORD_END.search(y.text) or _FRONT_AFTER.match(text, y.end)):
            # "the Zaporizhia region" read as the city; "the Zaporizhzhia axis" (a front sector
            # named after its region): the region, when one has that name
            region = regions.region_of_name(y.text)
            if region is not None:
                out[k] = y = dataclasses.replace(y, place=region)
        listed = _regions_including(text, out, k, regions)
        if listed:
            k += listed
            continue
        handled = _plural_regions(text, out, k, regions)
        if handled:
            k += 1
            continue
        gap_before = text[out[k - 1].end:y.start] if k else None
        x = out[k - 1] if k else None
        after = text[y.end:y.end + 40]
        form = None
        if x is not None and gap_before is not None:
            if _COMMA_GAP.fullmatch(gap_before):
                form = "comma"
            elif _PAREN_GAP.fullmatch(gap_before) and re.match(r"(?:\s+(?:region|oblast|province))?\s*\)", after, re.I):
                form = "paren"
            elif _IN_THE_GAP.fullmatch(gap_before) and (_REGION_WORD.match(after) or
                                                        (y.place is not None and y.place.kind == "admin1")):
                form = "in the"
        if form is not None and x is not None and x.role == "toponym" and x.place is not None and \
                _QUALIFIER_END.match(after):
            q = _qualifier_region(regions, y)
            if q is not None and not (x.place.kind in ("admin1", "country", "continent")):
                region, codes = q
                # "Oleksandrivka, Donetsk" with X resolved to Y itself: X is not Y, look again
                same = y.place is not None and x.place.place_id == y.place.place_id and _fold(x.text) != _fold(y.text)
                picked = _repick(regions, x, region, codes, exclude=y.place if same else None)
                explicit = y.place is not None and y.place.kind == "admin1"
                ends_list = not _LIST_GOES_ON.match(text, y.end)
                # "A, B" closing a phrase ("shelled A, B.") names A and its region; "A, B and C" is a list
                closes = ends_list and not (k >= 2 and _AND_GAP.fullmatch(text[out[k - 2].end:x.start]))
                if picked is None and region.kind == "admin1" and (
                        same or explicit or x.place.country_code != region.country_code or x.place.population < _TOWN
                        or closes):
                    # the text says X lies in Y: a place of that name elsewhere is the wrong one, unless
                    # it is a sizeable town on the region's edge ("Nikopol, Kherson")
                    if not same and x.place.country_code == region.country_code and \
                            x.place.population >= _BIG_CITY and _near_box(x.place, region):
                        picked = x.place
                    else:
                        out[k - 1] = _region_span(text, x.start, y, region)
                        del out[k]
                        continue
                if picked is not None:
                    if picked is not x.place:
                        out[k - 1] = dataclasses.replace(x, place=picked)
                    out[k] = dataclasses.replace(y, role=QUALIFIER_ROLE)
                    k += 1
                    continue
        # an unknown name before ", Region": the event is somewhere in that region
        if form is None and y.role == "toponym" and y.place is not None and _QUALIFIER_END.match(after):
            gap_start = out[k - 1].end if k else 0
            lead = text[gap_start:y.start]
            m = re.search(r"(?:,\s*|\s*\(\s*|\s+in\s+the\s+)$", lead)
            # "from X in the Luhansk region" with X a name the geoparser left out: only a place
            # of that name inside the region is taken (never a span: "President X in the ... region")
            in_the = m is not None and m.group(0).strip().startswith("in") and y.place.kind == "admin1"
            if m is not None and (in_the or m.group(0).strip() == "," or
                                  re.match(r"(?:\s+(?:region|oblast|province))?\s*\)", after, re.I)):
                before = lead[:m.start()]
                q = _qualifier_region(regions, y) if k and _joins_unknown(text, out[k - 1], before, in_the) else None
                if q is not None and q[0].kind == "admin1" and not _inside(out[k - 1].place, *q):
                    # "near Velyka Komyshuvakha, Kharkiv" with only "Velyka" matched (a namesake outside
                    # the region): the unknown name starts at that word
                    x = out[k - 1]
                    name_text = text[x.start:gap_start] + before
                    region, codes = q
                    known = next((c for c in regions.candidates(name_text) if _inside(c, region, codes)), None)
                    if known is not None:
                        out[k - 1] = Mention(x.start, x.start + len(name_text), name_text, known, y.score, "toponym")
                        out[k] = dataclasses.replace(y, role=QUALIFIER_ROLE)
                        k += 1
                        continue
                    out[k - 1] = _region_span(text, x.start, y, region)
                    del out[k]
                    continue
                name = _UNKNOWN_NAME.search(before[-80:])
                if name is not None and _plausible_unknown(before, name):
                    q = _qualifier_region(regions, y)
                    if q is not None and q[0].kind == "admin1":
                        region, codes = q
                        start = gap_start + len(before) - len(name.group("name"))
                        known = next((c for c in regions.candidates(name.group("name")) if _inside(c, region, codes)),
                                     None)
                        if known is not None:  # a place the geoparser left out: the region picks it
                            out[k] = dataclasses.replace(y, role=QUALIFIER_ROLE)
                            out.insert(k, Mention(start, start + len(name.group("name")), name.group("name"), known,
                                                  y.score, "toponym"))
                            k += 2
                            continue
                        if not in_the:
                            out[k] = _region_span(text, start, y, region)
        k += 1
    return out


_REGION_WORD_END = re.compile(r"\s(?:region|oblast|province)$", re.I)
_FRONT_AFTER = re.compile(r"\s+(?:axis|direction|front|sector)\b", re.I)
_DISTRICT = re.compile(r"(?P<base>.+?)\s+(?:district|raion|rayon)", re.I)


def _district_centre(regions: _Regions, m: Mention) -> Place | None:
    """"the Beryslav district" -> the town Beryslav: a district named after its centre is coded to
    that town, as ACLED does (``geo_precision`` 2, see :func:`geomap.events.locate.geo_precision_of`).
    None unless a town of the district's name lies inside the district."""
    d = _DISTRICT.fullmatch(m.text)
    district = m.place
    if d is None or district is None or district.bbox is None:
        return None
    west, south, east, north = district.bbox
    for cand in regions.candidates(d.group("base")):
        if cand.kind == "city" and west <= cand.lon <= east and south <= cand.lat <= north:
            return cand
    return None


def _region_span(text: str, start: int, y: Mention, region: Place) -> Mention:
    """"Vysoka Yaruha, Kharkiv" as one mention of the Kharkiv region (the event is somewhere in it)."""
    end = y.end
    region_word = _REGION_WORD.match(text, end)
    if region_word and (y.place is None or y.place.kind != "admin1"):
        end = region_word.end()
    if text[end:end + 1] == ")" and "(" in text[start:y.start]:
        end += 1
    return Mention(start, end, text[start:end], region, y.score, "toponym")


_ENGLISH = GENERIC_NOUNS | COMMON_WORDS | STREET_SUFFIXES | PERSON_TITLES | frozenset(ADMIN_GENERICS) | frozenset(
    "city town village district regional nuclear plant factory detention youth community civic superior".split())
#: " Komyshuvakha": capitalised words right after a matched name, continuing it
_NAME_TAIL = re.compile(r"(?:\s[A-Z][\w’'-]*[a-z][\w’'-]*){1,2}")


def _joins_unknown(text: str, x: Mention, before: str, in_the: bool) -> bool:
    """Is ``x`` the first word of a longer unknown name that ``before`` ends ("Velyka" +
    " Komyshuvakha")?  Only a weakly resolved village, and only before words that are no English
    nouns of buildings and organisations ("Kozacha Lopan Fire Station" is a station in Kozacha Lopan)."""
    p = x.place
    if in_the or x.role != "toponym" or p is None or p.kind != "city" or x.end + len(before) > len(text):
        return False
    if p.population >= _TOWN and x.score >= _WEAK_SCORE:
        return False
    if not _NAME_TAIL.fullmatch(before):
        return False
    return not any(w.casefold() in _NOT_NAMES or w.casefold() in _ENGLISH for w in before.split())


def _plausible_unknown(before: str, name: re.Match[str]) -> bool:
    words = name.group("name").split()
    if any(w.casefold() in _NOT_NAMES for w in words):
        return False
    lead = before[:len(before) - len(name.group("name"))].rstrip()
    # the name does not open the sentence: a lower-case word or a comma/parenthesis precedes it
    return bool(lead) and (bool(_LEAD_WORD.match(lead.split()[-1][:1])) or lead[-1] in ",(")


#: "drones attacked several regions overnight, including ": the names listed next are regions
_REGIONS_INCLUDING = re.compile(r"\b(?:regions|oblasts|provinces)\b[^.;:()]{0,50}?\bincluding\s+(?:the\s+)?$", re.I)


def _regions_including(text: str, out: list[Mention], k: int, regions: _Regions) -> int:
    """"several regions, including Kyiv and Odesa": out[k] starts the list; every listed name
    becomes its region.  How many mentions it changed (0: it did not apply)."""
    lo = max(out[k - 1].end if k else 0, out[k].start - 80)
    if text.find("ncluding", lo, out[k].start) < 0 or not _REGIONS_INCLUDING.search(text, lo, out[k].start):
        return 0
    chain = [k]
    while chain[-1] + 1 < len(out) and _AND_GAP.fullmatch(text[out[chain[-1]].end:out[chain[-1] + 1].start]):
        chain.append(chain[-1] + 1)
    picked = _regions_of(out, chain, regions, resolved_toponyms=True)
    if picked is None:
        return 0
    _give(out, picked)
    return len(chain)


def _regions_of(out: list[Mention], chain: list[int], regions: _Regions, *,
                resolved_toponyms: bool) -> dict[int, Place] | None:
    """The admin-1 region each listed name stands for, or None when one has none (with
    ``resolved_toponyms``, only resolved place names may be looked up by name)."""
    picked: dict[int, Place] = {}
    for i in chain:
        m = out[i]
        if m.place is not None and m.place.kind == "admin1":
            picked[i] = m.place
            continue
        ok = not resolved_toponyms or (m.place is not None and m.role == "toponym")
        region = regions.region_of_name(m.text) if ok else None
        if region is None:
            return None
        picked[i] = region
    return picked


def _give(out: list[Mention], picked: dict[int, Place], **role: str) -> None:
    """Each picked mention now stands for its region (and takes ``role``, when given)."""
    for i, place in picked.items():
        if out[i].place is not place:
            out[i] = dataclasses.replace(out[i], place=place, **role)


def _plural_regions(text: str, out: list[Mention], k: int, regions: _Regions) -> bool:
    """"the Odesa and Mykolaiv regions": out[k] is the last name; every listed name becomes its
    region.  True when it applied."""
    y = out[k]
    if y.place is None or not _PLURAL_REGIONS.match(text, y.end):
        return False
    chain = [k]
    j = k
    while j > 0 and _AND_GAP.fullmatch(text[out[j - 1].end:out[j].start]):
        j -= 1
        chain.append(j)
    if len(chain) < 2:
        return False
    picked = _regions_of(out, chain, regions, resolved_toponyms=False)
    if picked is None:
        return False
    _give(out, picked, role="toponym")
    return True


_SHARED: dict[int, _Regions] = {}


#: the look-up cache's type, for the other passes that use :func:`regions_for`
Regions = _Regions


def _open_default_gazetteer() -> "Gazetteer":
    """The default store, opened (and built if missing) on the first qualifier look-up."""
    from gazetteer import Gazetteer

    return Gazetteer.open()


def regions_for(gazetteer: "Gazetteer | None") -> _Regions:
    """The look-up cache of ``gazetteer`` (None: the process-wide default gazetteer, opened only
    when a qualifier needs a look-up)."""
    key = id(gazetteer) if gazetteer is not None else 0
    regions = _SHARED.get(key)
    if regions is None or (gazetteer is not None and regions._gz is not gazetteer):
        if gazetteer is None:
            regions = _Regions(None, _open_default_gazetteer)
        else:
            regions = _Regions(gazetteer, None)
        if len(_SHARED) > 8:
            _SHARED.clear()
        _SHARED[key] = regions
    return regions
