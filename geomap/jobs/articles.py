"""The per-article pipeline (geoparse -> events) and its run over many articles on the engine.

Everything heavy is imported lazily so ``import geomap`` stays cheap.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

from geomap.engine import Work, map_items
from geomap.errors import GeomapError, GeomapWarning
from geomap.jobs.gazetteers import default_gazetteer, gazetteer_errors, worker_gazetteer
from geomap.model import Article, Event, Mention, Place

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer import Gazetteer

__all__ = ["ArticleFn", "ArticleAnalysis", "ArticleTask", "geoparse", "analyse_article", "article_events",
           "iter_articles", "process_articles", "check_inputs", "check_article"]

#: A per-article function: ``(article, gazetteer) -> events``.
ArticleFn = Callable[[Article, Any], Sequence[Event]]


def geoparse(text: str, *, gazetteer: "Gazetteer | None" = None,
             spans: Sequence[tuple[int, int]] | None = None, ner: str | None = None) -> list[Mention]:
    """Recognise and resolve the place names in ``text``.

    With ``spans`` (``(start, end)`` pairs) only those spans are resolved, one mention each.
    ``ner``: ``"spacy:MODEL"`` adds a spaCy NER pass to the gazetteer matching.
    """
    from geomap.geoparsing import geoparse as geoparse_text

    if not isinstance(text, str):
        raise TypeError(f"geoparse() expects the text as a str, not {type(text).__name__}")
    with gazetteer_errors():
        return geoparse_text(text, gazetteer=gazetteer or default_gazetteer(), spans=spans, ner=ner)


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

    gazetteer = gazetteer or default_gazetteer()
    mentions = geoparse(article.text, gazetteer=gazetteer)
    with gazetteer_errors():
        events = extract_events(article, mentions, gazetteer=gazetteer)
    return ArticleAnalysis(article.id, tuple(events),
                           places=tuple(m.place for m in mentions if m.place is not None and m.role == "toponym"),
                           unresolved=tuple(m.text for m in mentions if m.place is None))


def article_events(article: Article, *, gazetteer: "Gazetteer | None" = None) -> list[Event]:
    """All located, dated events of one article (before cross-article deduplication)."""
    return list(analyse_article(article, gazetteer=gazetteer).events)


_EXPECTED = ("paths (str or os.PathLike: files, directories, globs), geomap.Article objects, or a list "
             "of them")
_ARTICLE_TEXT_FIELDS = ("id", "text", "title", "url", "source")


def check_article(article: Article) -> Article:
    """``article``, or a TypeError naming the field whose type is wrong."""
    for name in _ARTICLE_TEXT_FIELDS:
        value = getattr(article, name)
        if not isinstance(value, str):
            raise TypeError(f"Article.{name} must be a str, not {type(value).__name__} "
                            f"(article {article.id!r})")
    if article.published is not None and not isinstance(article.published, dt.date):
        raise TypeError(f"Article.published must be a datetime.date or None, not "
                        f"{type(article.published).__name__} (article {article.id!r}; parse "
                        "'2024-04-01' with datetime.date.fromisoformat)")
    return article


def _check_item(item: Any) -> Any:
    if isinstance(item, Article):
        return check_article(item)
    if isinstance(item, (str, os.PathLike)):
        return item
    hint = (" (to extract from a record, pass geomap.Article(id=..., text=...))"
            if isinstance(item, dict) else "")
    hint = hint or (" (decode a bytes path with os.fsdecode)" if isinstance(item, bytes) else "")
    raise TypeError(f"expected {_EXPECTED}, got {type(item).__name__}{hint}")


def check_inputs(inputs: Any) -> Any:
    """``inputs`` as :func:`iter_articles` takes them, type-checked: a TypeError says what was
    expected (a list is checked now, an iterator item by item as it is read)."""
    if isinstance(inputs, (str, os.PathLike, Article)):
        return [_check_item(inputs)]
    if isinstance(inputs, (bytes, bytearray, dict)) or not isinstance(inputs, Iterable):
        _check_item(inputs)
    if isinstance(inputs, Iterator):
        return map(_check_item, inputs)
    return [_check_item(item) for item in inputs]


def iter_articles(inputs, *, published: dt.date | None = None, strict: bool = False) -> Iterator[Article]:
    """Articles from ``Article`` objects or from paths (read with :mod:`geomap.io.ingest`).

    Given only paths (a list, not an iterator), the inputs are checked now, as
    :func:`~geomap.io.ingest.read_articles` does: a missing file raises before any article.
    """
    inputs = check_inputs(inputs)
    if not isinstance(inputs, Iterator):
        if not any(isinstance(item, Article) for item in inputs):
            from geomap.io.ingest import read_articles

            return read_articles(inputs, published=published, strict=strict) if inputs else iter(())
    return _articles_then_files(inputs, published=published, strict=strict)


def _articles_then_files(items: Iterable[Any], *, published: dt.date | None, strict: bool) -> Iterator[Article]:
    paths: list = []
    for item in items:
        if isinstance(item, Article):
            yield item
        else:
            paths.append(item)
    if paths:
        from geomap.io.ingest import read_articles

        yield from read_articles(paths, published=published, strict=strict)


def pipeline_fn(article: Article, gazetteer: Any) -> list[Event]:
    """The default per-article function: :func:`article_events`."""
    return article_events(article, gazetteer=gazetteer)


@dataclass(frozen=True, slots=True)
class ArticleTask:
    """A per-article function and the gazetteer it gets, as shipped to the engine's workers.

    ``gazetteer_path=None`` is the default store: in this process the process-wide one
    (:func:`default_gazetteer`); in a worker (``shared=False``) one per worker thread.
    """

    fn: ArticleFn
    gazetteer_path: str | None
    uses_gazetteer: bool
    shared: bool = True

    @classmethod
    def of(cls, fn: ArticleFn | None, gazetteer_path: str | os.PathLike[str] | None) -> "ArticleTask":
        """The task for a caller's ``fn`` (the pipeline when ``None``) and ``gazetteer_path``.

        A custom ``fn`` gets the gazetteer only when ``gazetteer_path`` is given, ``None`` otherwise.
        """
        if fn is not None and not callable(fn):
            raise TypeError(f"fn must be callable, not {type(fn).__name__}")
        return cls(fn=fn or pipeline_fn,
                   gazetteer_path=os.fspath(gazetteer_path) if gazetteer_path is not None else None,
                   uses_gazetteer=fn is None or gazetteer_path is not None)

    def gazetteer(self) -> Any:
        """The gazetteer for ``fn`` (``None`` if it uses none), opened once per process or thread."""
        if not self.uses_gazetteer:
            return None
        if self.gazetteer_path is None and self.shared:
            return default_gazetteer()  # shared with the rest of this process
        return worker_gazetteer(self.gazetteer_path)

    def for_workers(self, local: bool) -> "ArticleTask":
        """This task for worker processes.  Workers on this machine get the default store's path,
        resolved here, so it is built (if missing) once, here, rather than by every worker."""
        task = dataclasses.replace(self, shared=False)
        if local and self.uses_gazetteer and self.gazetteer_path is None:
            task = dataclasses.replace(task, gazetteer_path=str(default_gazetteer().path))
        return task

    def work(self) -> Work:
        """The engine's view of this task: open the gazetteer once per worker, then ``self`` per article."""
        return Work(fn=self, setup=self.gazetteer, shipped=self.shipped_work)

    def shipped_work(self, local: bool) -> Work:
        """The engine's view of :meth:`for_workers` (``Work.shipped``)."""
        task = self.for_workers(local)
        return Work(fn=task, setup=task.gazetteer)

    def __call__(self, article: Article) -> Sequence[Event]:
        """``fn`` on one article.  A bug hit by one article (an unexpected exception, not a
        deliberate ``GeomapError`` or gazetteer error) skips that article with a warning instead
        of losing the whole batch."""
        gazetteer = self.gazetteer()
        try:
            with gazetteer_errors():
                return self.fn(article, gazetteer)
        except (GeomapError, MemoryError, RecursionError):
            raise
        except Exception as exc:  # noqa: BLE001 - reported as a counted warning
            warnings.warn(f"article {article.id!r}: internal error ({type(exc).__name__}: {exc}); skipped "
                          "(please report it)", GeomapWarning, stacklevel=2)
            return []


def process_articles(articles: Iterable[Article], *, jobs: int | None = None, engine: str = "local",
                     scheduler: str | None = None, gazetteer_path: str | os.PathLike[str] | None = None,
                     progress: bool | None = None, fn: ArticleFn | None = None, chunk_size: int | None = None,
                     total: int | None = None) -> Iterator[Event]:
    """Stream the events of ``articles``, in input order, computed by ``fn`` on the chosen back end.

    ``fn(article, gazetteer)`` returns one article's events; the default is
    :func:`article_events` with the gazetteer at ``gazetteer_path`` (the default store when
    ``None``).  A custom ``fn`` gets the gazetteer only when ``gazetteer_path`` is given,
    ``None`` otherwise.  ``fn`` must be picklable (a module-level function) for the pool and
    Dask back ends.

    ``jobs``: worker processes (``None`` = all cores; ``1`` = serial, in this process).
    ``engine``: ``"local"`` or ``"dask"``; ``scheduler``: a Dask scheduler address (implies Dask).
    ``chunk_size``: articles per task (default: 64 for the pool, 128 for Dask).
    ``progress``: ``None`` draws a bar on stderr when it is a terminal; ``total`` (articles, if
    known) adds an ETA.  The arguments are checked now; the work starts when you iterate.
    """
    task = ArticleTask.of(fn, gazetteer_path)
    return map_items(task.work(), articles, jobs=jobs, engine=engine, scheduler=scheduler, chunk_size=chunk_size,
                     progress=progress, total=total, desc="geomap", unit=" articles")
