"""Atomic file writes: write a temp file beside the target, then rename it.

Only regular files are ever replaced: a target that is a directory, a symbolic link, a FIFO,
a socket or a device node is refused with one line (:class:`ExportError`), checked before the
work starts and again just before the rename.  ``-`` is standard output: text writers stream
to it (nothing atomic about a pipe); that is how to write into a FIFO or another program.
"""
from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import IO, Iterator

from geomap.errors import ExportError

__all__ = ["STDOUT", "is_stdout", "check_target", "check_writable", "atomic_path", "atomic_open"]

#: The output name that means standard output.
STDOUT = "-"


def is_stdout(target: object) -> bool:
    """True if ``target`` names standard output (``-``)."""
    return isinstance(target, (str, os.PathLike)) and os.fspath(target) == STDOUT


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "it is a directory"
    if stat.S_ISLNK(mode):
        return "it is a symbolic link (geomap only replaces regular files; give the link's target)"
    if stat.S_ISFIFO(mode):
        return "it is a FIFO (named pipe); use -o - and redirect standard output to write into it"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device, not a regular file; use -o - to write to standard output"
    if stat.S_ISSOCK(mode):
        return "it is a socket, not a regular file"
    return "it is not a regular file"


def check_target(target: str | os.PathLike[str]) -> None:
    """Raise :class:`ExportError` unless ``target`` is absent or a regular file (not a link)."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ExportError(f"cannot write {os.fspath(target)}: {exc.strerror or exc}") from None
    reason = _kind(mode)
    if reason is not None:
        raise ExportError(f"cannot write {os.fspath(target)}: {reason}")


def check_writable(target: str | os.PathLike[str]) -> None:
    """Raise :class:`ExportError` now if ``target`` can never be written (a file where a folder
    must be, a read-only file system, a target that is not a regular file), so a long job
    fails before its work, not after it."""
    if is_stdout(target):
        return
    target = Path(target)
    check_target(target)
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
    if is_stdout(target):
        raise ExportError("cannot write this format to standard output (-): give a file name")
    target = Path(target)
    check_target(target)
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
        check_target(target)  # it may have become a link, a FIFO or a device meanwhile
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
    """Open a temp file for writing; it replaces ``target`` only if the block succeeds.

    ``target`` ``-`` is standard output (written through, left open)."""
    if "b" in mode:
        encoding = None
    if is_stdout(target):
        with _Unclosed(sys.stdout.buffer if "b" in mode else sys.stdout) as out:
            yield out
        return
    with atomic_path(target) as tmp:
        try:
            fh = open(tmp, mode, encoding=encoding, newline="" if encoding else None)
        except OSError as exc:
            raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
        with fh:
            yield fh


class _Unclosed:
    """Standard output for a ``with`` block: flushed at the end, never closed."""

    def __init__(self, stream: IO) -> None:
        self._stream = stream

    def write(self, data):
        return self._stream.write(data)

    def __enter__(self) -> "_Unclosed":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stream.flush()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)
