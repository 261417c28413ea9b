"""The candidate readings of a name, with their intrinsic feature rows and static scores,
remembered per process.

A name's candidates for :mod:`.resolve` are the gazetteer's places of its folded key,
restricted by what the recogniser and the words around the name know (:func:`restrict`:
"Ga." -> US admin-1, "Russian" -> RU country, "the Dnipro river" -> rivers, "Grad rockets"
-> none), a country's own name dropping its capital's alias reading
(:func:`country_over_its_aliased_cities`).  Those candidates, their rows of
:func:`~.features.intrinsic_features` and their scores under the active ranker depend only
on the name, its restrictions and the gazetteer's candidate list, so :func:`readings`
computes them once per process (at most :data:`NAME_CACHE` names; beyond, the memory is
cleared and refilled).  The rows it returns are shared: the caller copies a row list before
writing into it.
"""
from __future__ import annotations

from typing import Sequence

from gazetteer.normalize import fold
from gazetteer.record import Place

from geomap.geoparsing.features import intrinsic_features
from geomap.geoparsing.ranker import Ranker
from geomap.geoparsing.recognized import Recognized

__all__ = ["MAX_CANDIDATES", "NAME_CACHE", "restrict", "country_over_its_aliased_cities",
           "Readings", "readings", "cached_names"]

MAX_CANDIDATES = 30
#: Names (with their restrictions) whose readings a process remembers.
NAME_CACHE = 5_000


def restrict(span: Recognized, places: Sequence[Place], tag: str | None) -> list[Place]:
    """The places a span may name: none for a weapon's or vehicle's name (``tag`` "weapon"),
    those of the kind a generic word gives (``tag`` "river", "lake", "sea") when any, those
    of the recogniser's country and kind; at most :data:`MAX_CANDIDATES`."""
    if tag == "weapon":
        return []
    cands = list(places)
    if tag:
        kept = [p for p in cands if p.kind == tag]
        if kept:
            cands = kept
    if span.country:
        cands = [p for p in cands if p.country_code == span.country]
    if span.kind:
        kinds = (span.kind,) if span.kind != "admin1" else ("admin1",)
        narrowed = [p for p in cands if p.kind in kinds]
        if narrowed or span.role == "demonym":
            cands = narrowed
    return cands[:MAX_CANDIDATES]


def country_over_its_aliased_cities(cands: list[Place], key: str) -> list[Place]:
    """A country's own name is not its capital's: "Mexico" is the country, not Mexico City
    (which GeoNames also calls "Mexico"), "Kuwait" not Kuwait City.  Cities of that country
    reached only through the alternate name are dropped; cities whose own name it is
    (Singapore, Luxembourg) stay."""
    if not any(p.kind == "country" for p in cands):
        return cands
    countries = {p.country_code for p in cands if p.kind == "country" and fold(p.name) == key}
    if not countries:
        return cands
    return [p for p in cands if not (p.kind == "city" and p.country_code in countries
                                     and fold(p.name) != key)]


class Readings:
    """A name's remembered readings: the gazetteer's candidate list they were made from
    (``places``, checked by identity), the candidates, their rows, their scores under
    ``model``, and ``pruned``: whatever the resolver derives from those alone (its own
    business; cleared when the model changes), and ``seats``: the resolver's seats of
    government among the candidates (made when first needed).  Nothing here is ever
    written in place."""

    __slots__ = ("places", "cands", "rows", "model", "base", "pruned", "seats")

    def __init__(self, places, cands, rows, model, base) -> None:
        self.places, self.cands, self.rows, self.model, self.base = places, cands, rows, model, base
        self.pruned: tuple | None = None
        self.seats: list[int] | None = None


_CACHE: dict[tuple, Readings] = {}


def readings(span: Recognized, places: Sequence[Place], tag: str | None, model: Ranker
             ) -> tuple[list[Place], list[list[float]], list[float], Readings | None]:
    """``(candidates, rows, scores, remembered)`` of a span's name: the candidates it may
    name (see :func:`restrict`), their intrinsic feature rows and their static scores under
    ``model``.  ``remembered`` is the process's :class:`Readings` they come from when
    ``places`` is a tuple (the gazetteer's candidate lists are): then the rows and the lists
    are shared and must not be written to; else (None) everything is computed afresh."""
    key = (span.key, span.kind, span.country, tag, span.role == "demonym")
    hit = _CACHE.get(key) if type(places) is tuple else None
    if hit is not None and hit.places is places:
        if hit.model is not model:
            hit.base = [model.score(row) for row in hit.rows]
            hit.model, hit.pruned = model, None
        return hit.cands, hit.rows, hit.base, hit
    cands = country_over_its_aliased_cities(restrict(span, places, tag), span.key)
    rows = intrinsic_features(cands, span.key)
    base = [model.score(row) for row in rows]
    if type(places) is not tuple or not cands:
        return cands, rows, base, None
    if len(_CACHE) >= NAME_CACHE:
        _CACHE.clear()
    entry = _CACHE[key] = Readings(places, cands, rows, model, base)
    return cands, rows, base, entry


def cached_names() -> int:
    """How many names' readings the process remembers (at most :data:`NAME_CACHE`)."""
    return len(_CACHE)
