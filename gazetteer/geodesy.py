"""Distances on the Earth: the one great-circle formula the gazetteer and geomap share."""
from __future__ import annotations

import math

__all__ = ["EARTH_RADIUS_KM", "distance_km"]

#: Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float, *,
                radius_km: float = EARTH_RADIUS_KM) -> float:
    """Great-circle distance (haversine) on a sphere of ``radius_km`` (default the mean Earth
    radius, 6371.0088 km; scorers that define their own radius pass it)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius_km * math.asin(min(1.0, math.sqrt(a)))
