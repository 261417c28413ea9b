"""Demonym morphology: the place names a demonym-like word may come from ("South Ossetian",
"Ohioans", "Dagestani"), for regions and cities that the demonym table does not list.
"""
from __future__ import annotations

from gazetteer.normalize import fold as _fold

from geomap.geoparsing.lexicon.words import COMMON_WORDS, NEVER_PLACES
from geomap.geoparsing.special import DEMONYMS
from geomap.geoparsing.tokens import Token, cap_indices, joinable

__all__ = ["demonym_bases", "demonym_candidates"]


def demonym_bases(key: str) -> list[str]:
    """Place names a demonym-like word may come from: "ossetian" -> "ossetia", "texan" -> "texas"."""
    out: list[str] = []
    word = key[:-1] if key.endswith("s") and not key.endswith("ss") else key
    for suffix, repl in (("ian", "ia"), ("ian", "y"), ("ian", "o"), ("ian", "io"), ("ian", "a"),
                         ("ian", ""), ("an", "a"),
                         ("an", "as"), ("an", ""), ("ean", "ea"), ("er", ""), ("ers", ""),
                         ("i", ""), ("ese", ""), ("ese", "a"), ("ish", ""), ("", "ia"),
                         ("", "istan")):
        if suffix and not word.endswith(suffix):
            continue
        base = (word[: -len(suffix)] if suffix else word) + repl
        if len(base) >= 3 and base != key:
            out.append(base)
    return out


_DEMONYM_SUFFIXES = ("ian", "ians", "an", "ans", "ani", "anis", "ese", "ers", "i", "is")
#: Adjectives that look like demonyms of big places but rarely are ("Victorian era").
_NOT_DEMONYMS = frozenset("""christian christians republican republicans victorian
victorians american americans indian indians martian european europeans african africans
asian asians latin human humans veteran veterans guardian guardians librarian historian
pedestrian pedestrians civilian civilians politician politicians musician musicians
""".split())
_DIRECTIONS = ("north", "south", "east", "west")


def demonym_candidates(text: str, tokens: list[Token]) -> dict[int, tuple[int, list[str]]]:
    """Token index -> (start token index, base names) for words that may be demonyms of a
    region or city not in the demonym table ("South Ossetian", "Ohioans", "Dagestani")."""
    out: dict[int, tuple[int, list[str]]] = {}
    for i in cap_indices(tokens):
        tok = tokens[i]
        if tok.upper or len(tok.text) < 5:
            continue
        low = tok.text.lower()
        if not low.endswith(_DEMONYM_SUFFIXES) or low in _NOT_DEMONYMS or tok.text in DEMONYMS:
            continue
        # a person's name ("Susan Smith", "Maria Pugliese") is not a demonym
        if i + 1 < len(tokens) and tokens[i + 1].cap and text[tok.end:tokens[i + 1].start] == " ":
            continue
        if i > 0 and tokens[i - 1].cap and text[tokens[i - 1].end:tok.start] == " " \
                and tokens[i - 1].text.lower() not in _DIRECTIONS \
                and tokens[i - 1].text.lower() not in COMMON_WORDS \
                and tokens[i - 1].text.lower() not in NEVER_PLACES:
            continue
        bases = demonym_bases(_fold(tok.text))
        first = i
        if i > 0 and tokens[i - 1].text.lower() in _DIRECTIONS and joinable(text, tokens[i - 1], tok):
            first = i - 1
            bases = [f"{tokens[i - 1].text.lower()} {b}" for b in bases]
        out[i] = (first, bases)
    return out
