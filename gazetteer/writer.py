"""Write PlaceRecords into a store file: the schema, inserts and merges.

Tables
- ``meta(key, value)``: schema_version, build time, sources, attribution, max_name_tokens...
- ``places``: one row per place, ``score`` is the prior (see ranking.py).
- ``names(folded, place_rowid, is_main, lang)``: WITHOUT ROWID, clustered by the folded key,
  so a lookup reads one contiguous run of the B-tree.  ``lang`` is a language code where
  the source gives one, ``'rom'`` for a romanization variant key
  (``normalize.romanization_key``, places in ``ROMANIZED_COUNTRIES`` only) and ``'former'``
  for a name the place no longer bears (``data/former_names.csv``).
- ``geometries(place_rowid, geojson, source)``: optional full geometries (Natural Earth, GeoJSON).
- ``geometry_bounds(place_rowid, west, south, east, north)``: the extent of each geometry.
- ``source_points(place_rowid, lat, lon, stored_lat, stored_lon)``: for countries and admin-1
  regions whose stored point is their representative point (see ``representative.py``), the
  point their sources gave and the point stored, so later imports can recompute it.
"""
from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable

from gazetteer.normalize import ROMANIZED_COUNTRIES, romanization_key
from gazetteer.normalize import fold_uncached as fold
from gazetteer.ranking import prior
from gazetteer.records import KINDS, PlaceRecord

#: The extent of each stored geometry (containing() selects polygons by it).  Added in data
#: version 9 without a schema change: stores without it fall back to the places' bbox.
GEOMETRY_BOUNDS_DDL = """
CREATE TABLE IF NOT EXISTS geometry_bounds(
    place_rowid INTEGER PRIMARY KEY,
    west REAL NOT NULL, south REAL NOT NULL, east REAL NOT NULL, north REAL NOT NULL
);
"""
DDL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS places(
    rowid INTEGER PRIMARY KEY,
    place_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country_code TEXT,
    admin1 TEXT,
    admin1_code TEXT,
    population INTEGER NOT NULL DEFAULT 0,
    feature_code TEXT,
    source TEXT NOT NULL,
    west REAL, south REAL, east REAL, north REAL,
    score REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS names(
    folded TEXT NOT NULL,
    place_rowid INTEGER NOT NULL,
    is_main INTEGER NOT NULL,
    lang TEXT,
    PRIMARY KEY (folded, place_rowid)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS source_points(
    place_rowid INTEGER PRIMARY KEY,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    stored_lat REAL NOT NULL,
    stored_lon REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS geometries(
    place_rowid INTEGER PRIMARY KEY,
    geojson TEXT NOT NULL,
    source TEXT NOT NULL
);
""" + GEOMETRY_BOUNDS_DDL
INDEXES = """
CREATE INDEX IF NOT EXISTS places_reverse ON places(kind, lat, lon);
CREATE INDEX IF NOT EXISTS places_admin1 ON places(admin1_code, kind);
CREATE INDEX IF NOT EXISTS names_rowid ON names(place_rowid);
"""

MAX_NAME_TOKENS = 8      # longer names are stored but never needed by an n-gram recognizer
MAX_NAME_CHARS = 120
MIN_VARIANT_CHARS = 5    # shorter romanization keys would match too much ("kiv", "lviv")


def usable_key(key: str) -> bool:
    """Whether a folded name is worth indexing."""
    return 0 < len(key) <= MAX_NAME_CHARS and any(ch.isalpha() for ch in key)


def valid_coordinates(lat: float, lon: float) -> bool:
    return (isinstance(lat, (int, float)) and isinstance(lon, (int, float))
            and math.isfinite(lat) and math.isfinite(lon)
            and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0)


def create_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(DDL)


def create_indexes(conn: sqlite3.Connection) -> None:
    conn.executescript(INDEXES)


def set_meta(conn: sqlite3.Connection, **values: object) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
        [(k, v if isinstance(v, str) else json.dumps(v)) for k, v in values.items()],
    )


def get_meta(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM meta"))


def _place_row(rec: PlaceRecord, score: float) -> tuple:
    west = south = east = north = None
    if rec.bbox is not None:
        west, south, east, north = rec.bbox
    return (rec.place_id, rec.name, rec.kind, float(rec.lat), float(rec.lon), rec.country_code,
            rec.admin1, rec.admin1_code, int(rec.population or 0), rec.feature_code, rec.source,
            west, south, east, north, score)


def _name_rows(rowid: int, rec: PlaceRecord, *, main: bool = True) -> list[tuple]:
    rows: dict[str, tuple] = {}
    key = fold(rec.name)
    if usable_key(key):
        rows[key] = (key, rowid, 1 if main else 0, None)
    for name, lang in rec.lang_names:
        key = fold(name)
        if usable_key(key) and key not in rows:
            rows[key] = (key, rowid, 0, lang)
    for name in rec.alt_names:
        key = fold(name)
        if usable_key(key) and key not in rows:
            rows[key] = (key, rowid, 0, None)
    if rec.country_code in ROMANIZED_COUNTRIES:
        # the romanization variant keys (normalize.romanization_key), flagged 'rom'
        for key in list(rows):
            variant = romanization_key(key)
            if len(variant) >= MIN_VARIANT_CHARS and variant not in rows:
                rows[variant] = (variant, rowid, 0, "rom")
    return list(rows.values())


_PLACE_SQL = ("INSERT INTO places(place_id, name, kind, lat, lon, country_code, admin1, "
              "admin1_code, population, feature_code, source, west, south, east, north, score)"
              " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
# Merging keeps the existing name and kind.  A place's own GeoNames record (a dump:
# source 'geonames-dump') is authoritative for that id: its point, feature code and (when
# it gives one) population replace ours -- countries and admin regions included -- and the
# place's source becomes 'geonames-dump', so representative.py leaves its point alone (the
# id and the point then agree).  Other sources only fill gaps.
_MERGE_SQL = (
    "UPDATE places SET "
    "lat = CASE WHEN ?1 THEN ?2 ELSE lat END, lon = CASE WHEN ?1 THEN ?3 ELSE lon END, "
    "admin1 = COALESCE(admin1, ?4), admin1_code = COALESCE(admin1_code, ?5), "
    "population = CASE WHEN ?1 AND ?6 > 0 THEN ?6 ELSE MAX(population, ?6) END, "
    "feature_code = CASE WHEN ?1 THEN COALESCE(?7, feature_code) "
    "ELSE COALESCE(feature_code, ?7) END, "
    "source = CASE WHEN ?1 THEN 'geonames-dump' ELSE source END, "
    "west = COALESCE(west, ?8), south = COALESCE(south, ?9), east = COALESCE(east, ?10), "
    "north = COALESCE(north, ?11), score = MAX(score, ?12) WHERE rowid = ?13")


def insert_places(conn: sqlite3.Connection, records: Iterable[PlaceRecord], *,
                  merge: bool = False) -> tuple[int, int]:
    """Insert records; with ``merge`` an existing place_id gains names and fills gaps.

    Returns (inserted, merged).
    """
    inserted = merged = 0
    name_rows: list[tuple] = []
    geom_rows: list[tuple] = []
    for rec in records:
        if rec.kind not in KINDS:
            raise ValueError(f"unknown kind {rec.kind!r} for {rec.name!r}")
        score = rec.score if rec.score is not None else prior(rec.kind, rec.population,
                                                               rec.feature_code)
        rowid = None
        if merge:
            found = conn.execute("SELECT rowid FROM places WHERE place_id = ?",
                                 (rec.place_id,)).fetchone()
            if found is not None:
                rowid = found[0]
                authoritative = rec.source == "geonames-dump"
                west = south = east = north = None
                if rec.bbox is not None:
                    west, south, east, north = rec.bbox
                conn.execute(_MERGE_SQL, (
                    authoritative, rec.lat, rec.lon, rec.admin1, rec.admin1_code,
                    int(rec.population or 0), rec.feature_code,
                    west, south, east, north, score, rowid))
                merged += 1
                name_rows.extend(_name_rows(rowid, rec, main=False))
        if rowid is None:
            rowid = conn.execute(_PLACE_SQL, _place_row(rec, score)).lastrowid
            inserted += 1
            name_rows.extend(_name_rows(rowid, rec))
        if rec.geometry is not None:
            geom_rows.append((rowid, json.dumps(rec.geometry, separators=(",", ":")), rec.source))
        if len(name_rows) > 50_000:
            conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", name_rows)
            name_rows.clear()
    conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", name_rows)
    conn.executemany("INSERT OR REPLACE INTO geometries VALUES (?,?,?)", geom_rows)
    return inserted, merged


def add_names(conn: sqlite3.Connection, rowid: int, names: Iterable[str]) -> int:
    rows = [(k, rowid, 0, None) for k in {fold(n) for n in names} if usable_key(k)]
    before = conn.total_changes
    conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", rows)
    return conn.total_changes - before


def finalize(conn: sqlite3.Connection) -> None:
    """Recompute derived meta (max_name_tokens, counts)."""
    max_tokens = 1
    for (key,) in conn.execute("SELECT folded FROM names WHERE folded LIKE '% % %'"):
        n = key.count(" ") + 1
        if max_tokens < n <= MAX_NAME_TOKENS:
            max_tokens = n
    if max_tokens < 2 and conn.execute(
            "SELECT 1 FROM names WHERE folded LIKE '% %' LIMIT 1").fetchone():
        max_tokens = 2
    set_meta(conn, max_name_tokens=str(max_tokens))
    _write_bloom(conn)


def _write_bloom(conn: sqlite3.Connection) -> None:
    from gazetteer.bloom import build_bits

    n = conn.execute("SELECT COUNT(DISTINCT folded) FROM names").fetchone()[0]
    keys = (row[0] for row in conn.execute("SELECT DISTINCT folded FROM names"))
    bits, m, k = build_bits(keys, n)
    conn.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                     [("bloom", bits), ("bloom_m", str(m)), ("bloom_k", str(k))])
