"""Geoparsing: find the place names of a text and resolve them against the gazetteer.

One stage, :func:`geoparse` (:mod:`.parse`), over modules with one job each:

* recognition: :mod:`.recognize` (the scanner and its filters) over :mod:`.tokens` (words and
  candidate n-grams), :mod:`.cues` (context cues: persons, streets, metonyms...),
  :mod:`.special` (abbreviations, country demonyms, institutions), :mod:`.morphology`
  (derived demonyms), :mod:`.elided` ("North" in "North and South Korea"); :mod:`.recognized`
  (the span type); :mod:`.ner` (optional spaCy spans);
* :mod:`.spans` (a given span -> a lookup key; batched gazetteer lookups);
* between the two: :mod:`.facilities` (facility and organisation names placed where they are),
  :mod:`.areas` ("X region" keyed to the town's region, hromada adjectives to their centre),
  :mod:`.capitals` (capitals standing for governments), :mod:`.area_lists` ("the Kharkiv and
  Sumy regions"), :mod:`.local_use` ("a Lebanon woman": a town), :mod:`.abbreviations`
  ("Mt." is "Mount"), :mod:`.subplaces` ("Hampton Park in Charleston"), :mod:`.cued_names`
  ("the village of Cellardyke": a settlement the gazetteer lacks), all run by
  :func:`.parse.prepare_spans`;
* :mod:`.resolve` (ranking candidates with document context), with :mod:`.coherence` (the
  readings settle), :mod:`.candidates` (a name's readings, remembered per process),
  :mod:`.features` and :mod:`.ranker` (the learned weights), :mod:`.context_words` (words
  around a name: "Russian forces", "Grad rockets", "the Dnipro river") and :mod:`.nearness`
  (closeness to the other chosen places);
* :mod:`.score` (calibrated mention score) and :mod:`.focus` (the article's focus region or
  country for given spans with unknown names; names placed in the region or country named
  after them, "Stroud, Ontario, Canada");
* :mod:`.lexicon` (word lists).
"""
from __future__ import annotations

from geomap.geoparsing.parse import geoparse

__all__ = ["geoparse"]
