"""Decode TopoJSON (https://github.com/topojson/topojson-specification) into GeoJSON geometries.

A topology stores each line once, as an "arc" of (optionally quantized and delta-encoded)
positions; geometries list arc indexes (``~i`` is arc ``i`` reversed).  Only what the
registry shapes need: LineString, MultiLineString, Polygon, MultiPolygon, Point(s) and
GeometryCollections of them.
"""
from __future__ import annotations

from collections.abc import Iterator

__all__ = ["decode_arcs", "object_geometries"]

Position = tuple[float, float]


def decode_arcs(topology: dict) -> list[list[Position]]:
    """Every arc as absolute (lon, lat) positions (undoes quantization and delta encoding)."""
    transform = topology.get("transform")
    arcs: list[list[Position]] = []
    if transform:
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        for arc in topology["arcs"]:
            x = y = 0
            points = []
            for p in arc:
                x += p[0]
                y += p[1]
                points.append((x * sx + tx, y * sy + ty))
            arcs.append(points)
    else:
        arcs = [[(float(p[0]), float(p[1])) for p in arc] for arc in topology["arcs"]]
    return arcs


def _line(arcs: list[list[Position]], indexes: list[int]) -> list[Position]:
    out: list[Position] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(points if not out else points[1:])  # arcs share their end points
    return out


def _point(topology: dict, p: list[float]) -> Position:
    transform = topology.get("transform")
    if not transform:
        return float(p[0]), float(p[1])
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    return p[0] * sx + tx, p[1] * sy + ty


def _geometry(topology: dict, arcs: list[list[Position]], geom: dict) -> dict | None:
    kind = geom.get("type")
    if kind == "LineString":
        return {"type": kind, "coordinates": _line(arcs, geom["arcs"])}
    if kind == "MultiLineString":
        return {"type": kind, "coordinates": [_line(arcs, a) for a in geom["arcs"]]}
    if kind == "Polygon":
        return {"type": kind, "coordinates": [_line(arcs, r) for r in geom["arcs"]]}
    if kind == "MultiPolygon":  # empty polygons (seen in the wild) are dropped
        return {"type": kind, "coordinates": [[_line(arcs, r) for r in poly]
                                              for poly in geom["arcs"] if poly]}
    if kind == "Point":
        return {"type": kind, "coordinates": _point(topology, geom["coordinates"])}
    if kind == "MultiPoint":
        return {"type": kind, "coordinates": [_point(topology, p) for p in geom["coordinates"]]}
    return None


def object_geometries(topology: dict, name: str,
                      arcs: list[list[Position]] | None = None) -> Iterator[dict]:
    """The GeoJSON geometries of the object ``name`` (a GeometryCollection is flattened;
    null geometries are skipped).  ``arcs``: :func:`decode_arcs` of the topology, to share
    one decoding between several objects."""
    obj = topology.get("objects", {}).get(name)
    if obj is None:
        return
    arcs = decode_arcs(topology) if arcs is None else arcs
    members = obj.get("geometries", []) if obj.get("type") == "GeometryCollection" else [obj]
    for geom in members:
        out = _geometry(topology, arcs, geom)
        if out is not None:
            yield out
