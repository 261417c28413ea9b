"""The read side: ``Store`` answers candidate, id, geometry and reverse queries.

The store is opened read-only (``mode=ro`` URI), so any number of processes can read it at
once; writers (build, add) never modify a store in place but replace it atomically
(``storefile.py``).  This module never builds: opening with a build is ``opening.py``.
Lookups are cached per folded name (an LRU of plain tuples), which is what makes the
recognizer's many repeated n-gram probes cheap.
"""
from __future__ import annotations

import json
import math
import os
import sqlite3
import sys
import urllib.parse
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

from gazetteer.errors import GazetteerError
from gazetteer.geodesy import distance_km
from gazetteer.normalize import ROMANIZED_COUNTRIES, fold, romanization_key, strip_admin_suffix
from gazetteer.paths import REPRESENTATIVE_POINTS_SINCE
from gazetteer.ranking import FORMER_NAME_PENALTY, ROMANIZATION_PENALTY, main_name_bonus
from gazetteer.record import Place

_PLACE_COLS = ("rowid, place_id, name, kind, lat, lon, country_code, admin1, admin1_code, "
               "population, feature_code, source, west, south, east, north, score")
_LOOKUP_SQL = (f"SELECT n.is_main, n.lang, {', '.join('p.' + c.strip() for c in _PLACE_COLS.split(','))} "
               "FROM names n JOIN places p ON p.rowid = n.place_rowid WHERE n.folded = ?")
_ADMIN_KINDS = ("admin1", "admin2")
# "X region" with X a city: the city's admin-1 is meant ("Kharkiv region").
_REGION_WORDS_FOR_CITY_ADMIN1 = {"oblast", "region", "province", "krai", "kray",
                                 "governorate", "state", "prefecture", "regional"}
_CACHE_SIZE = 200_000
_FALLBACK_KM = 150.0  # containing() without polygons: nearest place must be this close
_COAST_KM = 10.0      # ... and this close when its region has a polygon that missed the point


_intern = sys.intern


def _intern_opt(value: str | None) -> str | None:
    return None if value is None else _intern(value)


def _prefer_cities_over_namesake_admins(scored: list[list]) -> None:
    """A bare name shared by an admin region and a sizeable city inside it (>= 10 % of the
    region's population) means the city ("Kherson", "Kharkiv", "Los Angeles"): lift the
    city just above the region.  Small namesakes ("Minnesota", MN) stay below."""
    _prefer_cities_over_country_aliases(scored)
    admins = [t for t in scored if t[2].kind in ("admin1", "admin2") and t[2].admin1_code]
    if not admins:
        return
    for t in scored:
        place = t[2]
        if place.kind != "city" or not place.admin1_code:
            continue
        for a in admins:
            adm = a[2]
            if adm.admin1_code == place.admin1_code and a[0] >= t[0] \
                    and place.population >= max(1000, 0.1 * adm.population):
                if adm.kind == "admin1" or _inside(place, adm):
                    t[0] = a[0] + 0.01


def _prefer_cities_over_country_aliases(scored: list[list]) -> None:
    """A country reached only through an alternate spelling ("Uman" for Oman) yields to a
    sizeable city (>= 50,000) whose own name it is (Uman, Ukraine)."""
    countries = [t for t in scored if t[2].kind == "country" and not t[1]]
    if not countries:
        return
    top = max(t[0] for t in countries)
    for t in scored:
        if t[2].kind == "city" and t[1] and t[2].population >= 50_000 and t[0] <= top:
            t[0] = top + 0.01


def _inside(place: Place, region: Place) -> bool:
    if region.bbox is None:
        return False
    west, south, east, north = region.bbox
    return south <= place.lat <= north and west <= place.lon <= east


class Store:
    """A read-only handle on one store file.  Cheap to open; safe to share per process.

    Pickles by path (it reopens in the receiving process), so it can be handed to
    multiprocessing or Dask workers.  ``gazetteer.Gazetteer`` (``opening.py``) is this
    handle plus ``Gazetteer.open``, which builds a missing or stale store first.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        if not self.path.exists():
            raise GazetteerError(f"gazetteer store not found: {self.path}")
        uri = "file:" + urllib.parse.quote(str(self.path.resolve())) + "?mode=ro"
        try:
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._conn.execute("PRAGMA query_only=1")
            self._meta = dict(self._conn.execute(
                "SELECT key, value FROM meta WHERE key != 'bloom'"))
        except sqlite3.Error as exc:
            raise GazetteerError(f"not a gazetteer store: {self.path} ({exc})") from exc
        self.schema_version = int(self._meta.get("schema_version", "0") or 0)
        self.data_version = int(self._meta.get("data_version", "0") or 0)
        self._cache: OrderedDict[str, tuple] = OrderedDict()
        self._places: dict[int, Place] = {}
        self._bloom = None  # loaded on first lookup
        self._bounds_table: bool | None = None
        self.max_name_tokens = int(self._meta.get("max_name_tokens", "4"))
        # stores since this schema hold representative points (see representative.py)
        self._representative = self.schema_version >= REPRESENTATIVE_POINTS_SINCE

    def close(self) -> None:
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()
            self._conn = None  # type: ignore[assignment]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __getstate__(self) -> dict:
        return {"path": str(self.path)}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"])  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r})"

    # ------------------------------------------------------------ lookups
    def _rows(self, folded: str) -> tuple:
        """All (score, is_main, Place) for a folded name, best first (cached).

        Besides the exact key, the romanization variant key (``romanization_key``: the
        store files it for Ukrainian, Russian and Belarusian places) reaches places the
        exact key does not ("Hulyaipole" -> Hulyaypole), ROMANIZATION_PENALTY lower.  A
        place reached through a former name ("Pokrovsk" -> Engels) is FORMER_NAME_PENALTY
        lower when another candidate bears that name now.
        """
        hit = self._cache.get(folded)
        if hit is not None:
            return hit
        bloom = self._bloom
        if bloom is None:
            bloom = self._load_bloom()
        variant = romanization_key(folded)
        if bloom is False:
            keys = [folded] if variant == folded else [folded, variant]
        elif variant == folded:
            keys = [folded] if folded in bloom else []
        else:
            keys = [k for k in (folded, variant) if k in bloom]
        if not keys:
            self._remember(folded, ())
            return ()
        try:
            rows = []
            for key in keys:
                found = self._conn.execute(_LOOKUP_SQL, (key,)).fetchall()
                rows.extend(r for r in found if key == folded or r[1] == "rom")
        except (sqlite3.Error, AttributeError) as exc:
            raise GazetteerError(f"gazetteer query failed: {exc}") from exc
        bonus = main_name_bonus(folded)
        current = any(r[0] for r in rows)
        best: dict[int, list] = {}
        for row in rows:
            is_main, lang = row[0], row[1]
            place = self._place_from_row(row[2:])
            score = row[-1] + (bonus if is_main else 0.0)
            if not is_main and place.country_code in ROMANIZED_COUNTRIES \
                    and romanization_key(fold(place.name)) == variant:
                score += bonus  # its own name in another romanization ("Sloviansk": Slovyansk)
            if lang == "rom":
                score -= ROMANIZATION_PENALTY
            elif lang == "former" and current:
                score -= FORMER_NAME_PENALTY
            old = best.get(row[2])
            if old is None or old[0] < score:
                best[row[2]] = [score, is_main, place]
        out = list(best.values())
        if len(out) > 1:
            _prefer_cities_over_namesake_admins(out)
        out.sort(key=lambda t: (-t[0], t[2].place_id))
        result = tuple(tuple(t) for t in out)
        self._remember(folded, result)
        return result

    def _remember(self, folded: str, result: tuple) -> None:
        self._cache[folded] = result
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)

    def _load_bloom(self):
        """The stored Bloom filter of all names, or False when the store has none."""
        from gazetteer.bloom import Bloom
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'bloom'").fetchone()
        try:
            m, k = int(self._meta["bloom_m"]), int(self._meta["bloom_k"])
        except (KeyError, ValueError):
            row = None
        self._bloom = Bloom(bytes(row[0]), m, k) if row and row[0] else False
        return self._bloom

    def _place_from_row(self, row: tuple) -> Place:
        rowid = row[0]
        place = self._places.get(rowid)
        if place is None:
            (_, place_id, name, kind, lat, lon, cc, admin1, admin1_code, pop, fcode, source,
             west, south, east, north, _score) = row
            bbox = (west, south, east, north) if west is not None else None
            # the short codes recur across places: one string object each, not one per
            # place (SQLite hands out a new object per row)
            place = Place(place_id=place_id, name=name, kind=_intern(kind), lat=lat, lon=lon,
                          country_code=_intern_opt(cc), admin1=_intern_opt(admin1),
                          admin1_code=_intern_opt(admin1_code), population=pop,
                          feature_code=_intern_opt(fcode), source=_intern(source), bbox=bbox,
                          representative=self._representative)
            self._places[rowid] = place
        return place

    def has_name(self, folded: str) -> bool:
        """Whether any place has this (already folded) name."""
        return bool(self._rows(folded))

    def lookup(self, folded: str) -> list[Place]:
        """Places with this (already folded) name, best prior first."""
        return [t[2] for t in self._rows(folded)]

    def lookup_many(self, folded_names: Iterable[str]) -> dict[str, list[Place]]:
        """``{folded: [Place, ...]}`` for those of the (already folded) names that exist."""
        out: dict[str, list[Place]] = {}
        missing = []
        for key in folded_names:
            hit = self._cache.get(key)
            if hit is None:
                missing.append(key)
            elif hit:
                out[key] = [t[2] for t in hit]
        for key in dict.fromkeys(missing):
            rows = self._rows(key)
            if rows:
                out[key] = [t[2] for t in rows]
        return out

    def candidates(self, name: str, *, country: str | None = None, kind: str | None = None,
                   limit: int = 20) -> list[Place]:
        """Places called ``name`` (any of their names, after folding), best prior first.

        "X Oblast" / "X region" / "X province" also find admin regions named X, and the
        admin-1 region of a sizeable city X ("Kharkiv region").
        """
        folded = fold(name)
        if not folded:
            return []
        rows = self._rows(folded)
        split = strip_admin_suffix(folded) if " " in folded else None
        if split is not None and not any(t[2].kind in _ADMIN_KINDS for t in rows):
            rows = self._with_admin_variants(rows, *split)
        out = []
        cc = country.upper() if country else None
        for _score, _is_main, place in rows:
            if cc and place.country_code != cc:
                continue
            if kind and place.kind != kind:
                continue
            out.append(place)
            if len(out) >= limit:
                break
        return out

    def _with_admin_variants(self, rows: tuple, base: str, word: str) -> list:
        """Add admin regions called ``base`` (and the admin-1 of a sizeable city ``base``)
        to the matches of "base word" ("Bryansk region")."""
        scored: dict[int, tuple[float, int, Place]] = {}

        def add(score: float, place: Place) -> None:
            key = id(place)
            if key not in scored or scored[key][0] < score:
                scored[key] = (score, 0, place)

        for score, _is_main, place in rows:
            add(score, place)
        base_rows = self._rows(base)
        for score, _is_main, place in base_rows:
            if place.kind in _ADMIN_KINDS:
                add(score + 2.0, place)
        if word in _REGION_WORDS_FOR_CITY_ADMIN1:
            for score, _is_main, place in base_rows[:5]:
                if place.kind == "city" and place.admin1_code and place.population >= 20_000:
                    for adm in self._admin1_by_code(place.admin1_code):
                        add(score + 1.0, adm)
        return sorted(scored.values(), key=lambda t: (-t[0], t[2].place_id))

    def _admin1_by_code(self, admin1_code: str) -> list[Place]:
        rows = self._conn.execute(
            f"SELECT {_PLACE_COLS} FROM places WHERE admin1_code = ? AND kind = 'admin1' "
            "ORDER BY score DESC LIMIT 1", (admin1_code,)).fetchall()
        return [self._place_from_row(r) for r in rows]

    def get(self, place_id: str) -> Place | None:
        """The place with this id (GeoNames id as a string, or a ``geomap:...`` id)."""
        row = self._conn.execute(f"SELECT {_PLACE_COLS} FROM places WHERE place_id = ?",
                                 (str(place_id),)).fetchone()
        return self._place_from_row(row) if row else None

    def names(self, place_id: str) -> list[str]:
        """The folded names of a place (main name first)."""
        return [r[0] for r in self._conn.execute(
            "SELECT n.folded FROM names n JOIN places p ON p.rowid = n.place_rowid "
            "WHERE p.place_id = ? ORDER BY n.is_main DESC, n.folded", (str(place_id),))]

    def geometry(self, place_id: str) -> dict | None:
        """GeoJSON geometry: an imported one (Natural Earth, GeoJSON), else the bbox of a
        curated feature as a Polygon, else None (cities; admin regions without imports)."""
        row = self._conn.execute(
            "SELECT g.geojson, p.source, p.west, p.south, p.east, p.north FROM places p "
            "LEFT JOIN geometries g ON g.place_rowid = p.rowid WHERE p.place_id = ?",
            (str(place_id),)).fetchone()
        if row is None:
            return None
        geojson, source, west, south, east, north = row
        if geojson:
            return json.loads(geojson)
        if west is None or source != "geomap-curated":
            return None  # derived admin/country boxes are not outlines
        return {"type": "Polygon", "coordinates": [[
            [west, south], [east, south], [east, north], [west, north], [west, south]]]}

    def _has_geometry_bounds(self) -> bool:
        if self._bounds_table is None:
            self._bounds_table = self._conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'geometry_bounds'"
            ).fetchone() is not None
        return self._bounds_table

    def point_near(self, place_id: str, near: Iterable[tuple[float, float]]
                   ) -> tuple[float, float, float] | None:
        """The point of a place's line or area geometry (a river, sea, lake, region) nearest
        to any of the ``near`` points ``(lat, lon)`` -- the Danube at Izmail for a text that
        also names Izmail -- as ``(lat, lon, km)``; None without a real geometry or points.
        See ``gazetteer.geometry.point_near``."""
        from gazetteer.geometry import point_near

        row = self._conn.execute(
            "SELECT g.geojson FROM places p JOIN geometries g ON g.place_rowid = p.rowid "
            "WHERE p.place_id = ?", (str(place_id),)).fetchone()
        if row is None:
            return None
        return point_near(json.loads(row[0]), near)

    def reverse(self, lat: float, lon: float) -> Place | None:
        """The nearest populated place (kind city) to a point, or None if there is none."""
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GazetteerError(f"coordinates out of range: {lat}, {lon}")
        for radius in (0.25, 1.0, 4.0, 16.0, 180.0):
            dlon = min(180.0, radius / max(math.cos(math.radians(min(abs(lat), 89.0))), 0.05))
            rows = self._conn.execute(
                f"SELECT {_PLACE_COLS} FROM places WHERE kind = 'city' "
                "AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
                (lat - radius, lat + radius, lon - dlon, lon + dlon)).fetchall()
            if rows:
                best = min(rows, key=lambda r: distance_km(lat, lon, r[4], r[5]))
                if distance_km(lat, lon, best[4], best[5]) <= radius * 111.0 or radius >= 180:
                    return self._place_from_row(best)
        return None

    def largest_places(self, west: float, south: float, east: float, north: float, *,
                       limit: int = 200, kinds: Iterable[str] = ("city",)) -> list[Place]:
        """The most populous places of ``kinds`` inside a box, largest first (ties by name).

        ``west > east`` is a box across the antimeridian.  Read-only: one query on ``places``
        (for orientation labels on maps).  Places without a population (0) come last.
        """
        values = (west, south, east, north)
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                   for v in values):
            raise GazetteerError(f"largest_places: the box must be four finite numbers, not {values!r}")
        if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
            raise GazetteerError(f"largest_places: box out of range: {values!r}")
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
            raise GazetteerError(f"largest_places: limit must be an int >= 0, not {limit!r}")
        kinds = [kinds] if isinstance(kinds, str) else [str(k) for k in kinds]
        if not kinds or not limit:
            return []
        lon_sql = "lon BETWEEN ? AND ?" if west <= east else "(lon >= ? OR lon <= ?)"
        rows = self._conn.execute(
            f"SELECT {_PLACE_COLS} FROM places WHERE kind IN ({', '.join('?' * len(kinds))}) "
            f"AND lat BETWEEN ? AND ? AND {lon_sql} ORDER BY population DESC, name, place_id LIMIT ?",
            (*kinds, south, north, west, east, limit)).fetchall()
        return [self._place_from_row(row) for row in rows]

    def admin1_geometries(self, country_codes: Iterable[str], *,
                          box: tuple[float, float, float, float] | None = None
                          ) -> list[tuple[str, str, dict]]:
        """``(place_id, name, GeoJSON geometry)`` of the admin-1 regions of these countries
        (ISO alpha-2) that have an imported polygon, by country then name; empty when the
        store holds none (a store without admin-1 polygons).  ``box`` ``(west, south, east,
        north)``, west <= east, keeps the regions whose polygon's extent meets it.  Read-only
        (the region boundaries of maps); never a derived bounding box."""
        codes = sorted({str(c).upper() for c in ([country_codes] if isinstance(country_codes, str)
                                                  else country_codes) if c})
        if not codes:
            return []
        sql = ("SELECT p.place_id, p.name, g.geojson FROM places p JOIN geometries g "
               "ON g.place_rowid = p.rowid ")
        params: list = []
        if box is not None:
            west, south, east, north = (float(v) for v in box)
            if not all(math.isfinite(v) for v in (west, south, east, north)) or south > north:
                raise GazetteerError(f"admin1_geometries: bad box {box!r}")
            if self._has_geometry_bounds():
                sql += ("JOIN geometry_bounds b ON b.place_rowid = p.rowid WHERE b.west <= ? "
                        "AND b.east >= ? AND b.south <= ? AND b.north >= ? AND ")
                params += [east, west, north, south]
            else:
                sql += "WHERE "
        else:
            sql += "WHERE "
        sql += (f"p.kind = 'admin1' AND p.country_code IN ({', '.join('?' * len(codes))}) "
                "ORDER BY p.country_code, p.name, p.place_id")
        out = []
        for place_id, name, geojson in self._conn.execute(sql, (*params, *codes)):
            try:
                geometry = json.loads(geojson)
            except ValueError:
                continue
            if isinstance(geometry, dict) and geometry.get("type") in ("Polygon", "MultiPolygon"):
                out.append((place_id, name, geometry))
        return out

    def containing(self, lat: float, lon: float, *, kind: str = "admin1") -> Place | None:
        """The ``kind`` region (admin1, admin2, country, region...) containing a point.

        Uses the polygons the store has (Natural Earth admin-1 in the default build, admin-0
        or GeoJSON when imported); where none covers the point, for admin1 and country, the
        region of the nearest populated place within 150 km -- within 10 km if that region
        has a polygon (a simplified coastline).  None at sea or when nothing fits.
        """
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GazetteerError(f"coordinates out of range: {lat}, {lon}")
        cols = ", ".join("p." + c.strip() for c in _PLACE_COLS.split(","))
        if self._has_geometry_bounds():
            sql = (f"SELECT {cols}, g.geojson FROM places p JOIN geometry_bounds b ON "
                   "b.place_rowid = p.rowid JOIN geometries g ON g.place_rowid = p.rowid "
                   "WHERE p.kind = ? AND b.west <= ? AND b.east >= ? AND b.south <= ? "
                   "AND b.north >= ?")
        else:
            sql = (f"SELECT {cols}, g.geojson FROM places p JOIN geometries g ON "
                   "g.place_rowid = p.rowid WHERE p.kind = ? AND p.west <= ? AND p.east >= ? "
                   "AND p.south <= ? AND p.north >= ?")
        rows = self._conn.execute(sql, (kind, lon, lon, lat, lat)).fetchall()
        if rows:
            from shapely.geometry import Point, shape
            point = Point(lon, lat)
            hits = []
            for row in rows:
                geom = shape(json.loads(row[-1]))
                if geom.geom_type.endswith("Polygon") and geom.covers(point):
                    hits.append((geom.area, row[:-1]))
            if hits:
                return self._place_from_row(min(hits, key=lambda h: h[0])[1])
        if kind not in ("admin1", "country"):
            return None
        # no polygon covers the point: the region of the nearest populated place within
        # _FALLBACK_KM -- unless that region has a polygon, which then missed the point by
        # more than a simplified coastline would (_COAST_KM): the point is elsewhere
        near = self.reverse(lat, lon)
        if near is None:
            return None
        km = distance_km(lat, lon, near.lat, near.lon)
        if km > _FALLBACK_KM:
            return None
        if kind == "admin1":
            found = self._admin1_by_code(near.admin1_code) if near.admin1_code else []
            region = found[0] if found else None
        else:
            row = self._conn.execute(f"SELECT {_PLACE_COLS} FROM places WHERE kind = 'country' "
                                     "AND country_code = ?", (near.country_code,)).fetchone()
            region = self._place_from_row(row) if row else None
        if region is not None and km > _COAST_KM and self._conn.execute(
                "SELECT 1 FROM places p JOIN geometries g ON g.place_rowid = p.rowid "
                "WHERE p.place_id = ?", (region.place_id,)).fetchone():
            return None
        return region

    # ------------------------------------------------------------ info
    def info(self) -> dict:
        """Path, schema version, counts per kind and source, size, build time, attribution."""
        kinds = dict(self._conn.execute("SELECT kind, COUNT(*) FROM places GROUP BY kind"))
        sources = dict(self._conn.execute(
            "SELECT source, COUNT(*) FROM places GROUP BY source"))
        names = self._conn.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        geoms = self._conn.execute("SELECT COUNT(*) FROM geometries").fetchone()[0]
        by_kind: dict[str, dict[str, int]] = {}
        for kind, shape_kind, count in self._conn.execute(
                "SELECT p.kind, CASE WHEN g.geojson LIKE '{\"type\":\"%LineString%' THEN 'lines' "
                "WHEN g.geojson LIKE '{\"type\":\"%Polygon%' THEN 'areas' ELSE 'other' END, "
                "COUNT(*) FROM geometries g JOIN places p ON p.rowid = g.place_rowid "
                "GROUP BY 1, 2"):
            by_kind.setdefault(kind, {})[shape_kind] = count

        def js(key: str, default):
            try:
                return json.loads(self._meta[key])
            except (KeyError, ValueError):
                return default

        return {
            "path": str(self.path),
            "schema_version": self.schema_version,
            "data_version": self.data_version,
            "size_mb": round(self.path.stat().st_size / 1e6, 1),
            "places": sum(kinds.values()),
            "names": names,
            "geometries": geoms,
            "geometries_by_kind": by_kind,
            "kinds": kinds,
            "sources": sources,
            "built_at": self._meta.get("built_at"),
            "build_seconds": float(self._meta.get("build_seconds", "0") or 0),
            "imports": js("imports", []),
            "attribution": js("attribution", []),
            "max_name_tokens": self.max_name_tokens,
        }

