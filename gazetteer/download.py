"""``geomap gazetteer download CC [CC ...]``: fetch GeoNames country dumps and import them.

Villages under 500 people (Robotyne, Yanzhulivka) are in no offline package; GeoNames
publishes one dump per country (``UA.zip``) and ``allCountries.zip`` on its export server.
For each requested dump:

1. the archive is kept in the user cache (``<cache>/geomap/geonames/UA.zip``); a dump that
   is cached and already imported into the store makes the command a no-op (``refresh``
   downloads it again);
2. it is downloaded to a ``.part`` file beside it, with a progress bar (size and rate) on a
   terminal, connect/read timeouts and a size limit;
3. the archive is checked before anything touches the store: a complete download (the
   announced length), a readable zip whose CRCs match, the expected member (``UA.txt``),
   member sizes and compression ratio within limits, and 19 tab-separated columns;
4. only then is the ``.part`` file renamed into the cache and imported exactly as
   ``gazetteer add`` does (``importers.add_file``: atomic, on a copy of the store).

Any failure raises ``GazetteerError`` with one line; the store is never touched before
step 4, and step 4 replaces it atomically.  The base URL comes from
``$GEOMAP_GEONAMES_URL`` (mirrors, tests), the timeout from ``$GEOMAP_GEONAMES_TIMEOUT``.
"""
from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from gazetteer.errors import GazetteerError
from gazetteer.paths import user_cache_base
from gazetteer.http import stream

__all__ = ["DEFAULT_URL", "DownloadResult", "cache_dir", "dump_name", "download_dumps",
           "fetch_dump", "check_archive"]

DEFAULT_URL = "https://download.geonames.org/export/dump/"
URL_ENV = "GEOMAP_GEONAMES_URL"
TIMEOUT_ENV = "GEOMAP_GEONAMES_TIMEOUT"
DEFAULT_TIMEOUT = 60.0          # seconds without a byte before giving up
MAX_ARCHIVE_BYTES = 2 << 30     # allCountries.zip is ~400 MB
MAX_MEMBER_BYTES = 8 << 30      # allCountries.txt is ~1.6 GB
MAX_RATIO = 40                  # GeoNames text compresses ~4-5x; more is a zip bomb
_CC = re.compile(r"^[A-Z]{2}$")


@dataclass
class DownloadResult:
    name: str          # "UA"
    path: Path         # the cached archive
    downloaded: bool   # fetched now (False: taken from the cache)
    size: int


def cache_dir() -> Path:
    """``<user cache>/geomap/geonames`` (honours ``XDG_CACHE_HOME``)."""
    return user_cache_base() / "geonames"


def dump_name(code: str) -> str:
    """"ua" -> "UA", "all" -> "allCountries"; GazetteerError for anything else."""
    if code.lower() in ("all", "allcountries"):
        return "allCountries"
    upper = code.strip().upper()
    if not _CC.match(upper):
        raise GazetteerError(f"not a country code: {code!r} (expected two letters such as "
                             "UA, or 'all')")
    return upper


def _base_url() -> str:
    url = os.environ.get(URL_ENV) or DEFAULT_URL
    return url if url.endswith("/") else url + "/"


def _timeout() -> float:
    try:
        return float(os.environ.get(TIMEOUT_ENV) or DEFAULT_TIMEOUT)
    except ValueError:
        return DEFAULT_TIMEOUT


def fetch_dump(name: str, target: Path, *, progress: bool = False,
               timeout: float | None = None) -> int:
    """Download ``<base>/<name>.zip`` to ``target`` (via ``target.part``) and check it.
    Returns its size.  On any failure the ``.part`` file is removed and ``target`` is left
    as it was."""
    url = _base_url() + f"{name}.zip"
    part = target.with_name(target.name + ".part")
    target.parent.mkdir(parents=True, exist_ok=True)
    timeout = _timeout() if timeout is None else timeout
    try:
        size = stream(url, part, max_bytes=MAX_ARCHIVE_BYTES, progress=progress, timeout=timeout,
                      label=f"{name}.zip")
        check_archive(part, name)
        os.replace(part, target)
        return size
    finally:
        part.unlink(missing_ok=True)


def check_archive(path: Path, name: str) -> None:
    """Raise GazetteerError unless ``path`` is a sound GeoNames dump archive for ``name``:
    a zip whose CRCs match, holding ``<name>.txt`` within the size and ratio limits, whose
    first line has the 19 GeoNames columns."""
    member = f"{name}.txt"
    try:
        with zipfile.ZipFile(path) as zf:
            infos = {i.filename: i for i in zf.infolist()}
            info = infos.get(member)
            if info is None:
                raise GazetteerError(f"{name}.zip is not a GeoNames dump: no {member} in it "
                                     f"(found {', '.join(sorted(infos)) or 'nothing'})")
            if info.file_size > MAX_MEMBER_BYTES:
                raise GazetteerError(f"{name}.zip: {member} is {info.file_size} bytes, over "
                                     f"the {MAX_MEMBER_BYTES} byte limit")
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                raise GazetteerError(f"{name}.zip: {member} expands {info.file_size // max(info.compress_size, 1)}x"
                                     " (refused: not a plain GeoNames dump)")
            bad = zf.testzip()
            if bad is not None:
                raise GazetteerError(f"{name}.zip is corrupt (CRC error in {bad})")
            with zf.open(info) as fh:
                first = fh.readline().decode("utf-8", errors="replace")
    except zipfile.BadZipFile as exc:
        raise GazetteerError(f"{name}.zip is truncated or corrupt ({exc})") from None
    except (EOFError, zipfile.LargeZipFile, NotImplementedError) as exc:
        raise GazetteerError(f"{name}.zip cannot be read ({exc})") from None
    if first.strip() and first.count("\t") != 18:
        raise GazetteerError(f"{name}.zip: {member} does not have the 19 GeoNames columns")


def _already_imported(store: Path, archive: Path) -> bool:
    from gazetteer.storefile import peek_imports
    if not store.exists():
        return False
    wanted = str(archive.resolve())
    return any(item.get("file") == wanted for item in peek_imports(store))


def download_dumps(store: str | os.PathLike, codes: list[str], *, refresh: bool = False,
                   progress: bool = False, strict: bool = False) -> list[tuple]:
    """Download (or take from the cache) and import each dump.  Returns a list of
    ``(DownloadResult, AddReport or None)``; None when the dump was already imported.

    Every archive is fetched and checked before the first import, so a failed download
    leaves the store exactly as it was."""
    from gazetteer.importers import add_file

    store = Path(store)
    names = list(dict.fromkeys(dump_name(c) for c in codes))
    if not names:
        raise GazetteerError("name at least one country code (e.g. UA) or 'all'")
    results: list[DownloadResult] = []
    for name in names:
        target = cache_dir() / f"{name}.zip"
        if target.exists() and not refresh:
            results.append(DownloadResult(name, target, False, target.stat().st_size))
            continue
        size = fetch_dump(name, target, progress=progress)
        results.append(DownloadResult(name, target, True, size))
    out: list[tuple] = []
    for result in results:
        if not result.downloaded:
            if _already_imported(store, result.path):
                out.append((result, None))
                continue
            check_archive(result.path, result.name)  # a cached file may have been damaged
        out.append((result, add_file(store, result.path, strict=strict, progress=progress)))
    return out
