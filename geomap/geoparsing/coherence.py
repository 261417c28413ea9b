"""The document context of :mod:`.resolve`: the names' readings settle one name at a time.

:func:`settle` runs context rounds (Gauss-Seidel): each contested name, in turn, is scored
against the weight of the other names' chosen readings in its candidates' country and
admin-1 region and their closeness, and takes its best candidate, until a round changes
nothing.  :func:`coherent_start` moves each contested name to the candidate best supported
by the other names' top candidates (any of them, not only the chosen one): the second
starting point of the settling.

What does not change while the readings settle is computed once per document
(:class:`Context`): each candidate's country and admin-1 keys, the closeness of a contested
name's candidates to another name's candidate once that is first chosen (the candidates
it is not 0 for, found through the name's points sorted by latitude:
:meth:`~.nearness.Reach.entries`, the Reach kept with the name's remembered readings), and
the coherent start's closeness.  A round then costs a pass over the contested candidates
and the entries of the chosen points.
A document with more candidate pairs than :data:`MAX_PAIRS` (a sentence listing thousands of
nearby villages) finds closeness at query time through the cells of
:class:`~.nearness.PointIndex` and :class:`~.nearness.Grid` instead; both ways give the
same numbers, bit for bit.
"""
from __future__ import annotations

from math import exp
from collections import defaultdict
from itertools import repeat
from dataclasses import dataclass, field
from typing import Mapping

from gazetteer.record import Place

from geomap.geoparsing.nearness import Grid, PointIndex, Reach, Support

__all__ = ["Group", "Context", "candidate_keys", "candidate_reach", "CONTEXT_PRIOR", "ROUNDS",
           "SUPPORT_CANDIDATES", "MAX_PAIRS",
           "POINTLIKE", "softmax_top", "settle", "coherent_start"]

CONTEXT_PRIOR = 0.5   # pseudo-weight: one other mention is weak evidence of a country
ROUNDS = 5
SUPPORT_CANDIDATES = 8   # candidates per name that may support others in the coherent start
#: Beyond this many (contested name, name) pairs a document's closeness is found through
#: the cells of PointIndex, and beyond this many points looked at in windows the coherent
#: start's through those of Grid (the same values; bounded time and memory).
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
    #: the candidates that are points, by latitude (for a name with several candidates)
    reach: Reach | None = None


def candidate_keys(g: Group) -> None:
    """Fill ``g.cc``, ``g.a1`` and ``g.point`` from its candidates."""
    cc, a1, point = [], [], []
    for p in g.cands:
        code = p.country_code or ""
        cc.append(code)
        a1.append((code, p.admin1_code) if code and p.kind != "country" and p.admin1_code else None)
        point.append(p.kind in POINTLIKE)
    g.cc, g.a1, g.point = cc, a1, point


def candidate_reach(g: Group) -> Reach:
    """The points among the candidates of ``g`` (after :func:`candidate_keys`), by latitude."""
    return Reach([p.lat for p in g.cands], [p.lon for p in g.cands], g.point)


def softmax_top(scores: list[float]) -> tuple[int, float]:
    """(index of the best score, its softmax probability)."""
    top = max(scores)
    total = sum(map(exp, map(top.__rsub__, scores)))   # exp(s - top), summed in order
    return scores.index(top), 1.0 / total


class Context:
    """What stays fixed while a document's readings settle (see the module doc).

    ``live``: the groups with candidates; ``contested``: those with more than one (a
    sub-list, same objects); ``at[j]``: the live index of contested group ``j``; ``mult[i]``:
    how many of live group ``i``'s mentions count in the context (at most 3);
    ``support[i]``: the candidates of live group ``i`` that support others in the coherent
    start (none for a group without influence).  ``columns[j]`` remembers, per chosen point
    of another group met while settling, the closeness of contested group ``j``'s candidates
    to it (the entries that are not 0, :meth:`~.nearness.Reach.entries`); ``dense``: too
    many names to pair, closeness is found through the cells of
    :class:`~.nearness.PointIndex` instead; ``reach[j]``: contested group ``j``'s points by
    latitude (:class:`~.nearness.Reach`)."""

    __slots__ = ("live", "contested", "at", "mult", "support", "dense", "columns", "reach", "pointy")

    def __init__(self, live: list[Group], contested: list[Group]) -> None:
        self.live, self.contested = live, contested
        index = {id(g): i for i, g in enumerate(live)}
        self.at = [index[id(g)] for g in contested]
        self.mult = [min(len(g.members), 3) for g in live]   # mentions that count, at most 3
        for g in live:
            if not g.cc:
                candidate_keys(g)
        self.support: list[set[int]] = []
        for g in live:
            n = len(g.cands)
            self.support.append(set() if not g.influence else set(range(n)) if n <= SUPPORT_CANDIDATES
                                else set(sorted(range(n), key=g.base.__getitem__,
                                                reverse=True)[:SUPPORT_CANDIDATES]))
        self.dense = len(contested) * len(live) > MAX_PAIRS
        self.columns: list[dict[int, tuple | None]] = [{} for _ in contested]
        # made when first needed (a name's remembered readings keep theirs)
        self.reach: list[Reach | None] = [g.reach for g in contested]
        self.pointy = [any(g.point) for g in contested]   # has a candidate that is a point


def settle(doc: Context, ctx: Mapping[str, float]) -> float:
    """Context rounds, one group at a time (Gauss-Seidel), from the groups' current choices.

    Returns the final total score of the chosen readings (higher = more coherent)."""
    live = doc.live
    country_w: dict[str, float] = defaultdict(float)
    admin1_w: dict[tuple[str, str], float] = defaultdict(float)
    chosen: dict[int, int] = {}   # live group with influence -> its chosen candidate, a point
    weight = [0.0] * len(live)    # ... and that point's weight
    added = [0.0] * len(live)     # each group's weight in the context, as last added
    points = PointIndex() if doc.dense else None
    w_country, w_admin1, w_near = ctx["ctx_country"], ctx["ctx_admin1"], ctx["ctx_near"]
    mult = doc.mult

    def add(i: int, g: Group) -> float:
        """Put group ``i``'s chosen reading into the context; its weight."""
        k = g.choice
        w = added[i] = g.confidence * mult[i] * g.influence
        cc = g.cc[k]
        if cc:
            country_w[cc] += w
            a1 = g.a1[k]
            if a1 is not None:
                admin1_w[a1] += w
        if g.point[k] and g.influence:   # a point of weight 0 weighs nothing
            chosen[i], weight[i] = k, min(1.0, w)
            if points is not None:
                p = g.cands[k]
                points.put(i, (p.lat, p.lon, min(1.0, w)))
        return w

    total = 0.0
    for i, g in enumerate(live):
        total += add(i, g)
    final = [0.0] * len(doc.contested)
    at, pointy, columns_of = doc.at, doc.pointy, doc.columns
    for _ in range(ROUNDS - 1):
        changed = False
        for j, g in enumerate(doc.contested):
            i = at[j]
            # the context is everybody else: take the group's reading out (the weight it
            # was put in with, subtracted: x + (-w) is x - w, bit for bit)
            k = g.choice
            w = added[i]
            cc = g.cc[k]
            if cc:
                country_w[cc] -= w
                a1 = g.a1[k]
                if a1 is not None:
                    admin1_w[a1] -= w
            if g.point[k] and g.influence:
                del chosen[i]
                if points is not None:
                    points.pop(i)
            total -= w
            others = total
            if others > 0:
                norm = others + CONTEXT_PRIOR
                scores = []
                if points is None:
                    # closeness: per candidate, the max over the other groups' chosen points
                    # of weight * closeness (the columns' entries that are not 0)
                    close = None
                    if chosen and pointy[j]:
                        columns = columns_of[j]
                        for h, kh in chosen.items():
                            key = h * 64 + kh    # candidates per name are at most 30
                            col = columns.get(key, _UNSEEN)
                            if col is _UNSEEN:
                                col = columns[key] = _entries(doc, j, doc.live[h].cands[kh])
                            if col is not None:
                                wh = weight[h]
                                if close is None:
                                    close = [0.0] * len(g.cands)
                                for kk, v in col:
                                    v = wh * v
                                    if v > close[kk]:
                                        close[kk] = v
                    for s, cc, a1, c in zip(g.base, g.cc, g.a1, close or _ZEROS):
                        if cc:   # x if x >= 0.0 else 0.0 is max(x, 0.0), signed zeros alike
                            x = country_w.get(cc, 0.0)
                            s += w_country * (x if x >= 0.0 else 0.0) / norm
                            if a1 is not None:
                                x = admin1_w.get(a1, 0.0)
                                s += w_admin1 * (x if x >= 0.0 else 0.0) / norm
                        if c:
                            s += w_near * c
                        scores.append(s)
                else:   # dense: closeness at query time
                    for s, cc, a1, p, point in zip(g.base, g.cc, g.a1, g.cands, g.point):
                        if cc:
                            s += w_country * max(country_w.get(cc, 0.0), 0.0) / norm
                            if a1 is not None:
                                s += w_admin1 * max(admin1_w.get(a1, 0.0), 0.0) / norm
                        if point and points:
                            s += w_near * points.near(p.lat, p.lon)
                        scores.append(s)
            else:
                scores = list(g.base)
            choice, conf = softmax_top(scores)
            changed |= choice != g.choice
            g.choice, g.confidence = choice, conf
            final[j] = scores[choice] * len(g.members)
            total += add(i, g)
        if not changed:
            break
    return sum(final)


def _entries(doc: Context, j: int, p: Place) -> tuple[tuple[int, float], ...] | None:
    """The closeness factors of contested group ``j``'s candidates to the point ``p`` that
    are not 0, as ``(candidate, factor)`` (:meth:`~.nearness.Reach.entries`); None when
    all are."""
    reach = doc.reach[j]
    if reach is None:
        reach = doc.reach[j] = candidate_reach(doc.contested[j])
    return reach.entries(p.lat, p.lon)


_UNSEEN: tuple = ()
_ZEROS = repeat(0.0)   # no closeness


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
    support = None   # the support points, through windows (or the cells of a Grid)
    grid = None
    points = [(i, g.cands[k].lat, g.cands[k].lon) for i, g in enumerate(live)
              for k in doc.support[i] if g.point[k]]
    if points:
        support = Support(points)
    looks = 0
    lift = max(w_near, 0.0)   # the most closeness can add (it is at most 1)
    moved = False
    for j, g in enumerate(doc.contested):
        i = doc.at[j]
        # the country and admin-1 support first; closeness only for the candidates it
        # could still lift to the top (best first, so the rest are cut off at once)
        cheap = []
        for s, cc, a1 in zip(g.base, g.cc, g.a1):
            if cc:
                others = by_country.get(cc)
                s += w_country * ((len(others) - (i in others)) if others else 0) / norm
                if a1 is not None:
                    others = by_admin1.get(a1)
                    s += w_admin1 * ((len(others) - (i in others)) if others else 0) / norm
            cheap.append(s)
        best, best_score = g.choice, -1e9
        for k in sorted(range(len(cheap)), key=cheap.__getitem__, reverse=True):
            s = cheap[k]
            if s + lift < best_score:
                break
            if support is not None and g.point[k]:
                p = g.cands[k]
                if looks <= MAX_PAIRS:
                    close, looked = support.closest(p.lat, p.lon, i)
                    looks += looked
                else:   # too many to look at in windows: the cells (same value)
                    if grid is None:
                        grid = Grid((gi, lat, lon, 1.0) for gi, lat, lon in points)
                    close = grid.near(p.lat, p.lon, i)
                s += w_near * close
            if s > best_score or (s == best_score and k < best):   # the first best, as in order
                best, best_score = k, s
        if best != g.choice:
            g.choice = best
            moved = True
    return moved
