"""`add_file`: GeoNames dumps (.txt/.zip/.gz), CSV, GeoJSON and Natural Earth layers,
bad lines, strict mode and atomic replacement.  Every test works on a copy of the store."""
from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sqlite3
import warnings
import zipfile
from pathlib import Path

import pytest
from gazetteer_subset import subset_store

from gazetteer import Gazetteer, GazetteerError, GazetteerWarning
from gazetteer.importers import add_file

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

ROBOTYNE = ("99900001\tRobotyne\tRobotyne\tРоботине,Работино,Rabotino\t47.44278\t35.83694\tP\tPPL\t"
            "UA\t\t26\t\t\t\t0\t\t85\tEurope/Zaporozhye\t2023-01-01\n")
VILLAGE_2 = ("99900002\tStaromaiorske\tStaromaiorske\tСтаромайорське\t47.8\t36.75\tP\tPPL\tUA\t\t"
             "14\t\t\t\t0\t\t150\tEurope/Kyiv\t2023-01-01\n")
CORRUPT = "99900003\tBroken village\tonly a few columns\n"


@pytest.fixture(scope="session")
def small_store(gazetteer_store, tmp_path_factory) -> Path:
    """The default store cut down to Ukraine and its neighbours (same schema, real rows),
    so that each test's copy is cheap."""
    return subset_store(gazetteer_store, tmp_path_factory.mktemp("gazetteer") / "small.sqlite",
                        "country_code IN ('UA', 'MD', 'RO') OR source = 'geomap-curated' OR kind IN ('country', 'continent')")


@pytest.fixture
def store(small_store, tmp_path) -> Path:
    copy = tmp_path / "store.sqlite"
    shutil.copyfile(small_store, copy)
    return copy


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def first(store: Path, name: str):
    with Gazetteer(store) as gz:
        found = gz.candidates(name)
    return found[0] if found else None


@pytest.mark.parametrize("packing", ["txt", "zip", "gz"])
def test_geonames_dump_village_found_by_both_names(store, tmp_path, packing):
    text = ROBOTYNE + VILLAGE_2
    if packing == "txt":
        dump = tmp_path / "UA.txt"
        dump.write_text(text, encoding="utf-8")
    elif packing == "zip":
        dump = tmp_path / "UA.zip"
        with zipfile.ZipFile(dump, "w") as zf:
            zf.writestr("UA.txt", text)
            zf.writestr("readme.txt", "not\ta\tdump\n")
    else:
        dump = tmp_path / "UA.txt.gz"
        with gzip.open(dump, "wt", encoding="utf-8") as fh:
            fh.write(text)
    assert first(store, "Robotyne") is None
    report = add_file(store, dump)
    assert report.inserted == 2 and report.skipped == 0
    for name in ("Robotyne", "Роботине", "Rabotino"):
        place = first(store, name)
        assert place is not None and place.place_id == "99900001"
        assert place.kind == "city" and place.country_code == "UA"
        assert place.admin1 == "Zaporizhzhia Oblast"
        assert abs(place.lat - 47.44278) < 1e-6
    with Gazetteer(store) as gz:
        assert any(i["inserted"] == 2 for i in gz.info()["imports"])


def test_dump_merges_with_existing_places(store, tmp_path):
    # Kyiv's own GeoNames line with an extra alternate name: merged, not duplicated
    line = ("703448\tKyiv\tKyiv\tKyjiw-Testname\t50.45466\t30.5238\tP\tPPLC\tUA\t\t12\t\t\t\t"
            "2952301\t\t187\tEurope/Kyiv\t2023-01-01\n")
    dump = tmp_path / "kyiv.txt"
    dump.write_text(line, encoding="utf-8")
    report = add_file(store, dump)
    assert (report.inserted, report.merged) == (0, 1)
    with Gazetteer(store) as gz:
        assert [p.place_id for p in gz.candidates("Kyjiw-Testname")] == ["703448"]
        assert gz.get("703448").feature_code == "PPLC"


def _source_place(store: Path, place_id: str):
    """The place as its sources gave it (the point before the representative correction)."""
    from gazetteer.record import Place

    conn = sqlite3.connect(store)
    row = conn.execute("SELECT p.place_id, p.name, p.kind, s.lat, s.lon, p.country_code, p.west, "
                       "p.south, p.east, p.north FROM places p JOIN source_points s "
                       "ON s.place_rowid = p.rowid WHERE p.place_id = ?", (place_id,)).fetchone()
    conn.close()
    return Place(place_id=row[0], name=row[1], kind=row[2], lat=row[3], lon=row[4],
                 country_code=row[5], bbox=tuple(row[6:10]))


def test_dump_merge_keeps_the_ids_own_geonames_point(store, tmp_path):
    # GeoNames' own line for Zaporizhzhia Oblast: the id and the point agree -- its point,
    # feature code and population replace ours, and the representative-point rule (for
    # points we derived) leaves it alone
    line = ("687699\tZaporizhzhia Oblast\tZaporizhzhia Oblast\t\t47.5\t35.5\tA\tADM1\tUA\t\t26"
            "\t\t\t\t1705836\t\t100\tEurope/Zaporozhye\t2023-01-01\n")
    dump = tmp_path / "adm1.txt"
    dump.write_text(line, encoding="utf-8")
    with Gazetteer(store) as gz:
        derived = gz.get("687699")
    assert (derived.lat, derived.lon) != (47.5, 35.5)
    add_file(store, dump)
    with Gazetteer(store) as gz:
        stored = gz.get("687699")
        assert (stored.lat, stored.lon) == (47.5, 35.5)
        assert (stored.kind, stored.feature_code, stored.population) == ("admin1", "ADM1", 1705836)
        assert stored.source == "geonames-dump"
        assert gz.candidates("Zaporizhzhia Oblast")[0].place_id == "687699"
        before = {p: (gz.get(p).lat, gz.get(p).lon) for p in ("687699", "686966", "690791")}
    # a later import that does not touch these regions leaves their points as they are
    csv = tmp_path / "more.csv"
    csv.write_text("name,lat,lon\nTest hamlet,47.0,35.0\n", encoding="utf-8")
    add_file(store, csv)
    with Gazetteer(store) as gz:
        assert {p: (gz.get(p).lat, gz.get(p).lon) for p in before} == before


def test_corrupt_line_is_reported_with_its_number_and_skipped(store, tmp_path):
    dump = tmp_path / "UA.txt"
    dump.write_text(ROBOTYNE + CORRUPT + VILLAGE_2, encoding="utf-8")
    with pytest.warns(GazetteerWarning, match=r"UA\.txt: line 2: expected 19"):
        report = add_file(store, dump)
    assert report.skipped == 1 and report.inserted == 2
    assert first(store, "Staromaiorske") is not None


def test_strict_fails_and_leaves_the_store_untouched(store, tmp_path):
    dump = tmp_path / "UA.txt"
    bad_coords = ROBOTYNE.replace("47.44278", "north")
    dump.write_text(VILLAGE_2 + bad_coords, encoding="utf-8")
    before = digest(store)
    with pytest.raises(GazetteerError, match=r"line 2: latitude/longitude"):
        add_file(store, dump, strict=True)
    assert digest(store) == before
    assert not list(tmp_path.glob(".store.sqlite.*"))


def test_unknown_file_type_and_missing_file(store, tmp_path):
    odd = tmp_path / "places.xlsx"
    odd.write_bytes(b"PK")
    with pytest.raises(GazetteerError, match="unknown file type"):
        add_file(store, odd)
    with pytest.raises(GazetteerError, match="no such file"):
        add_file(store, tmp_path / "missing.txt")


def test_user_csv(store, tmp_path):
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text(
        "name,lat,lon,aliases,kind,country\n"
        "Hill 204,48.01,37.5,Height 204|Висота 204,other,UA\n"
        "Bad row,91,0,,,\n"
        "Secret Lake,50.5,30.1,,lake,ua\n", encoding="utf-8")
    with pytest.warns(GazetteerWarning, match=r"line 3: coordinates out of range"):
        report = add_file(store, csv_file)
    assert report.inserted == 2 and report.skipped == 1
    hill = first(store, "Висота 204")
    assert hill is not None and hill.name == "Hill 204" and hill.kind == "other"
    lake = first(store, "Secret Lake")
    assert lake.kind == "lake" and lake.country_code == "UA"
    assert lake.source == "user:mine.csv"


def test_csv_without_required_columns_is_rejected(store, tmp_path):
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text("title,x\nfoo,1\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="name, lat and lon"):
        add_file(store, csv_file, strict=True)


def test_geojson_points_lines_polygons(store, tmp_path):
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Checkpoint Alpha"},
         "geometry": {"type": "Point", "coordinates": [36.1, 48.2]}},
        {"type": "Feature", "properties": {"name": "Test Canal", "kind": "river",
                                           "aliases": ["Canal of Tests"]},
         "geometry": {"type": "LineString", "coordinates": [[30, 46], [31, 46.5], [32, 47]]}},
        {"type": "Feature", "properties": {"name": "Test Zone"},
         "geometry": {"type": "Polygon", "coordinates": [[[30, 45], [31, 45], [31, 46],
                                                          [30, 46], [30, 45]]]}},
        {"type": "Feature", "properties": {}, "geometry": None},
    ]}
    path = tmp_path / "mine.geojson"
    path.write_text(json.dumps(fc), encoding="utf-8")
    with pytest.warns(GazetteerWarning, match="feature 4|line 4"):
        report = add_file(store, path)
    assert report.inserted == 3 and report.geometries == 2
    with Gazetteer(store) as gz:
        canal = gz.candidates("Canal of Tests")[0]
        assert canal.kind == "river" and 46 <= canal.lat <= 47 and 30 <= canal.lon <= 32
        assert gz.geometry(canal.place_id)["type"] == "LineString"
        zone = gz.candidates("Test Zone")[0]
        assert zone.kind == "region" and zone.bbox == (30, 45, 31, 46)
        assert gz.geometry(zone.place_id)["type"] == "Polygon"
        point = gz.candidates("Checkpoint Alpha")[0]
        assert (point.lat, point.lon) == (48.2, 36.1)


def test_natural_earth_directory_attaches_geometry_to_curated_features(store, tmp_path):
    ne = tmp_path / "natural-earth"
    ne.mkdir()
    rivers = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Danube", "rivernum": 25, "featurecla": "River"},
         "geometry": {"type": "LineString", "coordinates": [[19.0, 47.5], [20.5, 44.8]]}},
        {"type": "Feature", "properties": {"name": "Danube", "rivernum": 25, "featurecla": "River"},
         "geometry": {"type": "LineString", "coordinates": [[20.5, 44.8], [28.8, 45.3]]}},
        {"type": "Feature", "properties": {"name": "Testriver", "rivernum": 9999},
         "geometry": {"type": "LineString", "coordinates": [[10.0, 10.0], [11.0, 11.0]]}},
    ]}
    (ne / "ne_10m_rivers_lake_centerlines.geojson").write_text(json.dumps(rivers))
    seas = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "BLACK SEA", "featurecla": "sea"},
         "geometry": {"type": "Polygon", "coordinates": [[[28, 41], [41, 41], [41, 46],
                                                          [28, 46], [28, 41]]]}}]}
    with gzip.open(ne / "ne_10m_geography_marine_polys.geojson.gz", "wt") as fh:
        json.dump(seas, fh)
    report = add_file(store, ne)
    assert report.geometries >= 3
    with Gazetteer(store) as gz:
        danube = gz.candidates("Danube")[0]
        assert danube.place_id == "geomap:river:danube"
        geom = gz.geometry(danube.place_id)
        assert geom["type"] == "MultiLineString" and len(geom["coordinates"]) == 2
        assert gz.geometry(gz.candidates("Black Sea")[0].place_id)["type"] == "Polygon"
        new = gz.candidates("Testriver")[0]
        assert new.kind == "river" and new.source == "natural-earth"


@pytest.mark.skipif(not (SHARED / "data" / "natural-earth").exists(),
                    reason="../shared/data/natural-earth not available")
def test_natural_earth_admin1_polygons_follow_recognised_borders(store, tmp_path):
    src = SHARED / "data" / "natural-earth" / "ne_10m_admin_1_states_provinces.geojson.gz"
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    keep = [f for f in data["features"]
            if f["properties"].get("iso_a2") == "UA" or f["properties"].get("gn_id") in
            (703883, 694422)]  # Crimea, Sevastopol (NE tags them RUS)
    subset = tmp_path / "ne"
    subset.mkdir()
    (subset / "ne_10m_admin_1_states_provinces.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": keep}))
    report = add_file(store, subset)
    assert report.geometries >= 20
    with Gazetteer(store) as gz:
        kharkiv = gz.candidates("Kharkiv Oblast")[0]
        assert gz.geometry(kharkiv.place_id)["type"] in ("Polygon", "MultiPolygon")
        crimea = gz.get("703883")
        assert crimea.country_code == "UA"  # NE's adm0_a3=RUS is not taken over
        assert gz.geometry("703883") is not None


def test_natural_earth_polygons_recompute_admin1_points_from_the_source_point(store, tmp_path):
    # the polygons replace the regions' bboxes: each stored point is the representative point
    # of the source point within the new bbox, as a run-time correction would compute it
    from gazetteer.points import with_representative_point

    src = SHARED / "data" / "natural-earth" / "ne_10m_admin_1_states_provinces.geojson.gz"
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    keep = [f for f in data["features"] if f["properties"].get("iso_a2") == "UA"]
    subset = tmp_path / "ne"
    subset.mkdir()
    (subset / "ne_10m_admin_1_states_provinces.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": keep}))
    sources_before = {p: _source_place(store, p) for p in ("706482", "687699", "703883")}
    add_file(store, subset)
    with Gazetteer(store) as gz:
        for pid, before in sources_before.items():
            source = _source_place(store, pid)
            assert (source.lat, source.lon) == (before.lat, before.lon)
            expected = with_representative_point(source)
            stored = gz.get(pid)
            assert stored.bbox == source.bbox
            assert (stored.lat, stored.lon) == (expected.lat, expected.lon)


def test_warnings_are_capped(store, tmp_path):
    dump = tmp_path / "many.txt"
    dump.write_text(CORRUPT * 50, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = add_file(store, dump)
    assert report.skipped == 50
    assert 0 < len([w for w in caught if issubclass(w.category, GazetteerWarning)]) <= 20


@pytest.mark.skipif(not (SHARED / "data" / "natural-earth").exists(),
                    reason="../shared/data/natural-earth not available")
def test_natural_earth_countries_shapefile_zip_draws_crimea_in_ukraine(store, tmp_path):
    from shapely.geometry import Point, shape

    src = SHARED / "data" / "natural-earth" / "ne_10m_admin_0_countries_deu_v5.1.1.zip"
    subset = tmp_path / "ne0"
    subset.mkdir()
    (subset / src.name).symlink_to(src)
    report = add_file(store, subset)
    assert report.geometries >= 200
    with Gazetteer(store) as gz:
        ukraine = shape(gz.geometry("690791"))
        simferopol = Point(34.10, 44.95)
        assert ukraine.contains(simferopol)
        assert ukraine.contains(Point(30.52, 50.45))  # Kyiv
        assert gz.containing(44.95, 34.10, kind="country").place_id == "690791"
        assert gz.containing(43.2, 34.0, kind="country") is None  # Black Sea, polygons known
        west, south, east, north = gz.get("690791").bbox
        assert south < 44.6 and 22.0 < west < 22.3 and 40.0 < east < 40.3
