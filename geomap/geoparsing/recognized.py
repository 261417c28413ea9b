"""The recogniser's output type: a toponym span with its lookup key and restrictions."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Recognized"]


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
