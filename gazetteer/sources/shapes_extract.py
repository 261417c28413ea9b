"""Make the shapes the default build ships, from a Natural Earth directory (maintainers only).

    python -m gazetteer.sources.shapes_extract ../shared/data/natural-earth gazetteer/data

No registry package carries named admin-1 boundaries *and* named river, sea and lake
geometries at a usable size (see gazetteer/README.md, "Shapes"), so the default build reads
four small files written by this script from Natural Earth 10m (public domain):

- ``ne_shapes_admin_1_states_provinces.geojson.gz``: every admin-1 polygon of the world,
  simplified to ~0.02 deg (about 2 km), properties reduced to the names and GeoNames keys
  that the importer matches on (``gn_id``, ``gn_a1_code``);
- ``ne_shapes_rivers_lake_centerlines.geojson.gz`` (world and Europe layers merged),
  ``ne_shapes_geography_marine_polys.geojson.gz``, ``ne_shapes_lakes.geojson.gz`` and
  ``ne_shapes_geography_regions_polys.geojson.gz``: only the features whose name is a name
  of one of our curated physical features (``physical_features.csv``), so the build attaches
  geometries and adds no new places.

The build imports them exactly as ``gazetteer add <Natural Earth directory>`` would
(``importers.attach_natural_earth``).
"""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from gazetteer.normalize import fold

PREFIX = "ne_shapes_"
# (source fragment, output fragment, tolerance, keep properties, only curated names)
_OUTPUTS = (
    ("admin_1_states_provinces", "admin_1_states_provinces", 0.02,
     ("name", "name_en", "gn_name", "gn_id", "gn_a1_code", "iso_a2"), False),
    ("rivers_lake_centerlines", "rivers_lake_centerlines", 0.01,
     ("name", "name_en", "name_alt", "rivernum", "featurecla"), True),
    ("rivers_europe", "rivers_lake_centerlines", 0.01,
     ("name", "name_en", "name_alt", "rivernum", "featurecla"), True),
    ("geography_marine_polys", "geography_marine_polys", 0.02,
     ("name", "name_en", "name_alt", "namealt", "featurecla"), True),
    ("lakes", "lakes", 0.005, ("name", "name_en", "name_alt", "featurecla"), True),
    ("geography_regions_polys", "geography_regions_polys", 0.03,
     ("name", "name_en", "name_alt", "namealt", "featurecla"), True),
)


def _curated_names() -> set[str]:
    from gazetteer.sources.curated import physical_features
    names: set[str] = set()
    for rec in physical_features():
        names.update(fold(n) for n in (rec.name, *rec.alt_names))
    return names


def _read(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)["features"]


def extract(source: Path, target: Path) -> dict[str, int]:
    import shapely
    from shapely.geometry import mapping, shape

    curated = _curated_names()
    out: dict[str, list[dict]] = {}
    for fragment, name, tolerance, keep, only_curated in _OUTPUTS:
        files = [p for p in sorted(source.iterdir()) if fragment in p.name
                 and p.name.endswith(".geojson.gz")
                 and not (fragment == "rivers_lake_centerlines" and "europe" in p.name)]
        for path in files:
            for feat in _read(path):
                props = feat.get("properties") or {}
                if only_curated and not any(
                        isinstance(props.get(k), str) and fold(props[k]) in curated
                        for k in ("name", "name_en", "name_alt", "namealt")):
                    continue
                if not feat.get("geometry"):
                    continue
                geom = shape(feat["geometry"]).simplify(tolerance, preserve_topology=True)
                geom = shapely.set_precision(geom, 1e-3)
                if geom.is_empty:
                    continue
                kept = {k: props[k] for k in keep if props.get(k) not in (None, "")}
                if fragment == "rivers_europe" and "rivernum" in kept:
                    kept["rivernum"] = f"eu{kept['rivernum']}"
                out.setdefault(name, []).append(
                    {"type": "Feature", "properties": kept, "geometry": mapping(geom)})
    counts = {}
    for name, features in out.items():
        path = target / f"{PREFIX}{name}.geojson.gz"
        data = json.dumps({"type": "FeatureCollection", "features": features},
                          separators=(",", ":"), ensure_ascii=False)
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
            fh.write(data)
        counts[path.name] = len(features)
    return counts


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    for file, count in extract(Path(sys.argv[1]), Path(sys.argv[2])).items():
        print(f"{file}: {count} features")
