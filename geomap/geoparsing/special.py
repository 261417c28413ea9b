"""Mentions of fixed form, matched before the gazetteer n-grams: abbreviations ("Ga.", "U.S.",
"NSW"), two-letter postal codes after "City, ", country demonyms ("Sri Lankan") and
institutions that stand for a government ("the Kremlin").
"""
from __future__ import annotations

from typing import Iterable

from gazetteer.normalize import fold as _fold

from geomap.geoparsing.lexicon.abbreviations import US_STATES, abbreviation_table
from geomap.geoparsing.lexicon.demonyms import COUNTRY_NAMES, demonym_table
from geomap.geoparsing.lexicon.words import METONYM_INSTITUTIONS
from geomap.geoparsing.recognized import Recognized
from geomap.geoparsing.tokens import Token, cap_indices, joinable

__all__ = ["ABBREVIATIONS", "DEMONYMS", "special_match", "special_starts"]

DEMONYMS = demonym_table()
ABBREVIATIONS = abbreviation_table()
_MAX_DEMONYM_TOKENS = 2


def _first_words(surfaces: Iterable[str]) -> frozenset[str]:
    out = set()
    for surface in surfaces:
        first = surface.split(" ")[0]
        out.add(first)
        out.add(first.rstrip("."))
    return frozenset(out)


_SPECIAL_FIRST = _first_words(list(ABBREVIATIONS) + list(DEMONYMS) + list(METONYM_INSTITUTIONS))


def special_starts(tokens: list[Token]) -> list[int]:
    """Indices of the tokens where :func:`special_match` may match (the others it rejects at
    once)."""
    first = _SPECIAL_FIRST
    return [i for i in cap_indices(tokens)
            if (tok := tokens[i]).text in first or (tok.upper and len(tok.text) == 2)]


def special_match(text: str, tokens: list[Token], i: int) -> tuple[int, Recognized] | None:
    """Demonyms, abbreviations and metonymic institutions starting at token i."""
    tok = tokens[i]
    if tok.text not in _SPECIAL_FIRST and not (tok.upper and len(tok.text) == 2):
        return None
    # Abbreviations with their final period: "Ga.", "U.S.", "W.Va.", "N.Y."
    word = tok.text
    with_dot = word + "." if text[tok.end:tok.end + 1] == "." else word
    for surface in (with_dot, word):
        entry = ABBREVIATIONS.get(surface)
        if entry is None or text[tok.start + len(surface):tok.start + len(surface) + 1] == "$":
            continue  # "US$460 million" is money
        if surface == word and word.endswith(".") is False and not tok.upper and surface not in ("Qld",):
            continue
        name, kind, country = entry
        end = tok.start + len(surface)
        return i, Recognized(tok.start, end, text[tok.start:end], _fold(name), "toponym",
                             kind, country, "", 0.9 if len(surface) > 2 else 0.75)
    # Two-letter postal codes after "City, ": "Athens, GA"
    if tok.upper and len(word) == 2 and word in US_STATES and i >= 1 \
            and text[tokens[i - 1].end:tok.start] == ", " and tokens[i - 1].cap:
        return i, Recognized(tok.start, tok.end, word, _fold(US_STATES[word]), "toponym",
                             "admin1", "US", "", 0.7)
    # Demonyms: "Sri Lankan", "Russian", "Georgians"
    for width in range(_MAX_DEMONYM_TOKENS, 0, -1):
        if i + width > len(tokens):
            continue
        last = tokens[i + width - 1]
        surface = text[tok.start:last.end]
        code = DEMONYMS.get(surface)
        if code is not None and all(joinable(text, tokens[k], tokens[k + 1]) or width == 1
                                    for k in range(i, i + width - 1)):
            return i + width - 1, Recognized(tok.start, last.end, surface,
                                             _fold(COUNTRY_NAMES.get(code, code)), "demonym",
                                             "country", code, "", 0.7)
    # Institutions that stand for a government: "the Kremlin", "the White House"
    for width in (2, 1):
        if i + width > len(tokens):
            continue
        last = tokens[i + width - 1]
        surface = text[tok.start:last.end]
        entry = METONYM_INSTITUTIONS.get(surface)
        if entry is not None:
            name, country = entry
            return i + width - 1, Recognized(tok.start, last.end, surface, _fold(name), "metonym",
                                             "city", country, "", 0.6)
    return None
