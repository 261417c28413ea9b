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
        header = {(h or "").strip().lower(): h for h in reader.fieldnames or ()}
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

        for row in reader:
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


def read_geojson(path: Path) -> Iterator[tuple[int, PlaceRecord | str]]:
    try:
        with _open(path) as fh:
            data = json.load(fh)
    except (ValueError, UnicodeDecodeError) as exc:
        yield 0, f"not valid JSON: {exc}"
        return
    if isinstance(data, dict) and data.get("type") == "Feature":
        features = [data]
    elif isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features") or []
    else:
        yield 0, "not a GeoJSON Feature or FeatureCollection"
        return
    for i, feat in enumerate(features, start=1):
        props = (feat or {}).get("properties") or {}
        geometry = (feat or {}).get("geometry")
        name = props.get("name") or props.get("NAME") or props.get("name_en")
        if not name or not isinstance(name, str):
            yield i, "feature has no name property"
            continue
        if not geometry or not isinstance(geometry, dict) or "type" not in geometry:
            yield i, f"feature {name!r} has no geometry"
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
        try:
            population = int(props.get("population") or 0)
        except (TypeError, ValueError):
            population = 0
        aliases = props.get("aliases") or []
        if isinstance(aliases, str):
            aliases = _split_aliases(aliases)
        yield i, PlaceRecord(
            place_id=str(props.get("place_id") or props.get("id") or
                         _user_id("geojson", name, coords[0], coords[1])),
            name=name, kind=kind, lat=coords[0], lon=coords[1],
            country_code=str(cc).upper() if cc else None, population=population,
            source=f"user:{path.name}", bbox=None if is_point else bbox,
            alt_names=[str(a) for a in aliases if a],
            geometry=None if is_point else geometry)
