"""Limits on what one input may make geomap hold or inflate, each with an environment variable
to raise it (a number of bytes, or a ratio; ``0`` turns the limit off).

=============================  ==========  ==================================================
variable                       default     what
=============================  ==========  ==================================================
``GEOMAP_MAX_LINE_BYTES``      64 MiB      one line of a JSON Lines / GeoJSON-sequence input
``GEOMAP_MAX_UNZIPPED_BYTES``  1 GiB       the decompressed size of a ``.kmz`` (zip) member
``GEOMAP_MAX_ZIP_RATIO``       200         decompressed / compressed size of a zip member
=============================  ==========  ==================================================

A zip bomb or a runaway line is a one-line :class:`~geomap.errors.InputError` (or a skipped
line, with a warning, where the rest of the file can still be read) that names the variable.
"""
from __future__ import annotations

import os
import zipfile
from typing import Iterator

from geomap.errors import InputError

__all__ = ["limit", "MAX_LINE", "MAX_UNZIPPED", "MAX_RATIO", "check_zip_member", "too_long", "bounded_lines"]

MAX_LINE = ("GEOMAP_MAX_LINE_BYTES", 64 << 20)
MAX_UNZIPPED = ("GEOMAP_MAX_UNZIPPED_BYTES", 1 << 30)
MAX_RATIO = ("GEOMAP_MAX_ZIP_RATIO", 200)


def limit(which: tuple[str, int]) -> float:
    """The limit now in force (the environment variable, else the default); ``inf`` when off."""
    name, default = which
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{name}={text!r} is not a number") from None
    return float("inf") if value <= 0 else value


def too_long(where: str) -> str:
    """The message for a line over ``GEOMAP_MAX_LINE_BYTES``."""
    return (f"{where}: line longer than {int(limit(MAX_LINE)):,} bytes (raise GEOMAP_MAX_LINE_BYTES "
            "to read it)")


def check_zip_member(path: object, info: zipfile.ZipInfo) -> None:
    """Raise :class:`InputError` if a zip member would inflate past the limits."""
    size_limit = limit(MAX_UNZIPPED)
    if info.file_size > size_limit:
        raise InputError(f"{path}: {info.filename} unzips to {info.file_size:,} bytes, over the limit of "
                         f"{int(size_limit):,} (raise GEOMAP_MAX_UNZIPPED_BYTES to read it)")
    ratio = info.file_size / max(info.compress_size, 1)
    ratio_limit = limit(MAX_RATIO)
    if info.file_size > (1 << 20) and ratio > ratio_limit:
        raise InputError(f"{path}: {info.filename} is compressed {ratio:,.0f}:1, over the limit of "
                         f"{ratio_limit:g}:1 (a zip bomb?; raise GEOMAP_MAX_ZIP_RATIO to read it)")


def bounded_lines(stream) -> Iterator[tuple[int, bytes | str | None]]:
    """``(line_number, line)`` of a binary or text stream; a line over ``GEOMAP_MAX_LINE_BYTES``
    is ``None`` (its content skipped in bounded chunks, never held whole)."""
    most = limit(MAX_LINE)
    cap = -1 if most == float("inf") else int(most) + 1
    lineno = 0
    while True:
        line = stream.readline(cap)
        if not line:
            return
        lineno += 1
        if cap == -1 or len(line) < cap or line[-1:] in (b"\n", "\n"):
            yield lineno, line
            continue
        while line and line[-1:] not in (b"\n", "\n"):  # skip the rest of the long line
            line = stream.readline(1 << 20)
        yield lineno, None
