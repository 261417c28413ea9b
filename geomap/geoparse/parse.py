"""geoparse(text) -> resolved place mentions: recognition (rules + gazetteer) then resolution.

>>> from gazetteer import Gazetteer
>>> from geomap.geoparse import geoparse
>>> [m.place.name for m in geoparse("Shelling hit Kherson.", gazetteer=Gazetteer.open())]
['Kherson']

With ``spans`` (gold ``(start, end)`` pairs) recognition is skipped and exactly one mention
per span is returned, in the same order.  A span whose name is unknown is placed at the
article's focus (its main admin-1 region or country) with a score of 0.05, else
``place=None`` (NIL); ``focus_fallback=False`` always gives NIL.
"""
from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Iterable, Sequence

from geomap.errors import InputError
from geomap.geoparse.lexicon.abbreviations import US_STATES
from gazetteer.points import with_representative_point
from geomap.geoparse.lexicon.words import ADMIN_GENERICS
from geomap.model import Mention
from geomap.geoparse.morphology import demonym_bases as _demonym_bases
from geomap.geoparse.recognize import Recognized, recognize
from geomap.geoparse.resolve import Resolution, resolve

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer import Gazetteer

__all__ = ["geoparse", "recognize_spans", "span_to_recognized"]


class _Lookup:
    """Batch name lookups against the gazetteer, remembering the answers for resolution."""

    def __init__(self, gazetteer: "Gazetteer") -> None:
        self.gazetteer = gazetteer
        self.found: dict[str, list] = {}
        self.typos: dict[str, str | None] = {}   # misspelling searches already made

    def __call__(self, keys: Iterable[str]) -> dict[str, list]:
        missing = [k for k in keys if k and k not in self.found]
        if missing:
            got = self.gazetteer.lookup_many(missing)
            for k in missing:
                self.found[k] = list(got.get(k, ()))
        return {k: v for k, v in self.found.items() if v}


def recognize_spans(text: str, *, gazetteer: "Gazetteer", ner: str | None = None,
                    lookup: _Lookup | None = None) -> list[Recognized]:
    """The toponym spans of ``text`` (no resolution)."""
    lookup = lookup or _Lookup(gazetteer)
    found = recognize(text, lookup=lookup, max_tokens=gazetteer.max_name_tokens)
    if ner:
        from geomap.geoparse.ner import merge_ner_spans

        found = merge_ner_spans(text, found, backend=ner, lookup=lookup)
    return found


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
    from geomap.geoparse.cues import metonym as _metonym
    from geomap.geoparse.tokens import tokenize

    wstart = max(0, start - 40)
    window = text[wstart:min(len(text), end + 30)]
    tokens = tokenize(window)
    for j, tok in enumerate(tokens):
        if tok.end == end - wstart:
            return tok.cap and _metonym(window, tokens, j)
    return False


def span_to_recognized(text: str, start: int, end: int, *, lookup: _Lookup) -> Recognized:
    """Turn a given span into a :class:`Recognized` (see :func:`_span_to_recognized`);
    a toponym used as a metonym ("Washington said") gets the role "metonym"."""
    import dataclasses

    rec = _span_to_recognized(text, start, end, lookup=lookup)
    if rec.role == "toponym" and _span_is_metonym(text, start, end):
        rec = dataclasses.replace(rec, role="metonym")
    return rec


def _span_to_recognized(text: str, start: int, end: int, *, lookup: _Lookup) -> Recognized:
    """Turn a given span into a :class:`Recognized` with the best lookup key for it.

    Tries, in order: abbreviations/demonyms/institutions, the folded name, the name
    without a generic admin word ("Bryansk region"), without "the", singular, without a
    feature word ("Neches River" -> "Neches", "Lake Lanier" -> "Lanier", "South Los
    Angeles" -> "Los Angeles"), and demonym-like derivations ("South Ossetian").
    """
    from gazetteer.normalize import fold, strip_admin_suffix

    from geomap.geoparse.cues import city_cue as _city_cue
    from geomap.geoparse.special import ABBREVIATIONS as _ABBREVIATIONS, special_match as _special_match
    from geomap.geoparse.tokens import tokenize

    surface = text[start:end]
    entry = _ABBREVIATIONS.get(surface) or _ABBREVIATIONS.get(surface + ".")  # "Calif" too
    if entry is None and surface in US_STATES:  # a bare postal code given as a span: "NY"
        entry = (US_STATES[surface], "admin1", "US")
    if entry is not None:
        name, kind, country = entry
        return Recognized(start, end, surface, fold(name), "toponym", kind, country, "", 0.9)
    tokens = tokenize(surface)
    if tokens:
        special = _special_match(surface, tokens, 0)
        if special is not None and special[0] == len(tokens) - 1:
            rec = special[1]
            return Recognized(start, end, surface, rec.key, rec.role, rec.kind, rec.country,
                              "", rec.confidence)
    # cue words from the surrounding text ("the city of X")
    cue = ""
    before = text[max(0, start - 40):start]
    btoks = tokenize(before + "X")
    if len(btoks) >= 3:
        cue = _city_cue(before + "X", btoks, len(btoks) - 1)
    core = surface
    for suffix in ("'s", "’s", "'", "’"):
        if core.endswith(suffix):
            core = core[: -len(suffix)]
            break
    key = fold(core)
    variants: list[tuple[str, str | None]] = [(key, None)]
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
        demonyms = _demonym_bases(key)
    else:
        head, _, last = key.rpartition(" ")
        demonyms = [head + " " + b for b in _demonym_bases(last)]
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


def _one_edit_match(key: str, lookup: _Lookup) -> str | None:
    """The name one edit (deletion, transposition, substitution, insertion) away from
    ``key`` that is the own name (not an alternate name) of a country, an admin-1 region or
    a city of ``TYPO_MIN_POPULATION``+ (the biggest such, if several); None if none is."""
    if len(key) < TYPO_MIN_LENGTH or not key.replace(" ", "").isalpha():
        return None
    memo = lookup.typos
    if key in memo:
        return memo[key]
    memo[key] = best = _one_edit_search(key, lookup)
    return best


def _one_edit_search(key: str, lookup: _Lookup) -> str | None:
    from gazetteer.normalize import fold

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
    from gazetteer.normalize import fold

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


def geoparse(text: str, *, gazetteer: "Gazetteer", spans: Sequence[tuple[int, int]] | None = None,
             ner: str | None = None, focus_fallback: bool = True) -> list[Mention]:
    """Recognise and resolve the place names of ``text``.

    Returns :class:`~geomap.model.Mention` objects sorted by start, non-overlapping, with
    exact offsets.  ``spans`` given: one mention per span, same order, same offsets.
    ``ner``: ``"spacy:MODEL"`` adds a spaCy NER pass to the gazetteer matching.
    ``focus_fallback`` (given spans only): a span whose name is unknown is placed at the
    article's focus region/country with a score of 0.05 instead of NIL (see
    :func:`_focus_fallback`); False keeps NIL.
    """
    if not isinstance(text, str):
        raise InputError(f"geoparse expects text as str, got {type(text).__name__}")
    lookup = _Lookup(gazetteer)
    if spans is not None:
        recs = []
        for pair in spans:
            try:
                start, end = int(pair[0]), int(pair[1])
            except (TypeError, ValueError, IndexError):
                raise InputError(f"bad span {pair!r}: expected (start, end)") from None
            if not 0 <= start <= end <= len(text):
                raise InputError(f"span ({start}, {end}) is outside the text (length {len(text)})")
            recs.append(span_to_recognized(text, start, end, lookup=lookup))
    else:
        recs = recognize_spans(text, gazetteer=gazetteer, ner=ner, lookup=lookup)
    candidates = lookup([r.key for r in recs])
    resolutions = resolve(recs, candidates, text=text)
    counts = Counter(r.key for r in recs)
    mentions = [
        Mention(r.start, r.end, r.text,
                with_representative_point(res.place) if res.place is not None else None,
                score_mention(r, res, counts[r.key]), r.role)
        for r, res in zip(recs, resolutions)
    ]
    if spans is None:
        mentions = [m for m in mentions if m.score >= MIN_SCORE or m.role == "demonym"]
    elif focus_fallback:
        mentions = _focus_fallback(mentions, _stray_guesses(recs, mentions), gazetteer=gazetteer)
    return mentions


#: Given spans recognised only through a fallback (a stripped feature word or direction,
#: a derived demonym, one word of the name) have at most this confidence.
GUESS_CONFIDENCE = 0.6


def _stray_guesses(recs: Sequence[Recognized], mentions: Sequence[Mention]) -> set[int]:
    """Indices of fallback guesses that land in a country none of the article's firmly
    recognised mentions is in ("West Midlands" -> Midlands, Zimbabwe, in a story about
    England): they are treated as unknown names."""
    firm_places = [m.place for r, m in zip(recs, mentions)
                   if m.place is not None and r.confidence > GUESS_CONFIDENCE and m.place.country_code]
    if len(firm_places) < 2:   # one other name is too little to overrule a guess
        return set()
    firm = {p.country_code for p in firm_places}
    return {k for k, (r, m) in enumerate(zip(recs, mentions))
            if m.place is not None and r.confidence <= GUESS_CONFIDENCE and r.role == "toponym"
            and m.place.country_code and m.place.country_code not in firm}


#: Score of a given span placed at the article's focus because its name is unknown.
FOCUS_FALLBACK_SCORE = 0.05


def _focus_fallback(mentions: list[Mention], stray: set[int] = frozenset(), *,
                    gazetteer: "Gazetteer | None" = None) -> list[Mention]:
    """Given spans whose name the gazetteer does not know (a village, a camp, a suburb) are
    placed at the article's focus, with score ``FOCUS_FALLBACK_SCORE``: the admin-1 region
    that holds at least half of the resolved mentions in the article's main country, else
    the main country.  The main country is the one most resolved toponyms lie in.  A
    region or country the article does not name itself needs two resolved mentions in it
    (found with ``gazetteer.containing``).  Unchanged when there is no
    such focus.  ``stray``: indices of mentions to treat as unknown too (when there is a
    focus)."""
    if all(m.place is not None for m in mentions) and not stray:
        return mentions
    resolved = [m.place for k, m in enumerate(mentions)
                if m.place is not None and m.role != "demonym" and k not in stray]
    countries = Counter(p.country_code for p in resolved if p.country_code)
    if not countries:
        return mentions
    main, count = countries.most_common(1)[0]
    focus = None
    regions = Counter(p.admin1_code for p in resolved if p.country_code == main and p.admin1_code)
    if regions:
        code, held = regions.most_common(1)[0]
        if held * 2 >= count:
            focus = next((p for p in resolved if p.kind == "admin1" and p.admin1_code == code), None)
            if focus is None and gazetteer is not None and count >= 2:   # unnamed region
                focus = _unnamed_area(resolved, gazetteer, kind="admin1", field="admin1_code", value=code)
    if focus is None:
        focus = next((p for p in resolved if p.kind == "country" and p.country_code == main), None)
    if focus is None and gazetteer is not None and count >= 2:   # unnamed country
        focus = _unnamed_area(resolved, gazetteer, kind="country", field="country_code", value=main)
    if focus is None:
        return mentions
    return [m if m.place is not None and k not in stray else
            Mention(m.start, m.end, m.text, focus, FOCUS_FALLBACK_SCORE, m.role)
            for k, m in enumerate(mentions)]


#: Recognised toponyms and metonyms scoring below this are dropped (not for given spans;
#: demonyms are always kept, flagged, for the event stage to skip).  A metonym scoring this
#: low is mostly a person ("Nelson said": Nelson, New Zealand is not speaking).
MIN_SCORE = 0.25


#: Logistic calibration of the mention score (fitted on the dev sets' end-to-end output;
#: the target is "a real place mention resolved within 161 km").  Features: see
#: :func:`mention_features`.
CALIBRATION = (-3.583, 0.166, 1.266, -0.019, -2.049, -1.577, 2.110, 2.988, 2.938, 2.954, 0.423)


def mention_features(rec: Recognized, resolution: Resolution, count: int) -> tuple[float, ...]:
    """Features of a mention for the calibrated score."""
    place = resolution.place
    p = min(max(resolution.score, 1e-4), 1 - 1e-4)
    kind = place.kind if place is not None else ""
    if kind == "city":
        pop = math.log10((place.population or 0) + 1) / 7
    elif kind in ("continent", "sea", "region", "river", "lake"):
        pop = 1.0  # named physical features and regions are well known
    else:
        pop = 0.0
    return (1.0, math.log(p / (1 - p)), rec.confidence, float(" " not in rec.text),
            float(rec.role == "demonym"), float(rec.role == "metonym"),
            float(kind == "country"), float(kind == "admin1"), float(kind == "admin2"),
            pop, math.log1p(count - 1))


def score_mention(rec: Recognized, resolution: Resolution, count: int = 1) -> float:
    """Probability that the mention is a place resolved within 161 km (0 when NIL)."""
    if resolution.place is None:
        return 0.0
    z = sum(w * x for w, x in zip(CALIBRATION, mention_features(rec, resolution, count)))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _unnamed_area(resolved, gazetteer, *, kind: str, field: str, value: str):
    """The ``kind`` area (admin1 or country) whose ``field`` is ``value`` and that holds the
    article's places, found by position when the article never names it; else ``None``."""
    member = next(p for p in resolved if getattr(p, field) == value)
    found = gazetteer.containing(member.lat, member.lon, kind=kind)
    return found if found is not None and getattr(found, field) == value else None
