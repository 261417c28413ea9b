"""Abbreviated name words read as the full word: "Mt. Pleasant" is any Mount Pleasant.

The gazetteer keeps "Mt Pleasant" as an alternate name of only some of the towns called
Mount Pleasant (the one in Texas has it, the one in Iowa does not), so a key taken as
written would limit the candidates to those few and let a spelling habit of the
gazetteer's sources choose the town.  :func:`expand_abbreviations` re-keys a name whose
first word is such an abbreviation to its full form when the gazetteer knows that form:
all the towns of the name compete, and each is matched by its own name.  Only "Mt" and
"Ft" are expanded: "St." names are mostly spelled so by the places themselves
("St. Louis").
"""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Sequence

from geomap.geoparsing.recognized import Recognized

if TYPE_CHECKING:  # pragma: no cover
    from geomap.geoparsing.spans import Lookup

__all__ = ["ABBREVIATIONS", "expand_abbreviations"]

#: First words of a folded key and their full form.
ABBREVIATIONS = {"mt": "mount", "ft": "fort"}
#: Every key that :func:`_expanded` expands starts with one of these.
_PREFIXES = tuple(ABBREVIATIONS)


def _expanded(key: str) -> str | None:
    first, sep, rest = key.partition(" ")
    full = ABBREVIATIONS.get(first.rstrip("."))
    return f"{full} {rest}" if full and sep and rest else None


def expand_abbreviations(recs: Sequence[Recognized], lookup: "Lookup") -> list[Recognized]:
    """``recs`` with keys such as "mt pleasant" re-keyed to "mount pleasant" when the
    gazetteer knows the full form; other spans unchanged.  One batched look-up."""
    full = {r.key: _expanded(r.key) for r in recs if r.key.startswith(_PREFIXES)}
    wanted = sorted({f for f in full.values() if f})
    if not wanted:
        return list(recs)
    found = lookup(wanted)
    return [dataclasses.replace(r, key=full[r.key]) if r.key and full.get(r.key) and found.get(full[r.key])
            else r for r in recs]
