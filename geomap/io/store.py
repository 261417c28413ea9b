"""The embedded event store: one GeoPackage file that ``geomap run`` appends to.

Why a GeoPackage (SQLite) and not GeoParquet + DuckDB
-----------------------------------------------------
* **Incremental and idempotent by construction.**  Each row carries a ``content_hash``
  with a UNIQUE index; ``INSERT ... ON CONFLICT DO NOTHING`` makes re-adding the same
  events a no-op, inside one transaction, without rewriting the file.  Parquet files are
  immutable: appending means new part files or a full rewrite, and deduplication needs a
  query engine (DuckDB is not a dependency; SQLite ships with Python).
* **Safe enough for one writer.**  SQLite's file locking (``BEGIN IMMEDIATE`` + busy
  timeout) serialises writers and lets readers run during a run; a crash mid-add rolls
  back, so the store never holds half a batch.
* **GIS tools open it directly.**  The file is a valid OGC GeoPackage 1.4: layer
  ``events`` with POINT geometries in EPSG:4326 and real ``DATE`` fields ``event_date``
  and ``published`` (QGIS's temporal controller can animate the store as is), plus an
  attribute table ``geomap_articles`` (articles seen, with a content hash).  GDAL/pyogrio,
  geopandas and QGIS read it like any ``.gpkg`` export; :func:`geomap.io.formats.read_events`
  accepts it whatever its suffix.
* **Cheap to write without GDAL.**  Rows go in through the standard library's
  ``sqlite3`` (GeoPackage point blobs are 29 bytes built with ``struct``).  The layer has
  the standard GeoPackage R-tree spatial index; its triggers call ``ST_IsEmpty``/
  ``ST_MinX``... which GDAL registers and which this module registers (in Python) on its
  own write connections.

Idempotency key: ``content_hash`` = SHA-256 of the article fields the event carries
(``article_id, source, url, title, published``) plus the event's content (evidence
sentence, type, trigger, date, precision, location span, place, coordinates rounded to
7 decimals).  Fields that depend on the batch a run processed — ``event_id``,
``group_id``, ``sources``, ``confidence``, ``location_reason`` — are left out, so a
re-run that groups events differently still adds nothing twice.

Suggested location: ``OUT_DIR/events-store.gpkg`` (:data:`DEFAULT_STORE_NAME`); any path
works, and :func:`find_store` also recognises ``events.sqlite``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import sqlite3
import struct
from pathlib import Path
from typing import Any, Iterable, Iterator

from geomap.errors import ExportError, InputError
from geomap.filters import EventFilter
from geomap.io.records import encodable_event, event_from_record, has_point, point_wkb
from geomap.model import Article, Event
from geomap.schema import COLUMNS, IDENTITY_FIELDS, LAYER_NAME, SQL_TYPES

__all__ = ["EventStore", "DEFAULT_STORE_NAME", "is_event_store", "find_store", "event_content_hash",
           "article_content_hash"]

DEFAULT_STORE_NAME = "events-store.gpkg"
_OTHER_STORE_NAMES = ("events.sqlite", "events.gpkg", "store.gpkg")
SCHEMA_VERSION = "1"
ARTICLES_TABLE = "geomap_articles"
META_TABLE = "geomap_meta"
GEOMETRY_COLUMN = "geom"

_GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
_GPKG_USER_VERSION = 10400          # GeoPackage 1.4.0
_SQLITE_MAGIC = b"SQLite format 3\x00"

_WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def event_content_hash(event: Event) -> str:
    """The idempotency key of ``event`` (hex SHA-256 over its identity fields).

    The identity fields and their order come from :data:`geomap.schema.IDENTITY_FIELDS`
    (each field's ``identity`` position on :class:`~geomap.model.Event`).
    """
    values: list[Any] = []
    for name in IDENTITY_FIELDS:
        value = getattr(event, name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, float):
            value = None if not math.isfinite(value) else round(value, 7)
        values.append(value)
    payload = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def article_content_hash(article: Article) -> str:
    """Hex SHA-256 of an article's id, text, title, publication date, url and source."""
    payload = json.dumps([article.id, article.text, article.title,
                          article.published.isoformat() if article.published else None,
                          article.url, article.source], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _point_blob(lon: float, lat: float) -> bytes:
    """A GeoPackage geometry blob: header (magic, version 0, little-endian, no envelope, srs 4326) + WKB."""
    return b"GP" + struct.pack("<BBi", 0, 0x01, 4326) + point_wkb(lon, lat)


_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def _decode_point_blob(blob: bytes | None) -> tuple[float, float] | None:
    """``(lon, lat)`` from a GeoPackage POINT blob; None for NULL/empty/non-point geometries."""
    if not blob or len(blob) < 8 or blob[:2] != b"GP":
        return None
    flags = blob[3]
    if flags & 0x10:  # empty geometry
        return None
    offset = 8 + _ENVELOPE_BYTES.get((flags >> 1) & 0x07, 0)
    wkb = blob[offset:]
    if len(wkb) < 21:
        return None
    order = "<" if wkb[0] == 1 else ">"
    (geom_type,) = struct.unpack(order + "I", wkb[1:5])
    if geom_type % 1000 != 1:  # Point, PointZ (1001), PointM, PointZM
        return None
    lon, lat = struct.unpack(order + "dd", wkb[5:21])
    if math.isnan(lon) or math.isnan(lat):
        return None
    return lon, lat


def _st_is_empty(blob: bytes | None) -> int | None:
    if blob is None:
        return None
    return 0 if _decode_point_blob(blob) is not None else 1


def _st_coord(index: int):
    def fn(blob: bytes | None) -> float | None:
        point = _decode_point_blob(blob)
        return None if point is None else point[index]
    return fn


def _register_gpkg_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the GeoPackage R-tree triggers call (GDAL registers the same names)."""
    conn.create_function("ST_IsEmpty", 1, _st_is_empty, deterministic=True)
    for name, index in (("ST_MinX", 0), ("ST_MaxX", 0), ("ST_MinY", 1), ("ST_MaxY", 1)):
        conn.create_function(name, 1, _st_coord(index), deterministic=True)


def _rtree_sql(table: str, column: str, pk: str = "fid") -> list[str]:
    """GeoPackage 1.4 R-tree spatial index extension: virtual table + triggers (spec F.3)."""
    rtree = f'"rtree_{table}_{column}"'
    t, c, i = f'"{table}"', f'"{column}"', f'"{pk}"'
    box = f"ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}), ST_MinY(NEW.{c}), ST_MaxY(NEW.{c})"
    new_ok = f"(NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c}))"
    new_void = f"(NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c}))"
    old_ok = f"(OLD.{c} NOTNULL AND NOT ST_IsEmpty(OLD.{c}))"
    old_void = f"(OLD.{c} ISNULL OR ST_IsEmpty(OLD.{c}))"
    name = f"rtree_{table}_{column}"
    return [
        f"CREATE VIRTUAL TABLE {rtree} USING rtree(id, minx, maxx, miny, maxy)",
        f'CREATE TRIGGER "{name}_insert" AFTER INSERT ON {t} WHEN {new_ok} BEGIN '
        f"INSERT OR REPLACE INTO {rtree} VALUES (NEW.{i}, {box}); END",
        f'CREATE TRIGGER "{name}_update6" AFTER UPDATE OF {c} ON {t} '
        f"WHEN OLD.{i} = NEW.{i} AND {new_ok} AND {old_ok} BEGIN "
        f"UPDATE {rtree} SET minx = ST_MinX(NEW.{c}), maxx = ST_MaxX(NEW.{c}), "
        f"miny = ST_MinY(NEW.{c}), maxy = ST_MaxY(NEW.{c}) WHERE id = NEW.{i}; END",
        f'CREATE TRIGGER "{name}_update7" AFTER UPDATE OF {c} ON {t} '
        f"WHEN OLD.{i} = NEW.{i} AND {new_ok} AND {old_void} BEGIN "
        f"INSERT INTO {rtree} VALUES (NEW.{i}, {box}); END",
        f'CREATE TRIGGER "{name}_update2" AFTER UPDATE OF {c} ON {t} '
        f"WHEN OLD.{i} = NEW.{i} AND {new_void} BEGIN DELETE FROM {rtree} WHERE id = OLD.{i}; END",
        f'CREATE TRIGGER "{name}_update5" AFTER UPDATE ON {t} WHEN OLD.{i} != NEW.{i} AND {new_ok} BEGIN '
        f"DELETE FROM {rtree} WHERE id = OLD.{i}; INSERT OR REPLACE INTO {rtree} VALUES (NEW.{i}, {box}); END",
        f'CREATE TRIGGER "{name}_update4" AFTER UPDATE ON {t} WHEN OLD.{i} != NEW.{i} AND {new_void} BEGIN '
        f"DELETE FROM {rtree} WHERE id IN (OLD.{i}, NEW.{i}); END",
        f'CREATE TRIGGER "{name}_delete" AFTER DELETE ON {t} WHEN OLD.{c} NOT NULL BEGIN '
        f"DELETE FROM {rtree} WHERE id = OLD.{i}; END",
    ]


def is_event_store(path: str | os.PathLike[str]) -> bool:
    """True if ``path`` is a SQLite file holding a geomap event store."""
    p = Path(path)
    try:
        if not p.is_file():
            return False
        with open(p, "rb") as fh:
            if fh.read(16) != _SQLITE_MAGIC:
                return False
        conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return False
    try:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {ARTICLES_TABLE, LAYER_NAME, "gpkg_contents"} <= names
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def find_store(directory: str | os.PathLike[str]) -> Path | None:
    """The event store inside ``directory`` (an ``--out DIR`` of ``geomap run``), if any."""
    d = Path(directory)
    for name in (DEFAULT_STORE_NAME, *_OTHER_STORE_NAMES):
        if is_event_store(d / name):
            return d / name
    candidates = sorted(p for p in d.glob("*") if p.suffix.lower() in (".gpkg", ".sqlite", ".db")
                        and is_event_store(p))
    return candidates[0] if len(candidates) == 1 else None


def _schema_sql() -> list[str]:
    columns = ",\n  ".join(f'"{name}" {SQL_TYPES[name]}' for name in COLUMNS)
    return [
        f"PRAGMA application_id = {_GPKG_APPLICATION_ID}",
        f"PRAGMA user_version = {_GPKG_USER_VERSION}",
        """CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)""",
        """CREATE TABLE IF NOT EXISTS gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
        """CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))""",
        f"""CREATE TABLE IF NOT EXISTS "{LAYER_NAME}" (
  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  "{GEOMETRY_COLUMN}" POINT,
  {columns},
  content_hash TEXT NOT NULL UNIQUE,
  added_at DATETIME NOT NULL)""",
        f'CREATE INDEX IF NOT EXISTS "{LAYER_NAME}_event_date" ON "{LAYER_NAME}" (event_date)',
        f'CREATE INDEX IF NOT EXISTS "{LAYER_NAME}_article_id" ON "{LAYER_NAME}" (article_id)',
        f"""CREATE TABLE IF NOT EXISTS "{ARTICLES_TABLE}" (
  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  article_id TEXT NOT NULL UNIQUE, content_hash TEXT, title TEXT, published DATE, url TEXT,
  source TEXT, first_added DATETIME NOT NULL, last_added DATETIME NOT NULL)""",
        f"""CREATE TABLE IF NOT EXISTS "{META_TABLE}" (key TEXT PRIMARY KEY NOT NULL, value TEXT)""",
    ]


class EventStore:
    """An open event store.  Use as a context manager, or call :meth:`close`.

    >>> with EventStore.open("maps/events-store.gpkg") as store:     # doctest: +SKIP
    ...     store.add(events)          # -> number of events that were new
    ...     recent = list(store.events(since=date(2023, 9, 1)))
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, *, readonly: bool) -> None:
        self._conn = conn
        self.path = path
        self.readonly = readonly
        self._columns: tuple[str, ...] = COLUMNS  # stored columns we read (an old store may lack new ones)

    # -- opening ------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True, readonly: bool = False,
             timeout: float = 60.0) -> "EventStore":
        """Open (and with ``create``, create) the store at ``path``.

        Raises :class:`InputError` if ``path`` exists but is not an event store, or does not
        exist and ``create`` is false.
        """
        p = Path(path)
        exists = p.exists()
        if exists and not is_event_store(p):
            if p.is_file() and p.stat().st_size == 0 and not readonly:
                exists = False  # an empty placeholder file: initialise it
            else:
                raise InputError(f"{p} exists but is not a geomap event store")
        if not exists and (not create or readonly):
            raise InputError(f"no event store at {p}")
        if not exists:
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ExportError(f"cannot create directory {p.parent}: {exc.strerror or exc}") from None
        try:
            if readonly:
                conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout,
                                       isolation_level=None)
            else:
                conn = sqlite3.connect(p, timeout=timeout, isolation_level=None)
                _register_gpkg_functions(conn)
        except sqlite3.Error as exc:
            raise (InputError if readonly else ExportError)(f"cannot open event store {p}: {exc}") from None
        store = cls(conn, p, readonly=readonly)
        if not exists:
            store._initialise()
        else:
            store._check_version()
        return store

    def _initialise(self) -> None:
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            # Another process may have initialised it while we waited for the lock.
            done = conn.execute("SELECT 1 FROM sqlite_master WHERE name=?", (ARTICLES_TABLE,)).fetchone()
            if not done:
                for statement in _schema_sql():
                    conn.execute(statement)
                conn.executemany(
                    "INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES (?,?,?,?,?,?)",
                    [("Undefined cartesian SRS", -1, "NONE", -1, "undefined",
                      "undefined cartesian coordinate reference system"),
                     ("Undefined geographic SRS", 0, "NONE", 0, "undefined",
                      "undefined geographic coordinate reference system"),
                     ("WGS 84 geodetic", 4326, "EPSG", 4326, _WGS84_WKT,
                      "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid")])
                now = _now()
                conn.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, "
                             "last_change, srs_id) VALUES (?, 'features', ?, ?, ?, 4326)",
                             (LAYER_NAME, LAYER_NAME, "geomap events (one row per event x location)", now))
                conn.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, "
                             "last_change) VALUES (?, 'attributes', ?, ?, ?)",
                             (ARTICLES_TABLE, ARTICLES_TABLE, "articles added to the geomap store", now))
                conn.execute("INSERT INTO gpkg_geometry_columns VALUES (?, ?, 'POINT', 4326, 0, 0)",
                             (LAYER_NAME, GEOMETRY_COLUMN))
                conn.executemany(f'INSERT INTO "{META_TABLE}" VALUES (?, ?)',
                                 [("schema_version", SCHEMA_VERSION), ("created", now)])
                self._create_spatial_index()
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK") if conn.in_transaction else None
            conn.close()
            raise ExportError(f"cannot create event store {self.path}: {exc}") from None

    def _create_spatial_index(self) -> None:
        """Add the GeoPackage R-tree index (QGIS/GDAL use it for spatial filters) if SQLite has R-trees."""
        conn = self._conn
        try:
            conn.execute("SAVEPOINT rtree")
            conn.execute("""CREATE TABLE IF NOT EXISTS gpkg_extensions (
  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
  scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))""")
            for statement in _rtree_sql(LAYER_NAME, GEOMETRY_COLUMN):
                conn.execute(statement)
            conn.execute("INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', "
                         "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
                         (LAYER_NAME, GEOMETRY_COLUMN))
            conn.execute("RELEASE rtree")
        except sqlite3.OperationalError:  # SQLite built without the R-tree module: no index
            conn.execute("ROLLBACK TO rtree")
            conn.execute("RELEASE rtree")

    def _check_version(self) -> None:
        try:
            row = self._conn.execute(f'SELECT value FROM "{META_TABLE}" WHERE key = ?',
                                     ("schema_version",)).fetchone()
            present = {r[1] for r in self._conn.execute(f'PRAGMA table_info("{LAYER_NAME}")')}
        except sqlite3.Error as exc:
            raise InputError(f"cannot read event store {self.path}: {exc}") from None
        if row and row[0] != SCHEMA_VERSION:
            raise InputError(f"{self.path}: event store schema version {row[0]} is not supported "
                             f"(this geomap reads version {SCHEMA_VERSION})")
        missing = [name for name in COLUMNS if name not in present]
        if missing and not self.readonly:  # the event schema grew a field: add the column
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                present = {r[1] for r in self._conn.execute(f'PRAGMA table_info("{LAYER_NAME}")')}
                for name in missing:
                    if name not in present:
                        self._conn.execute(f'ALTER TABLE "{LAYER_NAME}" ADD COLUMN "{name}" '
                                           f'{SQL_TYPES[name]}')
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise ExportError(f"cannot upgrade event store {self.path}: {exc}") from None
        self._columns = tuple(name for name in COLUMNS if name in present or not self.readonly)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "EventStore":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------------
    def add(self, events: Iterable[Event], *, articles: Iterable[Article] = (),
            also: Any = None) -> int:
        """Add ``events`` (and record ``articles`` as seen); return how many events were new.

        Events already in the store (same content hash) are skipped, so adding the same
        events twice changes nothing.  All rows go in one transaction: on an error nothing
        is added.  ``also(connection)`` writes more rows in that transaction (the articles'
        mentioned places: :mod:`geomap.io.store_places`).
        """
        if self.readonly:
            raise ExportError(f"event store {self.path} is open read-only")
        now = _now()
        columns = ", ".join(f'"{c}"' for c in (GEOMETRY_COLUMN, *COLUMNS, "content_hash", "added_at"))
        marks = ", ".join("?" for _ in range(len(COLUMNS) + 3))
        insert = (f'INSERT INTO "{LAYER_NAME}" ({columns}) VALUES ({marks}) '
                  "ON CONFLICT(content_hash) DO NOTHING")
        article_rows: dict[str, tuple] = {}
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            # fids only grow (AUTOINCREMENT); total_changes would also count R-tree trigger rows
            last_fid = conn.execute(f'SELECT coalesce(max(fid), 0) FROM "{LAYER_NAME}"').fetchone()[0]
            # Bulk load: park the per-row R-tree insert trigger inside this transaction and index the
            # new rows with one statement (as GDAL does); a rollback restores the trigger.
            insert_trigger = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                          (f"rtree_{LAYER_NAME}_{GEOMETRY_COLUMN}_insert",)).fetchone()
            if insert_trigger:
                conn.execute(f'DROP TRIGGER "rtree_{LAYER_NAME}_{GEOMETRY_COLUMN}_insert"')
            batch: list[tuple] = []
            for event in map(encodable_event, events):
                batch.append(self._row(event, now))
                article_rows.setdefault(event.article_id, (event.article_id, None, event.title,
                                                           _iso(event.published), event.url, event.source))
                if len(batch) >= 5000:
                    conn.executemany(insert, batch)
                    batch.clear()
            if batch:
                conn.executemany(insert, batch)
            added = conn.execute(f'SELECT count(*) FROM "{LAYER_NAME}" WHERE fid > ?', (last_fid,)).fetchone()[0]
            if insert_trigger:
                conn.execute(
                    f'INSERT OR REPLACE INTO "rtree_{LAYER_NAME}_{GEOMETRY_COLUMN}" '
                    f'SELECT fid, ST_MinX("{GEOMETRY_COLUMN}"), ST_MaxX("{GEOMETRY_COLUMN}"), '
                    f'ST_MinY("{GEOMETRY_COLUMN}"), ST_MaxY("{GEOMETRY_COLUMN}") FROM "{LAYER_NAME}" '
                    f'WHERE fid > ? AND "{GEOMETRY_COLUMN}" IS NOT NULL', (last_fid,))
                conn.execute(insert_trigger[0])
            for article in articles:
                article_rows[article.id] = (article.id, article_content_hash(article), article.title,
                                            _iso(article.published), article.url, article.source)
            conn.executemany(
                f'INSERT INTO "{ARTICLES_TABLE}" (article_id, content_hash, title, published, url, source, '
                "first_added, last_added) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET "
                "content_hash = coalesce(excluded.content_hash, content_hash), last_added = excluded.last_added",
                [(*row, now, now) for row in article_rows.values()])
            if also is not None:
                also(conn)
            if added:
                conn.execute(
                    "UPDATE gpkg_contents SET last_change = ?, "
                    f'min_x = (SELECT min(lon) FROM "{LAYER_NAME}" WHERE "{GEOMETRY_COLUMN}" IS NOT NULL), '
                    f'min_y = (SELECT min(lat) FROM "{LAYER_NAME}" WHERE "{GEOMETRY_COLUMN}" IS NOT NULL), '
                    f'max_x = (SELECT max(lon) FROM "{LAYER_NAME}" WHERE "{GEOMETRY_COLUMN}" IS NOT NULL), '
                    f'max_y = (SELECT max(lat) FROM "{LAYER_NAME}" WHERE "{GEOMETRY_COLUMN}" IS NOT NULL) '
                    "WHERE table_name = ?", (now, LAYER_NAME))
            conn.execute("COMMIT")
            return added
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise ExportError(f"cannot add events to {self.path}: {exc}") from None
            raise

    @staticmethod
    def _row(event: Event, now: str) -> tuple:
        point = has_point(event)
        values: list[Any] = [_point_blob(event.lon, event.lat) if point else None]
        for name in COLUMNS:
            value = getattr(event, name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = json.dumps(list(value), ensure_ascii=False)
            elif isinstance(value, float) and not math.isfinite(value):
                value = None
            elif value is not None and not isinstance(value, (str, int, float)):
                value = str(value)
            values.append(value)
        if not point:  # keep lat/lon attributes consistent with the NULL geometry
            values[1 + COLUMNS.index("lat")] = values[1 + COLUMNS.index("lon")] = None
        values.append(event_content_hash(event))
        values.append(now)
        return tuple(values)

    # -- reading ------------------------------------------------------------------------------
    def events(self, *, since: Any = None, until: Any = None, event_type: Any = None,
               country: Any = None, bbox: Any = None) -> Iterator[Event]:
        """Stream stored events in insertion order, filtered like :func:`geomap.filters.filter_events`."""
        flt = EventFilter.from_options(since=since, until=until, event_type=event_type,
                                       country=country, bbox=bbox)
        where, params = _sql_where(flt)
        names = self._columns
        columns = ", ".join(f'"{c}"' for c in (GEOMETRY_COLUMN, *names))
        sql = f'SELECT {columns} FROM "{LAYER_NAME}"{where} ORDER BY fid'
        try:
            cursor = self._conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise InputError(f"cannot read event store {self.path}: {exc}") from None
        try:
            for n, row in enumerate(cursor):
                record = dict(zip(names, row[1:]))
                event = event_from_record(record, lonlat=_decode_point_blob(row[0]),
                                          where=f"{self.path} (layer {LAYER_NAME}, row {n + 1})")
                if flt.is_empty or flt.matches(event):
                    yield event
        except (sqlite3.Error, struct.error) as exc:  # a corrupt page or point blob
            raise InputError(f"cannot read event store {self.path}: {exc}") from None

    def __iter__(self) -> Iterator[Event]:
        return self.events()

    def count(self, **filters: Any) -> int:
        """Number of stored events (matching ``filters``, as in :meth:`events`)."""
        flt = EventFilter.from_options(**filters)
        if flt.bbox is not None:
            return sum(1 for _ in self.events(**filters))
        where, params = _sql_where(flt)
        return int(self._conn.execute(f'SELECT count(*) FROM "{LAYER_NAME}"{where}', params).fetchone()[0])

    def __len__(self) -> int:
        return self.count()

    def articles_seen(self, articles: Iterable[str | Article]) -> set[str]:
        """The ids of ``articles`` already in the store.

        Give ids (``str``) to ask "was this id added?"; give :class:`Article` objects to also
        require the same content (an article whose text changed counts as not seen).
        """
        ids: dict[str, str | None] = {}
        for item in articles:
            if isinstance(item, Article):
                ids[item.id] = article_content_hash(item)
            else:
                ids[str(item)] = None
        seen: set[str] = set()
        keys = list(ids)
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for article_id, content_hash in self._conn.execute(
                    f'SELECT article_id, content_hash FROM "{ARTICLES_TABLE}" WHERE article_id IN ({marks})',
                    chunk):
                wanted = ids[article_id]
                if wanted is None or content_hash is None or wanted == content_hash:
                    seen.add(article_id)
        return seen

    def info(self) -> dict[str, Any]:
        """Counts and extent, for summaries."""
        conn = self._conn
        n_events = self.count()
        n_articles = conn.execute(f'SELECT count(*) FROM "{ARTICLES_TABLE}"').fetchone()[0]
        first, last = conn.execute(f'SELECT min(event_date), max(event_date) FROM "{LAYER_NAME}"').fetchone()
        extent = conn.execute("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = ?",
                              (LAYER_NAME,)).fetchone()
        return {"path": str(self.path), "events": n_events, "articles": n_articles,
                "first_date": first, "last_date": last,
                "bbox": tuple(extent) if extent and extent[0] is not None else None}


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _sql_where(flt: EventFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if flt.since is not None:
        clauses.append("event_date >= ?")
        params.append(flt.since.isoformat())
    if flt.until is not None:
        clauses.append("event_date <= ?")
        params.append(flt.until.isoformat())
    if (flt.since is not None or flt.until is not None):
        clauses.append("event_date IS NOT NULL")
    if flt.event_types is not None:
        clauses.append(f"lower(coalesce(event_type, '')) IN ({', '.join('?' for _ in flt.event_types)})")
        params.extend(flt.event_types)
    if flt.countries is not None:
        clauses.append(f"upper(coalesce(country_code, '')) IN ({', '.join('?' for _ in flt.countries)})")
        params.extend(flt.countries)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params
