"""Where geomap opens the gazetteer: once per process (the default store) or once per worker thread.

This is geomap's boundary with the :mod:`gazetteer` package: a ``gazetteer.errors.GazetteerError``
raised while opening or using a store leaves here as :class:`geomap.errors.GazetteerError`
(a subclass of both roots), so ``except geomap.GeomapError`` catches it.
"""
from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING, Iterator

from gazetteer.errors import GazetteerError as PackageGazetteerError

from geomap.errors import GazetteerError, GeomapError

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer import Gazetteer

__all__ = ["default_gazetteer", "worker_gazetteer", "worker_gazetteer_opens", "gazetteer_errors"]


@contextlib.contextmanager
def gazetteer_errors() -> Iterator[None]:
    """Turn the gazetteer package's errors raised in the block into :class:`geomap.errors.GazetteerError`."""
    try:
        yield
    except GeomapError:
        raise
    except PackageGazetteerError as exc:
        raise GazetteerError(str(exc)) from exc


_DEFAULT_GAZETTEER: "Gazetteer | None" = None


def default_gazetteer() -> "Gazetteer":
    """The process-wide default gazetteer, opened (and built if needed) once."""
    global _DEFAULT_GAZETTEER
    if _DEFAULT_GAZETTEER is None:
        from gazetteer import Gazetteer

        with gazetteer_errors():
            _DEFAULT_GAZETTEER = Gazetteer.open()
    return _DEFAULT_GAZETTEER


# Gazetteers opened in this process, one per (thread, path): SQLite connections belong to
# the thread that made them, and a Dask worker may run several threads.
_LOCAL = threading.local()
_OPENS_LOCK = threading.Lock()
_OPENS = 0


def worker_gazetteer_opens() -> int:
    """How many gazetteers this process has opened for the engine (for tests and benchmarks)."""
    return _OPENS


def worker_gazetteer(path: str | None) -> "Gazetteer":
    """The gazetteer at ``path`` (default store if ``None``), opened once per thread of this process."""
    global _OPENS
    cache = getattr(_LOCAL, "gazetteers", None)
    if cache is None:
        cache = _LOCAL.gazetteers = {}
    if path not in cache:
        from gazetteer import Gazetteer

        with gazetteer_errors():
            cache[path] = Gazetteer.open(path) if path is not None else Gazetteer.open()
        with _OPENS_LOCK:
            _OPENS += 1
    return cache[path]
