"""Names used as a town by the words around them: "a Lebanon woman", "400 S. Locust St.,
Lebanon".

A country is named by its demonym when it describes a person ("a Lebanese woman"), so "a
Lebanon woman" names a town; and a street address names the town it is in, never a
country.  :func:`local_uses` restricts such a name -- all its mentions in the article,
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


def _local(text: str, r: Recognized) -> bool:
    before = text[max(0, r.start - _WINDOW):r.start]
    if _ADDRESS_BEFORE.search(before):
        return True
    if _ARTICLE_BEFORE.search(before[-4:]):
        after = _WORD_AFTER.match(text, r.end, min(len(text), r.end + 30))
        return bool(after and after.group(1) in PERSON_NOUNS)
    return False


def local_uses(text: str, recs: Sequence[Recognized], lookup: "Lookup") -> list[Recognized]:
    """``recs`` with names used as a town (see module doc) restricted to their town
    readings; other spans unchanged."""
    if not text:
        return list(recs)
    local = [k for k, r in enumerate(recs) if r.kind is None and r.country is None
             and r.role == "toponym" and r.key and _local(text, r)]
    if not local:
        return list(recs)
    found = lookup(sorted({recs[k].key for k in local}))
    towns = {recs[k].key for k in local
             if any(p.kind == "city" for p in found.get(recs[k].key, ()))
             and not any(p.kind == "admin1" for p in found.get(recs[k].key, ()))}
    # every mention of the name, so that they keep one reading (one sense per discourse)
    return [dataclasses.replace(r, kind="city") if r.key in towns and r.kind is None
            and r.country is None and r.role == "toponym" else r for r in recs]
