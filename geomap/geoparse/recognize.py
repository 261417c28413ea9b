"""Toponym recognition: gazetteer-driven matching of capitalised n-grams plus rules.

``recognize(text, lookup=...)`` returns :class:`Recognized` spans with exact character
offsets (``text[start:end] == span.text``), sorted and non-overlapping (the longest name
wins: "Rostov-on-Don", "Sea of Azov").  Rules, each with a test in
``tests/test_recognize.py``:

* candidates are runs of capitalised tokens, with lower-case connectors inside
  ("Sea of Azov", "Rostov-on-Don", "Port-au-Prince", "Côte d'Ivoire"), looked up folded in
  the gazetteer in one batch;
* a generic admin word after a name belongs to the mention and restricts its kind:
  "Bryansk region" -> one mention, admin-1; "Laurel County" -> admin-2;
* possessives are cut off: "Moscow's" -> "Moscow" (a metonym before "government",
  "delusions"...); "Kyiv said" -> metonym (not after a preposition: "officials in Paris
  said"); "the Kremlin" -> metonym for Moscow;
* abbreviations: AP-style US states ("Ga.", "W.Va."), "U.S.", "UK", "NSW", "L.A."; two-letter
  postal codes only after "City, ";
* demonyms ("Russian", "Sri Lankan") are mentions of their country with role "demonym";
  demonyms of regions and cities by morphology ("South Ossetian", "Ohioans", "Ontarians"),
  restricted to the kind of their best-known base (the province, not Ontario, California);
* rejected: calendar words, titles, generic nouns ("Street", "Air Force"); common English
  words at the start of a sentence or when the article also uses them in lower case;
  persons (after a given name, a title or an initial, before "said"; "Title Given
  Surname" even with an unknown given name -- "Dr. Caleb Chu"; common surnames; their
  later repeats in the same article); a small place's name as the first word of a longer
  capitalised name ("Dona Roth Kinney"), unless it modifies a facility or office ("the
  Oakdale Fire Department", "Monroe Mayor"), follows a preposition or precedes a date;
  street names ("Dublin Road"); all-capital
  words outside datelines; disease names ("West Nile virus"); a county's bare alias
  ("Clark") unless the article names "Clark County"; small places matched only by an
  unrelated alternate name (spelling variants such as "Kupiansk" are kept).

Countries, admin-1 regions, physical features and cities of 100,000+ ("big" places) are
exempt from the common-word and surname filters (a name of three letters or less is big
only under the place's own name: "Chu" is an old name of Quzhou).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, NamedTuple

from gazetteer.normalize import fold as _fold

from geomap.geoparse.lexicon.abbreviations import US_STATES, abbreviation_table
from geomap.geoparse.lexicon.demonyms import COUNTRY_NAMES, demonym_table
from geomap.geoparse.lexicon.persons import FIRST_NAMES, SURNAMES
from geomap.geoparse.lexicon.words import (
    ADMIN_GENERICS,
    CITY_CUES,
    COMMON_WORDS,
    GENERIC_NOUNS,
    METONYM_INSTITUTIONS,
    METONYM_NOUNS,
    METONYM_VERBS,
    NAME_ABBREVIATIONS,
    NAME_CONNECTORS,
    NEVER_PLACES,
    PERSON_TITLES,
    STREET_SUFFIXES,
)

__all__ = ["Recognized", "Token", "tokenize", "recognize", "ngram_keys"]

_TOKEN = re.compile(r"(?:[A-Z][a-z]?\.){2,}|[^\W_](?:[\w]|['’](?=\w))*")
_POSSESSIVE = ("'s", "’s", "'S", "’S")
_SENTENCE_END = re.compile(r"[.!?:;\n\"“”(]|\s[-–—]\s")
_DEMONYMS = demonym_table()
_ABBREVIATIONS = abbreviation_table()
_MAX_DEMONYM_TOKENS = 2
_SPEECH_WORDS = "said says told added explained noted wrote asked answered replied testified stated recalled"
_SPEECH_VERBS = frozenset(_SPEECH_WORDS.split())
_DISEASE_WORDS = ("virus", "fever", "flu ", "flu.", "flu,", "influenza", "disease", "syndrome",
                  "ebolavirus", "encephalitis", "strain")
#: Organisations and generic phrases that are also (tiny) gazetteer names.
_NOT_PLACE_NAMES = frozenset({"red cross", "european union", "the city", "city park",
                              "xinhua", "reuters", "interpol"})
_PREPOSITIONS = frozenset("in at near from to into outside inside across around over "
                          "through toward towards between within".split())
_ALLOWED_PREFIXES = frozenset("""
downtown greater metro metropolitan suburban rural north south east west northern southern
eastern western central northeast northwest southeast southwest upper lower inner outer
mid lake mount mt fort ft port saint st old new
""".split())
_NEVER_SINGLE = NEVER_PLACES | PERSON_TITLES
#: Capitalised words that may follow a place name inside a longer place mention.
_PLACE_WORDS_AFTER = frozenset("""
north south east west northern southern eastern western central city town village
island islands river lake valley bay beach park heights hills springs falls township
""".split())
#: Capitalised words after a place name that make it a modifier of a facility, office or
#: date, where the place name is still a place mention.
_MODIFIED_WORDS = frozenset("""
fire police department board school schools college university hospital medical center
centre education foundation hall station mayor selectman selectmen council commission
parks airport international national forest cemetery lodge inn ranch democrat democrats
republican republicans chamber library church high middle elementary academy courthouse
court area region regional community general memorial public county city town village
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
""".split())
_BIG_KINDS = frozenset({"country", "admin1", "continent", "sea", "region", "river", "lake"})
BIG_POPULATION = 100_000




def _similar(a: str, b: str) -> bool:
    """Spelling variants of one name ("kupiansk"/"kupyansk", "izmail"/"izmayil")."""
    from difflib import SequenceMatcher

    return a[:2] == b[:2] and SequenceMatcher(None, a, b).ratio() >= 0.75


def _big_main(places, key: str) -> bool:
    """A country or a city of 100,000+ whose main name is ``key`` ("Washington", "Mobile")."""
    for p in places or ():
        if p.kind == "country" or (p.kind == "city" and (p.population or 0) >= BIG_POPULATION
                                   and _fold(p.name) == key):
            return True
    return False


def _big(places, key: str | None = None) -> bool:
    """Is any of the candidate places important enough to beat a common-word reading?

    Countries, admin-1 regions, continents, seas, regions, rivers, lakes; cities of
    100,000+ -- given a short ``key`` (<= 3 letters), only under their own name or a
    spelling variant of it ("Chu" is an old name of Quzhou, not a reason to keep "Caleb
    Chu"; longer aliases such as "Kiev" or "Leopoldville" count); counties of 100,000+ only
    under their own name ("Clark" alone is not Clark County)."""
    for p in places or ():
        kind = getattr(p, "kind", None)
        if kind in _BIG_KINDS:
            return True
        if (getattr(p, "population", 0) or 0) >= BIG_POPULATION:
            if key is not None and len(key) <= 3 and kind == "city" and _fold(p.name) != key \
                    and not _similar(key, _fold(p.name)):
                continue
            if kind != "admin2" or " " not in p.name or not p.name.lower().endswith(
                    (" county", " parish", " borough", " district")):
                return True
    return False


class Token(NamedTuple):
    """A word of the text; ``end`` excludes a possessive "'s" (then ``possessive``).

    ``initial`` (first word of a sentence, line or quotation) is only computed for
    capitalised words; it is False for lower-case ones.
    """

    start: int
    end: int
    text: str
    cap: bool          # starts with an upper-case letter
    upper: bool        # all capitals (two letters or more)
    initial: bool
    possessive: bool = False


@dataclass(frozen=True, slots=True)
class Recognized:
    """A recognised toponym span.

    ``key`` is the folded gazetteer name to look up; ``kind`` and ``country`` restrict the
    candidates when known (abbreviations, demonyms, "X County"); ``role`` is "toponym",
    "demonym" or "metonym"; ``cue`` is "city" after "the city/port/town of", else "";
    ``confidence`` is the recogniser's own belief that this is a place mention.
    """

    start: int
    end: int
    text: str
    key: str
    role: str = "toponym"
    kind: str | None = None
    country: str | None = None
    cue: str = ""
    confidence: float = 0.8




_KEEP_LOWER = sorted(NAME_CONNECTORS | frozenset(ADMIN_GENERICS) | CITY_CUES | METONYM_VERBS
                     | METONYM_NOUNS | frozenset(_SPEECH_WORDS.split()) | _PREPOSITIONS
                     | {"of", "the", "a"},
                     key=len, reverse=True)
_KEEP_LOWER_SET = frozenset(_KEEP_LOWER)
_WORD = re.compile(r"(?:[A-Z][a-z]?\.){2,}|[^\W_](?:\w|['’](?=\w))*")


def tokenize(text: str) -> list[Token]:
    """Capitalised words (and the few lower-case words the rules need) of ``text``.

    Other words are skipped: two tokens are adjacent only if the text between them is
    just a space, a hyphen or ". " (the rules check that gap).
    """
    return _scan(text)[0]


def _scan(text: str) -> tuple[list[Token], set[str]]:
    """(tokens, the set of all-lower-case words of the text)."""
    tokens: list[Token] = []
    lower_words: set[str] = set()
    append = tokens.append
    add_lower = lower_words.add
    keep = _KEEP_LOWER_SET
    prev_end = 0
    prev_text = ""
    sentence_end = _SENTENCE_END.search
    for m in _WORD.finditer(text):
        word = m.group()
        if not word[0].isupper() and not (len(word) > 2 and word[1] in "'’" and word[2].isupper()):
            if word.islower():
                add_lower(word)
                if word in keep:
                    start, end = m.span()
                    append(Token(start, end, word, False, False, False, False))
                    prev_end = end
                    prev_text = word
            continue
        start, end = m.span()
        possessive = False
        if len(word) > 2 and word.endswith(_POSSESSIVE):
            word = word[:-2]
            end -= 2
            possessive = True
        if not tokens and not text[:start].strip():
            initial = True
        else:
            gap = text[prev_end:start]
            if gap == " ":
                initial = False
            else:
                # the punctuation after the gap's last word, and that word
                k = len(gap)
                while k and not (gap[k - 1].isalnum() or gap[k - 1] == "_"):
                    k -= 1
                tail = gap[k:]
                b = k
                while b and (gap[b - 1].isalnum() or gap[b - 1] == "_"):
                    b -= 1
                last_word = gap[b:k] if k else prev_text
                if not tokens and not last_word:
                    initial = True
                elif sentence_end(tail):
                    # "St. Louis", "Mr. Smith", "J. Smith", "U.S. troops" do not end a sentence.
                    low_prev = last_word.lower()
                    initial = not (
                        tail.startswith(". ") and "\n" not in tail and (
                            low_prev in NAME_ABBREVIATIONS or low_prev in PERSON_TITLES
                            or len(last_word) == 1 or (last_word == prev_text and prev_text.endswith("."))
                        )
                    )
                else:
                    initial = False
        append(Token(start, end, word, True, len(word) > 1 and word.isupper(), initial, possessive))
        prev_end = m.end()
        prev_text = word
    return tokens, lower_words


def _joinable(text: str, left: Token, right: Token) -> bool:
    """May ``left`` and ``right`` belong to one multi-word name?"""
    if left.possessive:
        return False
    gap = text[left.end:right.start]
    if gap in (" ", "-"):
        return True
    if gap == ". " and left.text.lower() in NAME_ABBREVIATIONS:
        return True  # "St. Louis", "Mt. Vernon"
    return False


def _is_name_token(tok: Token) -> bool:
    return tok.cap and not tok.text[0].isdigit()


def _dateline(text: str, tokens: list[Token], i: int, j: int) -> bool:
    """All-caps words followed by ",", ":", "(" or a dash: a dateline ("BEIRUT:", "NEWARK --")."""
    after = text[tokens[j].end:tokens[j].end + 4].lstrip(" ")
    if after[:1] not in (",", ":", "(", "-", "—", "–", "\x97"):
        return False
    if tokens[i].initial:
        return True
    before = text[max(0, tokens[i].start - 12):tokens[i].start].rstrip(" ")
    return not before or before[-1].isdigit() or before[-1] in "\n.:" or before.isupper()


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


def _demonym_candidates(text: str, tokens: list[Token]) -> dict[int, tuple[int, list[str]]]:
    """Token index -> (start token index, base names) for words that may be demonyms of a
    region or city not in the demonym table ("South Ossetian", "Ohioans", "Dagestani")."""
    out: dict[int, tuple[int, list[str]]] = {}
    for i, tok in enumerate(tokens):
        if not tok.cap or tok.upper or len(tok.text) < 5 or tok.text in _DEMONYMS:
            continue
        low = tok.text.lower()
        if low in _NOT_DEMONYMS or not low.endswith(_DEMONYM_SUFFIXES):
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
        if i > 0 and tokens[i - 1].text.lower() in _DIRECTIONS and _joinable(text, tokens[i - 1], tok):
            first = i - 1
            bases = [f"{tokens[i - 1].text.lower()} {b}" for b in bases]
        out[i] = (first, bases)
    return out


def ngram_keys(text: str, tokens: list[Token], *, max_tokens: int) -> dict[tuple[int, int], str]:
    """Folded lookup keys of every candidate n-gram: ``(i, j) -> key`` (tokens i..j)."""
    keys: dict[tuple[int, int], str] = {}
    n = len(tokens)
    for i in range(n):
        first = tokens[i]
        if not _is_name_token(first):
            continue
        j = i
        while j < n and j - i < max_tokens:
            tok = tokens[j]
            if j > i:
                if not _joinable(text, tokens[j - 1], tok):
                    break
                if not tok.cap and tok.text.lower() not in NAME_CONNECTORS \
                        and tok.text.lower() not in ADMIN_GENERICS:
                    break
            if tok.cap or (j > i and tok.text.lower() in ADMIN_GENERICS):
                keys[(i, j)] = _fold(text[first.start:tok.end])
            j += 1
    return keys


def _person_context(text: str, tokens: list[Token], i: int) -> bool:
    """Is token i (a name candidate's first token) preceded by a given name/title/initial?"""
    if i == 0:
        return False
    prev = tokens[i - 1]
    gap = text[prev.end:tokens[i].start]
    if gap not in (" ", ". "):
        return False
    low = prev.text.lower()
    if gap == ". ":
        return low in PERSON_TITLES or (len(prev.text) == 1 and prev.cap)
    if not prev.cap or prev.upper and len(prev.text) > 1:
        return low in PERSON_TITLES
    if low in FIRST_NAMES or low in PERSON_TITLES or (len(prev.text) == 1 and prev.cap and prev.text != "A"):
        return True
    # a title, then a given name we do not know: "Dr. Caleb Chu", "Commissioner Wade McKinney"
    if i >= 2 and not prev.upper:
        title = tokens[i - 2]
        return title.text.lower() in PERSON_TITLES and text[title.end:prev.start] in (" ", ". ")
    return False


def _title_case_line(text: str, pos: int) -> bool:
    """Is the line around ``pos`` a title-case headline ("Kupiansk Residents Flee Shelling")?
    (Most of its words of four letters or more are capitalised.)"""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start:end if end >= 0 else len(text)]
    if len(line) > 200:
        return False
    words = [w for w in line.split() if len(w) >= 4 and w[0].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _titled_full_name(text: str, tokens: list[Token], i: int) -> bool:
    """Is token i the surname of "Title Given Surname" ("Dr. Caleb Chu")?"""
    if i < 2:
        return False
    prev, title = tokens[i - 1], tokens[i - 2]
    return (prev.cap and not prev.upper and text[prev.end:tokens[i].start] == " "
            and title.text.lower() in PERSON_TITLES and text[title.end:prev.start] in (" ", ". "))


def _street_after(text: str, tokens: list[Token], j: int) -> bool:
    if j + 1 >= len(tokens):
        return False
    nxt = tokens[j + 1]
    return (nxt.cap and nxt.text.lower() in STREET_SUFFIXES
            and text[tokens[j].end:nxt.start] == " " and not tokens[j].possessive)


def _city_cue(text: str, tokens: list[Token], i: int) -> str:
    """"city of X", "the port of X", "the southern city of X" -> "city"."""
    if i >= 2 and tokens[i - 1].text == "of" and tokens[i - 2].text.lower() in CITY_CUES \
            and not tokens[i - 2].cap and text[tokens[i - 2].end:tokens[i - 1].start] == " " \
            and text[tokens[i - 1].end:tokens[i].start] == " ":
        return "city"
    return ""


def _metonym(text: str, tokens: list[Token], j: int) -> bool:
    tok = tokens[j]
    if j + 1 >= len(tokens):
        return False
    nxt = tokens[j + 1]
    low = nxt.text.lower()
    gap = text[tok.end:nxt.start]
    # "officials in Paris condemned": a place after a preposition is not the speaker
    k = j
    floor = max(0, j - 8)  # a name is a few capitalised words: bounded, so long capitalised runs stay linear
    while k > floor and text[tokens[k - 1].end:tokens[k].start] == " " and tokens[k - 1].cap:
        k -= 1
    if k > 0 and tokens[k - 1].text in _PREPOSITIONS and text[tokens[k - 1].end:tokens[k].start] == " ":
        return False
    if tok.possessive:
        return low in METONYM_NOUNS and gap in ("'s ", "’s ")
    return gap == " " and low in METONYM_VERBS


def recognize(text: str, *, lookup: Callable[[Iterable[str]], Mapping[str, object]],
              max_tokens: int = 6) -> list[Recognized]:
    """Toponym spans in ``text``.

    ``lookup(keys)`` returns the subset of folded ``keys`` that are gazetteer names (a
    mapping whose keys are those names, e.g. ``Gazetteer.lookup_many``).
    """
    tokens, lower_words = _scan(text)
    if not tokens:
        return []
    keys = ngram_keys(text, tokens, max_tokens=max(1, max_tokens + 1))
    maybe_demonyms = _demonym_candidates(text, tokens)
    wanted = set(keys.values())
    for _, bases in maybe_demonyms.values():
        wanted.update(bases)
    known = lookup(wanted)
    n = len(tokens)
    found: list[Recognized] = []
    surnames: set[str] = set()
    deferred: list[Recognized] = []
    i = 0
    while i < n:
        tok = tokens[i]
        if not tok.cap:
            i += 1
            continue
        special = _special_match(text, tokens, i)
        best_j = -1
        for j in range(min(n - 1, i + max_tokens), i - 1, -1):
            key = keys.get((i, j))
            if key is not None and key in known and (
                    tokens[j].cap or tokens[j].text.lower() in ADMIN_GENERICS):
                best_j = j
                break
        if special is not None and (best_j < 0 or special[0] >= best_j):
            j, rec = special
            found.append(rec)
            i = j + 1
            continue
        if best_j < 0:
            rec = _region_demonym(text, tokens, i, maybe_demonyms, known, found)
            if rec is not None:
                found.append(rec)
            i += 1
            continue
        j = best_j
        rec = _accept(text, tokens, i, j, keys[(i, j)], keys, known, surnames, lower_words, deferred)
        if rec is None:
            i += 1
            continue
        found.append(rec)
        i = _end_index(tokens, rec, i) + 1
    if surnames:  # a surname seen once is a surname everywhere in the article
        found = [r for r in found if not (r.text in surnames and " " not in r.text)]
    if deferred:
        counties = {r.key for r in found if r.kind == "admin2"}
        back = [r for r in deferred if any(f"{r.key} {w}" in counties for w in ("county", "parish"))]
        if back:
            found = sorted(found + back, key=lambda r: r.start)
    return found


def _region_demonym(text: str, tokens: list[Token], i: int, maybe: dict, known: Mapping,
                    found: list[Recognized]) -> Recognized | None:
    """"South Ossetian" -> South Ossetia, "Ohioans" -> Ohio (well-known places only)."""
    entry = maybe.get(i)
    if entry is None:
        return None
    first, bases = entry
    if first < i and found and found[-1].end > tokens[first].start:
        first = i
        bases = [b.split(" ", 1)[1] for b in bases if " " in b]
    for base in bases:
        places = known.get(base)
        kinds = [p.kind for p in places or () if p.kind in ("country", "admin1", "region") or
                 (p.kind == "city" and (p.population or 0) >= BIG_POPULATION
                  and _fold(p.name) == base)]
        if kinds:
            # the people of the best-known place of that name: "Ontarians" -> the province
            kind = min(kinds, key=("country", "admin1", "region", "city").index)
            start = tokens[first].start
            return Recognized(start, tokens[i].end, text[start:tokens[i].end], base, "demonym",
                              kind, None, "", 0.6)
    return None


def _end_index(tokens: list[Token], rec: Recognized, start: int) -> int:
    for k in range(start, len(tokens)):
        if tokens[k].end >= rec.end:
            return k
    return len(tokens) - 1


def _first_words(surfaces: Iterable[str]) -> frozenset[str]:
    out = set()
    for surface in surfaces:
        first = surface.split(" ")[0]
        out.add(first)
        out.add(first.rstrip("."))
    return frozenset(out)


_SPECIAL_FIRST = _first_words(list(_ABBREVIATIONS) + list(_DEMONYMS) + list(METONYM_INSTITUTIONS))


def _special_match(text: str, tokens: list[Token], i: int) -> tuple[int, Recognized] | None:
    """Demonyms, abbreviations and metonymic institutions starting at token i."""
    tok = tokens[i]
    if tok.text not in _SPECIAL_FIRST and not (tok.upper and len(tok.text) == 2):
        return None
    # Abbreviations with their final period: "Ga.", "U.S.", "W.Va.", "N.Y."
    word = tok.text
    with_dot = word + "." if text[tok.end:tok.end + 1] == "." else word
    for surface in (with_dot, word):
        entry = _ABBREVIATIONS.get(surface)
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
        code = _DEMONYMS.get(surface)
        if code is not None and all(_joinable(text, tokens[k], tokens[k + 1]) or width == 1
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


def _accept(text: str, tokens: list[Token], i: int, j: int, key: str,
            keys: dict[tuple[int, int], str], known: Mapping[str, object],
            surnames: set[str], lower_words: set[str], deferred: list[Recognized]) -> Recognized | None:
    """Apply the filters to the gazetteer match tokens[i..j]; None if rejected."""
    first, last = tokens[i], tokens[j]
    single = i == j
    low = first.text.lower()
    surface = text[first.start:last.end]
    confidence = 0.85 if not single else 0.75
    if single:
        if low in _NEVER_SINGLE or len(first.text) < 2:
            return None
        if ("'" in low or "’" in low) and not (len(low) > 2 and low[0] in "od" and low[1] in "'’"):
            return None  # "We're", "I've"
    if all(t.upper for t in tokens[i:j + 1]) and len(surface) > 1:
        if not _dateline(text, tokens, i, j):
            return None
        confidence = 0.7
    big = _big(known.get(key), key)
    if _person_context(text, tokens, i):
        if not big or _titled_full_name(text, tokens, i):
            surnames.add(surface)   # "Dr. Caleb Chu ... Chu said": a surname throughout
        return None
    if _street_after(text, tokens, j) and not big:
        return None
    # A given name followed by a capitalised word is a person ("Austin Smith").
    if single and low in FIRST_NAMES and j + 1 < len(tokens) and tokens[j + 1].cap \
            and text[last.end:tokens[j + 1].start] == " ":
        return None
    # A small place's name followed by a capitalised word that is no place word is the
    # first word of a longer name ("Dona Roth Kinney", "Licking Memorial Hospital").
    # A place used as a modifier of a facility or office ("the Oakdale Fire Department",
    # "Monroe Mayor ...") or before a date ("in Clinton April 4") stays a place.
    if single and not big and j + 1 < len(tokens) and not first.initial:
        nxt = tokens[j + 1]
        nlow = nxt.text.lower()
        prev_low = tokens[i - 1].text.lower() if i > 0 else ""
        if nxt.cap and not nxt.upper and text[last.end:nxt.start] == " " \
                and nlow not in ADMIN_GENERICS and nlow not in _PLACE_WORDS_AFTER \
                and nlow not in _MODIFIED_WORDS and nlow not in PERSON_TITLES \
                and nlow not in STREET_SUFFIXES \
                and prev_low not in _PREPOSITIONS and prev_low not in ("the", "of") \
                and not _title_case_line(text, first.start):
            return None
    if single:
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        # "Bailey said", "Jones told": a person, unless a country/state/big city
        if nxt is not None and nxt.text in _SPEECH_VERBS and text[last.end:nxt.start] == " " \
                and not _big_main(known.get(key), key) \
                and not (big and any(p.kind == "admin1" and _fold(p.name) == key
                                     for p in known.get(key) or ())):
            if not big:
                surnames.add(surface)
            return None
        # part of a hyphenated compound that is not a place: "Wal-Mart", "Al-Qaeda"
        if not big and ((i > 0 and text[tokens[i - 1].end:first.start] == "-")
                        or (nxt is not None and text[last.end:nxt.start] == "-" and nxt.cap
                            and not nxt.upper)):
            return None
        places = known.get(key) or ()
        if places and all(p.kind == "admin2" and _fold(p.name) != key for p in places):
            # "Clark" alone: a surname far more often than Clark County -- unless the
            # article also says "Clark County" (checked after the scan)
            deferred.append(Recognized(first.start, last.end, surface, key, "toponym", "admin2",
                                       None, "", 0.7))
            return None
        if big and (low in GENERIC_NOUNS or low in COMMON_WORDS) and not _big_main(known.get(key), key):
            return None
        if not big:
            if low in GENERIC_NOUNS or low in COMMON_WORDS or low in lower_words:
                return None
            if low in SURNAMES and not (i > 0 and tokens[i - 1].text in _PREPOSITIONS
                                        and text[tokens[i - 1].end:first.start] == " "):
                return None
            # inside a longer capitalised name: "Main Street", "Air Force", "Raquel Henry"
            if i > 0 and not first.initial:
                prev = tokens[i - 1]
                if prev.cap and text[prev.end:first.start] == " " and not prev.upper:
                    plow = prev.text.lower()
                    if plow not in COMMON_WORDS and plow not in NEVER_PLACES \
                            and plow not in _ALLOWED_PREFIXES and plow not in PERSON_TITLES:
                        surnames.add(surface)
                        return None
        elif first.initial and (low in COMMON_WORDS or low in GENERIC_NOUNS):
            return None
        if not big and not any(_fold(p.name) == key for p in places):
            # only an alternate name of a small place: keep spelling variants of its own
            # name ("Kupiansk" for Kupyansk) except at a sentence start ("Artillery" is
            # not Artillerie, New Caledonia); drop unrelated old names and nicknames
            if first.initial or not any(_similar(key, _fold(p.name)) for p in places[:5]):
                return None
    kind: str | None = None
    end = last.end
    # "Bryansk region", "Laurel County" (when only "Laurel" is a name), "New York state"
    if j + 1 < len(tokens) and not last.possessive:
        nxt = tokens[j + 1]
        generic = nxt.text.lower()
        if generic in ADMIN_GENERICS and text[last.end:nxt.start] == " " \
                and not (generic == "state" and nxt.cap):
            kind = ADMIN_GENERICS[generic]
            end = nxt.end
            confidence = max(confidence, 0.85)
    if kind is None and j > i and last.text.lower() in ADMIN_GENERICS:
        kind = ADMIN_GENERICS[last.text.lower()]  # "Laurel County" as a whole name
    # "West Nile virus", "Marburg fever", "Spanish flu": a disease, not a place
    after = text[end:end + 16].lstrip(" ").lower()
    if after.startswith(_DISEASE_WORDS) and text[end:end + 1] == " ":
        return None
    if key in _NOT_PLACE_NAMES:
        return None
    role = "metonym" if _metonym(text, tokens, j) else "toponym"
    cue = _city_cue(text, tokens, i)
    return Recognized(first.start, end, text[first.start:end], key, role, kind, None, cue, confidence)
