"""Facilities and organisations: "Arizona State University", "Atlantic Avenue",
"European Investment Bank", "Pearson International Airport", "Stade de France".

A name whose head is a facility or organisation word (:data:`INSTITUTION_HEADS`,
:data:`STREET_HEADS`) is never resolved through one of its other words as a town: the
recogniser's key is replaced (:func:`place_facilities`, a step between recognition and
resolution) by

* the airport's city, for an airport found in the ``airportsdata`` package when it is
  installed (by its name, or by its code: "(LHR)");
* else the name's own place word, when it is a well-known place (a country, a first-level
  region, a continent or region, a city of 100,000+) or a name the article also uses on its
  own: "Arizona" in "Arizona State University", "Georgia" in "University of Georgia",
  "Mansfield" in "Mansfield Public Library" of an article about Mansfield;
* else nothing: the mention is unresolved (NIL), so a given span is placed at the
  article's focus (:mod:`.focus`) and a recognised one is dropped.  A street's name word is
  never its place ("Washington Street" is not in Washington), nor a newspaper's
  (:data:`MEDIA_HEADS`: "the Washington Post reported" names no place of the story).

The key's confidence is lowered (:data:`FACILITY_CONFIDENCE`): the mention stands for a
facility in that place, not for the place itself, which the calibrated score says.
Facility mentions resolved to a whole country or continent are also given to the focus
fallback (:func:`coarse_facilities`): "Stade de France" in an article about Saint-Denis.
"""
from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

from gazetteer.normalize import fold

from geomap.geoparsing.areas import hromada_spans, region_of_city_keys
from geomap.geoparsing.morphology import demonym_bases
from geomap.geoparsing.recognized import Recognized

if TYPE_CHECKING:  # pragma: no cover
    from geomap.geoparsing.spans import Lookup
    from geomap.model import Mention

__all__ = ["INSTITUTION_HEADS", "STREET_HEADS", "MEDIA_HEADS", "FACILITY_CONFIDENCE", "WELL_KNOWN_CITY",
           "FACILITY_TOWN_MIN",
           "facility_head", "place_facilities", "coarse_facilities", "airport_city"]

#: Head words of institutions and buildings: the name may carry its place ("Arizona State
#: University", "Bank of England") but never through the head word itself.
INSTITUTION_HEADS = frozenset("""
university universities college academy institute school elementary seminary airport airfield
aerodrome center centre hospital clinic infirmary church cathedral chapel basilica mosque
temple synagogue abbey monastery stadium arena stade ballpark coliseum colosseum prison
jail penitentiary bank commission parliament museum library zoo mall hotel casino embassy
consulate courthouse observatory laboratory laboratories
""".split())
#: Last words of newspapers and news outlets: the "New York Times" reports, it is no place
#: of the story, so its place word is no mention at all ("the Kyiv Post reported").
MEDIA_HEADS = frozenset("""
times post herald tribune gazette chronicle courier inquirer telegraph observer
""".split())
#: Street words: the name of a street is never its place ("Atlantic Avenue", "Texas Road").
STREET_HEADS = frozenset("""
avenue ave street st boulevard blvd road rd lane drive highway freeway expressway parkway
turnpike
""".split())
#: Words of a facility's name that are neither its head nor its place.
_MODIFIERS = frozenset("""
state international national regional municipal memorial general community public medical
correctional federal central university college orthodox coptic catholic
baptist methodist episcopal lutheran presbyterian evangelical first united royal investment
development reserve children's childrens women's veterans union the of de du des la le del
di and for at
""".split())
#: Prepositions that join a head to its place: "University of Georgia", "Stade de France".
_HEAD_OF = frozenset({"of", "de", "du", "des", "di", "del", "in", "at"})
FACILITY_CONFIDENCE = 0.5
WELL_KNOWN_CITY = 100_000
FACILITY_TOWN_MIN = 5_000
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
_CODE = re.compile(r"\(([A-Z]{3})\)")
_AIRPORT_WORDS = frozenset({"international", "airport", "airfield", "aerodrome"})


def facility_head(words: Sequence[str]) -> tuple[str, int] | None:
    """(head word, its position) of a name's words (folded), or None: the last word
    ("Loyola University"), else a first word followed by of/de ("Bank of England")."""
    if not words:
        return None
    last = words[-1].rstrip(".")
    if last in INSTITUTION_HEADS or last in STREET_HEADS or (last in MEDIA_HEADS and len(words) > 1):
        return last, len(words) - 1
    if len(words) >= 3 and words[0] in INSTITUTION_HEADS and words[1] in _HEAD_OF:
        return words[0], 0
    return None


@lru_cache(maxsize=8192)
def _head_of(name: str) -> tuple[str, int] | None:
    """:func:`facility_head` of a span's text, remembered per process (names recur)."""
    return facility_head(_name_words(name))


def _name_words(text: str) -> list[str]:
    return [fold(w) for w in _WORD.findall(text)]


def _following_head(text: str, end: int) -> list[str]:
    """Capitalised words right after a recognised span that end in a facility head
    ("Loyola| University", "Pearson| International Airport"), else []."""
    if text[end:end + 1] != " " or not "A" <= text[end + 1:end + 2] <= "Z":
        return []   # no capitalised word right after
    tail = text[end:end + 60]
    words = []
    pos = 0
    for m in _WORD.finditer(tail):
        if tail[pos:m.start()] != " " or not m.group()[0].isupper():
            break
        words.append(fold(m.group()))
        pos = m.end()
        if facility_head(words) is not None or words == [words[0]] and words[0] in MEDIA_HEADS:
            return words
        if len(words) >= 4:
            break
    return []


def _well_known(places, key: str) -> bool:
    return any(p.kind in ("country", "admin1", "continent", "region")
               or (p.kind == "city" and (p.population or 0) >= WELL_KNOWN_CITY
                   and fold(p.name) == key) for p in places)


def place_facilities(text: str, recs: Sequence[Recognized], *, lookup: "Lookup",
                     given: bool = False) -> tuple[list[Recognized], set[int]]:
    """``recs`` with facility and organisation names re-keyed to the place they are in
    (see module doc), other spans unchanged; and the indices of the re-keyed ones.

    A span that is itself a facility name ("Loyola University") is re-keyed in both modes.
    A recognised span that is only the first words of one ("Loyola" before " University")
    is dropped unless it is a place in its own right (a well-known place, a name of several
    words, an abbreviation, or a name the article uses elsewhere: "Memphis" in "Memphis
    St.", "Douglas County" in "Douglas County Hospital") and the facility is not followed
    by the place it is in ("Franklin Elementary in Santa Ana": Franklin is the school's
    name); a given span (``given``) is the annotator's choice and stays.

    Area names spelled otherwise in the gazetteer are re-keyed first (:mod:`.areas`: a
    region named after its city, "Zaporizhia region"; and, for recognised text, a hromada
    named by its centre's adjective, "the Bashtanska hromada")."""
    recs = region_of_city_keys(recs, lookup)
    if not given:
        recs = hromada_spans(text, recs, lookup)
    out: list[Recognized] = []
    facilities: set[int] = set()
    heads = [_head_of(r.text) for r in recs]
    followed = [bool(h is None and not given and _following_head(text, r.end))
                for r, h in zip(recs, heads)]
    plain_keys = {r.key for r, h, f in zip(recs, heads, followed) if h is None and not f}
    for idx, (rec, head) in enumerate(zip(recs, heads)):
        new = rec
        if head is not None:
            new = _rekey(text, rec, _name_words(rec.text), head, lookup, plain_keys)
        elif followed[idx]:
            words = _name_words(rec.text)
            after = _following_head(text, rec.end)
            new = _airport(text, rec, words + after, lookup) or rec
            if new is rec and (not _place_in_own_right(rec, lookup, plain_keys)
                               or (len(after) == 1 and after[0] in MEDIA_HEADS)
                               or _placed_after(text, rec.end, len(after), recs, idx)):
                new = dataclasses.replace(rec, key="",
                                          confidence=min(rec.confidence, FACILITY_CONFIDENCE))
        if new is not rec:
            facilities.add(idx)
        out.append(new)
    return out, facilities


_PLACED_GAPS = (" in ", ", ")


def _placed_after(text: str, end: int, n_words: int, recs: Sequence[Recognized], idx: int) -> bool:
    """Is the facility whose name starts with ``recs[idx]`` and runs ``n_words`` more words
    from ``end`` followed by the place it is in ("Franklin Elementary in Santa Ana",
    "Lincoln High School, Omaha")?  Then its first word names the facility, not a place."""
    if idx + 1 >= len(recs):
        return False
    pos = end
    for m in _WORD.finditer(text, end, min(len(text), end + 80)):
        n_words -= 1
        pos = m.end()
        if n_words == 0:
            break
    if n_words:
        return False
    return any(text.startswith(gap, pos) and recs[idx + 1].start == pos + len(gap)
               for gap in _PLACED_GAPS)


def _place_in_own_right(rec: Recognized, lookup, plain_keys) -> bool:
    """A well-known place, a town of :data:`FACILITY_TOWN_MIN`+ people by that own name
    ("Princeton| Community Hospital"), a name of several words, an abbreviation, or a
    name the article uses on its own.  Smaller namesakes are more likely a person or a
    feature the facility is named after ("Loyola", "Pearson", "Crossroads")."""
    if rec.kind is not None or rec.country is not None or " " in rec.key or rec.key in plain_keys:
        return True
    places = lookup([rec.key]).get(rec.key, ())
    return _well_known(places, rec.key) or any(
        p.kind == "city" and (p.population or 0) >= FACILITY_TOWN_MIN and fold(p.name) == rec.key
        for p in places)


def _rekey(text, rec, words, head, lookup, plain_keys) -> Recognized:
    full = " ".join(words)
    if lookup([full]).get(full):   # a place called so ("Rockville Centre")
        return rec
    word, pos = head
    airport = _airport(text, rec, words, lookup)
    if airport is not None:
        return airport
    place = None
    if word in MEDIA_HEADS:
        place = None
    elif word not in STREET_HEADS:
        rest = words[pos + 2:] if pos == 0 else words[:pos]
        place = _place_word(rest, lookup, plain_keys, of_form=pos == 0)
    return dataclasses.replace(rec, key=place or "", kind=None, country=None, role="toponym",
                               confidence=min(rec.confidence, FACILITY_CONFIDENCE))


def _airport(text: str, rec: Recognized, words: list[str], lookup) -> Recognized | None:
    """``rec`` re-keyed to its airport's city ("Heathrow Airport" -> London), when the name
    ends in an airport word or is followed by an IATA code and the airport table knows it."""
    code = _CODE.search(text[rec.end:rec.end + 12])
    if not (code or (words and words[-1] in _AIRPORT_WORDS)):
        return None
    city = airport_city(" ".join(w for w in words if w not in _AIRPORT_WORDS), code)
    if city is None:
        return None
    name, country = city
    if not any(p.country_code == country and p.kind == "city" for p in lookup([name]).get(name, ())):
        return None
    return dataclasses.replace(rec, key=name, kind="city", country=country, role="toponym",
                               confidence=FACILITY_CONFIDENCE)


def _place_word(rest: list[str], lookup, plain_keys, *, of_form: bool) -> str | None:
    """The longest run of the name's words that is a well-known place, a name the
    article uses on its own, or (after "of") any place; demonyms count as their base
    ("European" -> Europe)."""
    runs = []
    for i in range(len(rest)):
        for j in range(len(rest), i, -1):
            run = rest[i:j]
            if any(w in _MODIFIERS or w in INSTITUTION_HEADS or w in STREET_HEADS for w in run):
                continue
            runs.append(" ".join(run))
    runs.sort(key=lambda r: -len(r.split()))
    candidates: list[str] = []
    for r in runs:
        if " " not in r:   # "European" is Europe's before it is any place called so
            candidates.extend(demonym_bases(r))
        candidates.append(r)
    found = lookup(candidates) if candidates else {}
    for r in candidates:
        places = found.get(r)
        if places and (of_form or r in plain_keys or _well_known(places, r)):
            return r
    return None


def coarse_facilities(facilities: set[int], mentions: Sequence["Mention"]) -> set[int]:
    """Indices (among ``facilities``) of facility mentions resolved only to a country or a
    continent: the article's focus, when it has one, is a better place for them."""
    return {k for k in facilities if mentions[k].place is not None
            and mentions[k].place.kind in ("country", "continent")}


@lru_cache(maxsize=1)
def _airports() -> tuple[dict, dict] | None:
    """(folded distinctive name -> (city, country), IATA code -> (city, country)) from the
    ``airportsdata`` package, or None when it is not installed."""
    try:
        import airportsdata
    except ImportError:
        return None
    by_name: dict[str, tuple[str, str]] = {}
    by_code: dict[str, tuple[str, str]] = {}
    surnames: dict[str, tuple[str, str] | None] = {}   # last words, None when ambiguous
    for a in airportsdata.load("IATA").values():
        city, country = fold(a.get("city") or ""), a.get("country") or ""
        if not city or not country:
            continue
        by_code[a["iata"]] = (city, country)
        name = fold(a.get("name") or "")
        for generic in (" international airport", " airport", " international", " airfield"):
            name = name.replace(generic, "")
        name = name.strip()
        if name:
            by_name.setdefault(name, (city, country))
            if name.startswith(city + " ") and len(name) > len(city) + 3:
                by_name.setdefault(name[len(city) + 1:], (city, country))   # "London Heathrow"
            last = name.rsplit(" ", 1)[-1]
            if last != name and len(last) > 3:   # "Pearson" of "Toronto Lester B Pearson"
                surnames[last] = (city, country) if last not in surnames else None
    for last, where in surnames.items():
        if where is not None:
            by_name.setdefault(last, where)
    return by_name, by_code


def airport_city(name: str, code: re.Match | None = None) -> tuple[str, str] | None:
    """(folded city name, country code) of an airport named ``name`` (without "Airport") or
    coded ``code``, from ``airportsdata`` when installed; else None."""
    tables = _airports()
    if tables is None:
        return None
    by_name, by_code = tables
    if code is not None and code.group(1) in by_code:
        return by_code[code.group(1)]
    return by_name.get(fold(name))
