"""Read and write event files; the format is picked from the file suffix through a dict.

=================  =====================================================================
suffix             format
=================  =====================================================================
.jsonl .ndjson     one ``Event.to_dict()`` JSON object per line (streamed both ways)
.json              read only: a JSON list of event objects or a GeoJSON FeatureCollection
.geojson           RFC 7946 FeatureCollection (streamed): ``[lon, lat]``, no ``crs``
                   member, coordinates rounded to 7 decimals, properties = the event
                   schema with ISO 8601 date strings
.geojsonl          GeoJSON text sequence, one Feature per line (newline-delimited)
.geojsons          RFC 8142 GeoJSON text sequence (each Feature prefixed by RS, 0x1E)
.gpkg              GeoPackage layer ``events`` (written by GDAL through pyogrio) with real
                   DATE fields ``event_date``/``published`` for QGIS's temporal controller;
                   an event store (:mod:`geomap.io.store`) is also a ``.gpkg`` and reads here;
                   NUL characters are dropped from text (GDAL strings are C strings)
.csv               the event schema plus a ``wkt`` column (``POINT (lon lat)``); ``lat``/
                   ``lon`` are schema columns; ``sources`` as a JSON list (streamed); text
                   cells starting with = + - @ get a leading ``'`` (no spreadsheet formulas)
.parquet           GeoParquet 1.1 (WKB ``geometry``, CRS OGC:CRS84), typed columns
.kml / .kmz        KML 2.2 Placemarks with ``<TimeStamp><when>`` = event date, all schema
                   fields as typed ``ExtendedData``; ``.kmz`` is the zipped ``doc.kml``.
                   ``<description>`` (HTML in Google Earth) holds the HTML-escaped evidence
=================  =====================================================================

Events without coordinates are kept in every format: ``"geometry": null`` in GeoJSON
(valid per RFC 7946 section 3.2), a NULL geometry in GeoPackage/GeoParquet, empty
``lat``/``lon``/``wkt`` cells in CSV, a Placemark without a Point in KML.  Filter them
out first (``--bbox``) if a tool cannot take them.

Every write goes through :func:`geomap.atomic.atomic_path`: a failed export leaves an
existing file untouched and no partial file behind.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import html
import io
import json
import math
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence
from xml.sax.saxutils import escape as _xml_escape

from geomap.atomic import atomic_open, atomic_path
from geomap.errors import ExportError, GeomapError, InputError
from geomap.model import EVENT_FIELDS, Event

__all__ = ["read_events", "write_events", "FORMATS", "Format", "format_for", "event_to_feature",
           "feature_to_event", "event_from_record", "encodable_event", "COLUMNS", "LAYER_NAME"]

PathLike = str | os.PathLike[str]

#: Layer name used in GeoPackage exports and in the event store.
LAYER_NAME = "events"

#: Column order for tabular formats (DESIGN.md section 4 order); unknown new model fields follow.
_ORDERED = (
    "event_id", "group_id", "article_id", "source", "url", "title", "published",
    "event_date", "date_precision", "date_text", "event_type", "trigger",
    "location_text", "location_start", "location_end", "place_id", "place_name", "kind",
    "country_code", "admin1", "lat", "lon", "geo_precision", "evidence", "confidence",
    "location_reason", "sources",
)
COLUMNS: tuple[str, ...] = tuple(f for f in _ORDERED if f in EVENT_FIELDS) + tuple(
    f for f in EVENT_FIELDS if f not in _ORDERED)

#: Column kinds: date, int, float, list; everything else is text.
_DATE_FIELDS = frozenset({"published", "event_date"})
_INT_FIELDS = frozenset({"location_start", "location_end", "geo_precision"})
_FLOAT_FIELDS = frozenset({"lat", "lon", "confidence"})
_LIST_FIELDS = frozenset({"sources"})
#: Fields where ``None`` means "unknown" (kept as None); other fields fall back to defaults.
_NULLABLE = frozenset({"published", "event_date", "location_start", "location_end", "place_id",
                       "country_code", "admin1", "lat", "lon"})
_DEFAULTS: dict[str, Any] = {
    f.name: (f.default if f.default is not dataclasses.MISSING else
             f.default_factory() if f.default_factory is not dataclasses.MISSING else "")  # type: ignore[misc]
    for f in dataclasses.fields(Event)
}

_COORD_DECIMALS = 7


# --- record <-> Event ----------------------------------------------------------------------------

def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if type(value) is float:
        return value != value  # NaN
    # pandas NA / NaT without importing pandas
    return type(value).__name__ in ("NAType", "NaTType")


def _converter(name: str) -> Callable[[Any], Any]:
    """A function turning one raw value of field ``name`` into its Event type."""
    nullable = name in _NULLABLE
    default = None if nullable else _DEFAULTS[name]
    if name in _DATE_FIELDS:
        def convert(value):
            if type(value) is str:
                return dt.date.fromisoformat(value[:10]) if value else None
            if _is_missing(value):
                return None
            if hasattr(value, "to_pydatetime"):
                value = value.to_pydatetime()
            return _parse_date(value, name)
    elif name in _INT_FIELDS:
        def convert(value):
            if type(value) is int:
                return value
            if _is_missing(value) or value == "":
                return default
            return _to_int(value, name)
    elif name in _FLOAT_FIELDS:
        def convert(value):
            if type(value) is str:
                if not value.strip():
                    return default
            elif _is_missing(value):
                return default
            number = float(value)
            return number if math.isfinite(number) else default
    elif name in _LIST_FIELDS:
        def convert(value):
            if type(value) is list:
                return tuple(str(v) for v in value)
            if _is_missing(value):
                return ()
            return _to_list(value)
    else:
        def convert(value):
            if type(value) is str:
                return value if value or not nullable else None
            if _is_missing(value):
                return default
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
            lon, lat = lonlat
            old_lat, old_lon = data.get("lat"), data.get("lon")
            if old_lat is None or old_lon is None or abs(old_lat - lat) > 1e-6 or abs(old_lon - lon) > 1e-6:
                data["lat"], data["lon"] = float(lat), float(lon)
        for required in ("event_id", "article_id", "evidence"):
            if required not in data:
                data[required] = ""
        return Event(**data)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{where or 'event record'}: bad event field value: {exc}") from None


def _parse_date(value: Any, name: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"{name} {text!r} is not an ISO date") from None


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


def _to_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return ()
        if text.startswith("["):
            items = json.loads(text)
            if not isinstance(items, list):
                raise ValueError(f"sources {text!r} is not a list")
            return tuple(str(i) for i in items)
        return tuple(s.strip() for s in text.split(";") if s.strip())
    if hasattr(value, "tolist"):
        value = value.tolist()
    return tuple(str(i) for i in value)


def _clean_number(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


def _has_point(event: Event) -> bool:
    return (event.lat is not None and event.lon is not None
            and math.isfinite(event.lat) and math.isfinite(event.lon))


def _event_dict(event: Event) -> dict[str, Any]:
    """``event.to_dict()`` with non-finite floats turned into None (JSON has no NaN)."""
    record = event.to_dict()
    for name in _FLOAT_FIELDS:
        if name in record:
            record[name] = _clean_number(record[name])
    return record


_SURROGATES = re.compile("[\ud800-\udfff]")
_STR_FIELDS = tuple(f.name for f in dataclasses.fields(Event)
                    if f.name not in _DATE_FIELDS | _INT_FIELDS | _FLOAT_FIELDS | _LIST_FIELDS)


def encodable_event(event: Event) -> Event:
    """``event`` with lone surrogates (undecodable bytes from a bad input) replaced by U+FFFD.

    No file format can store them (UTF-8 cannot encode them); everything else is kept.
    """
    changes: dict[str, Any] = {}
    for name in _STR_FIELDS:
        value = getattr(event, name)
        if value and not value.isascii() and _SURROGATES.search(value):
            changes[name] = _SURROGATES.sub("\ufffd", value)
    if event.sources and any(not v.isascii() and _SURROGATES.search(v) for v in event.sources):
        changes["sources"] = tuple(_SURROGATES.sub("\ufffd", v) for v in event.sources)
    return dataclasses.replace(event, **changes) if changes else event


def event_to_feature(event: Event) -> dict[str, Any]:
    """One RFC 7946 Feature: ``[lon, lat]`` rounded to 7 decimals, or a null geometry."""
    geometry = None
    if _has_point(event):
        geometry = {"type": "Point",
                    "coordinates": [round(event.lon, _COORD_DECIMALS), round(event.lat, _COORD_DECIMALS)]}
    return {"type": "Feature", "geometry": geometry, "properties": _event_dict(event)}


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


# --- text formats ----------------------------------------------------------------------------

#: One encoder for every line (``json.dumps`` with options builds a new one per call).
_dumps = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


def _write_jsonl(events: Iterable[Event], path: Path) -> int:
    n = 0
    with atomic_open(path, "w") as fh:
        for event in events:
            fh.write(_dumps(_event_dict(event)))
            fh.write("\n")
            n += 1
    return n


def _write_geojson(events: Iterable[Event], path: Path) -> int:
    n = 0
    with atomic_open(path, "w") as fh:
        fh.write('{"type":"FeatureCollection","features":[')
        for event in events:
            fh.write(",\n" if n else "\n")
            fh.write(_dumps(event_to_feature(event)))
            n += 1
        fh.write("\n]}\n")
    return n


def _geojson_seq_writer(record_separator: bool) -> Callable[[Iterable[Event], Path], int]:
    prefix = "\x1e" if record_separator else ""

    def write(events: Iterable[Event], path: Path) -> int:
        n = 0
        with atomic_open(path, "w") as fh:
            for event in events:
                fh.write(prefix + _dumps(event_to_feature(event)) + "\n")
                n += 1
        return n

    return write


def _open_text(path: Path):
    try:
        return open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def _json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    with _open_text(path) as fh:
        try:
            for lineno, line in enumerate(fh, 1):
                line = line.strip().lstrip("\x1e").strip()
                if not line:
                    continue
                try:
                    yield lineno, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{lineno}: invalid JSON: {exc.msg}") from None
                except RecursionError:
                    raise InputError(f"{path}:{lineno}: invalid JSON: nested too deeply") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from None


def _read_jsonl(path: Path) -> Iterator[Event]:
    for lineno, obj in _json_lines(path):
        where = f"{path}:{lineno}"
        if isinstance(obj, Mapping) and obj.get("type") == "Feature":
            yield feature_to_event(obj, where=where)
        elif isinstance(obj, Mapping):
            yield event_from_record(obj, where=where)
        else:
            raise InputError(f"{where}: expected a JSON object per line")


def _read_geojson_seq(path: Path) -> Iterator[Event]:
    for lineno, obj in _json_lines(path):
        yield feature_to_event(obj, where=f"{path}:{lineno}")


def _load_json(path: Path) -> Any:
    with _open_text(path) as fh:
        try:
            return json.load(fh)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
        except RecursionError:
            raise InputError(f"{path}: invalid JSON: nested too deeply") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from None


def _read_geojson(path: Path) -> Iterator[Event]:
    data = _load_json(path)
    yield from _events_from_json_value(data, path)


def _events_from_json_value(data: Any, path: Path) -> Iterator[Event]:
    if isinstance(data, Mapping) and data.get("type") == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise InputError(f"{path}: FeatureCollection has no 'features' list")
        for i, feature in enumerate(features):
            yield feature_to_event(feature, where=f"{path}: feature {i}")
    elif isinstance(data, Mapping) and data.get("type") == "Feature":
        yield feature_to_event(data, where=str(path))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            if isinstance(item, Mapping) and item.get("type") == "Feature":
                yield feature_to_event(item, where=f"{path}: item {i}")
            elif isinstance(item, Mapping):
                yield event_from_record(item, where=f"{path}: item {i}")
            else:
                raise InputError(f"{path}: item {i} is not an event object")
    else:
        raise InputError(f"{path}: expected a GeoJSON FeatureCollection or a list of events")


def _read_json(path: Path) -> Iterator[Event]:
    yield from _events_from_json_value(_load_json(path), path)


# --- CSV -------------------------------------------------------------------------------------

CSV_COLUMNS: tuple[str, ...] = COLUMNS + ("wkt",)


#: Spreadsheets run cells starting with these as formulas ("CSV injection"); article text is
#: untrusted, so such text cells get a leading apostrophe, removed again by our reader.
_FORMULA_RE = re.compile(r"^'*[=+\-@\t\r]")
_TEXT_FIELDS = frozenset(EVENT_FIELDS) - _DATE_FIELDS - _INT_FIELDS - _FLOAT_FIELDS - _LIST_FIELDS


def _csv_value(name: str, value: Any) -> Any:
    if value is None:
        return ""
    if name in _LIST_FIELDS:
        return _dumps(list(value))
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    if isinstance(value, str) and _FORMULA_RE.match(value):
        return "'" + value
    return value


def _csv_unescape(row: dict[str, Any]) -> dict[str, Any]:
    for name in _TEXT_FIELDS:
        value = row.get(name)
        if value and value[0] == "'" and _FORMULA_RE.match(value[1:]):
            row[name] = value[1:]
    return row


def _write_csv(events: Iterable[Event], path: Path) -> int:
    n = 0
    with atomic_open(path, "w") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for event in events:
            record = _event_dict(event)
            row = [_csv_value(name, record.get(name)) for name in COLUMNS]
            row.append(f"POINT ({_fmt_coord(event.lon)} {_fmt_coord(event.lat)})" if _has_point(event) else "")
            writer.writerow(row)
            n += 1
    return n


def _fmt_coord(value: float) -> str:
    text = f"{round(value, _COORD_DECIMALS):.{_COORD_DECIMALS}f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _read_csv(path: Path) -> Iterator[Event]:
    with _open_text(path) as fh:
        try:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"event_id", "article_id"} & set(reader.fieldnames):
                raise InputError(f"{path}: not a geomap events CSV (no event_id/article_id header)")
            for row in reader:
                yield event_from_record(_csv_unescape(row), lonlat=_wkt_point(row.get("wkt") or row.get("WKT")),
                                        where=f"{path}:{reader.line_num}")
        except csv.Error as exc:
            raise InputError(f"{path}: malformed CSV: {exc}") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from None


_WKT_POINT = re.compile(r"^\s*POINT\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)\s*$", re.IGNORECASE)


def _wkt_point(text: str | None) -> tuple[float, float] | None:
    if not text:
        return None
    m = _WKT_POINT.match(text)
    return (float(m.group(1)), float(m.group(2))) if m else None


# --- Arrow-based formats: GeoPackage (GDAL) and GeoParquet ----------------------------------

def _arrow_schema(*, sources_as_list: bool):
    import pyarrow as pa

    fields = []
    for name in COLUMNS:
        if name in _DATE_FIELDS:
            typ = pa.date32()
        elif name in _INT_FIELDS:
            typ = pa.int32()
        elif name in _FLOAT_FIELDS:
            typ = pa.float64()
        elif name in _LIST_FIELDS and sources_as_list:
            typ = pa.list_(pa.string())
        else:
            typ = pa.string()
        fields.append(pa.field(name, typ, nullable=True))
    fields.append(pa.field("geometry", pa.binary(), nullable=True))
    return pa.schema(fields)


def _point_wkb(lon: float, lat: float) -> bytes:
    import struct

    return struct.pack("<BIdd", 1, 1, lon, lat)


class _BatchStats:
    """What the batch generator saw: event count, extent, and an error raised by the caller's iterable."""

    def __init__(self) -> None:
        self.n = 0
        self.west = self.south = math.inf
        self.east = self.north = -math.inf
        self.error: BaseException | None = None

    @property
    def bbox(self) -> list[float] | None:
        return [self.west, self.south, self.east, self.north] if math.isfinite(self.west) else None


def _arrow_batches(events: Iterable[Event], schema, stats: _BatchStats, *, sources_as_list: bool,
                   strip_nul: bool = False, batch_size: int = 10_000) -> Iterator[Any]:
    """Typed Arrow record batches of ``batch_size`` events; geometry as WKB points.

    ``strip_nul`` drops NUL characters from text (GDAL strings are C strings).  An exception
    from ``events`` is kept in ``stats.error`` (a C stream consumer would replace it).
    """
    import pyarrow as pa

    names = schema.names
    columns: dict[str, list] = {name: [] for name in names}

    def flush():
        try:
            batch = pa.record_batch([pa.array(columns[name], type=schema.field(name).type) for name in names],
                                    schema=schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
            raise ExportError(f"cannot convert events to a table: {exc}") from None
        for values in columns.values():
            values.clear()
        return batch

    try:
        for event in events:
            record = _event_dict(event)
            for name in COLUMNS:
                value = getattr(event, name)
                if name in _FLOAT_FIELDS:
                    value = _clean_number(value)
                elif name in _LIST_FIELDS:
                    value = list(value) if sources_as_list else _dumps(list(value))
                elif name not in _DATE_FIELDS and name not in _INT_FIELDS and value is not None \
                        and not isinstance(value, str):
                    value = _dumps(record[name])
                if strip_nul and isinstance(value, str) and "\x00" in value:
                    value = value.replace("\x00", "")
                columns[name].append(value)
            if _has_point(event):
                columns["geometry"].append(_point_wkb(event.lon, event.lat))
                stats.west, stats.east = min(stats.west, event.lon), max(stats.east, event.lon)
                stats.south, stats.north = min(stats.south, event.lat), max(stats.north, event.lat)
            else:
                columns["geometry"].append(None)
            stats.n += 1
            if len(columns["geometry"]) >= batch_size:
                yield flush()
        if columns["geometry"] or stats.n == 0:
            yield flush()
    except BaseException as exc:
        stats.error = exc
        raise


def _write_gpkg(events: Iterable[Event], path: Path) -> int:
    pyogrio = _require("pyogrio", "GeoPackage export")
    import pyarrow as pa

    schema = _arrow_schema(sources_as_list=False)
    stats = _BatchStats()
    batches = _arrow_batches(events, schema, stats, sources_as_list=False, strip_nul=True)
    with atomic_path(path) as tmp:
        # GDAL wants a .gpkg name: write beside the temp file, then move it into place.
        gdal_tmp = tmp.with_name(tmp.name + ".gpkg")
        try:
            reader = pa.RecordBatchReader.from_batches(schema, batches)
            pyogrio.write_arrow(reader, gdal_tmp, layer=LAYER_NAME, driver="GPKG", geometry_name="geometry",
                                geometry_type="Point", crs="EPSG:4326")
            os.replace(gdal_tmp, tmp)
        except BaseException as exc:
            if stats.error is not None:  # the caller's iterable failed: re-raise that, not GDAL's echo
                raise stats.error from None
            if isinstance(exc, (GeomapError, KeyboardInterrupt, SystemExit)):
                raise
            raise ExportError(f"cannot write GeoPackage {path}: {exc}") from None
        finally:
            for leftover in (gdal_tmp, Path(str(gdal_tmp) + "-journal"), Path(str(gdal_tmp) + "-wal")):
                if leftover.exists():
                    leftover.unlink()
    return stats.n


def _read_gpkg(path: Path) -> Iterator[Event]:
    from geomap.io.store import is_event_store

    if is_event_store(path):
        from geomap.io.store import EventStore

        store = EventStore.open(path, create=False, readonly=True)
        try:
            yield from store.events()
        finally:
            store.close()
        return
    yield from _read_gdal(path)


def _write_parquet(events: Iterable[Event], path: Path) -> int:
    """GeoParquet 1.1, written batch by batch; the ``geo`` metadata (with bbox) goes in at the end."""
    pq = _require("pyarrow.parquet", "GeoParquet export")

    schema = _arrow_schema(sources_as_list=True)
    stats = _BatchStats()
    with atomic_path(path) as tmp:
        try:
            # store_schema=False: readers then see the "geo" footer key as Arrow schema metadata too
            with pq.ParquetWriter(tmp, schema, compression="zstd", store_schema=False) as writer:
                for batch in _arrow_batches(events, schema, stats, sources_as_list=True):
                    writer.write_batch(batch)
                column_meta: dict[str, Any] = {"encoding": "WKB", "geometry_types": ["Point"]}
                if stats.bbox is not None:
                    column_meta["bbox"] = stats.bbox
                # GeoParquet 1.1: crs omitted = OGC:CRS84, i.e. WGS84 in lon/lat order.
                geo = {"version": "1.1.0", "primary_column": "geometry", "columns": {"geometry": column_meta}}
                writer.add_key_value_metadata({"geo": json.dumps(geo)})
        except OSError as exc:
            raise ExportError(f"cannot write GeoParquet {path}: {exc}") from None
    return stats.n


def _read_gdal(path: Path, *, layer: str | None = None) -> Iterator[Event]:
    """Events from any vector file GDAL opens (layer ``events`` if present, else the first)."""
    pyogrio = _require("pyogrio", "reading GDAL formats")
    try:
        layers = [str(row[0]) for row in pyogrio.list_layers(path)]
    except Exception as exc:
        raise InputError(f"cannot open {path} with GDAL: {exc}") from None
    if not layers:
        raise InputError(f"{path}: no layers")
    if layer is None:
        layer = LAYER_NAME if LAYER_NAME in layers else layers[0]
    import shapely

    try:
        with pyogrio.open_arrow(path, layer=layer, batch_size=10_000, use_pyarrow=True) as (meta, reader):
            geometry_name = meta.get("geometry_name") or "wkb_geometry"
            for batch in reader:
                for i, row in enumerate(batch.to_pylist()):
                    wkb = row.pop(geometry_name, None)
                    lonlat = None
                    if wkb is not None:
                        geom = shapely.from_wkb(wkb)
                        if geom.geom_type == "Point" and not geom.is_empty:
                            lonlat = (geom.x, geom.y)
                    yield event_from_record(row, lonlat=lonlat, where=f"{path} (layer {layer})")
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"cannot read {path} with GDAL: {exc}") from None


def _read_parquet(path: Path) -> Iterator[Event]:
    pq = _require("pyarrow.parquet", "reading Parquet")
    import pyarrow as pa

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"cannot read Parquet file {path}: {exc}") from None
    geo_column = "geometry"
    meta = pf.schema_arrow.metadata or {}
    if b"geo" in meta:
        try:
            geo_column = json.loads(meta[b"geo"]).get("primary_column", "geometry")
        except ValueError:
            pass
    import shapely

    try:
        for batch in pf.iter_batches(batch_size=10_000):
            for row in batch.to_pylist():
                wkb = row.pop(geo_column, None)
                lonlat = None
                if isinstance(wkb, (bytes, bytearray)):
                    geom = shapely.from_wkb(wkb)
                    if geom.geom_type == "Point" and not geom.is_empty:
                        lonlat = (geom.x, geom.y)
                yield event_from_record(row, lonlat=lonlat, where=str(path))
    except pa.ArrowException as exc:
        raise InputError(f"cannot read Parquet file {path}: {exc}") from None


# --- KML / KMZ -------------------------------------------------------------------------------

_KML_NS = "http://www.opengis.net/kml/2.2"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: Any) -> str:
    """XML-escaped text; characters XML 1.0 cannot hold become spaces, CR survives as ``&#13;``."""
    return _xml_escape(_XML_INVALID.sub(" ", str(value)), {'"': "&quot;", "\r": "&#13;"})


def _kml_type(name: str) -> str:
    if name in _INT_FIELDS:
        return "int"
    if name in _FLOAT_FIELDS:
        return "double"
    return "string"


def _kml_chunks(events: Iterable[Event], counter: list[int]) -> Iterator[str]:
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<kml xmlns="{_KML_NS}">\n<Document id="geomap">\n<name>geomap events</name>\n'
           '<Schema name="event" id="event">\n')
    for name in COLUMNS:
        yield f'  <SimpleField type="{_kml_type(name)}" name="{name}"></SimpleField>\n'
    yield "</Schema>\n"
    for event in events:
        record = _event_dict(event)
        label = event.place_name or event.location_text or event.event_id
        parts = [f"<Placemark>\n<name>{_xml_text(label)}</name>\n",
                 f"<description>{_xml_text(html.escape(event.evidence))}</description>\n"]
        if event.event_date is not None:
            parts.append(f"<TimeStamp><when>{event.event_date.isoformat()}</when></TimeStamp>\n")
        parts.append('<ExtendedData><SchemaData schemaUrl="#event">\n')
        for name in COLUMNS:
            value = record.get(name)
            if value is None:
                continue
            if name in _LIST_FIELDS:
                value = _dumps(value)
            elif isinstance(value, float):
                value = repr(value)
            parts.append(f'  <SimpleData name="{name}">{_xml_text(value)}</SimpleData>\n')
        parts.append("</SchemaData></ExtendedData>\n")
        if _has_point(event):
            parts.append(f"<Point><coordinates>{_fmt_coord(event.lon)},{_fmt_coord(event.lat)}"
                         "</coordinates></Point>\n")
        parts.append("</Placemark>\n")
        counter[0] += 1
        yield "".join(parts)
    yield "</Document>\n</kml>\n"


def _write_kml(events: Iterable[Event], path: Path) -> int:
    counter = [0]
    with atomic_open(path, "w") as fh:
        for chunk in _kml_chunks(events, counter):
            fh.write(chunk)
    return counter[0]


def _write_kmz(events: Iterable[Event], path: Path) -> int:
    counter = [0]
    with atomic_path(path) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            with zf.open("doc.kml", "w") as raw:
                with io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as fh:
                    for chunk in _kml_chunks(events, counter):
                        fh.write(chunk)
    return counter[0]


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _kml_placemark_record(placemark) -> tuple[dict[str, Any], str | None]:
    """Fields of one Placemark (any KML namespace): ExtendedData, TimeStamp, name, description."""
    record: dict[str, Any] = {}
    extras: dict[str, str] = {}
    coords = None
    for element in placemark.iter():
        tag = _local(element.tag)
        if tag == "SimpleData":
            record[element.get("name", "")] = element.text or ""
        elif tag == "Data":
            value = next((c for c in element if _local(c.tag) == "value"), None)
            record[element.get("name", "")] = (value.text or "") if value is not None else ""
        elif tag == "when" and "when" not in extras:
            extras["when"] = (element.text or "").strip()
        elif tag == "coordinates" and coords is None:
            coords = element.text
    for child in placemark:
        tag = _local(child.tag)
        if tag in ("name", "description"):
            extras[tag] = child.text or ""
    if extras.get("when") and not record.get("event_date"):
        record["event_date"] = extras["when"]
    record.setdefault("evidence", html.unescape(extras.get("description", "")))
    record.setdefault("place_name", extras.get("name", ""))
    return record, coords


def _read_kml_stream(fh, path: Path) -> Iterator[Event]:
    """Stream Placemarks with ``iterparse`` (constant memory for large files)."""
    import xml.etree.ElementTree as ET

    i = 0
    stack: list = []
    try:
        for event, element in ET.iterparse(fh, events=("start", "end")):
            if event == "start":
                stack.append(element)
                continue
            stack.pop()
            if _local(element.tag) != "Placemark":
                continue
            record, coords = _kml_placemark_record(element)
            lonlat = None
            if coords and coords.strip():
                try:
                    lon, lat = (float(v) for v in coords.strip().split()[0].split(",")[:2])
                    lonlat = (lon, lat)
                except ValueError:
                    raise InputError(f"{path}: Placemark {i}: bad coordinates {coords.strip()!r}") from None
            yield event_from_record(record, lonlat=lonlat, where=f"{path}: Placemark {i}")
            i += 1
            if stack:  # free the parsed Placemark
                stack[-1].remove(element)
    except ET.ParseError as exc:
        raise InputError(f"{path}: malformed KML: {exc}") from None


def _read_kml(path: Path) -> Iterator[Event]:
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    with fh:
        yield from _read_kml_stream(fh, path)


def _read_kmz(path: Path) -> Iterator[Event]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"cannot read KMZ {path}: {exc}") from None
    with zf:
        names = [n for n in zf.namelist() if n.lower().endswith(".kml")]
        if not names:
            raise InputError(f"{path}: KMZ holds no .kml document")
        try:
            fh = zf.open("doc.kml" if "doc.kml" in names else names[0])
        except (zipfile.BadZipFile, OSError) as exc:
            raise InputError(f"cannot read KMZ {path}: {exc}") from None
        with fh:
            yield from _read_kml_stream(fh, path)


# --- the format table ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Format:
    """One file format: its name, suffixes and (optional) reader/writer."""

    name: str
    suffixes: tuple[str, ...]
    description: str
    reader: Callable[[Path], Iterator[Event]] | None = None
    writer: Callable[[Iterable[Event], Path], int] | None = None
    streaming: bool = False


_FORMAT_LIST = (
    Format("jsonl", (".jsonl", ".ndjson"), "one event JSON object per line", _read_jsonl, _write_jsonl, True),
    Format("json", (".json",), "JSON list of events or FeatureCollection (read only)", _read_json, None),
    Format("geojson", (".geojson",), "RFC 7946 GeoJSON FeatureCollection", _read_geojson, _write_geojson, True),
    Format("geojsonl", (".geojsonl",), "newline-delimited GeoJSON features", _read_geojson_seq,
           _geojson_seq_writer(False), True),
    Format("geojsons", (".geojsons",), "RFC 8142 GeoJSON text sequence", _read_geojson_seq,
           _geojson_seq_writer(True), True),
    Format("gpkg", (".gpkg",), "GeoPackage (or a geomap event store)", _read_gpkg, _write_gpkg),
    Format("csv", (".csv",), "CSV with lat/lon and WKT columns", _read_csv, _write_csv, True),
    Format("parquet", (".parquet", ".geoparquet"), "GeoParquet", _read_parquet, _write_parquet),
    Format("kml", (".kml",), "KML with TimeStamp", _read_kml, _write_kml, True),
    Format("kmz", (".kmz",), "zipped KML with TimeStamp", _read_kmz, _write_kmz, True),
)

#: Suffix -> format (geopandas ``io/file.py`` style).
FORMATS: dict[str, Format] = {suffix: f for f in _FORMAT_LIST for suffix in f.suffixes}
_BY_NAME: dict[str, Format] = {f.name: f for f in _FORMAT_LIST}


def _supported(kind: str) -> str:
    attr = "writer" if kind == "write" else "reader"
    return " ".join(s for s, f in FORMATS.items() if getattr(f, attr) is not None)


def format_for(path: PathLike, *, fmt: str | None = None, mode: str = "read") -> Format:
    """The :class:`Format` for ``path`` (or for ``fmt``, a name or suffix such as ``"gpkg"``)."""
    if fmt:
        key = fmt.lower()
        found = _BY_NAME.get(key.lstrip(".")) or FORMATS.get(key if key.startswith(".") else "." + key)
        if found is None:
            error = ExportError if mode == "write" else InputError
            raise error(f"unknown format {fmt!r}; supported: {', '.join(_BY_NAME)}")
        return found
    suffix = Path(path).suffix.lower()
    found = FORMATS.get(suffix)
    if found is None:
        if mode == "write":
            raise ExportError(f"cannot write {os.fspath(path)!r}: unknown suffix {suffix or '(none)'!r}; "
                              f"supported: {_supported('write')}")
        raise InputError(f"cannot read {os.fspath(path)!r}: unknown suffix {suffix or '(none)'!r}; "
                         f"supported: {_supported('read')} (or an event store)")
    return found


def read_events(path: PathLike) -> Iterator[Event]:
    """Stream the events of an events file or an event store.

    The format comes from the suffix (see :data:`FORMATS`); an event store
    (:mod:`geomap.io.store`) is recognised by its content whatever its suffix.  A directory is
    read through the store it holds, else as a partitioned GeoParquet dataset: its
    ``*.parquet`` files (or those of its ``events.parquet`` folder, as ``geomap extract -o DIR/``
    writes), partition by partition in name order.  Bad files raise :class:`InputError`
    (when the file is opened, or at the bad record for streamed formats).
    """
    p = Path(path)
    if p.is_dir():
        from geomap.io.store import find_store

        store_path = find_store(p)
        if store_path is None:
            from geomap.io.dataset import partition_paths

            partitions = partition_paths(p)
            if not partitions:
                raise InputError(f"{p} is a directory without an event store or GeoParquet partitions")
            return _read_partitions(partitions)
        p = store_path
    elif not p.exists():
        raise InputError(f"no such events file: {p}")
    from geomap.io.store import is_event_store

    if is_event_store(p):
        return _read_gpkg(p)
    return format_for(p, mode="read").reader(p)  # type: ignore[misc]


def _read_partitions(partitions: Sequence[Path]) -> Iterator[Event]:
    for part in partitions:
        yield from format_for(part, mode="read").reader(part)  # type: ignore[misc]


def write_events(events: Iterable[Event], path: PathLike, *, fmt: str | None = None) -> int:
    """Write ``events`` to ``path`` atomically; the format comes from the suffix or ``fmt``.

    Returns the number of events written.  Streaming formats (JSONL, GeoJSON, CSV, KML)
    consume ``events`` lazily; GeoPackage and GeoParquet collect them first.  On any error
    an existing file at ``path`` is left untouched.
    """
    p = Path(path)
    spec = format_for(p, fmt=fmt, mode="write")
    if spec.writer is None:
        raise ExportError(f"cannot write {spec.name} ({p}); writable suffixes: {_supported('write')}")
    if p.is_dir():
        raise ExportError(f"cannot write {p}: it is a directory")
    from geomap.io.store import is_event_store

    if is_event_store(p):
        raise ExportError(f"refusing to overwrite the event store {p} with an export; choose another output")
    return spec.writer(map(encodable_event, events), p)


def _require(module: str, what: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:  # pragma: no cover - both are hard dependencies today
        raise ExportError(f"{what} needs the '{module.split('.')[0]}' package: pip install "
                          f"{module.split('.')[0]}") from None
