"""Fatalities stated in an event sentence: "killing three", "two civilians were killed",
"at least 12 dead", "killed up to 45 soldiers", "the death toll rose to 9".

:func:`fatalities_in` returns the number of deaths the text states for its event, or None
when it states none ("wounded", "casualties unknown", "dozens killed" are not a number).
When a sentence gives several counts ("killing two ... a third died in hospital") the largest
stated total is used; it is never summed, and every row of one event carries the same number.
Patterns only; linear in the text.
"""
from __future__ import annotations

import re

from geomap.events.scan import Gated, fold

__all__ = ["fatalities_in"]

_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
          "fifty": 50, "hundred": 100}
_NUM = r"(?P<n>\d{1,3}(?:,\d{3})*|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"
_QUAL = r"(?:(?:at\s+least|up\s+to|more\s+than|over|about|around|some|nearly|almost|as\s+many\s+as)\s+)?"
_NOUN = (r"(?:(?:[a-z-]+\s+){0,2}?(?:people|persons?|civilians?|residents?|soldiers?|servicem[ae]n|troops|fighters|"
         r"militants|men|women|children|child|boys?|girls?|policem[ae]n|officers?|members?|passengers?|"
         r"workers?|employees|rescuers|firefighters|guards?|volunteers?|journalists?|farmers?|individuals|others|"
         r"minors?|teenagers?|pensioners?|villagers|staff))")
_PATTERNS = [
    # "killing three (people)", "killed two civilians", "killed up to 45 Ukrainian soldiers"
    Gated(re.compile(rf"\b(?:killing|killed|kills)\s+{_QUAL}{_NUM}\b(?!\s*(?:%|percent|km|kilomet|miles|hours|days))", re.I)),
    # "two civilians were killed", "a man was killed", "12 people died", "three soldiers lost their lives"
    Gated(re.compile(rf"\b{_QUAL}{_NUM}\s+{_NOUN}\s+(?:were|was|have\s+been|had\s+been|has\s+been)\s+(?:\w+\s+)?killed\b", re.I)),
    Gated(re.compile(rf"\b{_QUAL}{_NUM}\s+{_NOUN}\s+(?:(?:have|had)\s+)?(?:died|perished|lost\s+their\s+lives?)\b", re.I)),
    # "at least 12 dead", "12 killed", "leaving five dead"
    Gated(re.compile(rf"\b{_QUAL}{_NUM}\s+(?:{_NOUN}\s+)?(?:dead|killed)\b", re.I)),
    # "the death toll rose to 9", "death toll of 14"
    Gated(re.compile(rf"\bdeath\s+toll\s+(?:\w+\s+){{0,3}}?(?:to|of|at|reached|is|was)\s+{_QUAL}{_NUM}\b", re.I)),
]
_CUE = Gated(re.compile(r"kill|dead|died|death|perish|lost\s+their\s+li", re.I))  # run only on texts with its words
_NOT_AFTER = re.compile(r"\s*(?:and\s+)?(?:wounded|injured)\b", re.I)


def _value(token: str) -> int | None:
    token = token.lower().replace(",", "")
    if token.isdigit():
        return int(token)
    return _WORDS.get(token)


def fatalities_in(text: str) -> int | None:
    """Deaths stated in ``text`` (one sentence or clause), or None."""
    folded = fold(text)
    if not _CUE.search(text, folded):
        return None
    best: int | None = None
    for rx in _PATTERNS:  # each run only on texts with its words (:mod:`.scan`)
        for m in rx.finditer(text, folded):
            n = _value(m.group("n"))
            if n is None or n > 100_000:
                continue
            best = n if best is None else max(best, n)
    return best
