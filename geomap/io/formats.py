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

This module is the suffix table and the two entry points; the formats live in
:mod:`geomap.io.geojson`, :mod:`geomap.io.csv`, :mod:`geomap.io.kml` and
:mod:`geomap.io.arrow`, the record <-> Event conversion in :mod:`geomap.io.records`, the
schema's tables in :mod:`geomap.schema`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from geomap.atomic import is_stdout
from geomap.errors import ExportError, InputError
from geomap.io.arrow import read_gpkg, read_parquet, write_gpkg, write_parquet
from geomap.io.csv import read_csv, write_csv
from geomap.io.geojson import (geojson_seq_writer, read_geojson, read_geojson_seq, read_json, read_jsonl,
                               write_geojson, write_jsonl)
from geomap.io.kml import read_kml, read_kmz, write_kml, write_kmz
from geomap.io.records import encodable_event, event_from_record, event_to_feature, feature_to_event
from geomap.io.store import find_store, is_event_store
from geomap.model import Event
from geomap.schema import COLUMNS, LAYER_NAME

__all__ = ["read_events", "write_events", "FORMATS", "Format", "format_for", "event_to_feature",
           "feature_to_event", "event_from_record", "encodable_event", "COLUMNS", "LAYER_NAME"]

PathLike = str | os.PathLike[str]


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
    Format("jsonl", (".jsonl", ".ndjson"), "one event JSON object per line", read_jsonl, write_jsonl, True),
    Format("json", (".json",), "JSON list of events or FeatureCollection (read only)", read_json, None),
    Format("geojson", (".geojson",), "RFC 7946 GeoJSON FeatureCollection", read_geojson, write_geojson, True),
    Format("geojsonl", (".geojsonl",), "newline-delimited GeoJSON features", read_geojson_seq,
           geojson_seq_writer(False), True),
    Format("geojsons", (".geojsons",), "RFC 8142 GeoJSON text sequence", read_geojson_seq,
           geojson_seq_writer(True), True),
    Format("gpkg", (".gpkg",), "GeoPackage (or a geomap event store)", read_gpkg, write_gpkg),
    Format("csv", (".csv",), "CSV with lat/lon and WKT columns", read_csv, write_csv, True),
    Format("parquet", (".parquet", ".geoparquet"), "GeoParquet", read_parquet, write_parquet),
    Format("kml", (".kml",), "KML with TimeStamp", read_kml, write_kml, True),
    Format("kmz", (".kmz",), "zipped KML with TimeStamp", read_kmz, write_kmz, True),
)

#: Suffix -> format (geopandas ``io/file.py`` style).
FORMATS: dict[str, Format] = {suffix: f for f in _FORMAT_LIST for suffix in f.suffixes}
_BY_NAME: dict[str, Format] = {f.name: f for f in _FORMAT_LIST}
#: Formats that can be written to standard output (``-o -``).
_TEXT_FORMATS = ("jsonl", "geojson", "geojsonl", "geojsons", "csv", "kml")


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
    if is_stdout(path):
        return _BY_NAME["jsonl"]  # standard output: JSON Lines unless fmt says otherwise
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
    if is_event_store(p):
        return read_gpkg(p)
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
    if is_stdout(p):
        if spec.name not in _TEXT_FORMATS:
            raise ExportError(f"cannot write {spec.name} to standard output (-); text formats only: "
                              f"{', '.join(_TEXT_FORMATS)}")
        return spec.writer(map(encodable_event, events), p)
    if p.is_dir():
        raise ExportError(f"cannot write {p}: it is a directory")
    if is_event_store(p):
        raise ExportError(f"refusing to overwrite the event store {p} with an export; choose another output")
    return spec.writer(map(encodable_event, events), p)
