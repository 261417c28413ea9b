"""Points on a place's real geometry: "the Danube at Izmail", not the Danube at Belgrade.

A river is stored as its (simplified) Natural Earth centre lines, a sea or lake or region as
a polygon; its ``lat``/``lon`` is one representative point (the middle of its longest line,
a point inside the polygon).  When a text names other places, the point of the feature that
matters is the one nearest to them: :func:`point_near` gives it.  Distances are measured in
a local equirectangular frame (longitude scaled by the cosine of the latitude), which is
what "nearest" needs at the scale of a river reach.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = ["point_near", "geometry_kind"]


def geometry_kind(geojson: dict | None) -> str | None:
    """"line", "area", "point" or None for a GeoJSON geometry."""
    if not geojson:
        return None
    kind = geojson.get("type", "")
    if kind.endswith("LineString"):
        return "line"
    if kind.endswith("Polygon"):
        return "area"
    if kind.endswith("Point"):
        return "point"
    if kind == "GeometryCollection":
        kinds = {geometry_kind(g) for g in geojson.get("geometries", [])}
        return "area" if "area" in kinds else "line" if "line" in kinds else None
    return None


def point_near(geojson: dict, near: Iterable[tuple[float, float]]
               ) -> tuple[float, float, float] | None:
    """The point of a line or area geometry nearest to any of the ``near`` points
    ``(lat, lon)``, as ``(lat, lon, km)`` with ``km`` the distance to the nearest given point
    (0 for a point inside an area).  None when no point was given or the geometry is empty.
    """
    import shapely
    from shapely.geometry import Point, shape
    from shapely.ops import nearest_points

    points = [(float(lat), float(lon)) for lat, lon in near]
    if not points or not geojson:
        return None
    geom = shape(geojson)
    if geom.is_empty:
        return None
    best = None
    for lat, lon in points:
        scale = max(math.cos(math.radians(lat)), 0.05)
        # work in (lon * cos(lat0), lat): locally conformal enough for "nearest"
        local = shapely.transform(geom, lambda xy, s=scale: xy * [s, 1.0])
        target = Point(lon * scale, lat)
        if local.covers(target):
            return lat, lon, 0.0
        hit = nearest_points(local, target)[0]
        km = hit.distance(target) * 111.195
        if best is None or km < best[2]:
            best = (hit.y, hit.x / scale, km)
    return best
