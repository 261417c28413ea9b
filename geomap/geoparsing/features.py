"""Features of a (mention, candidate place) pair for the learned ranker (:mod:`.ranker`).

A candidate's score is a weighted sum of these features (the weights are learned; see
``benchmarks/train_ranker.py``).  Three groups:

* intrinsic (:func:`intrinsic_features`, one row per candidate, from the place and the
  name alone): the gazetteer prior (log10 population, by kind), own-name matches, kind,
  capital, the candidate's standing among the name's other candidates;
* static context, filled in by :mod:`.resolve` once per document: cue words ("the city of
  X"), metonyms ("Washington said"), "X, Y" and "X in Y" pairs, coordinated lists;
* document context (:data:`CONTEXT`), recomputed while the readings settle: the weight of
  the other names in the candidate's country and admin-1 region, closeness to the nearest
  other chosen place.
"""
from __future__ import annotations

from typing import Sequence

from gazetteer.normalize import ROMANIZED_COUNTRIES, fold, romanization_key
from gazetteer.ranking import prior
from gazetteer.record import Place

__all__ = ["STATIC", "CONTEXT", "FEATURES", "SMALL_PLACE", "intrinsic_features", "index", "own_name"]

#: Static features, in the order of a candidate's feature row.
STATIC = (
    "prior",            # gazetteer.ranking.prior: log10 population on a per-kind scale
    "main_name",        # the name is the place's own name (not an alternate one)
    "main_area",        # ... and the place is a country or an admin-1 region ("Iraq", "Ohio")
    "main_multiword",   # ... and the name has several words ("Rocky Mount")
    "small_alt",        # a village reached through a variant or old name ("Paris", UA)
    "city_state",       # an admin-1 with a same-name city inside it (Kyiv, Moscow, Berlin)
    "capital",          # a national capital (PPLC)
    "kind_country", "kind_admin1", "kind_admin2", "kind_area", "kind_water", "kind_other",
    "top_prior",        # the name's candidate with the highest prior
    "prior_gap",        # prior minus the name's best prior (<= 0), clipped at -5
    "cue_city",         # a city after "the city/town/port of"
    "seat",             # share of the name's mentions that are metonyms, for a country or capital
    "pair_inner",       # "X, Y" or "X in Y": X lies in one of Y's candidates
    "pair_outer",       # "X, Y" or "X in Y": Y contains one of X's candidates
    "list_same",        # coordinated list: the other members' level and country agree
    "list_kind",        # ... only their level agrees
    "political",        # a capital sharing its name with a region of its country, in government use
    "alt_taken",        # a town reached through a name another town of its country bears as its
                        # own (a former name: "Oleksandrivka" for Donetsk, "Slavyansk" for Nikopol)
)
#: Document-context features (recomputed while settling).
CONTEXT = ("ctx_country", "ctx_admin1", "ctx_near")
FEATURES = STATIC + CONTEXT

#: A city under this population reached through a variant name is a weak reading.
SMALL_PLACE = 10_000

_AREA = frozenset({"continent", "region"})
_WATER = frozenset({"sea", "river", "lake"})
_KIND_FEATURE = {"country": "kind_country", "admin1": "kind_admin1", "admin2": "kind_admin2"}


def index(name: str) -> int:
    """Position of a static feature in a row."""
    return _INDEX[name]


_INDEX = {name: k for k, name in enumerate(STATIC)}
_PRIOR, _MAIN, _MAIN_AREA, _MAIN_MULTI, _SMALL_ALT, _CITY_STATE, _CAPITAL, _TOP, _GAP, _ALT_TAKEN = (
    _INDEX[n] for n in ("prior", "main_name", "main_area", "main_multiword", "small_alt",
                        "city_state", "capital", "top_prior", "prior_gap", "alt_taken"))


def intrinsic_features(cands: Sequence[Place], key: str) -> list[list[float]]:
    """One row of :data:`STATIC` per candidate; the context columns are left at 0."""
    n = len(STATIC)
    rows: list[list[float]] = []
    priors: list[float] = []
    multi = " " in key
    for p in cands:
        row = [0.0] * n
        value = prior(p.kind, p.population or 0, p.feature_code)
        row[_PRIOR] = value
        priors.append(value)
        if fold(p.name) == key:
            row[_MAIN] = 1.0
            if p.kind in ("country", "admin1"):
                row[_MAIN_AREA] = 1.0
            if multi:
                row[_MAIN_MULTI] = 1.0
        elif p.kind == "city" and (p.population or 0) < SMALL_PLACE:
            row[_SMALL_ALT] = 1.0
        if p.feature_code == "PPLC":
            row[_CAPITAL] = 1.0
        kind = p.kind
        if kind in _KIND_FEATURE:
            row[_INDEX[_KIND_FEATURE[kind]]] = 1.0
        elif kind in _AREA:
            row[_INDEX["kind_area"]] = 1.0
        elif kind in _WATER:
            row[_INDEX["kind_water"]] = 1.0
        elif kind != "city":
            row[_INDEX["kind_other"]] = 1.0
        rows.append(row)
    if priors:
        best = max(priors)
        for row, value in zip(rows, priors):
            row[_GAP] = max(value - best, -5.0)
            if value == best:
                row[_TOP] = 1.0
    _city_states(cands, rows)
    _taken_names(cands, rows, key)
    return rows


def own_name(place: Place, key: str) -> bool:
    """Is ``key`` (folded) the place's own name, for a Ukrainian, Russian or Belarusian
    place in any common romanization of it ("Sloviansk" and "Slovyansk", "Zaporizhzhia"
    and "Zaporizhzhya": see ``gazetteer.normalize.romanization_key``)?"""
    own = fold(place.name)
    return own == key or (place.country_code in ROMANIZED_COUNTRIES
                          and romanization_key(own) == romanization_key(key))


def _taken_names(cands: Sequence[Place], rows: list[list[float]], key: str) -> None:
    """Mark the towns reached only through an alternate name that another town of the same
    country bears as its own: the name is that town's now, the alternate is mostly a former
    name (Donetsk was Oleksandrivka, Melitopol Novooleksandrivka, Nikopol Slavyansk).  Towns
    of other countries do not count: Odesa stays "Odessa" although Odessa, Texas bears it."""
    owners = {p.country_code for p in cands if p.kind == "city" and own_name(p, key)}
    if not owners:
        return
    for row, p in zip(rows, cands):
        if p.kind == "city" and p.country_code in owners and not own_name(p, key):
            row[_ALT_TAKEN] = 1.0


def _city_states(cands: Sequence[Place], rows: list[list[float]]) -> None:
    """Kyiv, Moscow, Berlin are both a city and an admin-1 of the same name: mark the
    admin-1 when a city whose own name is the same lies in it (the city's own name is
    compared, so New York City does not mark New York State)."""
    cities = [p for p in cands if p.kind == "city"]
    if not cities:
        return
    for row, p in zip(rows, cands):
        if p.kind != "admin1" or not p.admin1_code:
            continue
        own = fold(p.name)
        if any(c.admin1_code == p.admin1_code and c.country_code == p.country_code
               and fold(c.name) == own for c in cities):
            row[_CITY_STATE] = 1.0
