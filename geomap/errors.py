"""One root exception for everything geomap raises on purpose.

Like geopy's ``GeopyError``, the root also subclasses a builtin so callers that
catch ``ValueError`` keep working.  The CLI turns any ``GeomapError`` into a
one-line message on stderr and a non-zero exit code: 1 other deliberate errors, 2 bad input
(:class:`InputError`, also click's usage errors), 3 gazetteer, 4 output cannot be written
(:class:`ExportError`), 5 map assets, 70 an internal error (a bug), 130 interrupted (Ctrl-C).
"""
from __future__ import annotations

from gazetteer.errors import GazetteerError as _GazetteerPackageError


class GeomapError(Exception):
    """Root of every error geomap raises deliberately."""

    exit_code = 1


class InputError(GeomapError, ValueError):
    """An input file or value is missing, unreadable or malformed."""

    exit_code = 2


class GazetteerError(GeomapError, _GazetteerPackageError):
    """The gazetteer store cannot be built, opened or queried.

    Also a ``gazetteer.errors.GazetteerError``, so one ``except`` catches both packages' errors.
    Where geomap opens or uses a store (:mod:`geomap.jobs.gazetteers`), the gazetteer
    package's errors are raised again as this class, so ``except GeomapError`` catches them.
    """

    exit_code = 3


class ExportError(GeomapError):
    """An output cannot be written."""

    exit_code = 4


class AssetError(GeomapError):
    """A pinned map asset cannot be fetched or fails its integrity check."""

    exit_code = 5


class Interrupted(KeyboardInterrupt):
    """Ctrl-C after a job had already changed something: ``note`` says what was kept.

    Raised in place of ``KeyboardInterrupt`` (it is one), so the CLI can say, for example,
    that the event store was partly appended to instead of "earlier outputs are left as they were".
    """

    def __init__(self, note: str) -> None:
        super().__init__(note)
        self.note = note


class GeomapWarning(UserWarning):
    """A recoverable problem (a skipped line, a missing date...). Counted in summaries."""
