"""The document context of :mod:`.resolve`: the names' readings settle one name at a time.

:func:`settle` runs context rounds (Gauss-Seidel): each contested name, in turn, is scored
against the weight of the other names' chosen readings in its candidates' country and
admin-1 region and their closeness, and takes its best candidate, until a round changes
nothing.  :func:`coherent_start` moves each contested name to the candidate best supported
by the other names' top candidates (any of them, not only the chosen one): the second
starting point of the settling.

What does not change while the readings settle is computed once per document
(:class:`Context`): each candidate's country and admin-1 keys, and for each candidate of a
contested name that is a point, the other names' candidates in reach with their closeness
factor (:meth:`~.nearness.Candidates.in_reach`) and the coherent start's closeness.  A round then costs
a pass over the contested candidates and their few neighbours, not over every chosen point.
A document with more candidate pairs than :data:`MAX_PAIRS` (a sentence listing thousands of
nearby villages) finds closeness at query time through the cells of
:class:`~.nearness.PointIndex` and :class:`~.nearness.Grid` instead; both ways give the
same numbers, bit for bit.
"""
from __future__ import annotations

from math import exp
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Mapping

from gazetteer.record import Place

from geomap.geoparsing.nearness import Candidates, Grid, PointIndex

__all__ = ["Group", "Context", "candidate_keys", "CONTEXT_PRIOR", "ROUNDS", "SUPPORT_CANDIDATES", "MAX_PAIRS",
           "POINTLIKE", "softmax_top", "settle", "coherent_start"]

CONTEXT_PRIOR = 0.5   # pseudo-weight: one other mention is weak evidence of a country
ROUNDS = 5
SUPPORT_CANDIDATES = 8   # candidates per name that may support others in the coherent start
#: Most points a document's :class:`Context` looks at to pair its candidates; beyond,
#: closeness is found at query time (same result, bounded memory).
MAX_PAIRS = 20_000
#: Kinds of places that count as points for closeness.
POINTLIKE = frozenset({"city", "admin2", "other"})


@dataclass(slots=True)
class Group:
    """The mentions of one name (same key, kind, country and generic word) and its
    candidates with their feature rows and static scores; the current reading."""

    key: tuple
    members: list[int]
    cands: list[Place]
    base: list[float]
    rows: list[list[float]]
    choice: int = 0
    confidence: float = 0.0
    influence: float = 0.0    # 0 for last-resort guesses: they never steer other names
    #: the process's remembered readings the lists come from (shared: copy before writing,
    #: see resolve), None once the group's rows are its own
    source: object = None
    #: per candidate: the country code ("" when none), the (country, admin-1) key of a
    #: place below the country level (else None), and whether it is a point
    cc: list[str] = field(default_factory=list)
    a1: list = field(default_factory=list)
    point: list[bool] = field(default_factory=list)


def candidate_keys(g: Group) -> None:
    """Fill ``g.cc``, ``g.a1`` and ``g.point`` from its candidates."""
    cc, a1, point = [], [], []
    for p in g.cands:
        code = p.country_code or ""
        cc.append(code)
        a1.append((code, p.admin1_code) if code and p.kind != "country" and p.admin1_code else None)
        point.append(p.kind in POINTLIKE)
    g.cc, g.a1, g.point = cc, a1, point


def softmax_top(scores: list[float]) -> tuple[int, float]:
    """(index of the best score, its softmax probability)."""
    top = max(scores)
    total = sum([exp(s - top) for s in scores])
    return scores.index(top), 1.0 / total


class Context:
    """What stays fixed while a document's readings settle (see the module doc).

    ``live``: the groups with candidates; ``contested``: those with more than one (a
    sub-list, same objects).  For the contested group at position ``j``, ``reach[j][k]`` is
    None when candidate ``k`` is not a point, else the ``(live index, candidate, closeness factor)`` of
    the other influential groups' points in reach (empty when ``dense``), and ``start_near[j][k]``
    the coherent start's closeness of candidate ``k`` (None when not computed)."""

    __slots__ = ("live", "contested", "index", "support", "dense", "reach", "start_near")

    def __init__(self, live: list[Group], contested: list[Group]) -> None:
        self.live, self.contested = live, contested
        self.index = {id(g): i for i, g in enumerate(live)}
        for g in live:
            if not g.cc:
                candidate_keys(g)
        # the top candidates of each influential group support the others in the coherent start
        self.support: list[set[int]] = []
        points = []
        for i, g in enumerate(live):
            if not g.influence:
                self.support.append(set())
                continue
            n = len(g.cands)
            top = (set(range(n)) if n <= SUPPORT_CANDIDATES else set(
                sorted(range(n), key=g.base.__getitem__, reverse=True)[:SUPPORT_CANDIDATES]))
            self.support.append(top)
            for k, p in enumerate(g.cands):
                if g.point[k]:
                    points.append((i, k, p.lat, p.lon, k in top))
        where = Candidates(points)
        n_support = where.support
        self.dense = False
        self.reach: list[list] = []
        self.start_near: list[list] = []
        looks = 0
        for g in contested:
            gi = self.index[id(g)]
            reach, start = [], []
            for k, p in enumerate(g.cands):
                if not g.point[k]:
                    reach.append(None)
                    start.append(None)
                    continue
                found, best, looked = where.in_reach(p.lat, p.lon, gi)
                looks += looked
                reach.append(found)
                start.append(best if n_support else None)
            self.reach.append(reach)
            self.start_near.append(start)
            if looks > MAX_PAIRS:
                break
        if looks > MAX_PAIRS:   # too many pairs to keep: closeness at query time
            self.dense = True
            self.reach = [[None if not point else () for point in g.point] for g in contested]
            self.start_near = [[None] * len(g.cands) for g in contested]


def settle(doc: Context, ctx: Mapping[str, float]) -> float:
    """Context rounds, one group at a time (Gauss-Seidel), from the groups' current choices.

    Returns the final total score of the chosen readings (higher = more coherent)."""
    live = doc.live
    country_w: dict[str, float] = defaultdict(float)
    admin1_w: dict[tuple[str, str], float] = defaultdict(float)
    chosen = [-1] * len(live)   # per live group: the chosen candidate if it is a point
    weight = [0.0] * len(live)  # ... and that point's weight
    points = PointIndex() if doc.dense else None
    w_country, w_admin1, w_near = ctx["ctx_country"], ctx["ctx_admin1"], ctx["ctx_near"]

    def contribution(i: int, g: Group, sign: float) -> float:
        k = g.choice
        w = g.confidence * min(len(g.members), 3) * g.influence
        cc = g.cc[k]
        if cc:
            country_w[cc] += sign * w
            a1 = g.a1[k]
            if a1 is not None:
                admin1_w[a1] += sign * w
        if g.point[k]:
            if sign > 0:
                chosen[i], weight[i] = k, min(1.0, w)
                if points is not None:
                    p = g.cands[k]
                    points.put(i, (p.lat, p.lon, min(1.0, w)))
            else:
                chosen[i] = -1
                if points is not None:
                    points.pop(i)
        return sign * w

    total = 0.0
    for i, g in enumerate(live):
        total += contribution(i, g, 1.0)
    at = [doc.index[id(g)] for g in doc.contested]
    final = [0.0] * len(doc.contested)
    for _ in range(ROUNDS - 1):
        changed = False
        for j, g in enumerate(doc.contested):
            i = at[j]
            total += contribution(i, g, -1.0)   # the context is everybody else
            others = total
            if others > 0:
                norm = others + CONTEXT_PRIOR
                scores = []
                for s, cc, a1, close in zip(g.base, g.cc, g.a1, doc.reach[j]):
                    if cc:
                        s += w_country * max(country_w.get(cc, 0.0), 0.0) / norm
                        if a1 is not None:
                            s += w_admin1 * max(admin1_w.get(a1, 0.0), 0.0) / norm
                    if close:
                        best = 0.0
                        for h, kh, factor in close:
                            if chosen[h] == kh:
                                v = factor * weight[h]
                                if v > best:
                                    best = v
                        if best:
                            s += w_near * best
                    elif close is not None and points:   # dense: at query time
                        p = g.cands[len(scores)]
                        s += w_near * points.near(p.lat, p.lon)
                    scores.append(s)
            else:
                scores = list(g.base)
            choice, conf = softmax_top(scores)
            changed |= choice != g.choice
            g.choice, g.confidence = choice, conf
            final[j] = scores[choice] * len(g.members)
            total += contribution(i, g, 1.0)
        if not changed:
            break
    return sum(final)


def coherent_start(doc: Context, ctx: Mapping[str, float]) -> bool:
    """Move each contested group to the candidate best supported by the other groups'
    candidates (any of them, not just their current choice).  True if anything moved."""
    live = doc.live
    n = len(live)
    if n < 2:
        return False
    by_country: dict[str, set[int]] = defaultdict(set)
    by_admin1: dict[tuple[str, str], set[int]] = defaultdict(set)
    for i, g in enumerate(live):
        for k in doc.support[i]:
            cc = g.cc[k]
            if cc:
                by_country[cc].add(i)
                a1 = g.a1[k]
                if a1 is not None:
                    by_admin1[a1].add(i)
    norm = n - 1 + CONTEXT_PRIOR
    w_country, w_admin1, w_near = ctx["ctx_country"], ctx["ctx_admin1"], ctx["ctx_near"]
    grid = None
    if doc.dense:
        grid = Grid((i, g.cands[k].lat, g.cands[k].lon, 1.0) for i, g in enumerate(live)
                    for k in doc.support[i] if g.point[k])
    moved = False
    for j, g in enumerate(doc.contested):
        i = doc.index[id(g)]
        start_near = doc.start_near[j]
        best, best_score = g.choice, -1e9
        for k, s in enumerate(g.base):
            cc = g.cc[k]
            if cc:
                others = by_country.get(cc)
                if others:
                    s += w_country * (len(others) - (i in others)) / norm
                else:
                    s += w_country * 0 / norm
                a1 = g.a1[k]
                if a1 is not None:
                    others = by_admin1.get(a1)
                    s += w_admin1 * ((len(others) - (i in others)) if others else 0) / norm
            if grid is not None:
                if g.point[k] and grid.count:
                    p = g.cands[k]
                    s += w_near * grid.near(p.lat, p.lon, i)
            elif start_near[k] is not None:
                s += w_near * start_near[k]
            if s > best_score:
                best, best_score = k, s
        if best != g.choice:
            g.choice = best
            moved = True
    return moved
