"""Geoparsing: find the place names of a text and resolve them against the gazetteer.

One stage, :func:`geoparse`, over modules with one job each: :mod:`.recognize` (candidate
spans), :mod:`.resolve` (ranking candidates with document context), :mod:`.ner` (optional
spaCy spans), :mod:`.lexicon` (word lists).
"""
from __future__ import annotations

from geomap.geoparse.parse import geoparse

__all__ = ["geoparse"]
