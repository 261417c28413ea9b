"""Names the text itself calls a settlement: "the village of Cellardyke", "the small town of
Pangandaran", "the villages of Bumbacari and Dudescu", "four villages: Kampungu, Makonono,
Kaluamba and Mombo".

The gazetteer does not know every village; the sentence still says that the name is a
place.  :func:`cued_names` finds such names that the recogniser did not (a capitalised name
of one to three words right after "the [adjective] village/town/hamlet/settlement/township/
suburb/commune/municipality of", or after a plural of those and a colon, with the rest of
its list).  They resolve like any other name when the gazetteer knows them (as a
settlement: the cue is "city"); otherwise the resolver finds no reading and
:func:`geomap.geoparsing.parse.resolve_spans` places them in the region or country the text
names right after them ("Greenlane, Auckland") or at the article's focus, with a low score
and the region's own kind -- never as a point the text does not give.

One pass of one regular expression over the text, with bounded names (linear time).
"""
from __future__ import annotations

import re
from typing import Sequence

from gazetteer.normalize import fold

from geomap.geoparsing.lexicon.words import NEVER_PLACES, PERSON_TITLES
from geomap.geoparsing.recognized import Recognized

__all__ = ["CUED_CONFIDENCE", "cued_names"]

#: The recogniser's belief in a name known only from its cue (below focus.GUESS_CONFIDENCE).
CUED_CONFIDENCE = 0.5

_NAME = (r"[A-Z][\w'’]*(?:(?:[ -]|[ -](?:al|el|ad|ar|as|ash|at|de|del|di|da|do|du|la|le|van|von|ul)"
         r"[ -])[A-Z][\w'’]*){0,2}")
_HEAD = r"(?:village|town|hamlet|settlement|township|suburb|commune|municipality)"
_ADJ = r"(?:[a-z]+(?:-[a-z]+)?\s+){0,2}"
#: "the village of X", "the small farming town of X", "the villages of X and Y",
#: "four villages: X, Y and Z".
_CUE = re.compile(
    rf"\b(?:(?:the|a|two|three|four|five|six|several|nearby|neighbouring|neighboring)\s+{_ADJ}"
    rf"(?P<one>{_HEAD})\s+of|(?:the\s+|two\s+|three\s+|four\s+|five\s+|six\s+|several\s+)?{_ADJ}"
    rf"(?P<many>{_HEAD}s)(?:\s+of|:))\s+(?P<names>{_NAME}(?:(?:,\s+|,?\s+and\s+){_NAME}){{0,9}})")
_HEAD_WORDS = ("village", "town", "hamlet", "settlement", "suburb", "commune", "municipalit")
_SPLIT = re.compile(r",\s+and\s+|,\s+|\s+and\s+")
_NOT_NAMES = NEVER_PLACES | PERSON_TITLES


def cued_names(text: str, found: Sequence[Recognized]) -> list[Recognized]:
    """The names ``text`` calls a settlement that ``found`` (the recognised spans, sorted)
    does not cover, as :class:`Recognized` spans with cue "city"."""
    if not any(word in text for word in _HEAD_WORDS):   # C-speed: most texts have none
        return []
    out: list[Recognized] = []
    taken = [(r.start, r.end) for r in found]
    k = 0
    for m in _CUE.finditer(text):
        names_start = m.start("names")
        pieces = _SPLIT.split(m.group("names"))
        if m.group("one"):
            pieces = pieces[:1]     # "the village of X and Y": Y is not said to be a village
        pos = names_start
        for piece in pieces:
            start = text.index(piece, pos)
            end = start + len(piece)
            pos = end
            if piece.lower() in _NOT_NAMES or piece.split()[0].lower() in _NOT_NAMES:
                continue
            while k < len(taken) and taken[k][1] <= start:
                k += 1
            if k < len(taken) and taken[k][0] < end:
                continue     # the recogniser found it (or part of it)
            out.append(Recognized(start, end, piece, fold(piece), "toponym", None, None, "city",
                                  CUED_CONFIDENCE))
    return out
