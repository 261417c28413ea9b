"""Region (admin-1) boundaries for the base map, from the gazetteer's polygons.

For every country the events are in, the lines between its admin-1 regions inside the
map's area (``extent.Box``): the regions' boundaries are noded together, the country's
own outline (its border and coast, which the base map draws already) is taken out, and
what is left is simplified to the box's tolerance.  Only a gazetteer that answers
``admin1_geometries(country_codes, box=...)`` (``gazetteer.Store`` does) with real
polygons gives any; otherwise there are none -- never boxes.
"""
from __future__ import annotations

import warnings
from typing import Any, Iterable

from geomap.errors import GeomapWarning
from geomap.maps.extent import Box, round_coords

__all__ = ["region_boundaries"]


def region_boundaries(gazetteer: Any, countries: Iterable[str], box: Box | None) -> list[dict[str, Any]]:
    """``[{"c": country, "n": regions, "g": MultiLineString}]``, one per country that has
    admin-1 polygons in ``box``; empty without a gazetteer able to list them."""
    listing = getattr(gazetteer, "admin1_geometries", None)
    countries = sorted({c for c in countries if c})
    if box is None or not countries or not callable(listing):
        return []
    out = []
    for country in countries:
        try:
            rows = listing([country], box=box.bounds)
        except Exception as exc:  # the gazetteer's own errors (GazetteerError, sqlite3.Error...)
            warnings.warn(f"map: no region boundaries: {exc}", GeomapWarning)
            return out
        geometries = [row[2] for row in rows if isinstance(row, tuple) and len(row) == 3
                      and isinstance(row[2], dict)]
        drawn = _interior_lines(geometries, box) if geometries else None
        if drawn is not None:
            out.append({"c": country, "n": drawn[1], "g": drawn[0]})
    return out


def _interior_lines(geometries: list[dict[str, Any]], box: Box) -> tuple[dict[str, Any], int] | None:
    """The lines between the polygons (not their union's outline), cut to the box, and
    how many polygons are in the box; None for fewer than two."""
    import shapely
    from shapely.geometry import mapping, shape

    try:
        polys = []
        for geometry in geometries:
            geom = shapely.clip_by_rect(shape(geometry), *box.bounds)
            if not geom.is_valid:
                geom = shapely.make_valid(geom)
            if not geom.is_empty and geom.area > 0:
                polys.append(geom)
        if len(polys) < 2:
            return None
        lines = shapely.union_all(shapely.boundary(polys))  # noded: shared edges once
        outline = shapely.union_all(polys).boundary
        inner = shapely.line_merge(lines.difference(outline)).simplify(box.tolerance)
    except (shapely.errors.GEOSException, ValueError, TypeError, AttributeError) as exc:
        warnings.warn(f"map: cannot draw region boundaries: {exc}", GeomapWarning)
        return None
    parts = [g for g in getattr(inner, "geoms", [inner]) if g.geom_type == "LineString" and not g.is_empty]
    if not parts:
        return None
    coords = [round_coords(mapping(g)["coordinates"]) for g in parts]
    return {"type": "MultiLineString", "coordinates": [c for c in coords if len(c) >= 2]}, len(polys)
