"""Closeness of a candidate to the other chosen places, for :mod:`.resolve`: the
``ctx_near`` feature is max over the other points of weight * exp(-km / NEAR_KM), found
through points bucketed in cells of a few hundred km so that a sentence listing thousands
of places stays linear.

The candidates of a document do not move while its readings settle, so the closeness of
each candidate to every other name's candidates in reach is computed once per document
(:meth:`Candidates.in_reach`); the rounds then only weigh the factors of the currently chosen ones.
:class:`PointIndex` and :class:`Grid` answer at query time for a document with too many
candidate pairs to keep (a sentence listing thousands of nearby villages).
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from typing import Sequence

__all__ = ["NEAR_KM", "near", "PointIndex", "Grid", "Candidates"]

NEAR_KM = 150.0
_NEAR_DEG = 3 * NEAR_KM / 111.2  # beyond this the closeness term is negligible
_LINEAR_POINTS = 32  # up to this many points, one pass over all of them beats the cells
_SLACK = 1e-6  # degrees: the latitude window of in_reach is this much wider than the box


def near(lat: float, lon: float, others) -> float:
    """max over (lat, lon, weight) of weight * exp(-distance / NEAR_KM) (flat-earth distance)."""
    near = 0.0
    coslat = math.cos(math.radians(lat))
    for olat, olon, ow in others:
        dlat = lat - olat
        if -_NEAR_DEG < dlat < _NEAR_DEG:
            dlon = (lon - olon) * coslat
            if -_NEAR_DEG < dlon < _NEAR_DEG:
                v = math.exp(-111.2 * math.sqrt(dlat * dlat + dlon * dlon) / NEAR_KM) * ow
                if v > near:
                    near = v
    return near


class PointIndex:
    """The chosen points of the resolver's context rounds, bucketed in cells of _NEAR_DEG
    degrees, so that :meth:`near` gives exactly :func:`near` over every point while looking
    only at the cells its box can reach (a sentence listing thousands of places stays
    linear)."""

    __slots__ = ("cells", "where", "points")

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], dict[int, tuple[float, float, float]]] = defaultdict(dict)
        self.where: dict[int, tuple[int, int]] = {}
        self.points: dict[int, tuple[float, float, float]] = {}

    def put(self, gid: int, point: tuple[float, float, float]) -> None:
        self.pop(gid)
        cell = (int(point[0] // _NEAR_DEG), int(point[1] // _NEAR_DEG))
        self.cells[cell][gid] = point
        self.where[gid] = cell
        self.points[gid] = point

    def pop(self, gid: int) -> None:
        cell = self.where.pop(gid, None)
        if cell is not None:
            del self.cells[cell][gid]
            del self.points[gid]

    def __bool__(self) -> bool:
        return bool(self.where)

    def near(self, lat: float, lon: float) -> float:
        if len(self.points) <= _LINEAR_POINTS:  # a few points: one pass beats the cells
            return near(lat, lon, self.points.values())
        coslat = math.cos(math.radians(lat))
        if coslat < 0.12:  # near the poles the box spans most longitudes: look at everything
            return near(lat, lon, [pt for cell in self.cells.values() for pt in cell.values()])
        cy, cx = int(lat // _NEAR_DEG), int(lon // _NEAR_DEG)
        span = int(1.0 / coslat) + 1
        best = 0.0
        cells = self.cells
        for y in (cy - 1, cy, cy + 1):
            for x in range(cx - span, cx + span + 1):
                bucket = cells.get((y, x))
                if bucket:
                    v = near(lat, lon, bucket.values())
                    if v > best:
                        best = v
        return best


class Grid:
    """Points bucketed in cells of _NEAR_DEG degrees, for fast "anything near?" queries."""

    __slots__ = ("cells", "count")

    def __init__(self, points) -> None:
        self.cells: dict[tuple[int, int], list] = defaultdict(list)
        self.count = 0
        for item in points:
            self.count += 1
            lat, lon = item[1], item[2]
            self.cells[(int(lat // _NEAR_DEG), int(lon // _NEAR_DEG))].append(item)

    def near(self, lat: float, lon: float, exclude: int) -> float:
        coslat = math.cos(math.radians(lat))
        if self.count <= _LINEAR_POINTS and coslat > 0.13:  # the cells would reach every point
            buckets = self.cells.values()
        else:
            buckets = self._buckets(lat, lon, coslat)
        best = 0.0
        for bucket in buckets:
            for gid, olat, olon, ow in bucket:
                if gid == exclude:
                    continue
                dlat = lat - olat
                dlon = (lon - olon) * coslat
                d2 = dlat * dlat + dlon * dlon
                if d2 < _NEAR_DEG * _NEAR_DEG:
                    v = math.exp(-111.2 * math.sqrt(d2) / NEAR_KM) * ow
                    if v > best:
                        best = v
        return best

    def _buckets(self, lat: float, lon: float, coslat: float):
        cy, cx = int(lat // _NEAR_DEG), int(lon // _NEAR_DEG)
        span = min(8, int(1.0 / max(coslat, 0.12)) + 1)
        cells = self.cells
        for y in (cy - 1, cy, cy + 1):
            for x in range(cx - span, cx + span + 1):
                bucket = cells.get((y, x))
                if bucket:
                    yield bucket


class Candidates:
    """The candidate points of a document's names for :meth:`in_reach`: ``(group,
    candidate, lat, lon, is_support)`` tuples, sorted by latitude and by longitude."""

    __slots__ = ("by_lat", "lats", "by_lon", "lons", "support")

    def __init__(self, points: Sequence[tuple[int, int, float, float, bool]]) -> None:
        self.by_lat = sorted(points, key=lambda pt: pt[2])
        self.lats = [pt[2] for pt in self.by_lat]
        self.by_lon = sorted(points, key=lambda pt: pt[3])
        self.lons = [pt[3] for pt in self.by_lon]
        self.support = sum(pt[4] for pt in points)   # how many Grid.near would hold

    def in_reach(self, lat: float, lon: float, skip: int
                 ) -> tuple[list[tuple[int, int, float]], float, int]:
        """The other groups' candidate points in reach of a candidate at (lat, lon) (those of
        group ``skip`` left out).

        Returns ``(group, candidate, factor)`` for every point that :func:`near` (and so
        :meth:`PointIndex.near`) would weigh, ``factor`` its closeness exp(-km / NEAR_KM) as
        :func:`near` computes it (its term is ``factor * weight``, bit for bit); the value
        :meth:`Grid.near` would give over a grid of the support points (weight 1), the same
        cells and disc included; and how many points it looked at.  Only the points in the
        narrower of the latitude and the longitude windows around the box are looked at
        (both windows hold every point of the box, with a margin for rounding).
        """
        coslat = math.cos(math.radians(lat))
        lats, lons = self.lats, self.lons
        lo = bisect_left(lats, lat - _NEAR_DEG - _SLACK)
        hi = bisect_right(lats, lat + _NEAR_DEG + _SLACK)
        window = self.by_lat
        if coslat > 0.13 and hi - lo > 8:
            half = _NEAR_DEG / coslat * (1 + 1e-9) + _SLACK
            lo_x = bisect_left(lons, lon - half)
            hi_x = bisect_right(lons, lon + half)
            if hi_x - lo_x < hi - lo:
                lo, hi, window = lo_x, hi_x, self.by_lon
        bucketed = self.support > _LINEAR_POINTS or coslat <= 0.13   # as Grid.near decides
        cy, cx = int(lat // _NEAR_DEG), int(lon // _NEAR_DEG)
        span = min(8, int(1.0 / max(coslat, 0.12)) + 1)
        found: list[tuple[int, int, float]] = []
        best = 0.0
        disc = _NEAR_DEG * _NEAR_DEG
        for gid, k, olat, olon, sup in window[lo:hi]:
            if gid == skip:
                continue
            dlat = lat - olat
            if -_NEAR_DEG < dlat < _NEAR_DEG:
                dlon = (lon - olon) * coslat
                if -_NEAR_DEG < dlon < _NEAR_DEG:
                    d2 = dlat * dlat + dlon * dlon
                    factor = math.exp(-111.2 * math.sqrt(d2) / NEAR_KM)
                    found.append((gid, k, factor))
                    if sup and factor > best and d2 < disc and (
                            not bucketed or (abs(int(olat // _NEAR_DEG) - cy) <= 1
                                             and abs(int(olon // _NEAR_DEG) - cx) <= span)):
                        best = factor
        return found, best, hi - lo
