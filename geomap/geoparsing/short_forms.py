"""Short forms of the features an article names: "the Neches" for the Neches River named
earlier, "Lanier" for Lake Lanier, "the Smokies" aside.

A given span whose name the gazetteer does not know, when another mention of the article
is a river, lake, sea, mountain range or other named feature whose own text is that name
plus a feature word ("Neches River", "Lake Lanier", "Mount Hood"), reads as that feature:
the article has already said what "the Neches" is.  Only unknown names are read so, so a
town called like the river keeps its own reading ("Dnipro" stays the city).
"""
from __future__ import annotations

from typing import Sequence

from gazetteer.normalize import fold

from geomap.model import Mention

__all__ = ["FEATURE_KINDS", "FEATURE_WORDS", "SHORT_FORM_SCORE", "short_forms"]

#: Kinds of places a short form can stand for.
FEATURE_KINDS = frozenset({"river", "lake", "sea", "region", "other"})
#: Words a feature's full name adds to its short form.
FEATURE_WORDS = frozenset({"river", "lake", "creek", "bay", "sound", "mount", "mountain",
                           "mountains", "range", "valley", "desert", "island", "islands",
                           "reservoir", "canal", "gulf", "sea", "ocean", "strait", "peninsula"})
#: The highest score a short form keeps (the feature's own score may be lower).
SHORT_FORM_SCORE = 0.5


def _short_form(full: str) -> str | None:
    """"neches" of "Neches River", "lanier" of "Lake Lanier"; None for other names."""
    words = fold(full).split()
    if len(words) < 2:
        return None
    if words[-1] in FEATURE_WORDS:
        return " ".join(words[:-1])
    if words[0] in FEATURE_WORDS:
        return " ".join(words[1:])
    return None


def short_forms(mentions: Sequence[Mention], unknown: set[int]) -> dict[int, Mention]:
    """{index: mention} for the ``unknown`` mentions (no reading) whose name is the short
    form of a feature another mention reads: each placed at that feature, with at most
    :data:`SHORT_FORM_SCORE`.  Linear in the number of mentions."""
    features: dict[str, Mention] = {}
    for m in mentions:
        if m.place is not None and m.place.kind in FEATURE_KINDS and m.role == "toponym":
            short = _short_form(m.text)
            if short:
                features.setdefault(short, m)
    if not features:
        return {}
    out: dict[int, Mention] = {}
    for k in unknown:
        m = mentions[k]
        key = fold(m.text)
        if key.startswith("the "):
            key = key[4:]
        feature = features.get(key)
        if feature is not None:
            out[k] = Mention(m.start, m.end, m.text, feature.place,
                             min(feature.score, SHORT_FORM_SCORE), m.role)
    return out
