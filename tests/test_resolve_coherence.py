"""The resolver's shortcuts give exactly the numbers of the plain computations: closeness
through per-document columns and windows (coherence, nearness) against the query-time cells,
the coherent start's cut-off against weighing every candidate, the per-process memory of a
name's readings (bounded, never written through), the score and the context words."""
from __future__ import annotations

import math
import random
import re

import pytest

from gazetteer.normalize import fold
from gazetteer.record import Place
from geomap.geoparsing import candidates, coherence
from geomap.geoparsing.coherence import CONTEXT_PRIOR, Context, coherent_start, softmax_top
from geomap.geoparsing.context_words import named_kind
from geomap.geoparsing.nearness import Grid, PointIndex, Reach, Support, column, near
from geomap.geoparsing.ranker import active
from geomap.geoparsing.recognized import Recognized
from geomap.geoparsing.resolve import Resolution, resolve
from geomap.geoparsing.score import CALIBRATION, mention_features, score_mention


def P(pid, name, kind, lat, lon, cc="US", a1=None, pop=0, fcode=None):
    return Place(place_id=pid, name=name, kind=kind, lat=lat, lon=lon, country_code=cc,
                 admin1_code=a1, population=pop, feature_code=fcode)


#: Towns of a few common US names, in several states each (our own rough coordinates).
TOWNS = {
    "springfield": [("IL", 39.80, -89.65, 114_000), ("MA", 42.10, -72.59, 155_000),
                    ("MO", 37.21, -93.29, 169_000), ("OH", 39.92, -83.81, 58_000),
                    ("OR", 44.05, -123.02, 62_000)],
    "franklin": [("TN", 35.93, -86.87, 83_000), ("MA", 42.08, -71.40, 33_000),
                 ("OH", 39.56, -84.30, 11_000), ("IN", 39.48, -86.05, 25_000)],
    "clinton": [("IA", 41.84, -90.19, 25_000), ("MS", 32.34, -90.32, 25_000),
                ("OH", 41.00, -81.60, 1_200), ("MA", 42.42, -71.68, 13_000)],
    "salem": [("OR", 44.94, -123.04, 175_000), ("MA", 42.52, -70.90, 44_000),
              ("OH", 40.90, -80.86, 12_000), ("IN", 38.61, -86.10, 6_000)],
    "madison": [("WI", 43.07, -89.40, 270_000), ("IN", 38.74, -85.38, 12_000),
                ("OH", 41.77, -81.05, 3_000), ("MS", 32.46, -90.12, 27_000)],
    "dayton": [("OH", 39.76, -84.19, 137_000), ("TN", 35.49, -85.01, 7_000)],
    "columbus": [("OH", 39.96, -83.00, 900_000), ("IN", 39.20, -85.92, 50_000),
                 ("MS", 33.50, -88.43, 23_000)],
    "hamilton": [("OH", 39.40, -84.56, 63_000), ("NY", 42.83, -75.54, 4_000),
                 ("MT", 46.25, -114.16, 5_000)],
}
STATES = {"ohio": ("OH", 40.25, -83.0), "massachusetts": ("MA", 42.3, -71.8),
          "indiana": ("IN", 39.9, -86.3)}


def _tables(as_tuples: bool) -> dict:
    table = {}
    for key, towns in TOWNS.items():
        name = key.title()
        places = [P(f"{key}-{st}", name, "city", lat, lon, "US", f"US.{st}", pop)
                  for st, lat, lon, pop in towns]
        table[key] = tuple(places) if as_tuples else places
    for key, (st, lat, lon) in STATES.items():
        place = P(key, key.title(), "admin1", lat, lon, "US", f"US.{st}", 5_000_000)
        table[key] = (place,) if as_tuples else [place]
    return table


ARTICLES = [
    "Storms hit Springfield, Franklin and Dayton before reaching Hamilton and Columbus.",
    "Salem and Clinton voted; Madison and Springfield did not. Ohio officials said Franklin waited.",
    "From Springfield to Salem, Franklin, Clinton and Madison: Massachusetts towns brace for snow.",
    "Columbus, Dayton, Hamilton. Indiana police in Madison and Franklin and Columbus searched.",
    "Springfield.",
]


def _spans(text: str) -> list[Recognized]:
    names = "|".join(sorted((k.title() for k in {**TOWNS, **STATES}), key=len, reverse=True))
    return [Recognized(m.start(), m.end(), m.group(), fold(m.group()))
            for m in re.finditer(rf"\b(?:{names})\b", text)]


def _resolve_all(tables) -> list[list[tuple]]:
    return [[(r.place.place_id if r.place else None, r.score) for r in resolve(_spans(t), tables, text=t)]
            for t in ARTICLES]


def test_columns_and_windows_give_the_cells_numbers(monkeypatch):
    """The per-document closeness (columns, windows, the coherent start's cut-off) and the
    query-time cells of PointIndex and Grid give the same choices and the same scores, bit
    for bit, on articles full of ambiguous names."""
    fast = _resolve_all(_tables(as_tuples=True))
    monkeypatch.setattr(coherence, "MAX_PAIRS", -1)   # every document "too dense": the cells
    cells = _resolve_all(_tables(as_tuples=True))
    assert fast == cells
    assert any(len({pid for pid, _ in doc}) > 3 for doc in fast)   # the articles do resolve
    assert {pid for doc in fast for pid, _ in doc} >= {"dayton-OH", "hamilton-OH"}


def _reference_start(live, contested, ctx) -> list[int]:
    """The coherent start weighing every candidate (no cut-off), through a Grid."""
    n = len(live)
    by_country: dict = {}
    by_admin1: dict = {}
    pts = []
    for i, g in enumerate(live):
        if not g.influence:
            continue
        top = sorted(range(len(g.cands)), key=g.base.__getitem__, reverse=True)[:coherence.SUPPORT_CANDIDATES]
        for k in top:
            p = g.cands[k]
            by_country.setdefault(p.country_code, set()).add(i)
            if p.kind != "country" and p.admin1_code:
                by_admin1.setdefault((p.country_code, p.admin1_code), set()).add(i)
            if p.kind in coherence.POINTLIKE:
                pts.append((i, p.lat, p.lon, 1.0))
    grid = Grid(pts)
    norm = n - 1 + CONTEXT_PRIOR
    out = []
    for g in contested:
        i = live.index(g)
        best, best_score = g.choice, -1e9
        for k, p in enumerate(g.cands):
            s = g.base[k]
            s += ctx["ctx_country"] * len(by_country.get(p.country_code, set()) - {i}) / norm
            if p.kind != "country" and p.admin1_code:
                s += ctx["ctx_admin1"] * len(by_admin1.get((p.country_code, p.admin1_code), set()) - {i}) / norm
            if p.kind in coherence.POINTLIKE and pts:
                s += ctx["ctx_near"] * grid.near(p.lat, p.lon, i)
            if s > best_score:
                best, best_score = k, s
        out.append(best)
    return out


@pytest.mark.parametrize("seed", range(6))
def test_coherent_start_cut_off_picks_what_weighing_all_picks(seed):
    """The coherent start skips candidates that closeness could not lift to the top; its
    choice is still the first best of all candidates."""
    rng = random.Random(seed)
    model = active()
    live = []
    for g_no in range(rng.randint(2, 7)):
        cands = [P(f"{seed}-{g_no}-{k}", f"Name{g_no}", rng.choice(["city", "city", "admin2", "admin1"]),
                   rng.uniform(30, 45), rng.uniform(-95, -75), "US", f"US.{rng.choice('ABCD')}",
                   rng.choice([500, 20_000, 300_000])) for k in range(rng.randint(1, 9))]
        base = [rng.uniform(-2, 2) for _ in cands]
        g = coherence.Group((g_no,), [g_no], cands, base, [[0.0]] * len(cands), influence=1.0)
        g.choice, g.confidence = softmax_top(base)
        live.append(g)
    contested = [g for g in live if len(g.cands) > 1]
    expected = _reference_start(live, contested, model.context)
    coherent_start(Context(live, contested), model.context)
    assert [g.choice for g in contested] == expected


def test_support_windows_and_columns_match_the_cells():
    """Support.closest is Grid.near and column() weighed by the point's weight is near(),
    bit for bit, for points spread wide and packed close, at high latitudes too."""
    rng = random.Random(7)
    # (latitude, its spread, longitude spread): wide, packed, and near the pole, where a
    # box is wider than the cells Grid looks at
    for lat0, spread, wide in ((20.0, 10.0, 40.0), (48.0, 0.8, 3.0), (79.0, 1.5, 6.0), (84.0, 0.3, 45.0)):
        pts = [(gid, lat0 + rng.uniform(-spread, spread), rng.uniform(-wide, wide)) for gid in range(60)]
        for count in (10, 60):   # few points (one pass in Grid) and many (Grid's cells)
            grid, support = Grid([(g, la, lo, 1.0) for g, la, lo in pts[:count]]), Support(pts[:count])
            for lat, lon, skip in [(lat0 + rng.uniform(-spread, spread), rng.uniform(-wide, wide),
                                    rng.randrange(count)) for _ in range(60)]:
                assert support.closest(lat, lon, skip)[0] == grid.near(lat, lon, skip)
        lats = [la for _, la, _ in pts]
        lons = [lo for _, _, lo in pts]
        coslats = [math.cos(math.radians(la)) if k % 5 else None for k, la in enumerate(lats)]
        for _ in range(20):
            olat, olon, w = lat0 + rng.uniform(-spread, spread), rng.uniform(-wide, wide), rng.random()
            col = column(lats, lons, coslats, olat, olon) or [0.0] * len(lats)
            for k, c in enumerate(coslats):
                if c is not None:
                    assert col[k] * w == near(lats[k], lons[k], [(olat, olon, w)])
                else:
                    assert col[k] == 0.0
            index = PointIndex()
            index.put(1, (olat, olon, w))
            assert all(col[k] * w == index.near(lats[k], lons[k]) for k, c in enumerate(coslats) if c)
    # near the pole Grid looks at 8 cells either side, less than the disc: a point in the
    # disc but beyond the cells is not seen, by either
    assert Support([(1, 84.0, 0.0)]).closest(84.0, 37.5, 0)[0] == Grid([(1, 84.0, 0.0, 1.0)]).near(84.0, 37.5, 0) == 0.0
    assert Support([(1, 84.0, 0.0)]).closest(84.0, 30.0, 0)[0] == Grid([(1, 84.0, 0.0, 1.0)]).near(84.0, 30.0, 0) > 0


def test_reach_columns_are_the_plain_columns():
    """Reach.column looks only at the latitude window of the other point, and gives
    column() of all the candidates bit for bit: spread wide, packed close, at the edge of
    the window, near the pole, with candidates that are not points."""
    rng = random.Random(11)
    for lat0, spread, wide in ((20.0, 10.0, 40.0), (48.0, 0.8, 3.0), (79.0, 1.5, 6.0), (-40.0, 4.0, 9.0)):
        for n in (1, 2, 9, 30):
            lats = [lat0 + rng.uniform(-spread, spread) for _ in range(n)]
            lons = [rng.uniform(-wide, wide) for _ in range(n)]
            points = [k % 4 != 3 for k in range(n)]
            coslats = [math.cos(math.radians(la)) if pt else None for la, pt in zip(lats, points)]
            reach = Reach(lats, lons, points)
            assert bool(reach) == any(points)
            others = [(lat0 + rng.uniform(-spread - 5, spread + 5), rng.uniform(-wide, wide)) for _ in range(40)]
            # points just inside and just outside a candidate's latitude window
            others += [(lats[0] + d, lons[0]) for d in (3 * 150.0 / 111.2, -3 * 150.0 / 111.2)]
            others += [(math.nextafter(la, 0.0), lo) for la, lo in others[-2:]]
            for olat, olon in others:
                assert reach.column(olat, olon) == column(lats, lons, coslats, olat, olon)
        assert any(Reach(lats, lons, points).column(la, lo) is not None for la, lo in others)


def test_softmax_top_is_the_plain_softmax():
    rng = random.Random(3)
    for _ in range(500):
        scores = [rng.uniform(-20, 20) for _ in range(rng.randint(1, 30))]
        scores += scores[:rng.randint(0, 2)]   # ties: the first best
        top = max(scores)
        assert softmax_top(scores) == (scores.index(top), 1.0 / sum([math.exp(s - top) for s in scores]))


def test_remembered_readings_are_never_written_through():
    """A pair ("Springfield, Massachusetts") writes features into its names' rows: the
    remembered rows stay as they were, so the next article reads the name afresh."""
    tables = _tables(as_tuples=True)
    alone = "Springfield."
    candidates._CACHE.clear()
    rows_before: list = []
    fresh = resolve(_spans(alone), tables, text=alone, trace=rows_before)
    paired = "Springfield, Massachusetts"
    got = resolve(_spans(paired), tables, text=paired)
    assert got[0].place.place_id == "springfield-MA"
    rows_after: list = []
    again = resolve(_spans(alone), tables, text=alone, trace=rows_after)
    assert again == fresh and rows_after == rows_before
    assert resolve(_spans(alone), _tables(as_tuples=False), text=alone) == fresh   # lists: no memory


def test_remembered_names_stay_bounded(monkeypatch):
    monkeypatch.setattr(candidates, "NAME_CACHE", 3)
    candidates._CACHE.clear()
    tables = _tables(as_tuples=True)
    for text in ARTICLES:
        first = resolve(_spans(text), tables, text=text)
        assert candidates.cached_names() <= 3
        assert resolve(_spans(text), tables, text=text) == first
        assert resolve(_spans(text), _tables(as_tuples=False), text=text) == first


def test_score_is_the_calibrated_sum_of_the_features():
    place = P("x", "Franklin", "city", 35.9, -86.9, "US", "US.TN", 83_000)
    for role in ("toponym", "metonym", "demonym"):
        for kind in ("city", "country", "admin1", "admin2", "river", "other"):
            rec = Recognized(0, 8, "Franklin", "franklin", role, confidence=0.7)
            res = Resolution(P("x", "Franklin", kind, 35.9, -86.9, pop=83_000), 0.83)
            for count in (1, 4):
                z = sum(w * x for w, x in zip(CALIBRATION, mention_features(rec, res, count)))
                assert score_mention(rec, res, count) == 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    assert score_mention(Recognized(0, 8, "Franklin", "franklin"), Resolution(None, 0.0)) == 0.0
    assert 0 < score_mention(Recognized(0, 8, "Franklin", "franklin"), Resolution(place, 0.9)) < 1


@pytest.mark.parametrize("text, name, kind", [
    ("shelling along the Dnipro river on Monday", "Dnipro", "river"),
    ("the river Dnipro froze", "Dnipro", "river"),
    ("Lake Baikal and the Baikal lake", "Baikal", "lake"),
    ("the Azov Sea coast", "Azov", "sea"),
    ("Seattle police said", "Seattle", None),
    ("İSTANBUL river traffic", "İSTANBUL", "river"),
    ("Kherson, a river port", "Kherson", None),
])
def test_named_kind(text, name, kind):
    start = text.index(name)
    assert named_kind(Recognized(start, start + len(name), name, fold(name)), text) == kind
