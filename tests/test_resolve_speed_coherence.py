"""The settling's shortcuts give the numbers of the plain computation, bit for bit: the
sparse closeness entries of a name's points (:meth:`~.nearness.Reach.entries`) against the
full columns, and :func:`~.coherence.settle` against a plain Gauss-Seidel that weighs every
other chosen point with :func:`~.nearness.near`."""
from __future__ import annotations

import math
import random
from collections import defaultdict

import pytest

from gazetteer.record import Place
from geomap.geoparsing import coherence
from geomap.geoparsing.coherence import CONTEXT_PRIOR, POINTLIKE, ROUNDS, Context, settle, softmax_top
from geomap.geoparsing.nearness import Reach, near
from geomap.geoparsing.ranker import active


def _place(pid: str, kind: str, lat: float, lon: float, cc: str, a1: str) -> Place:
    return Place(place_id=pid, name=pid, kind=kind, lat=lat, lon=lon, country_code=cc,
                 admin1_code=a1, population=1000)


def test_entries_are_the_columns_that_are_not_zero():
    rng = random.Random(5)
    for lat0, spread in ((20.0, 10.0), (48.0, 0.8), (79.0, 1.5), (-40.0, 4.0)):
        for n in (1, 3, 9, 30):
            lats = [lat0 + rng.uniform(-spread, spread) for _ in range(n)]
            lons = [rng.uniform(-5, 5) for _ in range(n)]
            reach = Reach(lats, lons, [k % 4 != 3 for k in range(n)])
            for _ in range(30):
                olat, olon = lat0 + rng.uniform(-spread - 3, spread + 3), rng.uniform(-7, 7)
                col = reach.column(olat, olon)
                entries = reach.entries(olat, olon)
                if col is None:
                    assert entries is None
                else:
                    assert sorted(entries) == [(k, v) for k, v in enumerate(col) if v != 0.0]


def _plain_settle(live, contested, ctx) -> float:
    """settle as the module doc says it, with nothing remembered."""
    w_country, w_admin1, w_near = ctx["ctx_country"], ctx["ctx_admin1"], ctx["ctx_near"]
    country_w: dict = defaultdict(float)
    admin1_w: dict = defaultdict(float)
    added = {}

    def keys(p):
        cc = p.country_code or ""
        return cc, ((cc, p.admin1_code) if cc and p.kind != "country" and p.admin1_code else None)

    def put(g, sign):
        p = g.cands[g.choice]
        cc, a1 = keys(p)
        if sign > 0:
            added[id(g)] = g.confidence * min(len(g.members), 3) * g.influence
        w = added[id(g)]
        if cc:
            country_w[cc] += w if sign > 0 else -w
            if a1 is not None:
                admin1_w[a1] += w if sign > 0 else -w
        return w

    total = 0.0
    for g in live:
        total += put(g, 1)
    final = {}
    for _ in range(ROUNDS - 1):
        changed = False
        for g in contested:
            total -= put(g, -1)
            others = total
            points = [(h.cands[h.choice].lat, h.cands[h.choice].lon, min(1.0, added[id(h)]))
                      for h in live if h is not g and h.influence and h.cands[h.choice].kind in POINTLIKE]
            scores = []
            for s, p in zip(g.base, g.cands):
                if others > 0:
                    cc, a1 = keys(p)
                    norm = others + CONTEXT_PRIOR
                    if cc:
                        s += w_country * max(country_w.get(cc, 0.0), 0.0) / norm
                        if a1 is not None:
                            s += w_admin1 * max(admin1_w.get(a1, 0.0), 0.0) / norm
                    c = near(p.lat, p.lon, points) if p.kind in POINTLIKE and points else 0.0
                    if c:
                        s += w_near * c
                scores.append(s)
            choice, conf = softmax_top(scores)
            changed |= choice != g.choice
            g.choice, g.confidence = choice, conf
            final[id(g)] = scores[choice] * len(g.members)
            total += put(g, 1)
        if not changed:
            break
    return sum(final[id(g)] for g in contested)


def _document(rng: random.Random, tag: str):
    live = []
    for n in range(rng.randint(2, 8)):
        cands = []
        for k in range(rng.choice([1, 1, 2, 3, 5, 9, 14])):
            kind = rng.choice(["city", "city", "city", "admin2", "admin1", "country", "other"])
            cands.append(_place(f"{tag}-{n}-{k}", kind, rng.uniform(40, 44), rng.uniform(-80, -74),
                                rng.choice(["US", "US", "CA", ""]), rng.choice(["A", "B", "C", ""])))
        base = [rng.uniform(-3, 3) for _ in cands]
        g = coherence.Group((n,), list(range(rng.randint(1, 4))), cands, base, [[0.0]] * len(cands),
                            influence=rng.choice([1.0, 1.0, 0.05, 0.0]))
        g.choice, g.confidence = softmax_top(base)
        live.append(g)
    return live


@pytest.mark.parametrize("seed", range(40))
def test_settle_is_the_plain_gauss_seidel(seed):
    ctx = active().context
    rng = random.Random(seed)
    live = _document(rng, str(seed))
    twin = _document(random.Random(seed), str(seed))
    contested = [g for g in live if len(g.cands) > 1]
    if not contested:
        return
    got = settle(Context(live, contested), ctx)
    want = _plain_settle(twin, [g for g in twin if len(g.cands) > 1], ctx)
    assert got == want
    assert [(g.choice, g.confidence) for g in live] == [(g.choice, g.confidence) for g in twin]
    assert not math.isnan(got)
