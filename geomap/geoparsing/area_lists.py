"""Names listed before a plural area word: "the Kharkiv and Sumy regions", "Clarke,
Madison, Oconee and Oglethorpe counties".

Each name of such a list is an area of that kind, not the town it also names: before
"regions", "oblasts" or "provinces" a name is a first-level region (keyed as "X region"
is, ``kind="admin1"``: :func:`.areas.region_of_city_keys` then finds the oblast of a city's
name); before "counties" or "parishes" it is "<name> County" / "<name> Parish" when the
gazetteer knows such a county.  :func:`area_list_spans` re-keys the recognised (or given)
names of the list, and, for recognised text, adds a span for a listed county name the
recogniser left alone ("Oconee" is no town, Oconee County is).

The list is read backwards from the plural word over a bounded window, so the pass is
linear in the text.

An article that names "DeKalb County" and, elsewhere, "DeKalb" alone ("a DeKalb man",
"DeKalb Police") uses the bare name for the town: :func:`towns_of_named_counties` restricts
the bare name to its town readings (``kind="city"``) when a town of 10,000+ so named lies in
a county of its name, and the town then draws the county to its own state ("DeKalb" +
"DeKalb County": both in Illinois, not DeKalb County, Georgia); otherwise the bare name is
the county's shorthand ("Kanawha deputies") and is left alone.
"""
from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Sequence

from gazetteer.normalize import fold

from geomap.geoparsing.recognized import Recognized

if TYPE_CHECKING:  # pragma: no cover
    from geomap.geoparsing.spans import Lookup

__all__ = ["AREA_PLURALS", "area_list_spans", "towns_of_named_counties"]

#: Plural area words and what a listed name becomes: ("admin1", None) keys it as "X
#: region"; (None, suffix) keys it as "<name> <suffix>".
AREA_PLURALS = {
    "regions": ("admin1", None), "oblasts": ("admin1", None), "provinces": ("admin1", None),
    "counties": (None, "county"), "parishes": (None, "parish"),
}
_PLURAL = re.compile(r" (regions|oblasts|provinces|counties|parishes)\b")
_NAME = r"[A-Z][A-Za-z'’.-]+(?: [A-Z][A-Za-z'’.-]+){0,2}"
#: A list of names ending at the plural word: "A, B and C", "A and B", "A, B, and C".
_LIST = re.compile(rf"(?:{_NAME}(?:, and |, or |, | and | or | & ))+{_NAME}$")
_SPLIT = re.compile(r", and |, or |, | and | or | & ")
_WINDOW = 160
LISTED_CONFIDENCE = 0.8


def area_list_spans(text: str, recs: Sequence[Recognized], lookup: "Lookup", *,
                    given: bool = False) -> list[Recognized]:
    """``recs`` with the names of plural area lists re-keyed to their areas (see module
    doc); with ``given`` False, listed county names the recogniser missed are added.
    Sorted by start."""
    if not text or not any(w in text for w in AREA_PLURALS):
        return list(recs)
    out = list(recs)
    by_span = {(r.start, r.end): k for k, r in enumerate(out)}
    added: list[Recognized] = []
    for m in _PLURAL.finditer(text):
        kind, suffix = AREA_PLURALS[m.group(1)]
        lo = max(0, m.start() - _WINDOW)
        found = _LIST.search(text, lo, m.start())
        if found is None:
            continue
        names: list[tuple[int, int]] = []
        pos = found.start()
        for sep in _SPLIT.finditer(text, found.start(), found.end()):
            names.append((pos, sep.start()))
            pos = sep.end()
        names.append((pos, found.end()))
        # the window may cut a name: keep only names that start a word
        names = [(s, e) for s, e in names if s == 0 or not text[s - 1].isalnum()]
        keys = {(s, e): fold(text[s:e]) for s, e in names}
        wanted = list(keys.values()) + ([f"{k} {suffix}" for k in keys.values()] if suffix else [])
        known = lookup(wanted)
        for (s, e), key in keys.items():
            # "In Texas, Navarro and Ellis counties": a state or country heads the list
            bigger = ("country", "admin1") if suffix else ("country",)
            if any(p.kind in bigger for p in known.get(key, ())):
                continue
            idx = by_span.get((s, e))
            if suffix:
                full = f"{key} {suffix}"
                if not any(p.kind in ("admin1", "admin2") for p in known.get(full, ())):
                    continue
                new_key, new_kind = full, None
            else:
                new_key, new_kind = key, kind
            if idx is not None:
                r = out[idx]
                out[idx] = dataclasses.replace(r, key=new_key, kind=new_kind, country=r.country,
                                               role="toponym")
            elif not given and suffix and not any(r.start < e and s < r.end for r in out):
                added.append(Recognized(s, e, text[s:e], new_key, "toponym", None, None, "",
                                        LISTED_CONFIDENCE))
    if added:
        out.extend(added)
        out.sort(key=lambda r: r.start)
    return out


_COUNTY_WORDS = (" county", " parish")


#: A town standing alone for itself beside its county has this many people.
COUNTY_TOWN_MIN = 10_000


def _seat_like(key: str, found) -> bool:
    """Does a town of :data:`COUNTY_TOWN_MIN`+ people called ``key`` (its own name, not an
    alias: Charleston, West Virginia, is also "Kanawha") lie in a county of that name?  Else the bare name is the county's shorthand ("Kanawha deputies")."""
    from geomap.geoparsing.resolve import contains

    counties = [p for w in _COUNTY_WORDS for p in found.get(key + w, ()) if p.kind == "admin2"]
    return any(p.kind == "city" and (p.population or 0) >= COUNTY_TOWN_MIN and fold(p.name) == key
               and any(contains(c, p) for c in counties) for p in found.get(key, ()))


def towns_of_named_counties(recs: Sequence[Recognized], lookup: "Lookup") -> list[Recognized]:
    """``recs`` with each bare name whose county the article also names ("DeKalb" beside
    "DeKalb County") restricted to town readings, when a town of that name and of
    :data:`COUNTY_TOWN_MIN`+ people lies in a county of that name; other spans unchanged."""
    counties = {r.key for r in recs if r.key.endswith(_COUNTY_WORDS)}
    if not counties:
        return list(recs)
    bare = {r.key for r in recs if r.kind is None and r.country is None and r.role == "toponym"
            and any(r.key + w in counties for w in _COUNTY_WORDS)}
    if not bare:
        return list(recs)
    found = lookup(sorted(bare) + sorted(counties))
    towns = {k for k in bare if _seat_like(k, found)}
    return [dataclasses.replace(r, kind="city") if r.key in towns and r.kind is None
            and r.country is None and r.role == "toponym" else r for r in recs]
