"""Flat records <-> :class:`~geomap.model.Event`, shared by every reader and writer and the event store.

One converter per schema field (built from :mod:`geomap.schema`) turns what a file holds
(text, numbers, NaN, dates, JSON lists) into the field's type; the other way, events become
JSON-ready dicts and GeoJSON Features.  Also the point encodings (WKB, ``POINT (x y)`` text)
and the small helpers the text readers share.
"""
from __future__ import annotations

import dataclasses
import json
import math
import re
import struct
from pathlib import Path
from typing import Any, Callable, Mapping

from geomap.errors import InputError
from geomap.model import EVENT_FIELDS, Event
from geomap.schema import (DATE_FIELDS, DEFAULTS, FLOAT_FIELDS, INT_FIELDS, LIST_FIELDS, NULLABLE, REQUIRED,
                           TEXT_FIELDS, parse_iso_date)

__all__ = ["event_from_record", "encodable_event", "event_to_feature", "feature_to_event", "event_dict",
           "has_point", "clean_number", "point_wkb", "fmt_coord", "dumps", "open_text", "COORD_DECIMALS"]

#: Decimals kept for coordinates in GeoJSON, CSV ``wkt`` and KML.
COORD_DECIMALS = 7

#: One compact JSON encoder for every line (``json.dumps`` with options builds a new one per call).
dumps = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


# --- record -> Event -----------------------------------------------------------------------------

def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if type(value) is float:
        return value != value  # NaN
    # pandas NA / NaT without importing pandas
    return type(value).__name__ in ("NAType", "NaTType")


def _converter(name: str) -> Callable[[Any], Any]:
    """A function turning one raw value of field ``name`` into its Event type."""
    nullable = name in NULLABLE
    default = None if nullable else DEFAULTS[name]
    if name in DATE_FIELDS:
        def convert(value):
            if type(value) is str:
                return parse_iso_date(value)
            if _is_missing(value):
                return None
            if hasattr(value, "to_pydatetime"):
                value = value.to_pydatetime()
            return parse_iso_date(value, name)
    elif name in INT_FIELDS:
        def convert(value):
            if type(value) is int:
                return value
            if _is_missing(value) or value == "":
                return default
            return _to_int(value, name)
    elif name in FLOAT_FIELDS:
        def convert(value):
            if type(value) is str:
                if not value.strip():
                    return default
            elif _is_missing(value):
                return default
            number = float(value)
            return number if math.isfinite(number) else default
    elif name in LIST_FIELDS:
        def convert(value):
            if type(value) is list:
                return tuple(str(v) for v in value)
            if _is_missing(value):
                return ()
            return _to_list(value, name)
    else:
        def convert(value):
            if type(value) is str:
                return value if value or not nullable else None
            if _is_missing(value):
                return default
            if isinstance(value, (list, tuple, dict, set, bytes)):
                raise ValueError(f"{name} is a {type(value).__name__}, not text")
            return str(value)
    return convert


_CONVERTERS: dict[str, Callable[[Any], Any]] = {name: _converter(name) for name in EVENT_FIELDS}


def event_from_record(record: Mapping[str, Any], *, lonlat: tuple[float, float] | None = None,
                      where: str = "") -> Event:
    """An :class:`Event` from a flat record as read from any format.

    Tolerates what GIS tools do to records: empty strings and NaN for missing values,
    numbers as text (CSV), dates as ``date``/``datetime``/text, ``sources`` as a JSON list
    or a list.  Unknown keys are ignored.  ``lonlat`` is the feature geometry; it wins over
    ``lat``/``lon`` properties that disagree with it by more than 1e-6 degrees (someone
    moved the point).
    """
    data: dict[str, Any] = {}
    converters = _CONVERTERS
    try:
        for name, value in record.items():
            convert = converters.get(name)
            if convert is not None:
                data[name] = convert(value)
        if lonlat is not None:
            lon, lat = float(lonlat[0]), float(lonlat[1])
            old_lat, old_lon = data.get("lat"), data.get("lon")
            if not (math.isfinite(lon) and math.isfinite(lat)):
                pass  # a geometry without finite coordinates says nothing
            elif old_lat is None or old_lon is None or abs(old_lat - lat) > 1e-6 or abs(old_lon - lon) > 1e-6:
                data["lat"], data["lon"] = float(lat), float(lon)
        for required in REQUIRED:
            if required not in data:
                data[required] = ""
        _check_range(data.get("lat"), "lat", 90.0)
        _check_range(data.get("lon"), "lon", 180.0)
        return Event(**data)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputError(f"{where or 'event record'}: bad event field value: {exc}") from None


def _check_range(value: float | None, name: str, limit: float) -> None:
    if value is not None and not -limit <= value <= limit:
        raise ValueError(f"{name} {value!r} is out of range [-{limit:g}, {limit:g}]")


def _to_int(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{name} {value!r} is not an integer")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{name} {value!r} is not an integer")
        return int(value)
    text = str(value).strip()
    try:
        return int(text)
    except ValueError:
        f = float(text)
        if not f.is_integer():
            raise ValueError(f"{name} {text!r} is not an integer") from None
        return int(f)


def _to_list(value: Any, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return ()
        if text.startswith("["):
            items = json.loads(text)
            if not isinstance(items, list):
                raise ValueError(f"{name} {text!r} is not a list")
            return tuple(str(i) for i in items)
        return tuple(s.strip() for s in text.split(";") if s.strip())
    if hasattr(value, "tolist"):
        value = value.tolist()
    return tuple(str(i) for i in value)


# --- Event -> record -----------------------------------------------------------------------------

def clean_number(value: float | None) -> float | None:
    """``value``, or None if it is not a finite number."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


def has_point(event: Event) -> bool:
    """True if the event has finite coordinates."""
    return (event.lat is not None and event.lon is not None
            and math.isfinite(event.lat) and math.isfinite(event.lon))


def event_dict(event: Event) -> dict[str, Any]:
    """``event.to_dict()`` with non-finite floats turned into None (JSON has no NaN)."""
    record = event.to_dict()
    for name in FLOAT_FIELDS:
        if name in record:
            record[name] = clean_number(record[name])
    return record


_SURROGATES = re.compile("[\ud800-\udfff]")


def encodable_event(event: Event) -> Event:
    """``event`` with lone surrogates (undecodable bytes from a bad input) replaced by U+FFFD.

    No file format can store them (UTF-8 cannot encode them); everything else is kept.
    """
    changes: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        value = getattr(event, name)
        if value and not value.isascii() and _SURROGATES.search(value):
            changes[name] = _SURROGATES.sub("\ufffd", value)
    for name in LIST_FIELDS:
        values = getattr(event, name)
        if values and any(not v.isascii() and _SURROGATES.search(v) for v in values):
            changes[name] = tuple(_SURROGATES.sub("\ufffd", v) for v in values)
    return dataclasses.replace(event, **changes) if changes else event


def event_to_feature(event: Event) -> dict[str, Any]:
    """One RFC 7946 Feature: ``[lon, lat]`` rounded to 7 decimals, or a null geometry."""
    geometry = None
    if has_point(event):
        geometry = {"type": "Point",
                    "coordinates": [round(event.lon, COORD_DECIMALS), round(event.lat, COORD_DECIMALS)]}
    return {"type": "Feature", "geometry": geometry, "properties": event_dict(event)}


def feature_to_event(feature: Mapping[str, Any], *, where: str = "") -> Event:
    """Inverse of :func:`event_to_feature` (properties are the event record)."""
    if not isinstance(feature, Mapping) or feature.get("type") != "Feature":
        raise InputError(f"{where or 'GeoJSON'}: expected a GeoJSON Feature object")
    properties = feature.get("properties") or {}
    if not isinstance(properties, Mapping):
        raise InputError(f"{where or 'GeoJSON'}: Feature properties must be an object")
    lonlat = None
    geometry = feature.get("geometry")
    if isinstance(geometry, Mapping) and geometry.get("type") == "Point":
        coords = geometry.get("coordinates") or []
        if len(coords) >= 2 and all(isinstance(c, (int, float)) for c in coords[:2]):
            lonlat = (float(coords[0]), float(coords[1]))
    record = dict(properties)
    if not record.get("event_id") and feature.get("id") is not None:
        record["event_id"] = str(feature["id"])
    return event_from_record(record, lonlat=lonlat, where=where)


# --- points and text files -----------------------------------------------------------------------

def point_wkb(lon: float, lat: float) -> bytes:
    """A little-endian WKB POINT (21 bytes)."""
    return struct.pack("<BIdd", 1, 1, lon, lat)


def fmt_coord(value: float) -> str:
    """A coordinate as text with at most 7 decimals and no trailing zeros (``"30.5"``, ``"31.0"``)."""
    text = f"{round(value, COORD_DECIMALS):.{COORD_DECIMALS}f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def open_text(path: Path):
    """``path`` opened for reading as UTF-8 (BOM skipped, newlines kept); InputError if it cannot be."""
    try:
        return open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
