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
"""
from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from typing import TYPE_CHECKING, Sequence

from gazetteer.normalize import fold

from geomap.geoparsing.recognized import Recognized

if TYPE_CHECKING:  # pragma: no cover
    from geomap.geoparsing.spans import Lookup

__all__ = ["AREA_PLURALS", "area_list_spans"]

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


def _overlaps(recs: Sequence[Recognized], starts: Sequence[int], s: int, e: int) -> bool:
    """Does a span of ``recs`` (sorted by start, not overlapping) overlap [s, e)?"""
    k = bisect_left(starts, e)   # recs[:k] start before e
    return k > 0 and recs[k - 1].end > s


def area_list_spans(text: str, recs: Sequence[Recognized], lookup: "Lookup", *,
                    given: bool = False) -> list[Recognized]:
    """``recs`` with the names of plural area lists re-keyed to their areas (see module
    doc); with ``given`` False, listed county names the recogniser missed are added.
    Sorted by start."""
    if not text or not any(w in text for w in AREA_PLURALS):
        return list(recs)
    out = list(recs)
    by_span = {(r.start, r.end): k for k, r in enumerate(out)}
    ordered = sorted(recs, key=lambda r: r.start)   # for the overlap test (given spans keep their order)
    starts = [r.start for r in ordered]
    taken: set[tuple[int, int]] = set()
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
            elif not given and suffix and not _overlaps(ordered, starts, s, e) and (s, e) not in taken:
                taken.add((s, e))
                added.append(Recognized(s, e, text[s:e], new_key, "toponym", None, None, "",
                                        LISTED_CONFIDENCE))
    if added:
        out.extend(added)
        out.sort(key=lambda r: r.start)
    return out
