"""Toponym resolution: rank gazetteer candidates with priors and document context.

Every mention's candidates (all places sharing its folded name, restricted by the kind or
country the recogniser knows: "Ga." -> US admin-1, "Russian" -> RU country) are scored by
the learned ranker (:mod:`.ranker`) as a weighted sum of the features of :mod:`.features`:

    the gazetteer prior (log10 population by kind), own-name matches, kind, capital, the
      candidate's standing among the name's candidates
    + "X, Y" / "X in Y" pairs where Y contains it (or it contains X) ("Athens, Ga.")
    + a city after "the city/port of"
    + for a country or a national capital, the share of the name's mentions that are
      metonyms ("Washington said"); for a national capital, the share used for a
      government ("relations between Cairo and Washington") -- see :mod:`.capitals`
    + the shares of the other members of a coordinated list ("Alberta, Manitoba, Ontario
      and New Brunswick") whose readings have the same level (country, admin-1, local
      place, physical feature) and country, or the same level only: list members are siblings
    + w_country * weight of the other mentions in its country  / (their total + CONTEXT_PRIOR)
    + w_admin1  * weight of the other mentions in its admin-1  / (same)
    + w_near    * closeness (exp(-km / NEAR_KM)) to the nearest other chosen place

A country's own name drops its capital's alias reading ("Mexico" is not Mexico City).
Mentions with the same name, kind and country share one reading (one sense per discourse).
Candidates that no context could lift to the top are pruned; the context is then settled
one name at a time (Gauss-Seidel) from two starting points -- every name's best prior, and
every name's candidate best supported by the other names' candidates -- and the more
coherent outcome is kept ("Huntsville" + "Walker County" -> both in Texas, although
Huntsville, Alabama is bigger).  Last-resort guesses for given spans never steer others.
The confidence is the softmax probability of the chosen candidate (:mod:`.score` turns
it, with recognition features, into the calibrated mention score).

Rules the ranker does not learn (the development sets are too small for them): the kind
and country restrictions of the recogniser, a dateline names a city ("WASHINGTON (AP) --":
only city readings are kept, see :mod:`.capitals`), a country's name over its capital's alias,
one sense per discourse, and the pruning of candidates out of the context's reach.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, Sequence

from gazetteer.normalize import fold as _fold
from gazetteer.record import Place
from gazetteer.geodesy import distance_km

from geomap.geoparsing.capitals import dateline_use, government_use
from geomap.geoparsing.context_words import (MILITARY_DEMONYM_INFLUENCE, hardware_name,
                                             military_demonym, named_kind)
from geomap.geoparsing.nearness import NEAR_KM, Grid, PointIndex, near
from geomap.geoparsing.features import index, intrinsic_features, own_name
from geomap.geoparsing.ranker import active
from geomap.geoparsing.recognized import Recognized

__all__ = ["Resolution", "resolve", "distance_km", "contains", "country_over_its_aliased_cities",
           "LIST_LEVEL"]

#: Text between a place and the place that contains it: "Athens, Ga.", "Warwick in Queensland".
_PAIR_GAPS = frozenset({", ", ",", " in ", " in the ", ", in ", " located in ", " in northern ",
                        " in southern ", " in eastern ", " in western ", " in central "})
#: Text between two members of a coordinated list ("A, B and C", "A / B").
_LIST_SEPARATORS = frozenset({", ", ",", " and ", ", and ", " or ", ", or ", " / ", "/", " & "})
CONTEXT_PRIOR = 0.5   # pseudo-weight: one other mention is weak evidence of a country
ROUNDS = 5
MAX_CANDIDATES = 30
WEAK_SPAN = 0.45   # spans recognised with less confidence give no context
SUPPORT_CANDIDATES = 8   # candidates per name that may support others in the coherent start
#: The weight of a country's other names above which a lone alternate-name reading in
#: another country is dropped (see :func:`_out_of_context`).
FIRM_CONTEXT = 1.0
_CUE, _SEAT, _POLITICAL, _PAIR_INNER, _PAIR_OUTER, _LIST_SAME, _LIST_KIND = (
    index(n) for n in ("cue_city", "seat", "political", "pair_inner", "pair_outer",
                       "list_same", "list_kind"))
_KINDS_POINTLIKE = frozenset({"city", "admin2", "other"})


@dataclass(frozen=True, slots=True)
class Resolution:
    """The chosen place of one mention (None = NIL) and the probability it is right."""

    place: Place | None
    score: float


def contains(outer: Place, inner: Place) -> bool:
    """Does ``outer`` (a country or admin-1/-2) contain ``inner``?"""
    if outer.place_id == inner.place_id or not outer.country_code:
        return False
    if outer.kind == "country":
        return inner.country_code == outer.country_code and inner.kind != "country"
    if outer.kind == "admin1":
        return (inner.country_code == outer.country_code and inner.kind not in ("country", "admin1")
                and bool(outer.admin1_code) and inner.admin1_code == outer.admin1_code)
    if outer.kind == "admin2":
        return (inner.kind == "city" and inner.country_code == outer.country_code
                and inner.admin1_code == outer.admin1_code
                and distance_km(outer.lat, outer.lon, inner.lat, inner.lon) < 60)
    return False


def _filter(span: Recognized, places: Sequence[Place], text: str = "") -> list[Place]:
    cands = list(places)
    if hardware_name(span, text):
        return []
    named = named_kind(span, text)
    if named:
        kept = [p for p in cands if p.kind == named]
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
    countries = {p.country_code for p in cands if p.kind == "country" and _fold(p.name) == key}
    if not countries:
        return cands
    return [p for p in cands if not (p.kind == "city" and p.country_code in countries
                                     and _fold(p.name) != key)]


@dataclass(slots=True)
class _Group:
    key: tuple
    members: list[int]
    cands: list[Place]
    base: list[float]
    rows: list[list[float]]
    choice: int = 0
    confidence: float = 0.0
    influence: float = 0.0    # 0 for last-resort guesses: they never steer other names


def _softmax_top(scores: list[float]) -> tuple[int, float]:
    best = max(range(len(scores)), key=scores.__getitem__)
    top = scores[best]
    total = sum(math.exp(s - top) for s in scores)
    return best, 1.0 / total


def _settle(live: list[_Group], contested: list[_Group], ctx: Mapping[str, float]) -> float:
    """Context rounds, one group at a time (Gauss-Seidel), from the groups' current choices.

    Returns the final total score of the chosen readings (higher = more coherent)."""
    country_w: dict[str, float] = defaultdict(float)
    admin1_w: dict[tuple[str, str], float] = defaultdict(float)
    points = PointIndex()
    total = 0.0
    w_country, w_admin1, w_near = ctx["ctx_country"], ctx["ctx_admin1"], ctx["ctx_near"]

    def contribution(g: _Group, sign: float) -> float:
        p = g.cands[g.choice]
        w = g.confidence * min(len(g.members), 3) * g.influence
        if p.country_code:
            country_w[p.country_code] += sign * w
            if p.kind != "country" and p.admin1_code:
                admin1_w[(p.country_code, p.admin1_code)] += sign * w
        if p.kind in _KINDS_POINTLIKE:
            if sign > 0:
                points.put(id(g), (p.lat, p.lon, min(1.0, w)))
            else:
                points.pop(id(g))
        return sign * w

    for g in live:
        total += contribution(g, 1.0)
    final: dict[int, float] = {}
    for _ in range(ROUNDS - 1):
        changed = False
        for g in contested:
            total += contribution(g, -1.0)   # the context is everybody else
            others = total
            norm = others + CONTEXT_PRIOR
            scores = []
            for k, p in enumerate(g.cands):
                s = g.base[k]
                if others > 0:
                    s += w_country * max(country_w.get(p.country_code or "", 0.0), 0.0) / norm
                    if p.kind != "country" and p.admin1_code:
                        aw = admin1_w.get((p.country_code or "", p.admin1_code), 0.0)
                        s += w_admin1 * max(aw, 0.0) / norm
                    if p.kind in _KINDS_POINTLIKE and points:
                        s += w_near * points.near(p.lat, p.lon)
                scores.append(s)
            choice, conf = _softmax_top(scores)
            changed |= choice != g.choice
            g.choice, g.confidence = choice, conf
            final[id(g)] = scores[choice] * len(g.members)
            total += contribution(g, 1.0)
        if not changed:
            break
    return sum(final.values())


def _coherent_start(live: list[_Group], contested: list[_Group], ctx: Mapping[str, float]) -> bool:
    """Move each contested group to the candidate best supported by the other groups'
    candidates (any of them, not just their current choice).  True if anything moved."""
    n = len(live)
    if n < 2:
        return False
    by_country: dict[str, set[int]] = defaultdict(set)
    by_admin1: dict[tuple[str, str], set[int]] = defaultdict(set)
    pts: list[tuple[int, float, float]] = []
    for g in live:
        if not g.influence:
            continue
        top = sorted(range(len(g.cands)), key=g.base.__getitem__, reverse=True)[:SUPPORT_CANDIDATES]
        for k in top:
            p = g.cands[k]
            if p.country_code:
                by_country[p.country_code].add(id(g))
                if p.kind != "country" and p.admin1_code:
                    by_admin1[(p.country_code, p.admin1_code)].add(id(g))
            if p.kind in _KINDS_POINTLIKE:
                pts.append((id(g), p.lat, p.lon))
    norm = n - 1 + CONTEXT_PRIOR
    w_country, w_admin1, w_near = ctx["ctx_country"], ctx["ctx_admin1"], ctx["ctx_near"]
    grid = Grid((gid, lat, lon, 1.0) for gid, lat, lon in pts)
    moved = False
    for g in contested:
        best, best_score = g.choice, -1e9
        for k, p in enumerate(g.cands):
            s = g.base[k]
            if p.country_code:
                s += w_country * len(by_country[p.country_code] - {id(g)}) / norm
                if p.kind != "country" and p.admin1_code:
                    s += w_admin1 * len(by_admin1[(p.country_code, p.admin1_code)] - {id(g)}) / norm
            if p.kind in _KINDS_POINTLIKE and pts:
                s += w_near * grid.near(p.lat, p.lon, id(g))
            if s > best_score:
                best, best_score = k, s
        if best != g.choice:
            g.choice = best
            moved = True
    return moved


#: Kinds compared by level in lists: towns, counties and other local places are alike.
LIST_LEVEL = {"city": "local", "admin2": "local", "other": "local"}


def _lists(spans: Sequence[Recognized], text: str) -> list[list[int]]:
    """Runs of >= 3 spans joined only by list separators ("A, B, C and D")."""
    runs: list[list[int]] = []
    run: list[int] = []
    for idx in range(len(spans)):
        if run and text:
            gap = text[spans[run[-1]].end:spans[idx].start]
            if gap in _LIST_SEPARATORS:
                run.append(idx)
                continue
        if len(run) >= 3:
            runs.append(run)
        run = [idx]
    if len(run) >= 3:
        runs.append(run)
    return runs


def _list_features(spans: Sequence[Recognized], span_group: list, text: str,
                   live_ids: set[int]) -> list[_Group]:
    """Members of a coordinated list are siblings: the ``list_same`` / ``list_kind``
    features of a reading are the shares of the other members' readings (weighted by their
    current probabilities) whose level and country / level only agree with it.  Returns
    the groups whose features changed."""
    touched: dict[int, _Group] = {}
    for run in _lists(spans, text):
        members = [span_group[i] for i in run]
        if len({id(g) for g in members if g is not None}) < 3:
            continue
        dists: list[tuple[dict, dict] | None] = []
        for g in members:
            if g is None or not g.cands or id(g) not in live_ids:
                dists.append(None)
                continue
            top = max(g.base)
            weights = [math.exp(v - top) for v in g.base]
            total = sum(weights)
            by_kind: dict = defaultdict(float)
            by_kind_cc: dict = defaultdict(float)
            for p, w in zip(g.cands, weights):
                level = LIST_LEVEL.get(p.kind, p.kind)
                by_kind[level] += w / total
                by_kind_cc[(level, p.country_code)] += w / total
            dists.append((by_kind, by_kind_cc))
        # "The others" of a member are every member but those of its own group: sums over the
        # whole run minus the group's own share, so a run costs O(members), not O(members^2)
        # (a sentence listing 20,000 places).
        all_kind: dict = defaultdict(float)
        all_cc: dict = defaultdict(float)
        own: dict[int, tuple[dict, dict, list[int]]] = {}
        n_all = 0
        for g, d in zip(members, dists):
            if d is None:
                continue
            n_all += 1
            own_kind, own_cc, count = own.setdefault(id(g), (defaultdict(float), defaultdict(float), [0]))
            count[0] += 1
            for key, v in d[0].items():
                all_kind[key] += v
                own_kind[key] += v
            for key, v in d[1].items():
                all_cc[key] += v
                own_cc[key] += v
        for pos, g in enumerate(members):
            if g is None or dists[pos] is None:
                continue
            own_kind, own_cc, count = own[id(g)]
            n_others = n_all - count[0]
            if n_others < 2:
                continue
            share = 1.0 / len(g.members)   # one list mention of a name said five times
            touched[id(g)] = g
            for k, p in enumerate(g.cands):
                level = LIST_LEVEL.get(p.kind, p.kind)
                same = all_cc.get((level, p.country_code), 0.0) - own_cc.get((level, p.country_code), 0.0)
                kind_only = all_kind.get(level, 0.0) - own_kind.get(level, 0.0) - same
                g.rows[k][_LIST_SAME] += share * same / n_others
                g.rows[k][_LIST_KIND] += share * kind_only / n_others
    return list(touched.values())


def resolve(spans: Sequence[Recognized], candidates: Mapping[str, Sequence[Place]], *,
            text: str = "", trace: list | None = None) -> list[Resolution]:
    """One :class:`Resolution` per span, same order.

    ``trace`` (training): a list that receives, per name with candidates, ``(members,
    cands, rows)`` -- the span indices, the candidates and their full feature rows
    (:data:`~.features.FEATURES` order) in the settled document context."""
    model = active()
    groups: dict[tuple, _Group] = {}
    span_group: list[_Group | None] = []
    for idx, span in enumerate(spans):
        gkey = (span.key, span.kind, span.country,
                "weapon" if hardware_name(span, text) else named_kind(span, text))
        group = groups.get(gkey)
        if group is None:
            cands = country_over_its_aliased_cities(
                _filter(span, candidates.get(span.key, ()), text), span.key)
            group = groups[gkey] = _Group(gkey, [], cands, [], intrinsic_features(cands, span.key))
        group.members.append(idx)
        if span.confidence >= WEAK_SPAN:
            # "Russian forces" names whose the forces are, not where they fight
            weight = MILITARY_DEMONYM_INFLUENCE if military_demonym(span, text) else 1.0
            group.influence = max(group.influence, weight)
        span_group.append(group)
    live = [g for g in groups.values() if g.cands]
    if not live:
        return [Resolution(None, 0.0) for _ in spans]
    for g in live:
        # a dateline names a city ("WASHINGTON (AP) --" is not the state): one sense
        # per discourse makes it the name's reading throughout the article
        if any(dateline_use(spans[m], text) for m in g.members):
            cities = [p for p in g.cands if p.kind == "city"]
            if cities and len(cities) < len(g.cands):
                g.cands, g.rows = cities, intrinsic_features(cities, g.key[0])

    # Static features: cue words, metonyms and government use, "X, Y" pairs, lists.
    for g in live:
        n = len(g.members)
        cue = sum(spans[m].cue == "city" for m in g.members)
        metonyms = sum(spans[m].role == "metonym" for m in g.members)
        # the capital, not its namesake region of the same country, when a government is meant
        seats = [k for k, p in enumerate(g.cands) if p.feature_code == "PPLC" and any(
            q.kind in ("admin1", "admin2") and q.country_code == p.country_code for q in g.cands)]
        political = sum(government_use(spans[m], text) for m in g.members) if seats else 0
        if not (cue or metonyms or political):
            continue
        for k, (p, row) in enumerate(zip(g.cands, g.rows)):
            if p.kind == "city":
                row[_CUE] = float(cue > 0)
            if metonyms and (p.kind == "country" or p.feature_code == "PPLC"):
                row[_SEAT] = metonyms / n   # "Washington said": a government speaks
            if political and k in seats:
                row[_POLITICAL] = political / n
    pairs: list[tuple[_Group, _Group]] = []
    for idx in range(len(spans) - 1):
        a, b = spans[idx], spans[idx + 1]
        ga, gb = span_group[idx], span_group[idx + 1]
        if ga is gb or not ga or not gb or not ga.cands or not gb.cands:
            continue
        if text and text[a.end:b.start] in _PAIR_GAPS or (not text and b.start - a.end <= 2):
            pairs.append((ga, gb))
    for inner, outer in pairs:
        for k, p in enumerate(inner.cands):
            if any(contains(o, p) for o in outer.cands[:10]):
                inner.rows[k][_PAIR_INNER] = 1.0
        for k, o in enumerate(outer.cands):
            if any(contains(o, p) for p in inner.cands[:10]):
                outer.rows[k][_PAIR_OUTER] = 1.0
    score = model.score
    for g in live:
        g.base = [score(row) for row in g.rows]
    if text:
        for g in _list_features(spans, span_group, text, {id(g) for g in live}):
            g.base = [score(row) for row in g.rows]

    # Drop candidates that no context could lift to the top.
    reach = model.reach
    contested: list[_Group] = []
    for g in live:
        scores = g.base
        g.choice, g.confidence = _softmax_top(scores)
        floor = scores[g.choice] - reach
        keep = [k for k, v in enumerate(scores) if v >= floor]
        if len(keep) < len(scores):
            g.cands = [g.cands[k] for k in keep]
            g.rows = [g.rows[k] for k in keep]
            g.base = [scores[k] for k in keep]
            g.choice = keep.index(g.choice)
        if len(g.cands) > 1:
            contested.append(g)

    if contested:
        # Settle the context from two starting points -- each name's best prior, and each
        # name's candidate that the other names' candidates could support best -- and keep
        # the more coherent reading ("Huntsville" + "Walker County": both Texas).
        ctx = model.context
        start_a = [(g.choice, g.confidence) for g in live]
        score_a = _settle(live, contested, ctx)
        end_a = [(g.choice, g.confidence) for g in live]
        for g, (choice, conf) in zip(live, start_a):
            g.choice, g.confidence = choice, conf
        if _coherent_start(live, contested, ctx):
            score_b = _settle(live, contested, ctx)
            if score_b <= score_a + 1e-9:
                for g, (choice, conf) in zip(live, end_a):
                    g.choice, g.confidence = choice, conf
        else:
            for g, (choice, conf) in zip(live, end_a):
                g.choice, g.confidence = choice, conf
    if trace is not None:
        trace.extend(context_rows(live))
    for g in _out_of_context(live):
        g.cands = []

    out: list[Resolution] = []
    for idx, span in enumerate(spans):
        g = span_group[idx]
        if g is None or not g.cands:
            out.append(Resolution(None, 0.0))
        else:
            out.append(Resolution(g.cands[g.choice], g.confidence))
    return out


def _out_of_context(live: list[_Group]) -> list[_Group]:
    """Groups whose reading is a town reached only through an alternate name, in a country
    no other name of the document supports, while the others firmly agree on another
    country ("Basan" as Bassano del Grappa, IT, among Ukrainian towns): such a reading is a
    coincidence of spelling, so the name stays unresolved (NIL)."""
    weight: dict[str, float] = defaultdict(float)
    own: dict[int, tuple[str, float]] = {}
    for g in live:
        p = g.cands[g.choice]
        if p.country_code:
            w = g.confidence * min(len(g.members), 3) * g.influence
            weight[p.country_code] += w
            own[id(g)] = (p.country_code, w)
    out = []
    for g in live:
        p = g.cands[g.choice]
        if p.kind != "city" or not p.country_code or own_name(p, g.key[0]):
            continue
        cc, w = own[id(g)]
        if weight[cc] - w > 0:
            continue
        if max((v for c, v in weight.items() if c != cc), default=0.0) >= FIRM_CONTEXT:
            out.append(g)
    return out


def context_rows(live: list[_Group]) -> list[tuple[list[int], list[Place], list[list[float]]]]:
    """Each group's candidates with their static rows extended by the document-context
    features of the settled readings (as :func:`_settle` computes them)."""
    country_w: dict[str, float] = defaultdict(float)
    admin1_w: dict[tuple[str, str], float] = defaultdict(float)
    weights = {}
    for g in live:
        p = g.cands[g.choice]
        w = g.confidence * min(len(g.members), 3) * g.influence
        weights[id(g)] = w
        if p.country_code:
            country_w[p.country_code] += w
            if p.kind != "country" and p.admin1_code:
                admin1_w[(p.country_code, p.admin1_code)] += w
    total = sum(weights.values())
    out = []
    for g in live:
        me = g.cands[g.choice]
        w = weights[id(g)]
        others = total - w
        norm = others + CONTEXT_PRIOR
        points = [(h.cands[h.choice].lat, h.cands[h.choice].lon, min(1.0, weights[id(h)]))
                  for h in live if h is not g and h.cands[h.choice].kind in _KINDS_POINTLIKE]
        rows = []
        for p, row in zip(g.cands, g.rows):
            cw = country_w.get(p.country_code or "", 0.0) - (w if me.country_code == p.country_code else 0.0)
            c_country = c_admin1 = c_near = 0.0
            if others > 0:
                c_country = max(cw, 0.0) / norm
                if p.kind != "country" and p.admin1_code:
                    aw = admin1_w.get((p.country_code or "", p.admin1_code), 0.0)
                    if me.kind != "country" and (me.country_code, me.admin1_code) == (p.country_code, p.admin1_code):
                        aw -= w
                    c_admin1 = max(aw, 0.0) / norm
                if p.kind in _KINDS_POINTLIKE and points:
                    c_near = near(p.lat, p.lon, points)
            rows.append(row + [c_country, c_admin1, c_near])
        out.append((list(g.members), list(g.cands), rows))
    return out
