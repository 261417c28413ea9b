"""geoparse(text) -> resolved place mentions: recognition (rules + gazetteer) then resolution.

>>> from gazetteer import Gazetteer
>>> from geomap.geoparsing import geoparse
>>> [m.place.name for m in geoparse("Shelling hit Kherson.", gazetteer=Gazetteer.open())]
['Kherson']

With ``spans`` (gold ``(start, end)`` pairs) recognition is skipped and exactly one mention
per span is returned, in the same order.  A span whose name is unknown is placed at the
article's focus (its main admin-1 region or country) with a score of 0.05, else
``place=None`` (NIL); ``focus_fallback=False`` always gives NIL.

This module only composes the stage: recognition (:mod:`.recognize`, :mod:`.ner`) or given
spans (:mod:`.spans`), names listed before a plural area word made areas ("the Kharkiv and
Sumy regions", :mod:`.area_lists`), names used as a town made towns ("a Lebanon woman",
:mod:`.local_use`), facility names re-keyed to their place (:mod:`.facilities`), parts
of a town the gazetteer lacks re-keyed to the town (:mod:`.subplaces`), "Mt." and "Ft."
read as "Mount" and "Fort" (:mod:`.abbreviations`), names the text calls a village or
town that the gazetteer lacks (:mod:`.cued_names`, placed in their container or at the focus),
resolution (:mod:`.resolve`), scores (:mod:`.score`), streets placed at their town
(:mod:`.streets`) and the focus fallback (:mod:`.focus`).
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from typing import TYPE_CHECKING, Sequence

from geomap.errors import InputError
from geomap.model import Mention
from geomap.geoparsing.abbreviations import expand_abbreviations
from geomap.geoparsing.area_lists import area_list_spans
from geomap.geoparsing.capitals import capitals_of_named_countries
from geomap.geoparsing.cued_names import CUED_CONFIDENCE, cued_names
from geomap.geoparsing.facilities import coarse_facilities, place_facilities
from geomap.geoparsing.local_use import local_uses
from geomap.geoparsing.focus import (
    FOCUS_FALLBACK_SCORE,
    article_focus,
    place_at_focus,
    place_in_containers,
    stray_guesses,
    stray_small_towns,
)
from geomap.geoparsing.other_uses import appositive_persons, given_name_alone
from geomap.geoparsing.recognize import Recognized, recognize
from geomap.geoparsing.resolve import PAIR_GAPS, contains, resolve
from geomap.geoparsing.score import MIN_SCORE, QUALIFIED_SCORE, score_mention
from geomap.geoparsing.short_forms import short_forms
from geomap.geoparsing.spans import Lookup, span_to_recognized
from geomap.geoparsing.streets import STREET_ROLE, place_streets, street_spans
from geomap.geoparsing.subplaces import sub_places

#: A given span read through its own name has confidence 0.9 (spans.py); below this it is a
#: guess -- a misspelling (0.65), a dropped feature word, one word of the name -- that the
#: place the text names as holding it overrules ("Greenlane, Auckland" is no Greenland).
FIRM_CONFIDENCE = 0.7

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer import Gazetteer

__all__ = ["geoparse", "recognize_spans", "prepare_spans", "resolve_spans", "span_to_recognized"]


def recognize_spans(text: str, *, gazetteer: "Gazetteer", ner: str | None = None,
                    lookup: Lookup | None = None) -> list[Recognized]:
    """The toponym spans of ``text`` (no resolution)."""
    lookup = lookup or Lookup(gazetteer)
    found = recognize(text, lookup=lookup, max_tokens=gazetteer.max_name_tokens)
    persons = appositive_persons(text)
    if persons:   # "Fairfield, a Lebanon woman ... Fairfield's lawyers": a person throughout
        found = [r for r in found if r.text not in persons]
    if ner:
        from geomap.geoparsing.ner import merge_ner_spans

        found = merge_ner_spans(text, found, backend=ner, lookup=lookup)
    cued = cued_names(text, found)   # "the village of Cellardyke"
    if cued:
        found = sorted(found + cued, key=lambda r: r.start)
    return found


def geoparse(text: str, *, gazetteer: "Gazetteer", spans: Sequence[tuple[int, int]] | None = None,
             ner: str | None = None, focus_fallback: bool = True) -> list[Mention]:
    """Recognise and resolve the place names of ``text``.

    Returns :class:`~geomap.model.Mention` objects sorted by start, non-overlapping, with
    exact offsets.  ``spans`` given: one mention per span, same order, same offsets.
    ``ner``: ``"spacy:MODEL"`` adds a spaCy NER pass to the gazetteer matching.
    ``focus_fallback`` (given spans only): a span whose name is unknown is placed at the
    article's focus region/country with a score of 0.05 instead of NIL (see
    :func:`geomap.geoparsing.focus.place_at_focus`); False keeps NIL.
    """
    if not isinstance(text, str):
        raise InputError(f"geoparse expects text as str, got {type(text).__name__}")
    lookup = Lookup(gazetteer)
    if spans is not None:
        recs = []
        for pair in spans:
            try:
                start, end = int(pair[0]), int(pair[1])
            except (TypeError, ValueError, IndexError):
                raise InputError(f"bad span {pair!r}: expected (start, end)") from None
            if not 0 <= start <= end <= len(text):
                raise InputError(f"span ({start}, {end}) is outside the text (length {len(text)})")
            recs.append(span_to_recognized(text, start, end, lookup=lookup))
    else:
        recs = recognize_spans(text, gazetteer=gazetteer, ner=ner, lookup=lookup)
    return resolve_spans(text, recs, gazetteer=gazetteer, lookup=lookup, given=spans is not None,
                         focus_fallback=focus_fallback)


def prepare_spans(text: str, recs: Sequence[Recognized], *, lookup: Lookup,
                  given: bool = False) -> tuple[list[Recognized], set[int]]:
    """The spans as resolution reads them: listed areas, names used as a town, facilities,
    abbreviations and parts of towns re-keyed (the steps between recognition and
    resolution; the ranker's training script prepares its spans with it too); and the
    indices of the facility mentions."""
    recs = local_uses(text, area_list_spans(text, recs, lookup, given=given), lookup)
    recs, facilities = place_facilities(text, recs, lookup=lookup, given=given)
    return sub_places(text, expand_abbreviations(recs, lookup), lookup), facilities


def resolve_spans(text: str, recs: Sequence[Recognized], *, gazetteer: "Gazetteer",
                  lookup: Lookup, given: bool = False, focus_fallback: bool = True) -> list[Mention]:
    """The resolution half of :func:`geoparse`: the mentions of the recognised (or, with
    ``given``, the given) spans ``recs`` of ``text``, with ``lookup`` the article's
    :class:`~.spans.Lookup`."""
    recs, facilities = prepare_spans(text, recs, lookup=lookup, given=given)
    candidates = lookup([r.key for r in recs])
    resolutions = resolve(recs, candidates, text=text)
    capitals = capitals_of_named_countries(recs, [res.place for res in resolutions], candidates)
    for k, capital in capitals.items():
        resolutions[k] = dataclasses.replace(resolutions[k], place=capital)
    counts = Counter(r.key for r in recs)
    mentions = [
        Mention(r.start, r.end, r.text,
                res.place,
                score_mention(r, res, counts[r.key]), r.role)
        for r, res in zip(recs, resolutions)
    ]
    if not given:
        for k in qualified_towns(text, mentions):
            if mentions[k].score < QUALIFIED_SCORE:
                mentions[k] = dataclasses.replace(mentions[k], score=QUALIFIED_SCORE)
        mentions, _ = place_in_containers(text, mentions, set(), score=MIN_SCORE)
        mentions = _place_cued_at_focus(recs, mentions, gazetteer)
        mentions = _place_strays_at_focus(recs, mentions)
        mentions = [m for m in mentions if (m.score >= MIN_SCORE or m.role == "demonym")
                    and not given_name_alone(text, m)]
        mentions = [m for m in place_streets(text, mentions, street_spans(text))
                    if m.score >= MIN_SCORE or m.role != STREET_ROLE]
    elif focus_fallback:
        stray = stray_guesses(recs, mentions) | coarse_facilities(facilities, mentions)
        unknown = stray | {k for k, m in enumerate(mentions) if m.place is None}
        short = short_forms(mentions, {k for k in unknown if mentions[k].place is None})
        if short:
            mentions = [short.get(k, m) for k, m in enumerate(mentions)]
            unknown -= short.keys()
            stray -= short.keys()
        guesses = {k for k, r in enumerate(recs) if r.confidence < FIRM_CONFIDENCE}
        mentions, placed = place_in_containers(text, mentions, unknown, score=FOCUS_FALLBACK_SCORE,
                                               guesses=guesses)
        mentions = place_at_focus(mentions, stray - placed, gazetteer=gazetteer)
    return mentions


def _place_cued_at_focus(recs: Sequence[Recognized], mentions: list[Mention],
                         gazetteer: "Gazetteer") -> list[Mention]:
    """Names the text calls a settlement but the gazetteer does not know ("the village of
    Cellardyke", :mod:`.cued_names`), not placed in a named container: at the article's
    focus (the region or country most of its places lie in, at the story's local centre)
    with the lowest score kept; dropped when the article has no focus."""
    cued = [k for k, (r, m) in enumerate(zip(recs, mentions))
            if m.place is None and r.confidence == CUED_CONFIDENCE and r.cue == "city"]
    if not cued:
        return mentions
    weak = {k for k, m in enumerate(mentions) if m.score < MIN_SCORE}
    focus = article_focus(mentions, weak, gazetteer=gazetteer)
    if focus is None:
        return mentions
    out = list(mentions)
    for k in cued:
        m = mentions[k]
        out[k] = Mention(m.start, m.end, m.text, focus, MIN_SCORE, m.role)
    return out


def _place_strays_at_focus(recs: Sequence[Recognized], mentions: list[Mention]) -> list[Mention]:
    """Small towns read in another first-level region than the one the story is about
    (:func:`~.focus.stray_small_towns`: "Star Lake" in a Minnesota story is no hamlet in New
    York): at the article's focus, at its local centre, with at most the lowest score kept
    -- the name is a place there, but the gazetteer does not know it."""
    stray = stray_small_towns(recs, mentions)
    if not stray:
        return mentions
    # only a region or country the article names (no containment search: end to end runs
    # on every article, and the polygons cost time and memory)
    focus = article_focus(mentions, stray)
    if focus is None:
        return mentions
    return [Mention(m.start, m.end, m.text, focus, min(m.score, MIN_SCORE), m.role)
            if k in stray else m for k, m in enumerate(mentions)]


def qualified_towns(text: str, mentions: Sequence[Mention]) -> list[int]:
    """Indices of the towns placed inside the region (admin-1 or -2) named right after them:
    "Darivka, Kherson oblast", "Bilozerka in the Kherson region"."""
    out = []
    for k in range(len(mentions) - 1):
        town, region = mentions[k], mentions[k + 1]
        if town.role == "toponym" and town.place is not None and town.place.kind == "city" \
                and region.place is not None and region.place.kind in ("admin1", "admin2") \
                and text[town.end:region.start] in PAIR_GAPS and contains(region.place, town.place):
            out.append(k)
    return out
