"""Arrow-based formats: GeoPackage (``.gpkg``, written and read by GDAL through pyogrio),
GeoParquet 1.1 (``.parquet``) and reading any vector file GDAL opens.

Events go in as typed Arrow record batches (:data:`geomap.schema.arrow_schema`, WKB point
geometry); GeoPackage gets real DATE fields for QGIS's temporal controller and loses NUL
characters (GDAL strings are C strings).  An event store (:mod:`geomap.io.store`) is a
``.gpkg`` too and reads through the store.  pyarrow, pyogrio and shapely load on first use.
"""
from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any, Iterable, Iterator

from geomap.atomic import atomic_path
from geomap.errors import ExportError, GeomapError, InputError
from geomap.io.store import EventStore, is_event_store
from geomap.io.records import clean_number, dumps, event_dict, event_from_record, has_point, point_wkb
from geomap.model import Event
from geomap.schema import COLUMNS, DATE_FIELDS, FLOAT_FIELDS, INT_FIELDS, LAYER_NAME, LIST_FIELDS, arrow_schema

__all__ = ["write_gpkg", "read_gpkg", "write_parquet", "read_parquet", "read_gdal"]


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


def _arrow_batches(events: Iterable[Event], schema, stats: _BatchStats, *, native_lists: bool,
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
            raise ExportError(_bad_value(columns, schema, stats.n - len(columns["geometry"]), exc)) from None
        for values in columns.values():
            values.clear()
        return batch

    try:
        for event in events:
            record = event_dict(event)
            for name in COLUMNS:
                value = getattr(event, name)
                if name in FLOAT_FIELDS:
                    value = clean_number(value)
                elif name in LIST_FIELDS:
                    value = list(value) if native_lists else dumps(list(value))
                elif name not in DATE_FIELDS and name not in INT_FIELDS and value is not None \
                        and not isinstance(value, str):
                    value = dumps(record[name])
                if strip_nul and isinstance(value, str) and "\x00" in value:
                    value = value.replace("\x00", "")
                columns[name].append(value)
            if has_point(event):
                columns["geometry"].append(point_wkb(event.lon, event.lat))
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


def _bad_value(columns: dict[str, list], schema, first: int, exc: Exception) -> str:
    """Which field of which record (0-based, ``first`` = the batch's first record) Arrow refused."""
    import pyarrow as pa

    for name in schema.names:
        kind = schema.field(name).type
        values = columns[name]
        try:
            pa.array(values, type=kind)
            continue
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            pass
        for i, value in enumerate(values):
            try:
                pa.array([value], type=kind)
            except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as cell:
                event_id = columns.get("event_id", [None] * len(values))[i]
                return (f"cannot convert events to a table: field {name!r} of record {first + i}"
                        f"{f' (event_id {event_id!r})' if event_id else ''}: {str(value)[:60]!r} ({cell})")
    return f"cannot convert events to a table: {exc}"


def write_gpkg(events: Iterable[Event], path: Path) -> int:
    pyogrio = _require("pyogrio", "GeoPackage export")
    import pyarrow as pa

    schema = arrow_schema(native_lists=False)
    stats = _BatchStats()
    batches = _arrow_batches(events, schema, stats, native_lists=False, strip_nul=True)
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


def read_gpkg(path: Path) -> Iterator[Event]:
    """Events of a GeoPackage: through the store if it is an event store, else through GDAL."""
    if is_event_store(path):
        store = EventStore.open(path, create=False, readonly=True)
        try:
            yield from store.events()
        finally:
            store.close()
        return
    yield from read_gdal(path)


def write_parquet(events: Iterable[Event], path: Path) -> int:
    """GeoParquet 1.1, written batch by batch; the ``geo`` metadata (with bbox) goes in at the end."""
    pq = _require("pyarrow.parquet", "GeoParquet export")

    schema = arrow_schema(native_lists=True)
    stats = _BatchStats()
    with atomic_path(path) as tmp:
        try:
            # store_schema=False: readers then see the "geo" footer key as Arrow schema metadata too
            with pq.ParquetWriter(tmp, schema, compression="zstd", store_schema=False) as writer:
                for batch in _arrow_batches(events, schema, stats, native_lists=True):
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


def read_gdal(path: Path, *, layer: str | None = None) -> Iterator[Event]:
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


def read_parquet(path: Path) -> Iterator[Event]:
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


def _require(module: str, what: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:  # pragma: no cover - both are hard dependencies today
        raise ExportError(f"{what} needs the '{module.split('.')[0]}' package: pip install "
                          f"{module.split('.')[0]}") from None
