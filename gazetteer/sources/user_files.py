"""Readers for a user's own places: CSV and GeoJSON.

CSV: a header row with ``name``, ``lat`` and ``lon`` (``latitude``/``longitude``/``lng``
also accepted) and optional ``aliases`` (separated by ``|`` or ``;``), ``kind``,
``country`` (``country_code``), ``id`` (``place_id``), ``population``, ``admin1``.
GeoJSON: a FeatureCollection (or one Feature); every feature needs a ``name`` property and
a geometry; lines and polygons keep their geometry and get a representative point.
Both yield ``(line_or_feature_number, PlaceRecord | error message)``.
"""
from __future__ import annotations

import csv
import gzip
import json
import math
from collections.abc import Iterator
from pathlib import Path

from gazetteer.normalize import fold
from gazetteer.records import KINDS, PlaceRecord

_LAT = ("lat", "latitude", "y")
_LON = ("lon", "lng", "long", "longitude", "x")


def _open(path: Path, newline: str | None = None):
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rt", encoding="utf-8-sig", newline=newline)
    return open(path, encoding="utf-8-sig", newline=newline)


def _split_aliases(text: str | None) -> list[str]:
    if not text:
        return []
    sep = "|" if "|" in text else ";"
    return [a.strip() for a in text.split(sep) if a.strip()]


def _coords(lat, lon) -> tuple[float, float] | str:
    try:
        la, lo = float(lat), float(lon)
    except (TypeError, ValueError):
        return f"latitude/longitude {lat!r}, {lon!r} are not numbers"
    if not (math.isfinite(la) and math.isfinite(lo) and -90 <= la <= 90 and -180 <= lo <= 180):
        return f"coordinates out of range: {la}, {lo}"
    return la, lo


def _user_id(prefix: str, name: str, lat: float, lon: float) -> str:
    return f"user:{prefix}:{fold(name).replace(' ', '-')}:{lat:.4f},{lon:.4f}"


def read_csv(path: Path) -> Iterator[tuple[int, PlaceRecord | str]]:
    with _open(path, newline="") as fh:
        reader = csv.DictReader(fh)
        try:
            fieldnames = reader.fieldnames or ()
        except csv.Error as exc:
            yield 1, f"CSV header unreadable: {exc}"
            return
        header = {(h or "").strip().lower(): h for h in fieldnames}
        lat_col = next((header[c] for c in _LAT if c in header), None)
        lon_col = next((header[c] for c in _LON if c in header), None)
        if "name" not in header or lat_col is None or lon_col is None:
            yield 1, "CSV header needs name, lat and lon columns"
            return

        def col(row, *names):
            for n in names:
                if n in header:
                    value = row.get(header[n])
                    if value not in (None, ""):
                        return value.strip()
            return None

        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:  # e.g. a field over the csv module's size limit: skip the row
                yield reader.line_num, f"unreadable CSV row: {exc}"
                continue
            lineno = reader.line_num
            name = col(row, "name")
            if not name:
                yield lineno, "empty name"
                continue
            coords = _coords(row.get(lat_col), row.get(lon_col))
            if isinstance(coords, str):
                yield lineno, coords
                continue
            lat, lon = coords
            kind = (col(row, "kind") or "other").lower()
            if kind not in KINDS:
                yield lineno, f"unknown kind {kind!r} (one of {', '.join(KINDS)})"
                continue
            pop_text = col(row, "population") or "0"
            try:
                population = int(float(pop_text))
            except ValueError:
                yield lineno, f"population {pop_text!r} is not a number"
                continue
            cc = col(row, "country", "country_code", "cc")
            yield lineno, PlaceRecord(
                place_id=col(row, "id", "place_id") or _user_id("csv", name, lat, lon),
                name=name, kind=kind, lat=lat, lon=lon,
                country_code=cc.upper() if cc else None, admin1=col(row, "admin1"),
                population=population, source=f"user:{path.name}",
                alt_names=_split_aliases(col(row, "aliases", "alias", "alternate_names")))


def representative(geometry: dict) -> tuple[float, float, tuple[float, float, float, float]]:
    """(lat, lon, bbox) of a GeoJSON geometry: a point on it (shapely)."""
    from shapely.geometry import shape

    geom = shape(geometry)
    if geom.is_empty:
        raise ValueError("empty geometry")
    if geom.geom_type in ("LineString", "MultiLineString"):
        parts = list(getattr(geom, "geoms", [geom]))
        longest = max(parts, key=lambda g: g.length)
        point = longest.interpolate(0.5, normalized=True)
    else:
        point = geom.representative_point()
    west, south, east, north = geom.bounds
    return point.y, point.x, (west, south, east, north)


_GEOM_KIND = {"LineString": "other", "MultiLineString": "other", "Polygon": "region",
              "MultiPolygon": "region", "Point": "other", "MultiPoint": "other"}


#: Nesting a GeoJSON geometry can need (GeometryCollections of MultiPolygons, a few deep).
_MAX_GEOMETRY_DEPTH = 12


def _bad_coordinates(geometry: dict) -> str | None:
    """Why a geometry's positions are unusable (NaN, Infinity, out of range, not numbers, nested
    too deeply), or None.  Walks them without recursion, before shapely sees them (shapely
    turns NaN and Infinity into a point at 0, 0)."""
    stack: list[tuple[object, int]] = [(geometry, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > _MAX_GEOMETRY_DEPTH:
            return "geometry nested too deeply"
        if isinstance(node, dict):
            if node.get("type") == "GeometryCollection":
                parts = node.get("geometries")
                if not isinstance(parts, list):
                    return "GeometryCollection has no 'geometries' list"
                stack.extend((g, depth + 1) for g in parts)
            elif not isinstance(node.get("coordinates"), list):
                return "geometry has no 'coordinates' list"
            else:
                stack.append((node["coordinates"], depth + 1))
        elif isinstance(node, list):
            if node and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in node):
                if len(node) < 2:
                    return f"position {node!r} has fewer than 2 numbers"
                lon, lat = float(node[0]), float(node[1])
                if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
                    return f"coordinates out of range or not finite: {node[0]}, {node[1]}"
            else:
                stack.extend((v, depth + 1) for v in node)
        else:
            return f"coordinates hold a {type(node).__name__}, not numbers"
    return None


def read_geojson(path: Path) -> Iterator[tuple[int, PlaceRecord | str]]:
    try:
        with _open(path) as fh:
            data = json.load(fh)
    except (ValueError, UnicodeDecodeError) as exc:
        yield 0, f"not valid JSON: {exc}"
        return
    except RecursionError:
        yield 0, "not valid JSON: nested too deeply"
        return
    if isinstance(data, dict) and data.get("type") == "Feature":
        features = [data]
    elif isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features")
        if features is None:
            features = []
        if not isinstance(features, list):
            yield 0, f"'features' is a {type(features).__name__}, not a list"
            return
    else:
        yield 0, "not a GeoJSON Feature or FeatureCollection"
        return
    for i, feat in enumerate(features, start=1):
        if not isinstance(feat, dict):
            yield i, f"feature {i} is a {type(feat).__name__}, not an object"
            continue
        props = feat.get("properties") or {}
        if not isinstance(props, dict):
            yield i, f"feature {i}: properties is a {type(props).__name__}, not an object"
            continue
        geometry = feat.get("geometry")
        name = props.get("name") or props.get("NAME") or props.get("name_en")
        if not name or not isinstance(name, str):
            yield i, f"feature {i} has no name property (a string)"
            continue
        if not geometry or not isinstance(geometry, dict) or "type" not in geometry:
            yield i, f"feature {i} ({name!r}) has no geometry"
            continue
        bad = _bad_coordinates(geometry)
        if bad:
            yield i, f"feature {i} ({name!r}): {bad}"
            continue
        try:
            lat, lon, bbox = representative(geometry)
        except Exception as exc:  # shapely raises several types on malformed input
            yield i, f"feature {name!r}: bad geometry ({exc})"
            continue
        coords = _coords(lat, lon)
        if isinstance(coords, str):
            yield i, f"feature {name!r}: {coords}"
            continue
        kind = str(props.get("kind") or _GEOM_KIND.get(geometry["type"], "other")).lower()
        if kind not in KINDS:
            yield i, f"feature {name!r}: unknown kind {kind!r}"
            continue
        is_point = geometry["type"] == "Point"
        cc = props.get("country_code") or props.get("country")
        if cc is not None and not isinstance(cc, str):
            yield i, f"feature {i} ({name!r}): country is a {type(cc).__name__}, not text"
            continue
        try:
            population = int(props.get("population") or 0)
        except (TypeError, ValueError, OverflowError):
            population = 0
        aliases = props.get("aliases") or []
        if isinstance(aliases, str):
            aliases = _split_aliases(aliases)
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            yield i, f"feature {i} ({name!r}): aliases must be text or a list of text"
            continue
        place_id = props.get("place_id") or props.get("id")
        if place_id is not None and not isinstance(place_id, (str, int)):
            yield i, f"feature {i} ({name!r}): id is a {type(place_id).__name__}, not text"
            continue
        yield i, PlaceRecord(
            place_id=str(place_id or _user_id("geojson", name, coords[0], coords[1])),
            name=name, kind=kind, lat=coords[0], lon=coords[1],
            country_code=str(cc).upper() if cc else None, population=population,
            source=f"user:{path.name}", bbox=None if is_point else bbox,
            alt_names=[str(a) for a in aliases if a],
            geometry=None if is_point else geometry)
