"""Names used as a town by the words around them: "a Lebanon woman", "400 S. Locust St.,
Lebanon", "the Jordan middle school".

A country is named by its demonym when it describes a person ("a Lebanese woman"), so "a
Lebanon woman" names a town; a street address names the town it is in, never a country;
and so do a town's offices and institutions after its name ("Dublin City Council", "the
Jordan middle school", "the Athens mayor").  :func:`local_uses` restricts such a name -- all its mentions in the article,
which keep one reading -- to its town readings (``kind="city"``) when the gazetteer has one and the name has no first-level region
reading ("a Georgia man" may be the state).  Each rule reads a few dozen characters on
either side of the name (linear time).
"""
from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Sequence

from geomap.geoparsing.recognized import Recognized

if TYPE_CHECKING:  # pragma: no cover
    from geomap.geoparsing.spans import Lookup

__all__ = ["PERSON_NOUNS", "local_uses"]

#: Nouns of people that a town's name describes ("a Lebanon woman", "an Athens couple").
PERSON_NOUNS = frozenset("""
man men woman women resident residents teen teens teenager teenagers boy boys girl girls
couple family families native natives youth mother father son daughter businessman
businesswoman student students driver motorist
""".split())
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|A|An)\s+$")
_WORD_AFTER = re.compile(r"\s+([a-z]+)\b")
#: "2517 Memphis St., ", "420 Augusta Ave., ", "1935 Orchard Street, " before the name.
_ADDRESS_BEFORE = re.compile(
    r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'’.-]*\s+){1,4}"
    r"(?:St|Street|Ave|Avenue|Rd|Road|Dr|Drive|Ln|Lane|Blvd|Boulevard|Way|Ct|Court|Pl|Place|"
    r"Hwy|Highway|Pike|Circle|Cir|Terrace|Ter)\.?,\s*$")
_WINDOW = 60
#: Offices and institutions of a town after its name: "the Jordan middle school", "Dublin
#: City Council", "the Athens mayor" -- a country has none of these.
_TOWN_OFFICE_AFTER = re.compile(
    r"\s+(?:city\s+council|city\s+manager|city\s+hall|town\s+council|town\s+hall|"
    r"village\s+board|mayor|aldermen|police\s+department|police\s+chief|fire\s+department|"
    r"fire\s+chief|school\s+board|school\s+district|public\s+library|public\s+schools|"
    r"middle\s+school|high\s+school|elementary\s+school|city\s+schools)\b", re.IGNORECASE)


def _office_after(text: str, r: Recognized) -> bool:
    return bool(_TOWN_OFFICE_AFTER.match(text, r.end, min(len(text), r.end + 40)))


def _local(text: str, r: Recognized) -> bool:
    start = r.start
    lo = max(0, start - _WINDOW)
    # both patterns end in the window's last characters: an address in a comma and
    # white space, an article in white space (looked at first: most names have neither)
    j = start
    while j > lo and text[j - 1].isspace():
        j -= 1
    if j > lo and text[j - 1] == "," and _ADDRESS_BEFORE.search(text[lo:start]):
        return True
    if j < start and _ARTICLE_BEFORE.search(text[max(lo, start - 4):start]):
        after = _WORD_AFTER.match(text, r.end, min(len(text), r.end + 30))
        return bool(after and after.group(1) in PERSON_NOUNS)
    return False


def local_uses(text: str, recs: Sequence[Recognized], lookup: "Lookup") -> list[Recognized]:
    """``recs`` with names used as a town (see module doc) restricted to their town
    readings; other spans unchanged."""
    if not text:
        return list(recs)
    plain = [k for k, r in enumerate(recs) if r.kind is None and r.country is None
             and r.role == "toponym" and r.key]
    local = [k for k in plain if _local(text, recs[k])]
    is_local = set(local)
    office = [k for k in plain if k not in is_local and _office_after(text, recs[k])]
    if not local and not office:
        return list(recs)
    found = lookup(sorted({recs[k].key for k in local + office}))

    def town_only(key: str, need_country: bool) -> bool:
        places = found.get(key, ())
        return (any(p.kind == "city" for p in places) and not any(p.kind == "admin1" for p in places)
                and (not need_country or any(p.kind == "country" for p in places)))

    # a town's office rules out only a country reading: other namesakes stay in play
    towns = {recs[k].key for k in local if town_only(recs[k].key, False)}
    towns |= {recs[k].key for k in office if town_only(recs[k].key, True)}
    # every mention of the name, so that they keep one reading (one sense per discourse)
    return [dataclasses.replace(r, kind="city") if r.key in towns and r.kind is None
            and r.country is None and r.role == "toponym" else r for r in recs]
