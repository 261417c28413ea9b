"""Representative points for countries and admin-1 regions.

The gazetteer derives a country's or region's point from its member towns, which drifts
toward where people live (Russia's lands near Omsk, Ontario's near Toronto).  News
geoparsing is scored, and maps are read, against the conventional centre points
(GeoNames/World Factbook style: Russia 60N 100E).  The PyPI package
``countrystatecity-countries`` (countries-states-cities-database, ODbL) carries such
points for 250 countries and ~5,300 states; this module reads its JSON directly (without
importing the package, which pulls in pydantic) and caches what it reads.

One deliberate override: the United States point is the geographic centre of the
contiguous states (near Lebanon, Kansas), where GeoNames and most gazetteers put it,
instead of the package's 38N 97W.

Reconciling conventions (:func:`with_representative_point`).  Public conventions for a
region's point disagree (Factbook-style "geographic coordinates", encyclopaedia centres,
this package's points, the gazetteer's centre of member places), often by more than the
161 km that news geoparsing is scored at.  The rule, so that the point is robustly central:

* a country listed in the gazetteer's curated ``country_centres.csv`` keeps that point: the
  file already sits between the conventions where they differ by more than ~150 km;
  other countries are handled like admin-1 regions;
* an admin-1 region (or an unlisted country) with two conventions -- the gazetteer's point
  and this package's -- within ``2 * RECONCILE_KM`` of each other gets their midpoint,
  which is within ``RECONCILE_KM`` (161 km) of both; when they disagree by more, one of them
  is broken (a centre of member places pulled off by far islands, or a point placed on the
  capital), and this package's point, an explicit centre, is used;
* a point that lies clearly outside the region's own bbox (from the gazetteer; the
  Factbook's Kuwait point, 45.75E, is in Saudi Arabia) is reconciled the same way with a
  point inside it (the gazetteer's, else the middle of the bbox).
"""
from __future__ import annotations

import dataclasses
import importlib.util
import json
from functools import lru_cache
from pathlib import Path

from gazetteer.geodesy import distance_km
from gazetteer.normalize import fold
from gazetteer.record import Place

__all__ = ["country_point", "admin1_point", "with_representative_point", "reconcile",
           "RECONCILE_KM"]

#: Points of two conventions closer than twice this are merged into their midpoint.
RECONCILE_KM = 161.0

_OVERRIDES = {"US": (39.83, -98.58)}
_GENERIC = ("oblast", "province", "region", "state", "governorate", "prefecture", "county",
            "krai", "kray", "republic of", "republic", "autonomous", "district", "territory",
            "department", "voivodeship", "municipality", "city", "of")


@lru_cache(maxsize=1)
def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("countrystatecity_countries")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data"
    return path if path.is_dir() else None


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[float, float]]:
    base = _data_dir()
    out: dict[str, tuple[float, float]] = {}
    if base is None:
        return out
    try:
        rows = json.loads((base / "countries.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return out
    for row in rows:
        try:
            out[row["iso2"]] = (float(row["latitude"]), float(row["longitude"]))
        except (KeyError, TypeError, ValueError):
            continue
    out.update(_OVERRIDES)
    return out


def _core(name: str) -> str:
    words = [w for w in fold(name).split() if w not in _GENERIC]
    return " ".join(words)


@lru_cache(maxsize=256)
def _states(country_code: str) -> dict[str, tuple[float, float]]:
    base = _data_dir()
    out: dict[str, tuple[float, float]] = {}
    if base is None or not country_code.isalpha():
        return out
    path = base / "by-country" / country_code.upper() / "states.json"
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return out
    for row in rows:
        try:
            point = (float(row["latitude"]), float(row["longitude"]))
        except (KeyError, TypeError, ValueError):
            continue
        for name in (row.get("name"), row.get("native")):
            if name:
                out.setdefault(fold(name), point)
                out.setdefault(_core(name), point)
    return out


def country_point(country_code: str) -> tuple[float, float] | None:
    """(lat, lon) of a country's conventional centre point, or None."""
    return _countries().get(country_code)


def admin1_point(country_code: str, name: str) -> tuple[float, float] | None:
    """(lat, lon) of an admin-1 region's centre point by its name, or None."""
    states = _states(country_code)
    if not states:
        return None
    core = _core(name)
    hit = states.get(fold(name)) or states.get(core)
    if hit is None and len(core) >= 5:
        # adjectival forms: "Kharkiv Oblast" ~ "Kharkivska"; only when the prefix is unique
        near = {v for k, v in states.items() if k[:5] == core[:5]}
        if len(near) == 1:
            hit = near.pop()
    return hit


@lru_cache(maxsize=1)
def _curated_countries() -> dict[str, tuple[float, float]]:
    try:
        from gazetteer.sources.curated import country_centres
    except ImportError:  # pragma: no cover - the gazetteer ships with geomap
        return {}
    try:
        return country_centres()
    except (OSError, ValueError, KeyError):  # pragma: no cover - a damaged install
        return {}


def reconcile(own: tuple[float, float], other: tuple[float, float]) -> tuple[float, float]:
    """One point for two conventions: their midpoint when it is within ``RECONCILE_KM`` of
    both (they are less than twice that apart), else ``other`` (the explicit centre)."""
    if distance_km(own[0], own[1], other[0], other[1]) > 2 * RECONCILE_KM:
        return other
    lon_gap = other[1] - own[1]
    if lon_gap > 180:
        lon_gap -= 360
    elif lon_gap < -180:
        lon_gap += 360
    lon = own[1] + lon_gap / 2
    if lon > 180:
        lon -= 360
    elif lon <= -180:
        lon += 360
    return ((own[0] + other[0]) / 2, lon)


#: Margin (degrees) around a region's bbox within which a point still counts as inside.
BBOX_MARGIN_DEG = 0.5


def _outside(point: tuple[float, float], bbox) -> bool:
    """Is ``point`` clearly outside ``bbox`` (west, south, east, north)?  False when the bbox
    is missing, degenerate (a single place) or crosses the antimeridian."""
    if not bbox:
        return False
    west, south, east, north = bbox
    if not (west < east and south < north):
        return False
    lat, lon = point
    m = BBOX_MARGIN_DEG
    return not (south - m <= lat <= north + m and west - m <= lon <= east + m)


def with_representative_point(place: Place) -> Place:
    """The place with its lat/lon replaced by the reconciled conventional point for countries
    and admin-1 regions (see the module doc; unchanged for other kinds or when no
    convention is known).

    Idempotent: a place whose point is already representative (``place.representative``:
    every place read from a store, and every place this function moved) is returned as is.
    """
    if place.representative or not place.country_code:
        return place
    if place.kind == "country":
        point = _curated_countries().get(place.country_code)
        if point is None:
            point = country_point(place.country_code)
            if point is not None:
                point = reconcile((place.lat, place.lon), point)
    elif place.kind == "admin1":
        point = admin1_point(place.country_code, place.name)
        if point is not None:
            point = reconcile((place.lat, place.lon), point)
    else:
        return place
    if point is None:
        point = (place.lat, place.lon)
    if _outside(point, place.bbox):
        # a convention's point outside the region's own extent (Kuwait 45.75E): reconciled
        # with a point inside (the gazetteer's, else the middle of the extent) -- their
        # midpoint when that serves both, else the inside point
        if not _outside((place.lat, place.lon), place.bbox):
            inside = (place.lat, place.lon)
        else:
            west, south, east, north = place.bbox
            inside = ((south + north) / 2, (west + east) / 2)
        point = reconcile(point, inside)
    if point is None or point == (place.lat, place.lon):
        return place
    return dataclasses.replace(place, lat=point[0], lon=point[1], representative=True)
