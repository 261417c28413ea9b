"""Name folding: the one key every gazetteer name is stored and looked up under.

``fold("Kharkiv’s")`` -> ``"kharkivs"``, ``fold("Київ")`` -> ``"kyiv"``,
``fold("Rostov-on-Don")`` -> ``"rostov on don"``.

Steps: NFKD, drop combining marks (accents), casefold, drop apostrophes, turn hyphens,
dashes, dots, commas and other punctuation into spaces, collapse whitespace, and
transliterate Cyrillic to Latin (Ukrainian national system, the one news in English now
follows: Київ -> kyiv, Харків -> kharkiv; Russian forms land close: Харьков -> kharkov).
A few letters that do not decompose (ł, ø, đ, æ, œ, ß, ı, þ) are spelled out too.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "fold_uncached", "fold_tokens", "GENERIC_ADMIN_WORDS", "strip_admin_suffix"]

_APOSTROPHES = "'’‘ʼʹʻ`´′\u02bc\u2019\u02b9"
_SEPARATORS = "-‐‑‒–—―_.,;:/\\()[]{}\"“”«»„!?&+*#|~<>"

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "ё": "e", "ъ": "", "ы": "y", "э": "e", "ў": "u", "ј": "j", "љ": "lj",
    "њ": "nj", "ћ": "c", "ђ": "d", "џ": "dz", "ѓ": "g", "ќ": "k", "ѕ": "dz",
}
_SPECIAL = {"ł": "l", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i",
            "þ": "th", "ð": "d", "ħ": "h", "ŧ": "t"}

_TABLE: dict[int, str] = {}
for _ch in _APOSTROPHES:
    _TABLE[ord(_ch)] = ""
for _ch in _SEPARATORS:
    _TABLE[ord(_ch)] = " "
for _src, _dst in {**_CYRILLIC, **_SPECIAL}.items():
    _TABLE[ord(_src)] = _dst

# ASCII fast path: only punctuation needs mapping.
_ASCII_TABLE = {k: v for k, v in _TABLE.items() if k < 128}


def _fold_char(ch: str) -> str:
    text = unicodedata.normalize("NFKD", ch)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().translate(_TABLE)
    # casefold/translation may leave composed forms (e.g. from ligatures); one more pass.
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return text


class _CharFolds(dict):
    """char -> folded text, computed once per distinct character."""

    def __missing__(self, ch: str) -> str:
        value = self[ch] = _fold_char(ch)
        return value


_CHAR_FOLDS = _CharFolds()


def fold_uncached(name: str) -> str:
    """``fold`` without the LRU cache (for bulk builds of distinct names)."""
    if name.isascii():
        return " ".join(name.lower().translate(_ASCII_TABLE).split())
    folds = _CHAR_FOLDS
    return " ".join("".join([folds[ch] for ch in name]).split())


fold = lru_cache(maxsize=1 << 18)(fold_uncached)
fold.__doc__ = "Return the lookup key of a place name (see module doc)."


def fold_tokens(name: str) -> list[str]:
    """The folded name split into tokens."""
    return fold(name).split()


# Generic words for administrative units, as they follow a name in English news
# ("Bryansk region", "Kherson Oblast", "Lviv province").
GENERIC_ADMIN_WORDS = frozenset({
    "oblast", "oblasti", "region", "province", "krai", "kray", "governorate", "state",
    "county", "prefecture", "district", "raion", "rayon", "territory", "okrug",
    "voivodeship", "department", "republic", "parish", "municipality", "area",
    "regional", "administration", "autonomous", "autonomous republic",
})
_SUFFIXES = sorted((w for w in GENERIC_ADMIN_WORDS), key=len, reverse=True)


_LAST_WORDS = frozenset(w.split()[-1] for w in GENERIC_ADMIN_WORDS)


def strip_admin_suffix(folded: str) -> tuple[str, str] | None:
    """Split ``"bryansk region"`` into ``("bryansk", "region")``; None if no admin word ends it."""
    if folded.rpartition(" ")[2] not in _LAST_WORDS:
        return None
    for word in _SUFFIXES:
        if folded.endswith(" " + word):
            base = folded[: -len(word) - 1].strip()
            if base:
                return base, word
    return None


# ---------------------------------------------------------------- romanizations
# Ukrainian and Russian names reach English text in several romanizations: the Ukrainian
# national system (2010: Huliaipole, Sievierodonetsk, Zaporizhzhia), BGN/PCGN and other
# Russian-based forms (Gulyaypole, Severodonetsk, Zaporozhye), older and scholarly/GOST ones
# (Hulyaipole, Zaporižžja, Dnipropetrovs'k).  ``romanization_key`` folds a ``fold``ed name
# further into one key that all of them share: shch/sch -> sc, zh -> z, kh/h/g -> h,
# ch -> c, ts/tz -> c; y/j -> i and runs of i -> i (yi/iy/ii/yy); then a glide before a
# vowel is dropped (ya/ia/ja -> a, yu/iu/ju -> u, ye/ie/je -> e, yo/io -> o).  (Soft signs
# and apostrophes are already gone in ``fold``.)
#
# It is deliberately coarse, so it is a *variant key*, scoped: the store files it only for
# places in the countries of ROMANIZED_COUNTRIES, and a query reaches a place through it
# only when its own folded key does not (see store.py).  Folding every name of the world
# this way would merge unrelated names (Maya/Maia/Maja, Ghana/Hana); measured on the eval
# sets before choosing the scope.
ROMANIZED_COUNTRIES = frozenset({"UA", "RU", "BY"})
_ROMAN_STEPS = (
    ("shch", "sc"), ("sch", "sc"), ("zh", "z"), ("kh", "h"), ("ch", "c"), ("tz", "c"),
    ("ts", "c"), ("g", "h"),
)
_GLIDE = re.compile(r"i+(?=[aeuo])")
_RUN_OF_I = re.compile(r"i{2,}")


@lru_cache(maxsize=1 << 16)
def romanization_key(folded: str) -> str:
    """The variant key shared by the common romanizations of a Ukrainian or Russian name
    (see above): ``romanization_key(fold("Hulyaipole")) == romanization_key(fold(
    "Gulyaypole")) == "hulaipole"``.  Takes and returns folded text.

    The steps run on the whole name at once (words joined by single spaces): no step's
    pattern or replacement holds a space, so this is the same as running them word by word,
    at a third of the cost (most keys a recogniser asks about are no names at all)."""
    if not folded.isascii():
        return folded
    key = " ".join(folded.split())
    for src, dst in _ROMAN_STEPS:
        if src in key:
            key = key.replace(src, dst)
    key = key.replace("y", "i").replace("j", "i")
    if "ii" in key:
        key = _RUN_OF_I.sub("i", key)
    return _GLIDE.sub("", key) if "i" in key else key
