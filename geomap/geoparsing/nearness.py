"""Closeness of a candidate to the other chosen places, for :mod:`.resolve`: the
``ctx_near`` feature is max over the other points of weight * exp(-km / NEAR_KM), found
through points bucketed in cells of a few hundred km so that a sentence listing thousands
of places stays linear.
"""
from __future__ import annotations

import math
from collections import defaultdict

__all__ = ["NEAR_KM", "near", "PointIndex", "Grid"]

NEAR_KM = 150.0
_NEAR_DEG = 3 * NEAR_KM / 111.2  # beyond this the closeness term is negligible
_LINEAR_POINTS = 32  # up to this many points, one pass over all of them beats the cells


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
