"""Outlines of area-level event places (regions, rivers, seas, lakes) from the gazetteer.

Only a true boundary is drawn: ``gazetteer.geometry(place_id)`` (the public gazetteer API)
answers an imported geometry (Natural Earth, GeoJSON) or, for curated features, their
bounding box as a rectangle.  A rectangle is not an outline: it is treated as "no geometry",
and the map says so in the popup instead of drawing a box.
"""
from __future__ import annotations

import json
import warnings
from typing import Any, Mapping

from geomap.errors import GeomapError, GeomapWarning
from geomap.maps.extent import round_coords

__all__ = ["OUTLINE_KINDS", "clean_geometry", "is_box", "outline"]

#: Event place kinds drawn as an outline (polygon or line) when a geometry is known.
OUTLINE_KINDS = frozenset({"admin1", "admin2", "region", "river", "sea", "lake"})
_MAX_JSON = 60_000  # larger geometries are simplified


def is_box(geometry: Mapping[str, Any]) -> bool:
    """True for a Polygon that is one axis-aligned rectangle (a bounding box, not a boundary)."""
    if geometry.get("type") != "Polygon":
        return False
    rings = geometry.get("coordinates") or []
    if len(rings) != 1:
        return False
    try:
        points = {(float(x), float(y)) for x, y, *_ in rings[0]}
    except (TypeError, ValueError):
        return False
    xs, ys = {p[0] for p in points}, {p[1] for p in points}
    return len(points) <= 4 and len(xs) <= 2 and len(ys) <= 2


def clean_geometry(geometry: Mapping[str, Any]) -> dict[str, Any] | None:
    """A compact copy of a GeoJSON geometry (simplified if large), or None if unusable."""
    kind = geometry.get("type")
    if kind not in ("Polygon", "MultiPolygon", "LineString", "MultiLineString"):
        return None
    coords = geometry.get("coordinates")
    if not coords or is_box(geometry):
        return None
    try:
        size = len(json.dumps(coords, allow_nan=False))
    except (TypeError, ValueError):  # NaN/inf or non-numbers: not drawable
        return None
    if size > _MAX_JSON:
        try:
            from shapely.geometry import mapping, shape

            geom = shape(geometry)
            tolerance = 0.002
            while True:
                simplified = geom.simplify(tolerance, preserve_topology=True)
                coords = mapping(simplified)["coordinates"]
                if len(json.dumps(coords)) <= _MAX_JSON or tolerance > 0.2:
                    break
                tolerance *= 2
            kind = simplified.geom_type
        except Exception as exc:  # shapely raises several types on broken input
            warnings.warn(f"map: cannot simplify an outline geometry: {exc}", GeomapWarning)
    return {"type": kind, "coordinates": round_coords(coords, 4)}


def outline(place_id: str, gazetteer: Any) -> dict[str, Any] | None:
    """The drawable boundary of a place, or None (no gazetteer, no geometry, or only a box)."""
    geometry_of = getattr(gazetteer, "geometry", None) if gazetteer is not None else None
    if geometry_of is None:
        return None
    try:
        geometry = geometry_of(place_id)
    except (GeomapError, RuntimeError, OSError, ValueError) as exc:  # the gazetteer's errors too
        warnings.warn(f"map: no outline for place {place_id}: {exc}", GeomapWarning)
        return None
    if not isinstance(geometry, Mapping):
        return None
    return clean_geometry(geometry)
