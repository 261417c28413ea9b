"""Where a command may write: never over its own input, never over an event store (only
``geomap run`` appends to one), only regular files (:func:`geomap.atomic.check_writable`),
and ``-`` for standard output.

Called by the commands and jobs before any work, so a refused output costs nothing.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from geomap.atomic import check_writable, is_stdout
from geomap.errors import ExportError
from geomap.io.store import find_store, is_event_store

__all__ = ["check_output", "same_file"]


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True if ``a`` and ``b`` are the same existing file (through links and relative paths)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output(target: str | os.PathLike[str], *, inputs: Iterable[str | os.PathLike[str] | object] = (),
                 what: str = "output") -> None:
    """Raise :class:`ExportError` if ``target`` must not be written.

    Refused: a target that is not a regular file (see :func:`geomap.atomic.check_target`), an
    event store, and any of ``inputs`` (files, or the event store / partitions of an input
    directory).  ``-`` (standard output) is always allowed.
    """
    if is_stdout(target):
        return
    check_writable(target)
    target = Path(target)
    if is_event_store(target):
        raise ExportError(f"refusing to overwrite the event store {target} with the {what}; "
                          "only `geomap run` writes to an event store: choose another output")
    if not target.exists():
        return
    for item in inputs:
        if not isinstance(item, (str, os.PathLike)) or is_stdout(item):
            continue
        source = Path(item)
        if same_file(source, target):
            raise ExportError(f"refusing to overwrite the input {source} with the {what}: choose another output")
        if source.is_dir():
            store = find_store(source)
            if store is not None and same_file(store, target):
                raise ExportError(f"refusing to overwrite the event store {store} with the {what}")
