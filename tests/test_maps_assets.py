"""Pinned map assets: fetched over real HTTP, verified, cached, inlined."""
from __future__ import annotations

import base64
import functools
import http.server
import threading

import pytest

from geomap.errors import AssetError
from geomap.maps import assets
from geomap.maps.assets import Asset, NpmPackage
from npm_fixtures import npm_tarball, sri_sha512




class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def registry(tmp_path):
    """A real HTTP server on 127.0.0.1 laid out like an npm registry's tarball URLs."""
    root = tmp_path / "registry"
    root.mkdir()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _publish(root, name: str, version: str, files: dict[str, bytes]) -> bytes:
    data = npm_tarball(files)
    folder = root / name / "-"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name.rsplit('/', 1)[-1]}-{version}.tgz").write_bytes(data)
    return data


FILES = {
    "dist/widget.js": b"window.widget = function () { return '</script>'; };\n//# sourceMappingURL=widget.js.map\n",
    "dist/widget.css": b".w { background: url(images/dot.png); } .v { behavior: url(#default#VML); }",
    "dist/images/dot.png": b"\x89PNG\r\n\x1a\nfake",
}


def test_fetch_verify_cache_and_reuse_without_server(registry, tmp_path, monkeypatch):
    root, url = registry
    data = _publish(root, "widget", "1.2.3", FILES)
    package = NpmPackage("widget", "1.2.3", sri_sha512(data))
    cache = tmp_path / "cache"
    monkeypatch.setenv("GEOMAP_NPM_REGISTRY", url)
    monkeypatch.setenv("GEOMAP_ASSET_CACHE", str(cache))
    files = assets.package_files(package)
    assert files["dist/widget.js"] == FILES["dist/widget.js"]
    assert (cache / package.cache_name).read_bytes() == data
    # the registry goes away: the verified cache still serves
    monkeypatch.setenv("GEOMAP_NPM_REGISTRY", "http://127.0.0.1:9")
    assert assets.package_files(package)["dist/images/dot.png"] == FILES["dist/images/dot.png"]
    # inlined: CSS image as a data URI, VML left alone, no script close, no source map fetch
    head = assets.offline_head_html(
        (Asset(package, "dist/widget.css", "css"), Asset(package, "dist/widget.js", "js")))
    assert "url(data:image/png;base64," + base64.b64encode(FILES["dist/images/dot.png"]).decode() in head
    assert "url(#default#VML)" in head
    assert "'<\\/script>'" in head and "sourceMappingURL" not in head
    assert head.count("</script>") == 1


def test_integrity_mismatch_is_an_asset_error_and_nothing_is_cached(registry, tmp_path):
    root, url = registry
    _publish(root, "@scope/widget", "2.0.0", FILES)
    wrong = NpmPackage("@scope/widget", "2.0.0", sri_sha512(b"something else"))
    cache = tmp_path / "cache"
    with pytest.raises(AssetError, match="integrity check failed for @scope/widget@2.0.0"):
        assets.package_files(wrong, registry=url, cache_dir=cache)
    assert not list(cache.glob("*.tgz"))


def test_tampered_cache_entry_is_refetched(registry, tmp_path):
    root, url = registry
    data = _publish(root, "widget", "1.0.0", FILES)
    package = NpmPackage("widget", "1.0.0", sri_sha512(data))
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / package.cache_name).write_bytes(b"tampered")
    assert assets.package_files(package, registry=url, cache_dir=cache)["dist/widget.js"] == FILES["dist/widget.js"]
    assert (cache / package.cache_name).read_bytes() == data


def test_missing_package_and_unreachable_registry_give_one_line_errors(registry, tmp_path):
    _, url = registry
    package = NpmPackage("absent", "0.0.1", sri_sha512(b"x"))
    with pytest.raises(AssetError, match="HTTP 404") as info:
        assets.package_files(package, registry=url, cache_dir=tmp_path)
    assert "\n" not in str(info.value)
    with pytest.raises(AssetError, match="download failed: http://127.0.0.1:9/absent/-/absent-0.0.1.tgz") as info:
        assets.package_files(package, registry="http://127.0.0.1:9", cache_dir=tmp_path, timeout=5)
    assert "\n" not in str(info.value)


def test_render_map_offline_fails_cleanly_without_assets(tmp_path, monkeypatch):
    from geomap.maps import render_map
    from samples import seed_events

    monkeypatch.setenv("GEOMAP_NPM_REGISTRY", "http://127.0.0.1:9")
    monkeypatch.setenv("GEOMAP_ASSET_CACHE", str(tmp_path / "empty-cache"))
    with pytest.raises(AssetError):
        render_map(seed_events(), tmp_path / "offline.html", offline=True)
    assert not (tmp_path / "offline.html").exists()


@pytest.fixture(scope="session")
def real_assets_head():
    """The real pinned packages from the npm registry, once, into the user cache."""
    try:
        return assets.offline_head_html()
    except AssetError as exc:
        pytest.skip(f"npm registry unreachable and assets not cached: {exc}")


def test_real_registry_packages_verify_and_inline(real_assets_head):
    head = real_assets_head
    assert "L.Icon.Default.imagePath=''" in head
    assert "Supercluster" in head and "heatLayer" in head and "topojson" in head
    assert not any(tag in head for tag in ("<script src", "<link "))
    assert "url(images/" not in head
    for package in {a.package for a in assets.MAP_ASSETS + assets.OFFLINE_BASEMAP_ASSETS}:
        cached = assets.asset_cache_dir() / package.cache_name
        assert assets.verify_integrity(cached.read_bytes(), package.integrity)
