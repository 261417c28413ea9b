"""Atomic file writes: write a temp file beside the target, then rename it."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator

from geomap.errors import ExportError


def check_writable(target: str | os.PathLike[str]) -> None:
    """Raise :class:`ExportError` now if ``target`` can never be written (a file where a folder
    must be, a read-only file system), so a long job fails before its work, not after it."""
    target = Path(target)
    if target.is_dir():
        raise ExportError(f"cannot write {target}: it is a directory")
    ancestor = target.parent if str(target.parent) else Path(".")
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise ExportError(f"cannot write {target}: {ancestor} is not a directory")
    if not os.access(ancestor, os.W_OK):
        raise ExportError(f"cannot write {target}: {ancestor} is not writable")


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], *, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path in the target's directory; rename it over the target on success.

    On any exception (including KeyboardInterrupt) the temporary file is removed and
    an existing target is left untouched.
    """
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.exists():
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(f"cannot create directory {directory}: {exc.strerror or exc}") from None
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=(suffix if suffix is not None else target.suffix) + ".tmp",
            dir=directory,
        )
    except OSError as exc:
        raise ExportError(f"cannot write to {directory}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        # Some writers (GDAL) refuse to overwrite an existing file: hand them a free path.
        tmp.unlink()
        yield tmp
        if not tmp.exists():
            raise ExportError(f"writer produced no output for {target}")
        try:
            os.replace(tmp, target)
        except OSError as exc:  # e.g. the target is a directory
            reason = "it is a directory" if target.is_dir() else exc.strerror or str(exc)
            raise ExportError(f"cannot write {target}: {reason}") from None
    except OSError as exc:  # disk full, quota, I/O error while writing: the old target stays
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def atomic_open(target: str | os.PathLike[str], mode: str = "w", *, encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temp file for writing; it replaces ``target`` only if the block succeeds."""
    if "b" in mode:
        encoding = None
    with atomic_path(target) as tmp:
        try:
            fh = open(tmp, mode, encoding=encoding, newline="" if encoding else None)
        except OSError as exc:
            raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
        with fh:
            yield fh
