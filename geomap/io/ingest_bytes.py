"""Input bytes for the article readers: opening and reading files, and decoding UTF-8.

Every failure to open or read an input becomes the same one-line
:class:`~geomap.errors.InputError` (``cannot read PATH: reason``); invalid UTF-8 is decoded
with replacement characters and a :class:`~geomap.errors.GeomapWarning`.
"""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import BinaryIO

from geomap.errors import InputError, GeomapWarning

__all__ = ["unreadable", "open_input", "read_bytes", "read_head", "decode_utf8", "utf8_error_at"]


def unreadable(path: Path, exc: OSError) -> InputError:
    """The one-line error for an input that cannot be opened or read."""
    return InputError(f"cannot read {path}: {exc.strerror or exc}")


def open_input(path: Path) -> BinaryIO:
    """``path`` opened for binary reading, or a one-line :class:`InputError`."""
    try:
        return path.open("rb")
    except OSError as exc:
        raise unreadable(path, exc) from None


def read_bytes(path: Path) -> bytes:
    """The whole content of ``path``, or a one-line :class:`InputError`."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise unreadable(path, exc) from None


def read_head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of ``path`` (to sniff its format or tell empty and binary files)."""
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError as exc:
        raise unreadable(path, exc) from None


def decode_utf8(data: bytes, where: str) -> str:
    """UTF-8 (BOM tolerated); invalid bytes are replaced, with a warning."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        warnings.warn(f"{where}: invalid UTF-8 at byte {exc.start}; decoded with replacement characters",
                      GeomapWarning, stacklevel=3)
        return data.decode("utf-8-sig", errors="replace")


def utf8_error_at(head: bytes) -> int | None:
    """Offset of the first invalid UTF-8 byte in ``head`` (the start of a file), or None.

    An offset within the last 4 bytes may just be a character cut by the end of ``head``.
    """
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return None
