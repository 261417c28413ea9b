"""Names shortened in a coordination: "North and South Korea" names North Korea and South
Korea, "Central and South America" Central America, "North, Central and South America"
three continents' parts, "East and West Germany" two states.

Only a direction word (:data:`DIRECTION_WORDS`) is read this way, and only when the whole
name it stands for ("north korea") is a gazetteer name: "the North and South Korea talks"
gives two mentions, "between the West and South Korea" none for "West" (there is no West
Korea).  Each look-around reads a bounded window of text (linear time).
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Mapping

from gazetteer.normalize import fold

from geomap.geoparsing.recognized import Recognized

__all__ = ["DIRECTION_WORDS", "elided_before", "elided_names", "elided_key_after"]

#: Words that begin a name and may stand alone for it in a coordination.
DIRECTION_WORDS = frozenset("""
north south east west central northern southern eastern western upper lower middle
northeast northwest southeast southwest
""".split())

_D = (r"(?:North|South|East|West|Central|Northern|Southern|Eastern|Western|Upper|Lower|"
      r"Middle|Northeast|Northwest|Southeast|Southwest)")
#: Before the full name: "North and ", "North, Central and ", "East or ".
_RUN_BEFORE = re.compile(rf"(?<![\w-])((?:{_D}\s*,\s*)*{_D})\s*,?\s+(?:and|or|&)\s+$")
_ONE = re.compile(_D)
#: After a lone direction word: " and South America", ", Central and South America".
_AFTER = re.compile(rf"\s*,?\s+(?:(?:{_D})\s*,\s*)*(?:and\s+|or\s+|&\s+)?(?:{_D})\s*,?\s+"
                    rf"(?:and\s+|or\s+|&\s+)?{_D}\s+([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)"
                    rf"|\s*,?\s+(?:and|or|&)\s+{_D}\s+([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)")
_WINDOW = 80


def elided_before(text: str, start: int, name: str) -> list[tuple[int, int, str]]:
    """The direction words that stand for a name like ``name`` (the text of a mention that
    starts at ``start``, "South Korea") just before it: ``(start, end, key)`` each, the key
    being the name they stand for ("north korea")."""
    first, _, rest = name.partition(" ")
    if not rest or first.lower() not in DIRECTION_WORDS:
        return []
    m = _RUN_BEFORE.search(text, max(0, start - _WINDOW), start)
    if m is None:
        return []
    rest_key = fold(rest)
    return [(w.start(), w.end(), f"{w.group().lower()} {rest_key}")
            for w in _ONE.finditer(text, m.start(1), m.end(1))]


def elided_names(text: str, found: Iterable[Recognized],
                 lookup: Callable[[Iterable[str]], Mapping[str, object]]) -> list[Recognized]:
    """Mentions for the direction words that stand for a gazetteer name before the names
    of ``found`` ("North" in "North and South Korea"), not overlapping ``found``."""
    cands = [c for r in found if " " in r.text and r.role == "toponym"
             and r.text.split(" ", 1)[0].lower() in DIRECTION_WORDS
             for c in elided_before(text, r.start, r.text)]
    if not cands:
        return []
    known = lookup({key for _, _, key in cands})
    taken = [(r.start, r.end) for r in found]
    out = []
    for s, e, key in cands:
        if key in known and not any(a < e and s < b for a, b in taken):
            out.append(Recognized(s, e, text[s:e], key, "toponym", None, None, "", 0.8))
            taken.append((s, e))
    return out


def elided_key_after(text: str, start: int, end: int) -> list[str]:
    """Keys for a lone direction word ``text[start:end]`` from the name after it ("Central"
    in "Central and South America": "central america"; two words of the name tried, then
    one)."""
    word = text[start:end]
    if word.lower() not in DIRECTION_WORDS:
        return []
    m = _AFTER.match(text[end:end + _WINDOW])
    if m is None:
        return []
    rest = (m.group(1) or m.group(2)).split()
    return [f"{word.lower()} {fold(' '.join(rest[:n]))}" for n in range(len(rest), 0, -1)]
