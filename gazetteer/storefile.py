"""The store file as writers and openers see it: its lock, its recorded versions and the
temp-file-and-replace pattern every write goes through.

Shared by ``build`` (default build), ``importers`` (``add_file``) and ``opening``
(``Gazetteer.open``); it imports none of them.  Writers never modify a store in place:
they write a temp file beside it (a fresh one, or a copy of the store) and ``os.replace``
it over the store, under an exclusive lock, so a failed or interrupted write never
replaces a good store and readers holding the old file keep working.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

from gazetteer.errors import GazetteerError

__all__ = ["build_lock", "peek_version", "peek_imports", "replaced_atomically"]


@contextlib.contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """An exclusive advisory lock beside the store (POSIX fcntl; no-op elsewhere)."""
    lock_path = path.with_name(path.name + ".lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(lock_path, "a+")
    except OSError as exc:  # read-only cache, a file where the folder should be...
        reason = (f"{path.parent} is not a directory" if path.parent.exists() and not path.parent.is_dir()
                  else exc.strerror or str(exc))
        raise GazetteerError(f"cannot write the gazetteer store {path}: {reason} "
                             "(set $GEOMAP_GAZETTEER to a writable file path)") from None
    with fh:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            yield
            return
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            # Writers only create temp files while holding this lock, so any left now are
            # from a process that died mid-build: remove them.
            for stale in path.parent.glob(f".{path.name}.*.tmp"):
                stale.unlink(missing_ok=True)
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def replaced_atomically(path: Path, *, tag: str = "", copy: bool = False) -> Iterator[Path]:
    """Yield a temp path beside ``path`` (a copy of the store with ``copy``); when the block
    ends normally the temp file replaces ``path`` (``os.replace``), otherwise it is removed.
    Call it while holding :func:`build_lock`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}{'.' + tag if tag else ''}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        if copy:
            shutil.copyfile(path, tmp)
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _read_meta(path: Path, keys: tuple[str, ...]) -> dict[str, str]:
    uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        return dict(conn.execute(f"SELECT key, value FROM meta WHERE key IN "
                                 f"({','.join('?' * len(keys))})", keys))
    finally:
        conn.close()


def peek_version(path: Path) -> tuple[int, int] | None:
    """(schema version, data version) recorded in a store file, or None if not a store."""
    try:
        meta = _read_meta(path, ("schema_version", "data_version"))
    except sqlite3.Error:
        return None
    try:
        return int(meta["schema_version"]), int(meta.get("data_version", "0"))
    except (KeyError, ValueError):
        return None


def peek_imports(path: Path) -> list[dict]:
    """The imports recorded in a store (to re-apply after a rebuild); [] if unreadable."""
    try:
        meta = _read_meta(path, ("imports",))
        return json.loads(meta["imports"]) if "imports" in meta else []
    except (sqlite3.Error, ValueError):
        return []
