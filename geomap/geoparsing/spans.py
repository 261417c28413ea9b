"""Given spans and gazetteer lookups: turn a ``(start, end)`` span of a text into a
:class:`~geomap.geoparsing.recognized.Recognized` with the best lookup key for it.

Used for gold spans and for the entities of the NER backend.  :class:`Lookup` batches the
name lookups against the gazetteer and remembers the answers for resolution.
"""
from __future__ import annotations

import dataclasses
import weakref
from types import MappingProxyType
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from gazetteer.normalize import fold, strip_admin_suffix

from geomap.geoparsing.cues import city_cue, metonym
from geomap.geoparsing.elided import elided_key_after
from geomap.geoparsing.lexicon.abbreviations import US_STATES
from geomap.geoparsing.lexicon.words import ADMIN_GENERICS
from geomap.geoparsing.morphology import demonym_bases
from geomap.geoparsing.recognized import Recognized
from geomap.geoparsing.special import ABBREVIATIONS, special_match
from geomap.geoparsing.tokens import tokenize

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer import Gazetteer

__all__ = ["Lookup", "span_to_recognized", "SHARED_NAMES", "TYPO_MIN_LENGTH", "TYPO_MIN_POPULATION"]


#: Names whose candidate lists a process keeps per gazetteer (beyond that, the memory is
#: cleared and refilled: the gazetteer's own cache still answers).  Kept small: the store's
#: cache (``gazetteer.store``, 200,000 names) already holds every name asked about, with or
#: without places, so this memory only saves the store's per-name Python work for the
#: names of recent articles (a long run's peak RSS 66.7 -> 64.4 MB at 5,000 instead of
#: 50,000: most n-grams are no names, and a set of tens of thousands of them duplicated
#: the store's).
SHARED_NAMES = 5_000


class _Shared:
    """What a process remembers per gazetteer: candidate lists of names that have places,
    names that have none, and the results of misspelling searches."""

    __slots__ = ("found", "missing", "typos")

    def __init__(self) -> None:
        self.found: dict[str, Sequence] = {}
        self.missing: set[str] = set()
        self.typos: dict[str, str | None] = {}


_SHARED: "weakref.WeakKeyDictionary[object, _Shared]" = weakref.WeakKeyDictionary()


class Lookup:
    """Batch name lookups against the gazetteer, remembering the answers for resolution.

    One per article: ``found`` holds the candidate lists of the names asked about in it
    that have places, ``missing`` the names asked about that have none.  The answers (the
    candidate lists as tuples: read-only) and the misspelling searches are shared by all
    the lookups of a process on the same gazetteer, so a name reaches the gazetteer once
    per process (until :data:`SHARED_NAMES` names of either kind clear that memory).
    """

    def __init__(self, gazetteer: "Gazetteer") -> None:
        self.gazetteer = gazetteer
        self.found: dict[str, Sequence] = {}
        self.missing: set[str] = set()
        try:
            shared = _SHARED.get(gazetteer)
            if shared is None:
                shared = _SHARED[gazetteer] = _Shared()
        except TypeError:   # not weak-referenceable: remember for this article only
            shared = _Shared()
        self._shared = shared
        self._view = MappingProxyType(self.found)
        self.typos = shared.typos   # misspelling searches already made

    def __call__(self, keys: Iterable[str]) -> Mapping[str, Sequence]:
        """The candidate lists of the names of this article asked about so far (``keys``
        included) that have places, as a read-only view (no copy per call).  Names the
        process has seen are answered from its memory by set operations (most names of an
        article: no Python work per name); the others go to the gazetteer."""
        found, missing = self.found, self.missing
        ask = set(keys)
        if found:
            ask.difference_update(found)
        if missing:
            ask -= missing
        ask.discard("")
        if not ask:
            return self._view
        shared = self._shared
        gone = ask & shared.missing
        if gone:
            missing |= gone
            ask -= gone
        known = shared.found
        new = []
        for k in ask:
            places = known.get(k)
            if places is None:
                new.append(k)
            else:
                found[k] = places
        if new:
            got = self.gazetteer.lookup_many(new)
            if len(known) > SHARED_NAMES:
                known.clear()
            if len(shared.missing) > SHARED_NAMES:
                shared.missing.clear()
            for k in new:
                places = got.get(k)
                if places:
                    found[k] = known[k] = tuple(places)
                else:
                    missing.add(k)
                    shared.missing.add(k)
        return self._view


_FEATURE_SUFFIXES = ("national park", "national forest", "national lakeshore", "wilderness",
                     "county road", "river", "creek", "lake", "township", "twp", "station",
                     "colony", "park", "valley", "islands", "island", "mountains", "mountain",
                     "falls", "bay", "delta", "harbor", "harbour", "beach", "square", "city",
                     "province", "region", "district", "state", "county", "co", "parish",
                     "international airport", "airport", "proving ground", "peninsula")
#: Suffixes of settlements and facilities that merely carry another place's name (a
#: natural feature such as "Bekaa Valley" lies in its namesake region; "Tennessee Colony"
#: and "Kansas City" need not).
_SETTLEMENT_SUFFIXES = frozenset({"colony", "city", "station", "park", "township", "twp",
                                  "square", "airport", "international airport",
                                  "proving ground", "county road", "beach"})
_FEATURE_PREFIXES = ("lake ", "mount ", "mt ", "port of ", "town of ", "city of ", "county of ",
                     "greater ", "downtown ", "central ", "north ", "south ", "east ", "west ",
                     "northern ", "southern ", "eastern ", "western ", "upper ", "lower ",
                     "fort ", "ft ")


def _span_is_metonym(text: str, start: int, end: int) -> bool:
    """Is the given span a metonym by the recogniser's rule ("Washington said", "Moscow's
    stance")?"""
    wstart = max(0, start - 40)
    window = text[wstart:min(len(text), end + 30)]
    tokens = tokenize(window)
    for j, tok in enumerate(tokens):
        if tok.end == end - wstart:
            return tok.cap and metonym(window, tokens, j)
    return False


def span_to_recognized(text: str, start: int, end: int, *, lookup: Lookup) -> Recognized:
    """Turn a given span into a :class:`Recognized` (see :func:`_span_to_recognized`);
    a toponym used as a metonym ("Washington said") gets the role "metonym"."""
    rec = _span_to_recognized(text, start, end, lookup=lookup)
    if rec.role == "toponym" and _span_is_metonym(text, start, end):
        rec = dataclasses.replace(rec, role="metonym")
    return rec


def _span_to_recognized(text: str, start: int, end: int, *, lookup: Lookup) -> Recognized:
    """Turn a given span into a :class:`Recognized` with the best lookup key for it.

    Tries, in order: abbreviations/demonyms/institutions, the folded name, the name
    without a generic admin word ("Bryansk region"), without "the", singular, without a
    feature word ("Neches River" -> "Neches", "Lake Lanier" -> "Lanier", "South Los
    Angeles" -> "Los Angeles"), and demonym-like derivations ("South Ossetian").
    """
    surface = text[start:end]
    entry = ABBREVIATIONS.get(surface) or ABBREVIATIONS.get(surface + ".")  # "Calif" too
    if entry is None and surface in US_STATES:  # a bare postal code given as a span: "NY"
        entry = (US_STATES[surface], "admin1", "US")
    if entry is not None:
        name, kind, country = entry
        return Recognized(start, end, surface, fold(name), "toponym", kind, country, "", 0.9)
    tokens = tokenize(surface)
    if tokens:
        special = special_match(surface, tokens, 0)
        if special is not None and special[0] == len(tokens) - 1:
            rec = special[1]
            return Recognized(start, end, surface, rec.key, rec.role, rec.kind, rec.country,
                              "", rec.confidence)
    # cue words from the surrounding text ("the city of X")
    cue = ""
    before = text[max(0, start - 40):start]
    btoks = tokenize(before + "X")
    if len(btoks) >= 3:
        cue = city_cue(before + "X", btoks, len(btoks) - 1)
    core = surface
    for suffix in ("'s", "’s", "'", "’"):
        if core.endswith(suffix):
            core = core[: -len(suffix)]
            break
    key = fold(core)
    # "Central" in "Central and South America": the name it stands for first
    variants: list[tuple[str, str | None]] = [(k, None) for k in elided_key_after(text, start, end)]
    variants.append((key, None))
    split = strip_admin_suffix(key)
    if split is not None:
        variants.append((split[0], ADMIN_GENERICS.get(split[1])))
    if key.startswith("the "):
        variants.append((key[4:], None))
    if key.endswith("s") and len(key) > 4:
        variants.append((key[:-1].rstrip(), None))
    if key.endswith(" co"):  # "Loudon Co."
        variants.append((key[:-3] + " county", "admin2"))
    if " of " in key and " of the " not in key:  # "Republic of Congo" -> "... of the Congo"
        variants.append((key.replace(" of ", " of the ", 1), None))
    found = lookup([v for v, _ in variants])
    for v, kind in variants:
        if v in found:
            if kind is None and split is not None and v == key:
                kind = ADMIN_GENERICS.get(split[1])
            return Recognized(start, end, surface, v, "toponym", kind, None, cue, 0.9)
    fallbacks: list[str] = []
    stripped = key
    named_after: set[str] = set()   # "Tennessee Colony": a settlement named after a region
    for suffix in _FEATURE_SUFFIXES:
        if stripped.endswith(" " + suffix):
            stripped = stripped[: -len(suffix) - 1]
            fallbacks.append(stripped)
            if suffix in _SETTLEMENT_SUFFIXES:
                named_after.add(stripped)
            break
    for base in (key, stripped):
        for prefix in _FEATURE_PREFIXES:
            if base.startswith(prefix) and len(base) > len(prefix) + 2:
                fallbacks.append(base[len(prefix):])
                break
    fallbacks.extend(f"{key} {w}" for w in ("republic", "oblast", "province", "region", "krai"))
    fallbacks.append("republic of " + key)
    if " " not in key:
        demonyms = demonym_bases(key)
    else:
        head, _, last = key.rpartition(" ")
        demonyms = [head + " " + b for b in demonym_bases(last)]
    fallbacks.extend(demonyms)
    if fallbacks:
        found = lookup(fallbacks)
        # a demonym's best-known base first ("Floridians": Florida, not Floridia, Italy)
        known = [d for d in demonyms if d in found and any(_well_known(p, d) for p in found[d])]
        if known:
            fallbacks = known + [v for v in fallbacks if v not in known]
        for v in fallbacks:
            if v in found:
                role = "demonym" if v in demonyms else "toponym"
                # a name reached by dropping a feature word is a guess that must not steer
                # the others ("Tennessee Colony" is in Texas, not in Tennessee)
                weak = v in named_after and any(p.kind in ("country", "admin1") for p in found[v])
                kind = None
                if v in known:   # "Ontarians": the province, not Ontario, California
                    kind = min((p.kind for p in found[v] if _well_known(p, v)),
                               key=("country", "admin1", "region", "city").index)
                return Recognized(start, end, surface, v, role, kind, None, cue,
                                  0.4 if weak else 0.6)
    # A misspelling of a well-known place ("Mauritious"): one edit away from the name of a
    # country, an admin-1 region or a city of 50,000+.
    typo = _one_edit_match(key, lookup)
    if typo is not None:
        return Recognized(start, end, surface, typo, "toponym", None, None, cue, 0.65)
    # Last resort for a multi-word span: its longest word that is a place name
    # ("Kasai Occidental" -> "Kasai").  A guess is never worse than NIL here.
    words = sorted((w for w in key.split() if len(w) > 3 and w not in _GENERIC_WORDS),
                   key=len, reverse=True)
    if len(key.split()) > 1 and words:
        found = lookup(words)
        for w in words:
            if w in found:
                return Recognized(start, end, surface, w, "toponym", None, None, cue, 0.4)
    return Recognized(start, end, surface, key, "toponym", None, None, cue, 0.5)


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: Misspellings are only tried for names this long (shorter ones have too many neighbours).
TYPO_MIN_LENGTH = 6
TYPO_MIN_POPULATION = 100_000


def _one_edit_match(key: str, lookup: Lookup) -> str | None:
    """The name one edit (deletion, transposition, substitution, insertion) away from
    ``key`` that is the own name (not an alternate name) of a country, an admin-1 region or
    a city of ``TYPO_MIN_POPULATION``+ (the biggest such, if several); None if none is."""
    if len(key) < TYPO_MIN_LENGTH or not key.replace(" ", "").isalpha():
        return None
    memo = lookup.typos
    if len(memo) > SHARED_NAMES:
        memo.clear()
    if key in memo:
        return memo[key]
    memo[key] = best = _one_edit_search(key, lookup)
    return best


def _one_edit_search(key: str, lookup: Lookup) -> str | None:
    variants: set[str] = set()
    for i in range(len(key)):
        variants.add(key[:i] + key[i + 1:])
        if i + 1 < len(key):
            variants.add(key[:i] + key[i + 1] + key[i] + key[i + 2:])
        for c in _LETTERS:
            variants.add(key[:i] + c + key[i + 1:])
    for i in range(len(key) + 1):
        for c in _LETTERS:
            variants.add(key[:i] + c + key[i:])
    variants.discard(key)
    found = lookup.gazetteer.lookup_many(variants)   # straight to the store: not remembered
    best, best_pop = None, -1
    for variant in variants:
        for p in found.get(variant, ()):
            pop = p.population or 0
            if fold(p.name) == variant and pop > best_pop and (
                    p.kind in ("country", "admin1")
                    or (p.kind == "city" and pop >= TYPO_MIN_POPULATION)):
                best, best_pop = variant, pop
    return best


def _well_known(place, key: str) -> bool:
    """A country, admin-1 region or named region, or a 100k+ city of that own name."""
    return place.kind in ("country", "admin1", "region") or (
        place.kind == "city" and (place.population or 0) >= TYPO_MIN_POPULATION
        and fold(place.name) == key)


_GENERIC_WORDS = frozenset(_FEATURE_SUFFIXES) | frozenset(
    p.strip() for p in _FEATURE_PREFIXES) | {"north", "south", "east", "west", "central",
                                             "northern", "southern", "eastern", "western",
                                             "international", "national", "square",
                                             # directions and state words in other languages
                                             "occidental", "oriental", "norte", "sur", "nord",
                                             "sud", "ouest", "est", "republic", "democratic",
                                             "federal", "united", "kingdom", "saint", "san",
                                             "santa", "lake", "bay", "island", "plateau"}
