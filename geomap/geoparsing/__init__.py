"""Geoparsing: find the place names of a text and resolve them against the gazetteer.

One stage, :func:`geoparse` (:mod:`.parse`), over modules with one job each:

* recognition: :mod:`.recognize` (the scanner and its filters) over :mod:`.tokens` (words and
  candidate n-grams), :mod:`.cues` (context cues: persons, streets, metonyms...),
  :mod:`.special` (abbreviations, country demonyms, institutions), :mod:`.morphology`
  (derived demonyms); :mod:`.recognized` (the span type); :mod:`.ner` (optional spaCy spans);
* :mod:`.spans` (a given span -> a lookup key; batched gazetteer lookups);
* :mod:`.resolve` (ranking candidates with document context);
* :mod:`.score` (calibrated mention score) and :mod:`.focus` (the article's focus region or
  country for given spans with unknown names);
* :mod:`.lexicon` (word lists).
"""
from __future__ import annotations

from geomap.geoparsing.parse import geoparse

__all__ = ["geoparse"]
