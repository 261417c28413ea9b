"""The pipeline as stage functions: ingest -> geoparse -> events -> outputs.

Everything heavy is imported lazily so ``import geomap`` stays cheap.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from geomap.model import Article, Event, Mention, Place

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer import Gazetteer

_DEFAULT_GAZETTEER: "Gazetteer | None" = None


def default_gazetteer() -> "Gazetteer":
    """The process-wide default gazetteer, opened (and built if needed) once."""
    global _DEFAULT_GAZETTEER
    if _DEFAULT_GAZETTEER is None:
        from gazetteer import Gazetteer

        _DEFAULT_GAZETTEER = Gazetteer.open()
    return _DEFAULT_GAZETTEER


def geoparse(text: str, *, gazetteer: "Gazetteer | None" = None,
             spans: Sequence[tuple[int, int]] | None = None, ner: str | None = None) -> list[Mention]:
    """Recognise and resolve the place names in ``text``.

    With ``spans`` (``(start, end)`` pairs) only those spans are resolved, one mention each.
    ``ner``: ``"spacy:MODEL"`` adds a spaCy NER pass to the gazetteer matching.
    """
    from geomap.geoparsing.parse import geoparse as _geoparse

    return _geoparse(text, gazetteer=gazetteer or default_gazetteer(), spans=spans, ner=ner)


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    """What one article gave: its events, the places it mentions (resolved toponyms, once per
    mention) and the place names the gazetteer could not resolve."""

    article_id: str
    events: tuple[Event, ...]
    places: tuple[Place, ...] = ()
    unresolved: tuple[str, ...] = ()


def analyse_article(article: Article, *, gazetteer: "Gazetteer | None" = None) -> ArticleAnalysis:
    """Geoparse one article and extract its events (before cross-article deduplication)."""
    from geomap.events import extract_events

    mentions = geoparse(article.text, gazetteer=gazetteer)
    return ArticleAnalysis(article.id, tuple(extract_events(article, mentions)),
                           places=tuple(m.place for m in mentions if m.place is not None and m.role == "toponym"),
                           unresolved=tuple(m.text for m in mentions if m.place is None))


def article_events(article: Article, *, gazetteer: "Gazetteer | None" = None) -> list[Event]:
    """All located, dated events of one article (before cross-article deduplication)."""
    return list(analyse_article(article, gazetteer=gazetteer).events)


def extract(inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | Iterable[Article],
            *, published: dt.date | None = None, gazetteer: "Gazetteer | None" = None,
            dedupe: bool = True) -> list[Event]:
    """Events from article files (paths, directories, globs) or ``Article`` objects."""
    from geomap.events import dedupe_events

    events: list[Event] = []
    for article in iter_articles(inputs, published=published):
        events.extend(article_events(article, gazetteer=gazetteer))
    return dedupe_events(events) if dedupe else events


def iter_articles(inputs, *, published: dt.date | None = None, strict: bool = False) -> Iterator[Article]:
    """Articles from ``Article`` objects or from paths (read with :mod:`geomap.io.ingest`)."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    items = list(inputs) if not isinstance(inputs, Iterator) else inputs
    paths: list = []
    for item in items:
        if isinstance(item, Article):
            yield item
        else:
            paths.append(item)
    if paths:
        from geomap.io.ingest import read_articles

        yield from read_articles(paths, published=published, strict=strict)
