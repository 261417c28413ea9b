"""Per-article functions the scale benchmark can run, importable by pool and Dask workers.

``pipeline`` is the real thing (:func:`geomap.jobs.article_events`).  ``sentences`` is a
stand-in with no gazetteer (one event per sentence that names a capitalised word after its
first word); it measures the engine's own overhead, not geoparsing.
"""
from __future__ import annotations

import re

from geomap.model import Article, Event

_SENTENCE = re.compile(r"[^.!?]+[.!?]")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")


def sentence_events(article: Article, gazetteer) -> list[Event]:  # noqa: ARG001 - engine contract
    events = []
    for n, match in enumerate(_SENTENCE.finditer(article.text)):
        sentence = match.group().strip()
        names = [m for m in _CAPITALISED.finditer(sentence) if m.start() > 0]
        if names:
            events.append(Event(event_id=f"{article.id}:{n}", article_id=article.id, evidence=sentence,
                                location_text=names[0].group(), published=article.published,
                                event_date=article.published, title=article.title, url=article.url,
                                source=article.source))
    return events


FUNCTIONS = {"sentences": sentence_events, "pipeline": None}  # None = the engine's default
