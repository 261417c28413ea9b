"""geoparse(text) -> resolved place mentions: recognition (rules + gazetteer) then resolution.

>>> from gazetteer import Gazetteer
>>> from geomap.geoparser import geoparse
>>> [m.place.name for m in geoparse("Shelling hit Kherson.", gazetteer=Gazetteer.open())]
['Kherson']

With ``spans`` (gold ``(start, end)`` pairs) recognition is skipped and exactly one mention
per span is returned, in the same order, with ``place=None`` when nothing fits (NIL).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence

from .errors import InputError
from .geodata.points import with_representative_point
from .geodata.words import ADMIN_GENERICS
from .model import Mention
from .recognize import Recognized, recognize
from .resolve import resolve

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer import Gazetteer

__all__ = ["geoparse", "recognize_spans", "span_to_recognized"]


class _Lookup:
    """Batch name lookups against the gazetteer, remembering the answers for resolution."""

    def __init__(self, gazetteer: "Gazetteer") -> None:
        self.gazetteer = gazetteer
        self.found: dict[str, list] = {}

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
        from .ner import merge_ner_spans

        found = merge_ner_spans(text, found, backend=ner, lookup=lookup)
    return found


def span_to_recognized(text: str, start: int, end: int, *, lookup: _Lookup) -> Recognized:
    """Turn a given span into a :class:`Recognized` with the best lookup key for it."""
    from gazetteer.normalize import fold, strip_admin_suffix

    from .recognize import _special_match, _city_cue, tokenize

    surface = text[start:end]
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
    variants: list[tuple[str, str | None]] = []
    core = surface
    for suffix in ("'s", "’s", "'", "’"):
        if core.endswith(suffix):
            core = core[: -len(suffix)]
            break
    key = fold(core)
    variants.append((key, None))
    split = strip_admin_suffix(key)
    if split is not None:
        variants.append((split[0], ADMIN_GENERICS.get(split[1])))
    if key.startswith("the "):
        variants.append((key[4:], None))
    if key.endswith(" s") or key.endswith("s"):
        variants.append((key[:-1].rstrip(), None))
    found = lookup([v for v, _ in variants])
    for v, kind in variants:
        if v in found:
            if kind is None and split is not None and v == key:
                kind = ADMIN_GENERICS.get(split[1])
            return Recognized(start, end, surface, v, "toponym", kind, None, cue, 0.9)
    return Recognized(start, end, surface, key, "toponym", None, None, cue, 0.5)


def geoparse(text: str, *, gazetteer: "Gazetteer", spans: Sequence[tuple[int, int]] | None = None,
             ner: str | None = None) -> list[Mention]:
    """Recognise and resolve the place names of ``text``.

    Returns :class:`~geomap.model.Mention` objects sorted by start, non-overlapping, with
    exact offsets.  ``spans`` given: one mention per span, same order, same offsets.
    ``ner``: ``"spacy:MODEL"`` adds a spaCy NER pass to the gazetteer matching.
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
    return [
        Mention(r.start, r.end, r.text,
                with_representative_point(res.place) if res.place is not None else None,
                _score(r, res.score), r.role)
        for r, res in zip(recs, resolutions)
    ]


def _score(rec: Recognized, resolution_score: float) -> float:
    """Probability that the mention is a place mention resolved within 161 km."""
    value = rec.confidence * resolution_score
    return max(0.0, min(1.0, value))
