"""Reader for a Natural Earth directory (10m layers as .geojson[.gz], .shp or .zip).

Recognised layers (by file name): admin-1 states/provinces, admin-0 countries, rivers and
lake centre lines (world + Europe), marine polygons (seas, gulfs, straits...), geography
region polygons and points, lakes.  Each yields ``NEFeature`` groups (river segments are
grouped by NE's ``rivernum``) with simplified geometry; the importer attaches them to
existing places (admin-1 by GeoNames id / admin code, countries by ISO code, physical
features by name within their area) or inserts new places.

Point of view: country membership is never taken from Natural Earth.  Admin-1 polygons are
attached to our GeoNames-based admin-1 records, which follow Ukraine's internationally
recognised borders (Crimea and Sevastopol stay in UA even though NE's admin-1 layer tags
them RUS), and the German-view admin-0 layer shipped in ../shared draws Crimea in Ukraine.
"""
from __future__ import annotations

import gzip
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# layer key -> (file name fragment, kind, simplify tolerance in degrees)
LAYERS = {
    "admin1": ("admin_1_states_provinces", "admin1", 0.01),
    "admin0": ("admin_0_countries", "country", 0.02),
    "rivers": ("rivers_lake_centerlines", "river", 0.01),
    "rivers_europe": ("rivers_europe", "river", 0.01),
    "marine": ("geography_marine_polys", "sea", 0.02),
    "regions": ("geography_regions_polys", "region", 0.02),
    "region_points": ("geography_regions_points", "region", 0.0),
    "lakes": ("lakes", "lake", 0.005),
}
_MARINE_CODES = {"sea": "SEA", "gulf": "GULF", "bay": "BAY", "strait": "STRT", "sound": "SD",
                 "channel": "CHN", "lagoon": "LGN", "fjord": "FJD", "ocean": "OCN",
                 "river": "STM", "reef": "RF", "generic": "SEA"}
_REGION_CODES = {"island": "ISL", "island group": "ISLS", "range/mtn": "MTS", "plateau": "PLAT",
                 "desert": "DSRT", "pen/cape": "PEN", "peninsula": "PEN", "geoarea": "RGN",
                 "coast": "CST", "plain": "PLN", "delta": "DLTA", "basin": "BSN",
                 "cape": "CAPE", "waterfall": "FLLS", "pole": "PT"}


@dataclass
class NEFeature:
    layer: str
    kind: str
    names: list[str]
    geometry: dict | None
    lat: float
    lon: float
    bbox: tuple[float, float, float, float] | None
    feature_code: str | None = None
    gn_id: str | None = None
    admin1_code: str | None = None
    iso_a2: str | None = None
    props: dict = field(default_factory=dict)


def find_layers(directory: Path) -> dict[str, Path]:
    """Layer key -> file for the recognised files in ``directory``."""
    found: dict[str, Path] = {}
    for path in sorted(directory.iterdir()):
        low = path.name.lower()
        if not low.endswith((".geojson", ".geojson.gz", ".json", ".shp", ".zip")):
            continue
        for key, (fragment, _kind, _tol) in LAYERS.items():
            if fragment in low and key not in found:
                if key == "rivers" and "europe" in low:
                    continue
                found[key] = path
    return found


def _read_features(path: Path) -> list[tuple[dict, dict | None]]:
    """(properties, GeoJSON geometry) pairs from a GeoJSON(.gz) or a shapefile/zip."""
    low = path.name.lower()
    if low.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        return [(f.get("properties") or {}, f.get("geometry")) for f in data["features"]]
    if low.endswith((".geojson", ".json")):
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        return [(f.get("properties") or {}, f.get("geometry")) for f in data["features"]]
    import pyogrio.raw
    import shapely

    meta, _fids, geoms, fields = pyogrio.raw.read(path)
    names = list(meta["fields"])
    out = []
    for i, wkb in enumerate(geoms):
        props = {n: fields[j][i] for j, n in enumerate(names)}
        geom = json.loads(shapely.to_geojson(shapely.from_wkb(wkb))) if wkb is not None else None
        out.append((props, geom))
    return out


def _clean_name(name) -> str | None:
    if not isinstance(name, str):
        return None
    name = name.strip()
    if not name:
        return None
    if name.isupper():
        name = name.title()
    return name.replace(" Pen.", " Peninsula").replace(" Mts.", " Mountains")


def _simplify(geoms: list, tolerance: float) -> tuple[dict, tuple, float, float]:
    """Merge and simplify GeoJSON (or shapely) geometries; returns (geometry, bbox, lat,
    lon)."""
    import shapely
    from shapely.geometry import mapping, shape

    shapes = [g if hasattr(g, "geom_type") else shape(g) for g in geoms]  # dicts or shapely
    merged = shapes[0] if len(shapes) == 1 else shapely.union_all(shapes) \
        if shapes[0].geom_type.endswith("Polygon") else shapely.multilinestrings(
            [p for s in shapes for p in getattr(s, "geoms", [s])])
    if merged.is_empty:
        raise ValueError("empty geometry")
    original = merged
    if tolerance:
        merged = merged.simplify(tolerance, preserve_topology=True)
    merged = shapely.set_precision(merged, 1e-4)
    if merged.is_empty:  # a feature smaller than the tolerance: keep it as it was
        merged = original
    if merged.geom_type in ("LineString", "MultiLineString"):
        parts = list(getattr(merged, "geoms", [merged]))
        point = max(parts, key=lambda g: g.length).interpolate(0.5, normalized=True)
    else:
        point = merged.representative_point()
    return mapping(merged), merged.bounds, point.y, point.x


def read_layer(key: str, path: Path) -> Iterator[NEFeature]:
    """The features of the layer ``key`` read from ``path``."""
    return layer_features(key, _read_features(path))


def layer_features(key: str, rows: list[tuple[dict, object]]) -> Iterator[NEFeature]:
    """The features of the layer ``key`` from its ``(properties, geometry)`` rows, the
    geometry GeoJSON or shapely (a file's, or a registry package's: ``registry_shapes.py``)."""
    _fragment, kind, tol = LAYERS[key]
    if key in ("rivers", "rivers_europe"):
        groups: dict[str, list[tuple[dict, dict]]] = defaultdict(list)
        for props, geom in rows:
            name = _clean_name(props.get("name"))
            if not name or not geom:
                continue
            num = props.get("rivernum")
            groups[f"{num}" if num else f"name:{name}"].append((props, geom))
        for gkey, members in groups.items():
            names: list[str] = []
            for props, _g in members:
                for n in (props.get("name"), props.get("name_en"), props.get("name_alt")):
                    n = _clean_name(n)
                    if n and n not in names:
                        names.append(n)
            geometry, bbox, lat, lon = _simplify([g for _p, g in members], tol)
            yield NEFeature(key, kind, names, geometry, lat, lon, bbox, "STM",
                            props={"group": gkey})
        return
    for props, geom in rows:
        if not geom:
            continue
        if key == "admin0":
            names = [_clean_name(props.get(k)) for k in ("NAME", "NAME_LONG", "ADMIN")]
            iso = props.get("ISO_A2_EH") or props.get("ISO_A2")
            iso = iso if isinstance(iso, str) and len(iso) == 2 else None
            geometry, bbox, lat, lon = _simplify([geom], tol)
            yield NEFeature(key, kind, [n for n in names if n], geometry, lat, lon, bbox,
                            "PCLI", iso_a2=iso)
            continue
        if key == "admin1":
            names = [_clean_name(props.get(k)) for k in ("name", "name_en", "gn_name")]
            alt = props.get("name_alt")
            names += [_clean_name(a) for a in alt.split("|")] if isinstance(alt, str) else []
            iso = props.get("iso_3166_2")
            gn_id = props.get("gn_id")
            gn_id = str(int(gn_id)) if isinstance(gn_id, (int, float)) and gn_id > 0 else None
            code = props.get("gn_a1_code")
            geometry, bbox, lat, lon = _simplify([geom], tol)
            yield NEFeature(key, kind, [n for n in names if n], geometry, lat, lon, bbox,
                            "ADM1", gn_id=gn_id,
                            admin1_code=code if isinstance(code, str) and "." in code else None,
                            iso_a2=props.get("iso_a2"),
                            props={"iso_3166_2": iso} if isinstance(iso, str) else {})
            continue
        names = []
        for k in ("name", "name_en", "name_alt", "namealt"):
            n = _clean_name(props.get(k))
            if n and n not in names:
                names.append(n)
        if not names:
            continue
        cla = str(props.get("featurecla") or "").lower()
        fcode = _MARINE_CODES.get(cla) if key == "marine" else \
            _REGION_CODES.get(cla) if key.startswith("region") else "LK"
        feature_kind = kind
        if key.startswith("region") and cla in ("island", "cape", "waterfall", "pole"):
            feature_kind = "other"
        if key == "region_points":
            lat, lon = geom["coordinates"][1], geom["coordinates"][0]
            yield NEFeature(key, feature_kind, names, None, lat, lon, None, fcode)
            continue
        geometry, bbox, lat, lon = _simplify([geom], tol)
        yield NEFeature(key, feature_kind, names, geometry, lat, lon, bbox, fcode)
