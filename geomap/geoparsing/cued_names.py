"""Names the text itself calls a settlement: "the village of Cellardyke", "the small town of
Pangandaran", "the villages of Bumbacari and Dudescu", "four villages: Kampungu, Makonono,
Kaluamba and Mombo".

The gazetteer does not know every village; the sentence still says that the name is a
place.  :func:`cued_names` finds such names that the recogniser did not (a capitalised name
of one to three words right after "the [adjective] village/town/hamlet/settlement/township/
suburb/commune/municipality of", or after a plural of those and a colon, with the rest of
its list; or right before ", a [adjective] village/town/hamlet/settlement/suburb": "Dogu
Beyazit, a farming town in eastern Turkey").  They resolve like any other name when the gazetteer knows them (as a
settlement: the cue is "city"); otherwise the resolver finds no reading and
:func:`geomap.geoparsing.parse.resolve_spans` places them in the region or country the text
names right after them ("Greenlane, Auckland") or at the article's focus, with a low score
and the region's own kind -- never as a point the text does not give.

One scan of the text for settlement words, each read with a bounded window before it and
bounded names after it (linear time).
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
#: A settlement word, then "of" (or, after a plural, a colon), then a capitalised word.
_HIT = re.compile(r"\b(?:village|town|hamlet|settlement|township|suburb|commune|municipality)"
                  r"(s?)(?:\s+of\s+|(?<=s):\s+)(?=[A-Z])")
#: What a singular settlement word needs before it: "the", "a", a number word or "nearby",
#: and at most two adjectives ("the small farming town of").
_BEFORE_ONE = re.compile(r"\b(?:the|a|nearby|neighbouring|neighboring)\s+(?:[a-z]+(?:-[a-z]+)?\s+){0,2}$")
_NAMES = re.compile(rf"{_NAME}(?:(?:,\s+|,?\s+and\s+){_NAME}){{0,9}}")
#: After a name in apposition: ", a farming town", ", a village".
#: (Not a person from it: "Smith, a town resident", "Ali, a village elder".)
_APPOSITION = re.compile(
    r", an? (?:[a-z]+(?:-[a-z]+)? ){0,2}(?:village|town|hamlet|settlement|suburb)\b(?![-\w])"
    r"(?!\s+(?:residents?|officials?|council\w*|elders?|chiefs?|heads?|man|woman|men|women|mayor|"
    r"administrators?|natives?|doctors?|teachers?|clerks?|managers?|attorneys?|boards?|"
    r"employees?|workers?|police|leaders?|boys?|girls?|people|planner|engineer|hall)\b)")
_NAME_BEFORE = re.compile(rf"(?<![\w'’-]){_NAME}$")
_SPLIT = re.compile(r",\s+and\s+|,\s+|\s+and\s+")
_NOT_NAMES = NEVER_PLACES | PERSON_TITLES


def cued_names(text: str, found: Sequence[Recognized]) -> list[Recognized]:
    """The names ``text`` calls a settlement that ``found`` (the recognised spans, sorted)
    does not cover, as :class:`Recognized` spans with cue "city"."""
    if "town" not in text and "village" not in text and "hamlet" not in text \
            and "settlement" not in text and "suburb" not in text and "commune" not in text \
            and "municipalit" not in text:   # C-speed: most texts have none
        return []
    spans: list[tuple[int, str]] = []     # (start, name), in text order
    for m in _HIT.finditer(text):
        plural = bool(m.group(1))
        if not plural and _BEFORE_ONE.search(text, max(0, m.start() - 40), m.start()) is None:
            continue
        names = _NAMES.match(text, m.end())
        if names is None:
            continue
        names_start = names.start()
        pieces = _SPLIT.split(names.group())
        if not plural:
            pieces = pieces[:1]     # "the village of X and Y": Y is not said to be a village
        pos = names_start
        for piece in pieces:
            start = text.index(piece, pos)
            pos = start + len(piece)
            spans.append((start, piece))
    for m in _APPOSITION.finditer(text):   # "Dogu Beyazit, a farming town in eastern Turkey"
        name = _NAME_BEFORE.search(text, max(0, m.start() - 60), m.start())
        if name is not None:
            words = name.group().split(" ")
            while words and words[0].lower() in _NOT_NAMES:   # "In Dogu Beyazit, a ..."
                words.pop(0)
            if words:
                piece = " ".join(words)
                spans.append((m.start() - len(piece), piece))
    out: list[Recognized] = []
    taken = [(r.start, r.end) for r in found]
    k = 0
    last = -1
    for start, piece in sorted(spans):
        end = start + len(piece)
        if start < last or piece.lower() in _NOT_NAMES or piece.split()[0].lower() in _NOT_NAMES:
            continue
        while k < len(taken) and taken[k][1] <= start:
            k += 1
        if k < len(taken) and taken[k][0] < end:
            continue     # the recogniser found it (or part of it)
        out.append(Recognized(start, end, piece, fold(piece), "toponym", None, None, "city",
                              CUED_CONFIDENCE))
        last = end
    return out
