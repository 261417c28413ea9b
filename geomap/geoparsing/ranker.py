"""The learned candidate ranker: one weight per feature of :mod:`.features`.

A candidate's score is ``sum(w * x)`` over its static features plus the weighted document
context; the chosen reading's confidence is the softmax probability over the name's
candidates (a conditional logit).  The weights are fitted by ``benchmarks/train_ranker.py``
(document-level cross-validation on the development sets) and shipped in
``ranker_weights.json`` beside this module; :data:`HAND_SET` are the hand-set weights the
ranker replaced (kept as the fallback and as the training's starting point).

>>> active().context["ctx_country"] > 0
True
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import mul
from pathlib import Path
from typing import Iterator, Mapping

from geomap.geoparsing.features import CONTEXT, STATIC

__all__ = ["Ranker", "HAND_SET", "WEIGHTS_FILE", "active", "use", "load"]

WEIGHTS_FILE = Path(__file__).with_name("ranker_weights.json")

#: The hand-set weights of the resolver before the ranker (temperature 0.6 folded in).
_T = 0.6
HAND_SET: dict[str, float] = {k: v / _T for k, v in {
    "prior": 1.0, "main_name": 1.0, "main_area": 1.0, "small_alt": -1.5, "city_state": -2.0,
    "cue_city": 1.0, "seat": 2.5, "pair_inner": 4.0, "pair_outer": 2.0, "list_same": 2.0,
    "list_kind": 1.0, "political": 2.5, "alt_taken": -2.4,
    "ctx_country": 5.0, "ctx_admin1": 2.5, "ctx_near": 3.0}.items()}


@dataclass(frozen=True)
class Ranker:
    """Weights of the static features (in :data:`~.features.STATIC` order) and of the
    document context."""

    static: tuple[float, ...]
    context: Mapping[str, float]
    meta: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def from_weights(cls, weights: Mapping[str, float], meta: Mapping[str, object] | None = None
                     ) -> "Ranker":
        unknown = set(weights) - set(STATIC) - set(CONTEXT)
        if unknown:
            raise ValueError(f"unknown ranker features: {sorted(unknown)}")
        return cls(tuple(float(weights.get(n, 0.0)) for n in STATIC),
                   {n: float(weights.get(n, 0.0)) for n in CONTEXT}, dict(meta or {}))

    def weights(self) -> dict[str, float]:
        """All weights by feature name."""
        return {**dict(zip(STATIC, self.static)), **self.context}

    @property
    def reach(self) -> float:
        """The most the document context can add to a candidate's score."""
        return sum(max(w, 0.0) for w in self.context.values())

    def score(self, row: list[float]) -> float:
        """The static part of a candidate's score (its feature row times the weights)."""
        return sum(map(mul, self.static, row))


def load(path: str | Path = WEIGHTS_FILE) -> Ranker:
    """The ranker stored in a weights file (``{"weights": {...}, ...}``)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    meta = {k: v for k, v in data.items() if k != "weights"}
    return Ranker.from_weights(data["weights"], meta)


_ACTIVE: Ranker | None = None


def active() -> Ranker:
    """The ranker in use: the shipped weights (hand-set ones if the file is missing)."""
    global _ACTIVE
    if _ACTIVE is None:
        _ACTIVE = load() if WEIGHTS_FILE.exists() else Ranker.from_weights(HAND_SET,
                                                                           {"source": "hand-set"})
    return _ACTIVE


@contextmanager
def use(ranker: Ranker) -> Iterator[Ranker]:
    """Resolve with ``ranker`` inside the block (training, cross-validation, tests)."""
    global _ACTIVE
    before = active()
    _ACTIVE = ranker
    try:
        yield ranker
    finally:
        _ACTIVE = before
