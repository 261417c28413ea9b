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
  later repeats in the same article; a place's name as a given name, before a middle
  initial or before a surname the article also uses alone -- "Milton J. Little", "Brent
  Ching ... Ching said"; a common surname listed with a place or named as a person's home
  town stays a place: "Gainesville and Lindsay", "Norb Mages of Lindsay"); a small place's name as the first word of a longer
  capitalised name ("Dona Roth Kinney"), unless it modifies a facility or office ("the
  Oakdale Fire Department", "Monroe Mayor"), follows a preposition or precedes a date;
  street names ("Dublin Road"); all-capital
  words outside datelines; disease names ("West Nile virus"); a county's bare alias
  ("Clark") unless the article names "Clark County"; small places matched only by an
  unrelated alternate name (spelling variants such as "Kupiansk" are kept).

Countries, admin-1 regions, physical features and cities of 100,000+ ("big" places) are
exempt from the common-word and surname filters (a name of three letters or less is big
only under the place's own name: "Chu" is an old name of Quzhou).

This module is the scanner and its filters; the parts it uses live in :mod:`.tokens`
(tokenizer, n-gram keys), :mod:`.cues` (context cues), :mod:`.special` (abbreviations,
country demonyms, institutions) and :mod:`.morphology` (derived demonyms).
"""
from __future__ import annotations

import re
from typing import Callable, Container, Iterable, Mapping, NamedTuple

from gazetteer.normalize import fold as _fold

from geomap.geoparsing.cues import (
    CapitalisedWords,
    city_cue,
    full_name_after,
    dateline,
    metonym,
    person_context,
    street_after,
    title_case_line,
    titled_full_name,
)
from geomap.geoparsing.elided import elided_names
from geomap.geoparsing.lexicon.demonyms import demonym_table
from geomap.geoparsing.lexicon.persons import FIRST_NAMES, SURNAMES
from geomap.geoparsing.lexicon.words import (
    ADMIN_GENERICS,
    COMMON_WORDS,
    GENERIC_NOUNS,
    NEVER_PLACES,
    PERSON_TITLES,
    PREPOSITIONS,
    SPEECH_VERBS,
    STREET_SUFFIXES,
)
from geomap.geoparsing.morphology import demonym_candidates
from geomap.geoparsing.other_uses import LANGUAGE_NAMES, other_use
from geomap.geoparsing.recognized import Recognized
from geomap.geoparsing.special import special_match, special_starts
from geomap.geoparsing.tokens import Token, initial_at, ngram_keys, ngram_spans, scan_lazy, tokenize

__all__ = ["Recognized", "Token", "tokenize", "recognize", "ngram_keys", "is_big", "BIG_POPULATION"]

_DISEASE_WORDS = ("virus", "fever", "flu ", "flu.", "flu,", "influenza", "disease", "syndrome",
                  "ebolavirus", "encephalitis", "strain")
#: Organisations and generic phrases that are also (tiny) gazetteer names.
_NOT_PLACE_NAMES = frozenset({"red cross", "european union", "the city", "city park",
                              "xinhua", "reuters", "interpol"})
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
#: Words that continue a place's or an institution's name rather than make it a given name
#: before a surname ("Tyler Junior College", "Charlotte Observer"; see ``full_name_after``).
#: Also the words of a legislature, court or public office ("the Minnesota House", "Bantam
#: Superior Court", "the Tennessee Arts Commission") and languages and demonyms ("the
#: Washington Latin School").
_NAME_CONTINUATIONS = (frozenset(ADMIN_GENERICS) | _PLACE_WORDS_AFTER | _MODIFIED_WORDS
                       | STREET_SUFFIXES | PERSON_TITLES | COMMON_WORDS | GENERIC_NOUNS
                       | NEVER_PLACES | LANGUAGE_NAMES
                       | frozenset(w.lower() for w in demonym_table())
                       | frozenset("""
house senate assembly legislature congress parliament supreme superior appeals circuit
district municipal probate family juvenile arts health environmental recreation veterans
services affairs humane tourism transportation safety protection emergency water
""".split()))
#: Between two names of a list: ", ", " and ", ", or ".
_LIST_GAP = re.compile(r",? (?:and |or |& )?|, ")
_BIG_KINDS = frozenset({"country", "admin1", "continent", "sea", "region", "river", "lake"})
BIG_POPULATION = 100_000
#: A town this large keeps the other names it is known by ("Severodonetsk", "Lisichansk",
#: the Russian forms of Sievierodonetsk and Lysychansk) inside a sentence; a smaller one
#: keeps only spelling variants of its own name.
ALT_NAME_POPULATION = 20_000


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


def is_big(places, key: str | None = None) -> bool:
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


class _Facts(NamedTuple):
    """What the filters ask about a name's candidate places (see :func:`_facts`)."""

    big: bool          # is_big(places, key)
    big_main: bool     # _big_main(places, key)
    admin1_main: bool  # an admin-1 region whose own name it is
    own_name: bool     # a place whose own name it is
    sizeable_town: bool  # a town of ALT_NAME_POPULATION or more bears it (own name or not)
    alias_admin2: bool  # only counties reached by another name ("Clark" for Clark County)


#: key -> (its candidate places, their facts): remembered per process while the lookup
#: hands out the same candidate tuple for the key (``spans.Lookup`` does: its candidate lists
#: are tuples shared by the process).  Other sequences (lists may change) are not remembered.
_FACTS: dict[str, tuple[tuple, _Facts]] = {}
_FACTS_SIZE = 10_000   # about 2 MB at most; the names of a long run that matter recur


def _facts(places, key: str) -> _Facts:
    """The facts of ``key``'s candidate ``places``, computed once per name and process."""
    hit = _FACTS.get(key)
    if hit is not None and hit[0] is places:
        return hit[1]
    cands = places or ()
    own = [_fold(p.name) == key for p in cands]
    facts = _Facts(is_big(cands, key), _big_main(cands, key),
                   any(p.kind == "admin1" and o for p, o in zip(cands, own)), any(own),
                   any(p.kind == "city" and (p.population or 0) >= ALT_NAME_POPULATION for p in cands),
                   bool(cands) and all(p.kind == "admin2" and not o for p, o in zip(cands, own)))
    if type(places) is tuple:
        if len(_FACTS) >= _FACTS_SIZE:
            _FACTS.clear()
        _FACTS[key] = (places, facts)
    return facts


def _hometown(text: str, tokens: list[Token], i: int) -> bool:
    """Is token i a person's home town: "Norb Mages of Lindsay" (a surname, then "of"; not
    "the Department of Bailey" nor "the Duke of Clarence")?"""
    if i < 2 or tokens[i - 1].text != "of" or text[tokens[i - 1].end:tokens[i].start] != " ":
        return False
    name = tokens[i - 2]
    low = name.text.lower()
    return (name.cap and not name.upper and text[name.end:tokens[i - 1].start] == " "
            and low not in GENERIC_NOUNS and low not in PERSON_TITLES and low not in NEVER_PLACES
            and low not in COMMON_WORDS and low not in ADMIN_GENERICS)


def _big_name(word: str, known: Mapping[str, object]) -> bool:
    """Is ``word`` the name of a big place (see :func:`is_big`)?"""
    key = _fold(word)
    places = known.get(key)
    return bool(places) and _facts(places, key).big


def recognize(text: str, *, lookup: Callable[[Iterable[str]], Mapping[str, object]],
              max_tokens: int = 6) -> list[Recognized]:
    """Toponym spans in ``text``.

    ``lookup(keys)`` returns the subset of folded ``keys`` that are gazetteer names (a
    mapping whose keys are those names, e.g. ``Gazetteer.lookup_many``).
    """
    tokens, lower_words = scan_lazy(text)   # ``initial`` flags: initial_at, on demand
    if not tokens:
        return []
    spans = ngram_spans(text, tokens, max_tokens=max(1, max_tokens + 1))
    maybe_demonyms = demonym_candidates(text, tokens)
    wanted = {key for ends in spans.values() for _, key in ends}
    for _, bases in maybe_demonyms.values():
        wanted.update(bases)
    known = lookup(wanted)
    # the longest gazetteer name starting at each token: (i -> (j, key))
    longest: dict[int, tuple[int, str]] = {}
    for i, ends in spans.items():
        for j, key in reversed(ends):
            if key in known:
                longest[i] = (j, key)
                break
    found: list[Recognized] = []
    words = CapitalisedWords(text)
    surnames: set[str] = set()
    deferred: list[Recognized] = []
    # The rules run on candidates only: tokens that start a gazetteer name, a special form
    # (abbreviation, demonym, institution) or a derived demonym, left to right; a mention
    # covers the candidates inside it.
    specials = special_starts(tokens)
    starts = sorted(set(longest).union(specials, maybe_demonyms))
    specials = set(specials)
    after = 0   # the first token not covered by a mention
    for i in starts:
        if i < after:
            continue
        special = special_match(text, tokens, i) if i in specials else None
        best_j, best_key = longest.get(i, (-1, ""))
        if special is not None and (best_j < 0 or special[0] >= best_j):
            j, rec = special
            found.append(rec)
            after = j + 1
            continue
        if best_j < 0:
            rec = _region_demonym(text, tokens, i, maybe_demonyms, known, found)
            if rec is not None:
                found.append(rec)
            continue
        rec = _accept(text, tokens, i, best_j, best_key, known, surnames, lower_words, deferred,
                      words, found[-1].end if found and found[-1].role == "toponym" else -1)
        if rec is not None:
            found.append(rec)
            # the mention ends with token best_j or, with its admin word, the next one
            after = best_j + (2 if rec.end > tokens[best_j].end else 1)
    if surnames:  # a surname seen once is a surname everywhere in the article
        found = [r for r in found if not (r.text in surnames and " " not in r.text)]
    found = [r for r in found if other_use(text, r) is None]   # "spoke only French"
    elided = elided_names(text, found, lookup)   # "North" in "North and South Korea"
    if elided:
        found = sorted(found + elided, key=lambda r: r.start)
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


def _accept(text: str, tokens: list[Token], i: int, j: int, key: str, known: Mapping[str, object],
            surnames: set[str], lower_words: Container[str], deferred: list[Recognized],
            words: CapitalisedWords, place_end: int = -1) -> Recognized | None:
    """Apply the filters to the gazetteer match tokens[i..j]; None if rejected.
    ``place_end``: where the last place mention before it ends (-1: none)."""
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
    if first.upper and (single or all(t.upper for t in tokens[i + 1:j + 1])) and len(surface) > 1:
        if not dateline(text, tokens, i, j):
            return None
        confidence = 0.7
    places = known.get(key)
    facts = _facts(places, key)
    big = facts.big
    if person_context(text, tokens, i):
        if not big or titled_full_name(text, tokens, i):
            surnames.add(surface)   # "Dr. Caleb Chu ... Chu said": a surname throughout
        return None
    if street_after(text, tokens, j) and not big:
        return None
    # A one-word name before a middle initial, or before a word the article also uses alone
    # as a name, is a given name: "Milton J. Little", "Brent Ching ... Ching said".
    # (Not before a big place's name: "the Taiwan Taoyuan International Airport".)
    if single and j + 1 < len(tokens) and tokens[j + 1].cap \
            and text[last.end:tokens[j + 1].start] == " " \
            and full_name_after(text, tokens, j, words, _NAME_CONTINUATIONS) \
            and not _big_name(tokens[j + 1].text, known) \
            and tokens[j + 1].text.lower() not in lower_words:
        return None
    # A given name followed by a capitalised word is a person ("Austin Smith").
    if single and low in FIRST_NAMES and j + 1 < len(tokens) and tokens[j + 1].cap \
            and text[last.end:tokens[j + 1].start] == " ":
        return None
    initial: list[bool] = []

    def first_initial() -> bool:
        """Does the name begin a sentence?  Read once, and only if a rule gets that far."""
        if not initial:
            initial.append(initial_at(text, tokens, i))
        return initial[0]

    # A small place's name followed by a capitalised word that is no place word is the
    # first word of a longer name ("Dona Roth Kinney", "Licking Memorial Hospital").
    # A place used as a modifier of a facility or office ("the Oakdale Fire Department",
    # "Monroe Mayor ...") or before a date ("in Clinton April 4") stays a place.
    if single and not big and j + 1 < len(tokens):
        nxt = tokens[j + 1]
        nlow = nxt.text.lower()
        prev_low = tokens[i - 1].text.lower() if i > 0 else ""
        if nxt.cap and not nxt.upper and text[last.end:nxt.start] == " " \
                and nlow not in ADMIN_GENERICS and nlow not in _PLACE_WORDS_AFTER \
                and nlow not in _MODIFIED_WORDS and nlow not in PERSON_TITLES \
                and nlow not in STREET_SUFFIXES \
                and prev_low not in PREPOSITIONS and prev_low not in ("the", "of") \
                and not first_initial() and not title_case_line(text, first.start):
            return None
    if single:
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        # "Bailey said", "Jones told": a person, unless a country/state/big city, or the name
        # follows a preposition ("Police in Kherson said": people are not "in Bailey"; not
        # "of": "the Department of Conservation said")
        if nxt is not None and nxt.text in SPEECH_VERBS and text[last.end:nxt.start] == " " \
                and not facts.big_main and not (big and facts.admin1_main) \
                and not (i > 0 and tokens[i - 1].text in PREPOSITIONS
                         and text[tokens[i - 1].end:first.start] == " "):
            if not big:
                surnames.add(surface)
            return None
        # part of a hyphenated compound that is not a place: "Wal-Mart", "Al-Qaeda"
        if not big and ((i > 0 and text[tokens[i - 1].end:first.start] == "-")
                        or (nxt is not None and text[last.end:nxt.start] == "-" and nxt.cap
                            and not nxt.upper)):
            return None
        if facts.alias_admin2:
            # "Clark" alone: a surname far more often than Clark County -- unless the
            # article also says "Clark County" (checked after the scan)
            deferred.append(Recognized(first.start, last.end, surface, key, "toponym", "admin2",
                                       None, "", 0.7))
            return None
        if big and (low in GENERIC_NOUNS or low in COMMON_WORDS) and not facts.big_main:
            return None
        if not big:
            if low in GENERIC_NOUNS or low in COMMON_WORDS or low in lower_words:
                return None
            # a surname, unless after a preposition or listed with a place ("Gainesville
            # and Lindsay")
            if low in SURNAMES and not (i > 0 and tokens[i - 1].text in PREPOSITIONS
                                        and text[tokens[i - 1].end:first.start] == " ") \
                    and not (place_end >= 0 and _LIST_GAP.fullmatch(text, place_end, first.start)) \
                    and not _hometown(text, tokens, i):
                return None
            # inside a longer capitalised name: "Main Street", "Air Force", "Raquel Henry"
            if i > 0:
                prev = tokens[i - 1]
                if prev.cap and text[prev.end:first.start] == " " and not prev.upper:
                    plow = prev.text.lower()
                    if plow not in COMMON_WORDS and plow not in NEVER_PLACES \
                            and plow not in _ALLOWED_PREFIXES and plow not in PERSON_TITLES \
                            and not first_initial() and not title_case_line(text, first.start):
                        # (in a title-case headline every word is capitalised: "Former
                        # Bloomfield Town Councilman Dies")
                        surnames.add(surface)
                        return None
        elif (low in COMMON_WORDS or low in GENERIC_NOUNS) and first_initial():
            return None
        if not big and not facts.own_name:
            # only an alternate name of a small place: keep spelling variants of its own
            # name ("Kupiansk" for Kupyansk) and any name of a sizeable town ("Lisichansk")
            # except at a sentence start ("Artillery" is not Artillerie, New Caledonia);
            # drop unrelated old names and nicknames of villages
            if first_initial() or not (facts.sizeable_town or any(
                    _similar(key, _fold(p.name)) for p in (places or ())[:5])):
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
    role = "metonym" if metonym(text, tokens, j) else "toponym"
    cue = city_cue(text, tokens, i)
    return Recognized(first.start, end, text[first.start:end], key, role, kind, None, cue, confidence)
