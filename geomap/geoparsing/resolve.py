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
The settling is :mod:`.coherence`'s; a name's candidates, their intrinsic rows, static
scores and pruning are remembered per process (:mod:`.candidates`), rows being copied
before a static feature is written into them.
The confidence is the softmax probability of the chosen candidate (:mod:`.score` turns
it, with recognition features, into the calibrated mention score).

Rules the ranker does not learn (the development sets are too small for them): the kind
and country restrictions of the recogniser, a dateline names a city ("WASHINGTON (AP) --":
only city readings are kept, see :mod:`.capitals`), a country's name over its capital's alias,
one sense per discourse, and the pruning of candidates out of the context's reach.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, Sequence

from gazetteer.record import Place
from gazetteer.geodesy import distance_km

from geomap.geoparsing.candidates import MAX_CANDIDATES, country_over_its_aliased_cities, readings
from geomap.geoparsing.capitals import coordinated_capitals, dateline_use, government_use
from geomap.geoparsing.context_words import (MILITARY_DEMONYM_INFLUENCE, hardware_name,
                                             military_demonym, named_kind)
from geomap.geoparsing.coherence import (CONTEXT_PRIOR, POINTLIKE, Context, Group,
                                          candidate_keys, candidate_reach, coherent_start, settle,
                                          softmax_top)
from geomap.geoparsing.nearness import near
from geomap.geoparsing.features import index, intrinsic_features, own_name
from geomap.geoparsing.ranker import active
from geomap.geoparsing.recognized import Recognized

__all__ = ["Resolution", "resolve", "distance_km", "contains", "country_over_its_aliased_cities",
           "LIST_LEVEL", "MAX_CANDIDATES", "PAIR_GAPS"]

#: Text between a place and the place that contains it: "Athens, Ga.", "Warwick in Queensland".
PAIR_GAPS = frozenset({", ", ",", " in ", " in the ", ", in ", " located in ", " in northern ",
                        " in southern ", " in eastern ", " in western ", " in central "})
#: Text between two members of a coordinated list ("A, B and C", "A / B").
_LIST_SEPARATORS = frozenset({", ", ",", " and ", ", and ", " or ", ", or ", " / ", "/", " & "})
#: The longest of PAIR_GAPS: a longer gap is none of them.
_PAIR_GAP_MAX = max(map(len, PAIR_GAPS))
#: A list of counts by place: "twelve in Ontario, eight in Alberta, and one in Quebec".
_COUNT_GAP = re.compile(
    r"[,;] (?:and )?(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"a dozen|dozens|hundreds)(?: (?:more|others?|cases?|deaths?|people|dead))? (?:in|from|at) ")
WEAK_SPAN = 0.45   # spans recognised with less confidence give no context
#: The weight of a country's other names above which a lone alternate-name reading in
#: another country is dropped (see :func:`_out_of_context`).
FIRM_CONTEXT = 1.0
_CUE, _SEAT, _POLITICAL, _PAIR_INNER, _PAIR_OUTER, _LIST_SAME, _LIST_KIND = (
    index(n) for n in ("cue_city", "seat", "political", "pair_inner", "pair_outer",
                       "list_same", "list_kind"))


#: The kinds of places that may contain others (:func:`contains`).
_HOLDERS = frozenset({"country", "admin1", "admin2"})


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


def _seats(g: Group) -> list[int]:
    """The candidates of ``g`` that are a national capital whose country is also a region
    candidate's (a government's seat rather than its namesake region); remembered with the
    name's readings while the candidates are theirs."""
    source = g.source
    if source is not None and source.seats is not None:
        return source.seats
    cands = g.cands
    seats = [k for k, p in enumerate(cands) if p.feature_code == "PPLC" and any(
        q.kind in ("admin1", "admin2") and q.country_code == p.country_code for q in cands)]
    if source is not None:
        source.seats = seats
    return seats


def _prune(g: Group, reach: float) -> None:
    """Keep the candidates of ``g`` that the context (worth at most ``reach``) could lift to
    the top; the best one is chosen with its prior confidence.  A group whose lists are the
    process's remembered readings takes the remembered outcome."""
    source = g.source
    if source is not None and source.pruned is not None:
        g.cands, g.rows, g.base, g.choice, g.confidence, g.cc, g.a1, g.point, g.reach = source.pruned
        return
    scores = g.base
    g.choice, g.confidence = softmax_top(scores)
    floor = scores[g.choice] - reach
    keep = [k for k, v in enumerate(scores) if v >= floor]
    if len(keep) < len(scores):
        g.cands = [g.cands[k] for k in keep]
        g.rows = [g.rows[k] for k in keep]
        g.base = [scores[k] for k in keep]
        g.choice = keep.index(g.choice)
    if source is not None:
        candidate_keys(g)
        g.reach = candidate_reach(g) if len(g.cands) > 1 else None
        source.pruned = (g.cands, g.rows, g.base, g.choice, g.confidence, g.cc, g.a1, g.point, g.reach)


def _writable(g: Group) -> Group:
    """``g`` with rows of its own (shared cached rows are copied before a write)."""
    if g.source is not None:
        g.rows = [row[:] for row in g.rows]
        g.source = None
    return g


#: Kinds compared by level in lists: towns, counties and other local places are alike.
LIST_LEVEL = {"city": "local", "admin2": "local", "other": "local"}


def _lists(spans: Sequence[Recognized], text: str) -> list[list[int]]:
    """Runs of >= 3 spans joined only by list separators ("A, B, C and D") or by counts
    ("twelve in Ontario, eight in Alberta, and one in Quebec")."""
    runs: list[list[int]] = []
    run: list[int] = []
    for idx in range(len(spans)):
        if run and text:
            end, start = spans[run[-1]].end, spans[idx].start
            # neither a separator nor a count fills more than 40 characters
            gap = text[end:start] if start - end <= 40 else ""
            if gap in _LIST_SEPARATORS or (gap and _COUNT_GAP.fullmatch(gap)):
                run.append(idx)
                continue
        if len(run) >= 3:
            runs.append(run)
        run = [idx]
    if len(run) >= 3:
        runs.append(run)
    return runs


def _list_features(spans: Sequence[Recognized], span_group: list, text: str,
                   live_ids: set[int]) -> list[Group]:
    """Members of a coordinated list are siblings: the ``list_same`` / ``list_kind``
    features of a reading are the shares of the other members' readings (weighted by their
    current probabilities) whose level and country / level only agree with it.  Returns
    the groups whose features changed."""
    touched: dict[int, Group] = {}
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
            touched[id(g)] = _writable(g)
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
    groups: dict[tuple, Group] = {}
    span_group: list[Group | None] = []
    for idx, span in enumerate(spans):
        tag = "weapon" if hardware_name(span, text) else named_kind(span, text)
        gkey = (span.key, span.kind, span.country, tag)
        group = groups.get(gkey)
        if group is None:
            cands, rows, base, source = readings(span, candidates.get(span.key, ()), tag, model)
            group = groups[gkey] = Group(gkey, [], cands, base, rows, source=source)
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
                g.cands, g.rows, g.source = cities, intrinsic_features(cities, g.key[0]), None

    # Static features: cue words, metonyms and government use, "X, Y" pairs, lists.
    paired = coordinated_capitals(spans, text, lambda i: span_group[i].cands if span_group[i] else ())
    for g in live:
        n = len(g.members)
        cue = metonyms = 0
        for m in g.members:
            span = spans[m]
            if span.cue == "city":
                cue += 1
            if span.role == "metonym":
                metonyms += 1
        # the capital, not its namesake region of the same country, when a government is meant
        seats = _seats(g)
        political = sum(m in paired or government_use(spans[m], text) for m in g.members) if seats else 0
        if not (cue or metonyms or political):
            continue
        _writable(g)
        for k, (p, row) in enumerate(zip(g.cands, g.rows)):
            if p.kind == "city":
                row[_CUE] = float(cue > 0)
            if metonyms and (p.kind == "country" or p.feature_code == "PPLC"):
                row[_SEAT] = metonyms / n   # "Washington said": a government speaks
            if political and k in seats:
                row[_POLITICAL] = political / n
    pairs: list[tuple[Group, Group]] = []
    for idx in range(len(spans) - 1):
        a, b = spans[idx], spans[idx + 1]
        ga, gb = span_group[idx], span_group[idx + 1]
        if ga is gb or not ga or not gb or not ga.cands or not gb.cands:
            continue
        if b.role == "demonym":   # "hit Donetsk, Russian officials said": no container
            continue
        gap = b.start - a.end
        if text and gap <= _PAIR_GAP_MAX and text[a.end:b.start] in PAIR_GAPS or (not text and gap <= 2):
            pairs.append((ga, gb))
    for inner, outer in pairs:
        # only a country or an admin-1/-2 region contains anything (see contains)
        holders = [o for o in outer.cands[:10] if o.kind in _HOLDERS and o.country_code]
        if holders:
            for k, p in enumerate(inner.cands):
                if any(contains(o, p) for o in holders):
                    _writable(inner).rows[k][_PAIR_INNER] = 1.0
        first = inner.cands[:10]
        for k, o in enumerate(outer.cands):
            if o.kind in _HOLDERS and o.country_code and any(contains(o, p) for p in first):
                _writable(outer).rows[k][_PAIR_OUTER] = 1.0
    score = model.score
    for g in live:
        if g.source is None:   # shared rows are unchanged: their remembered scores stand
            g.base = [score(row) for row in g.rows]
    if text:
        for g in _list_features(spans, span_group, text, {id(g) for g in live}):
            g.base = [score(row) for row in g.rows]

    # Drop candidates that no context could lift to the top.
    reach = model.reach
    contested: list[Group] = []
    for g in live:
        _prune(g, reach)
        if len(g.cands) > 1:
            contested.append(g)

    if contested:
        # Settle the context from two starting points -- each name's best prior, and each
        # name's candidate that the other names' candidates could support best -- and keep
        # the more coherent reading ("Huntsville" + "Walker County": both Texas).
        ctx = model.context
        doc = Context(live, contested)
        start_a = [(g.choice, g.confidence) for g in live]
        score_a = settle(doc, ctx)
        end_a = [(g.choice, g.confidence) for g in live]
        for g, (choice, conf) in zip(live, start_a):
            g.choice, g.confidence = choice, conf
        if coherent_start(doc, ctx):
            score_b = settle(doc, ctx)
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


def _out_of_context(live: list[Group]) -> list[Group]:
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
        if p.kind != "city" or not p.country_code:
            continue
        cc, w = own[id(g)]
        if weight[cc] - w > 0 or own_name(p, g.key[0]):   # the cheap test first
            continue
        if max((v for c, v in weight.items() if c != cc), default=0.0) >= FIRM_CONTEXT:
            out.append(g)
    return out


def context_rows(live: list[Group]) -> list[tuple[list[int], list[Place], list[list[float]]]]:
    """Each group's candidates with their static rows extended by the document-context
    features of the settled readings (as :func:`.coherence.settle` computes them)."""
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
                  for h in live if h is not g and h.cands[h.choice].kind in POINTLIKE]
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
                if p.kind in POINTLIKE and points:
                    c_near = near(p.lat, p.lon, points)
            rows.append(row + [c_country, c_admin1, c_near])
        out.append((list(g.members), list(g.cands), rows))
    return out
