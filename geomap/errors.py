"""One root exception for everything geomap raises on purpose.

Like geopy's ``GeopyError``, the root also subclasses a builtin so callers that
catch ``ValueError`` keep working.  The CLI turns any ``GeomapError`` into a
one-line message on stderr and a non-zero exit code.
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


class GeomapWarning(UserWarning):
    """A recoverable problem (a skipped line, a missing date...). Counted in summaries."""
