"""The area a map's base-map extras cover: the events' extent plus a margin.

Water (oceans, lakes, rivers) and region boundaries are cut to this box so that a page
carries only what its events' area needs; beyond it the base map still shows land, country
borders and water-coloured sea.  Geometry is simplified in proportion to the box's size.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

__all__ = ["Box", "area_box", "round_coords"]

#: The margin around the events: at least this many degrees, and at least this share of
#: the events' extent (the page opens fitted to the events; zooming out two steps stays inside).
MIN_PAD_DEG, PAD_SHARE = 15.0, 0.75


@dataclass(frozen=True, slots=True)
class Box:
    """A lon/lat box (``west <= east``), with the simplification tolerance it implies."""

    west: float
    south: float
    east: float
    north: float

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return (self.west, self.south, self.east, self.north)

    @property
    def tolerance(self) -> float:
        """Degrees to simplify to: 0.01 for a country-sized box, coarser for larger ones."""
        span = max(self.east - self.west, self.north - self.south)
        return max(0.01, round(span / 4000, 3))


def area_box(lats: Iterable[float], lons: Iterable[float]) -> Box | None:
    """The events' extent padded by a margin, clamped to the world; None without points."""
    lats = [v for v in lats if v is not None and math.isfinite(v)]
    lons = [v for v in lons if v is not None and math.isfinite(v)]
    if not lats or not lons:
        return None
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    pad_lat = max(MIN_PAD_DEG, (north - south) * PAD_SHARE)
    pad_lon = max(MIN_PAD_DEG, (east - west) * PAD_SHARE)
    return Box(max(-180.0, west - pad_lon), max(-90.0, south - pad_lat),
               min(180.0, east + pad_lon), min(90.0, north + pad_lat))


def round_coords(value, ndigits: int = 3):
    """GeoJSON coordinates (nested lists/tuples of numbers) rounded to ``ndigits``."""
    if isinstance(value, float):
        return round(value, ndigits)
    if isinstance(value, (list, tuple)):
        return [round_coords(v, ndigits) for v in value]
    return value
