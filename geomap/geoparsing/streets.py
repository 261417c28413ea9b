"""Streets and roads: "Mayfield Road in Grand Prairie", "Highway 19", "Peremohy Avenue".

The gazetteer holds no streets, yet local news places much of what happens on them.  A
street is a place mention of its own (role ``"street"``), placed at the town it is in --
never presented as more precise than that town:

* the town named with it: "Mayfield Road in Grand Prairie", "Main Street, Dunwoody",
  "Grand Prairie's Mayfield Road" (score: the town's, times :data:`NAMED_TOWN_FACTOR`);
* else the nearest town the article names before it (or, failing that, after it in the
  same sentence), within :data:`NEAR_CHARS` characters (score times
  :data:`NEAREST_TOWN_FACTOR`: the street may lie elsewhere);
* else no mention: a street with no town is not mapped.

A place name inside a street's name is no mention of that place ("Washington Drive" is
not Washington State; "Kharkiv Street" in Odesa is not Kharkiv).  A road across a region
named after places keeps their mentions instead ("Ohio Turnpike", "U.S. 95",
"Pokrovsk-Kostiantynivka Highway").  Names of institutions
built on a street name ("Wall Street Journal", "Main Street Bank") are not streets.

Linear time: one regular-expression pass whose words are bounded in number.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Sequence

from geomap.model import Mention

__all__ = ["STREET_ROLE", "NAMED_TOWN_FACTOR", "NEAREST_TOWN_FACTOR", "NEAR_CHARS",
           "street_spans", "place_streets"]

#: The role of a street mention (its place is the town it is in).
STREET_ROLE = "street"
#: Score of a street placed at the town named with it, as a share of the town's score.
NAMED_TOWN_FACTOR = 0.9
#: Score of a street placed at the nearest town the article names, as a share of its score.
NEAREST_TOWN_FACTOR = 0.6
#: How far (characters) the nearest town may be from the street.
NEAR_CHARS = 1500
#: Town mentions below this score place no street.
MIN_TOWN_SCORE = 0.25

_SUFFIX = (r"(?:Street|Road|Avenue|Boulevard|Drive|Lane|Highway|Parkway|Pike|Terrace|Trail|"
           r"Turnpike|Expressway|Freeway|Alley|Prospekt|Prospect|Embankment|"
           r"St\.(?!\s*[A-Z][a-z])|Rd\.|Ave\.|Blvd\.|Hwy\.|Pkwy\.|Ln\.)")
_WORD = r"(?:[A-Z][A-Za-z'’-]*[A-Za-z]|[A-Z]\.|\d{1,3}(?:st|nd|rd|th))"
#: A named street: one to four capitalised words (or ordinals) and a street word.
_NAMED = rf"{_WORD}(?:[ ]{_WORD}){{0,3}}[ ]{_SUFFIX}(?![A-Za-z])"
#: A numbered road: "Highway 19", "State Route 7", "Interstate 64", "I-95", "U.S. 41".
_NUMBERED = (r"(?:(?:U\.S\.|US|State|County|Interstate|Farm[- ]to[- ]Market)[ ])?"
             r"(?:Highway|Hwy\.|Route|Road|Interstate)[ ]\d{1,4}[A-Z]?(?![\d.,]\d)"
             r"|\bI-\d{1,3}\b|\bU\.S\.[ ]\d{1,3}\b")
_STREET = re.compile(rf"(?<![\w.])(?:{_NUMBERED}|{_NAMED})")
#: A street word or road number: where a street's name can end (the full pattern runs only
#: on the :data:`_WINDOW` characters before it).
_HINT = re.compile(r"[ ](?:Street|Road|Avenue|Boulevard|Drive|Lane|Highway|Parkway|Pike|Terrace|"
                   r"Trail|Turnpike|Expressway|Freeway|Alley|Prospekt|Prospect|Embankment|St\.|"
                   r"Rd\.|Ave\.|Blvd\.|Hwy\.|Pkwy\.|Ln\.|Route|Interstate)(?![A-Za-z])|"
                   r"[ ]I-\d|[ ]U\.S\.[ ]\d")   # a leading space: the regex engine's fast literal scan
_WINDOW = 120
#: Roads that cross a region: named after the region they belong to or the towns they join
#: ("Ohio Turnpike", "U.S. 95", "Pokrovsk-Kostiantynivka Highway"), they keep those mentions.
_REGIONAL = re.compile(r"(?:Highway|Hwy\.|Route|Interstate|Turnpike|Expressway|Freeway|\d)\b")
#: A person's initial before the last word: "Virginia L. Lane" is a person.
_INITIAL_BEFORE_LAST = re.compile(r"[ ][A-Z]\.[ ]\S+$")
#: Capitalised words that start a sentence or a phrase, not a street's name.
_LEADING = frozenset("""
the a an on in at along near from to into onto off down up across via of and but or by for
with past outside inside behind toward towards between both west-bound east-bound
""".split()) | frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december police officers residents
""".split())
#: After a street name, a capitalised word that makes it an institution's name.
_INSTITUTION_AFTER = re.compile(r"[ ](?!(?:in|at|of|and|near|between)\b)[A-Z][a-z]")
#: Between a street and the town it is in: "Mayfield Road in Grand Prairie", "Main St., Dunwoody".
_IN_TOWN = re.compile(r"(?:,|[ ](?:in|of)(?:[ ]the[ ](?:city|town|village)[ ]of)?)[ ]")
#: The longest text :data:`_IN_TOWN` matches.
_IN_TOWN_MAX = len(" of the village of ")
#: Before a street, its town: "Grand Prairie's Mayfield Road".
_POSSESSIVE_GAPS = frozenset({"'s ", "’s ", "' ", "’ "})
_SENTENCE_END = re.compile(r"[.!?][\"”’]?\s+[A-Z]")


def street_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the streets and roads named in ``text``, in order."""
    out: list[tuple[int, int]] = []
    last = 0
    for hint in _HINT.finditer(text):   # a street word: match the names that end there
        lo = max(last, hint.start() - _WINDOW)
        match = _STREET.search(text, lo, hint.end() + 6)
        while match is not None and match.end() < hint.end():
            match = _STREET.search(text, match.end(), hint.end() + 6)
        if match is None or match.start() >= hint.end():
            continue
        last = match.end()
        _add_street(text, match.start(), match.end(), out)
    return out


def _add_street(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append the street text[start:end] matched by ``_STREET`` to ``out``, trimmed of
    leading function words, unless it is no street."""
    # strip capitalised function words ("On Main Street", "Thursday Elm Street")
    while True:
        space = text.find(" ", start, end)
        if space < 0 or text[start:space].lower() not in _LEADING:
            break
        start = space + 1
    # "Augusta's Highland Avenue", "the city's Main Street": the street after the owner
    owner = max(text.rfind("'s ", start, end), text.rfind("’s ", start, end))
    if owner > 0 and text.find(" ", owner + 3, end) > 0:
        start = owner + 3
    if text.find(" ", start, end) < 0 and not text[start:end].startswith("I-"):
        return   # only the street word is left
    if text[end:end + 1] != "." and _INSTITUTION_AFTER.match(text, end):
        return   # "Wall Street Journal", "Main Street Bank"
    if _INITIAL_BEFORE_LAST.search(text, start, end):
        return   # "Virginia L. Lane, 77": a person
    out.append((start, end))


def place_streets(text: str, mentions: Sequence[Mention],
                  streets: Sequence[tuple[int, int]]) -> list[Mention]:
    """``mentions`` with the place mentions inside each street replaced by the street,
    placed at its town (see the module's docstring); sorted by start."""
    if not streets:
        return list(mentions)
    inside = [False] * len(mentions)
    local = []
    k = 0
    for start, end in streets:
        while k < len(mentions) and mentions[k].end <= start:
            k += 1
        j = k
        while j < len(mentions) and mentions[j].start < end:
            j += 1
        if j > k and _REGIONAL.search(text, start, end):
            continue   # "Ohio Turnpike", "U.S. 95", "Pokrovsk-Kostiantynivka Highway": the places' road
        inside[k:j] = [True] * (j - k)
        local.append((start, end))
    streets = local
    towns = [m for m, dropped in zip(mentions, inside)
             if not dropped and m.place is not None and m.role == "toponym"
             and m.place.kind in ("city", "admin2") and m.score >= MIN_TOWN_SCORE]
    added = []
    starts = [t.start for t in towns]
    for start, end in streets:
        placed = _town_of(text, start, end, towns, starts)
        if placed is not None:
            town, factor = placed
            added.append(Mention(start, end, text[start:end], town.place,
                                 round(town.score * factor, 4), STREET_ROLE))
    kept = [m for m, dropped in zip(mentions, inside) if not dropped]
    return sorted(kept + added, key=lambda m: m.start)


def _town_of(text: str, start: int, end: int, towns: Sequence[Mention],
             starts: Sequence[int] | None = None) -> tuple[Mention, float] | None:
    """The town mention a street lies in, and the share of its score the street gets.

    ``towns`` are sorted by start (and, as they do not overlap, by end); ``starts`` their
    starts.  Only the towns right before and after the street are read, and the text
    between them up to :data:`NEAR_CHARS`: the cost does not grow with the article."""
    if starts is None:
        starts = [t.start for t in towns]
    k = bisect_left(starts, end)            # towns[k:] start at or after the street's end
    b = bisect_left(starts, start) - 1      # towns[:b + 1] start before the street
    while b >= 0 and towns[b].end > start:  # (a town overlapping the street is neither)
        b -= 1
    prev = towns[b] if b >= 0 else None
    # the street's own town: "Hampton Park's Elm Street", "Elm Street in Charleston"
    if prev is not None and text[prev.end:start] in _POSSESSIVE_GAPS:
        return prev, NAMED_TOWN_FACTOR
    n = k
    while n < len(towns) and towns[n].start - end <= _IN_TOWN_MAX:
        if _IN_TOWN.fullmatch(text, end, towns[n].start):
            return towns[n], NAMED_TOWN_FACTOR
        n += 1
    if prev is not None and start - prev.end <= NEAR_CHARS:
        return prev, NEAREST_TOWN_FACTOR
    if k < len(towns) and towns[k].start - end <= NEAR_CHARS:
        after = towns[k]
        if _SENTENCE_END.search(text, end, after.start + 1) is None:
            return after, NEAREST_TOWN_FACTOR
    return None
