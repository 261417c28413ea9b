"""Closeness of a candidate to the other chosen places, for :mod:`.resolve`: the
``ctx_near`` feature is max over the other points of weight * exp(-km / NEAR_KM), found
through points bucketed in cells of a few hundred km so that a sentence listing thousands
of places stays linear.

The candidates of a document do not move while its readings settle, so the closeness of a
name's candidates to another name's candidate is computed once per document, when that
candidate is first chosen (:func:`column`, through a name's points sorted by latitude:
:class:`Reach`), and the coherent start's closeness to the
names' top candidates looks only at the points in a window around each candidate
(:class:`Support`).  :class:`PointIndex` and :class:`Grid` answer at query time for a
document with too many names to pair (a sentence listing thousands of places).
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from operator import itemgetter
from typing import Sequence

__all__ = ["NEAR_KM", "near", "PointIndex", "Grid", "Support", "column", "Reach"]

NEAR_KM = 150.0
_NEAR_DEG = 3 * NEAR_KM / 111.2  # beyond this the closeness term is negligible
_LINEAR_POINTS = 32  # up to this many points, one pass over all of them beats the cells
_SLACK = 1e-6  # degrees: the windows of Support are this much wider than the disc


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


def column(lats: Sequence[float], lons: Sequence[float], coslats: Sequence[float | None],
           olat: float, olon: float) -> list[float] | None:
    """The closeness factor exp(-km / NEAR_KM) of each candidate (``lats``, ``lons``, and
    the cosines of their latitudes, None for a candidate that is not a point) to the point
    (olat, olon), as :func:`near` computes it (0.0 outside its box); None when all are 0.
    ``near(lat, lon, points)`` is the max over the points of ``column[k] * weight``, bit for
    bit."""
    col = None
    for k, c in enumerate(coslats):
        if c is None:
            continue
        dlat = lats[k] - olat
        if -_NEAR_DEG < dlat < _NEAR_DEG:
            dlon = (lons[k] - olon) * c
            if -_NEAR_DEG < dlon < _NEAR_DEG:
                if col is None:
                    col = [0.0] * len(coslats)
                col[k] = math.exp(-111.2 * math.sqrt(dlat * dlat + dlon * dlon) / NEAR_KM)
    return col


class Reach:
    """A name's candidates that are points, sorted by latitude, so that :meth:`column` gives
    :func:`column` of all of them while looking only at those in the latitude window of
    the other point (with a margin for rounding).  Depends on the candidates alone: made
    once per name and kept with its remembered readings."""

    __slots__ = ("size", "lats", "points")

    def __init__(self, lats: Sequence[float], lons: Sequence[float], points: Sequence[bool]) -> None:
        self.size = len(lats)
        #: (latitude, candidate index, longitude, cosine of the latitude), by latitude
        self.points = sorted((lat, k, lon, math.cos(math.radians(lat)))
                             for k, (lat, lon, point) in enumerate(zip(lats, lons, points)) if point)
        self.lats = [pt[0] for pt in self.points]

    def __bool__(self) -> bool:
        return bool(self.points)

    def column(self, olat: float, olon: float) -> list[float] | None:
        """:func:`column` of the candidates to the point (olat, olon), bit for bit."""
        lats = self.lats
        lo = bisect_left(lats, olat - _NEAR_DEG - _SLACK)
        hi = bisect_right(lats, olat + _NEAR_DEG + _SLACK)
        col = None
        for lat, k, lon, c in self.points[lo:hi]:
            dlat = lat - olat
            if -_NEAR_DEG < dlat < _NEAR_DEG:
                dlon = (lon - olon) * c
                if -_NEAR_DEG < dlon < _NEAR_DEG:
                    if col is None:
                        col = [0.0] * self.size
                    col[k] = math.exp(-111.2 * math.sqrt(dlat * dlat + dlon * dlon) / NEAR_KM)
        return col


    def entries(self, olat: float, olon: float) -> tuple[tuple[int, float], ...] | None:
        """The entries of :meth:`column` that are not 0, as ``(candidate, factor)`` pairs
        (the same numbers, bit for bit: every factor of a candidate in the box is > 0);
        None when there are none."""
        lats = self.lats
        lo = bisect_left(lats, olat - _NEAR_DEG - _SLACK)
        hi = bisect_right(lats, olat + _NEAR_DEG + _SLACK)
        out = []
        for lat, k, lon, c in self.points[lo:hi]:
            dlat = lat - olat
            if -_NEAR_DEG < dlat < _NEAR_DEG:
                dlon = (lon - olon) * c
                if -_NEAR_DEG < dlon < _NEAR_DEG:
                    out.append((k, math.exp(-111.2 * math.sqrt(dlat * dlat + dlon * dlon) / NEAR_KM)))
        return tuple(out) if out else None

_LAT, _LON = itemgetter(1), itemgetter(2)


class Support:
    """The support points ``(group, lat, lon)`` of a document's coherent start, sorted by
    latitude and by longitude, for :meth:`closest`: the value :meth:`Grid.near` gives over a
    :class:`Grid` of the same points (weight 1), found by looking only at the points of the
    narrower of the latitude and longitude windows around the disc (both windows hold every
    point of the disc, with a margin for rounding)."""

    __slots__ = ("by_lat", "lats", "by_lon", "lons", "count")

    def __init__(self, points: Sequence[tuple[int, float, float]]) -> None:
        self.by_lat = sorted(points, key=_LAT)
        self.lats = [pt[1] for pt in self.by_lat]
        self.by_lon = sorted(points, key=_LON)
        self.lons = [pt[2] for pt in self.by_lon]
        self.count = len(points)

    def closest(self, lat: float, lon: float, exclude: int) -> tuple[float, int]:
        """``(Grid.near(lat, lon, exclude), how many points were looked at)``."""
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
        bucketed = self.count > _LINEAR_POINTS or coslat <= 0.13   # as Grid.near decides
        cy, cx = int(lat // _NEAR_DEG), int(lon // _NEAR_DEG)
        span = min(8, int(1.0 / max(coslat, 0.12)) + 1)
        best = 0.0
        bound = _NEAR_DEG * _NEAR_DEG   # Grid.near's disc, then just above the least d2 so far
        for gid, olat, olon in window[lo:hi]:
            if gid == exclude:
                continue
            dlat = lat - olat
            dlon = (lon - olon) * coslat
            d2 = dlat * dlat + dlon * dlon
            if d2 < bound and (not bucketed or (abs(int(olat // _NEAR_DEG) - cy) <= 1
                                                and abs(int(olon // _NEAR_DEG) - cx) <= span)):
                # the max of exp(-c * sqrt(d2)) is at the least d2; exp is within an ulp of
                # monotonic, so every point within a hair of the least so far is weighed
                v = math.exp(-111.2 * math.sqrt(d2) / NEAR_KM)
                if v > best:
                    best = v
                bound = min(bound, d2 * (1 + 1e-9))
        return best, hi - lo
