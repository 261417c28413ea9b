"""The gazetteer's own error class (the package is usable without geomap).

``geomap.errors.GazetteerError`` may subclass this; the geomap CLI should catch both roots.
Like geopy's ``GeopyError`` it also subclasses a builtin (``RuntimeError``).
"""
from __future__ import annotations


class GazetteerError(RuntimeError):
    """The gazetteer store cannot be built, opened, imported into or queried."""

    exit_code = 3


class GazetteerWarning(UserWarning):
    """A recoverable problem in an import (a corrupt line that was skipped...)."""
