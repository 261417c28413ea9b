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
"""
from __future__ import annotations

import dataclasses
import importlib.util
import json
from functools import lru_cache
from pathlib import Path

from gazetteer.normalize import fold
from gazetteer.record import Place

__all__ = ["country_point", "admin1_point", "with_representative_point"]

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


def with_representative_point(place: Place) -> Place:
    """The place with its lat/lon replaced by the conventional point for countries and
    admin-1 regions (unchanged when none is known or for other kinds)."""
    if not place.country_code:
        return place
    if place.kind == "country":
        point = country_point(place.country_code)
    elif place.kind == "admin1":
        point = admin1_point(place.country_code, place.name)
    else:
        return place
    if point is None:
        return place
    return dataclasses.replace(place, lat=point[0], lon=point[1])
