"""``geomap extract`` and ``geomap.extract()``: articles -> events (deduplicated) -> a list or a file.

One function for both callers, so the Python API does what the command does.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from geomap.jobs.articles import article_events, check_inputs, iter_articles, process_articles
from geomap.model import Article, Event

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer import Gazetteer

__all__ = ["extract"]


@dataclass(frozen=True, slots=True)
class _WithGazetteer:
    """The pipeline on a caller's open gazetteer (serial runs in this process only)."""

    gazetteer: Any

    def __call__(self, article: Article, _gazetteer: Any) -> list[Event]:
        return article_events(article, gazetteer=self.gazetteer)


def extract(inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | Iterable[Article],
            output: str | os.PathLike[str] | None = None, *, published: dt.date | None = None,
            strict: bool = False, gazetteer: "Gazetteer | None" = None, dedupe: bool = True,
            jobs: int | None = 1, engine: str = "local", scheduler: str | None = None,
            progress: bool | None = False) -> "list[Event] | int":
    """Events from article files (paths, directories, globs) or ``Article`` objects.

    Reads the articles, runs the pipeline on the engine (``jobs``, ``engine``, ``scheduler``;
    serial by default), and merges duplicate reports unless ``dedupe=False`` (in bounded
    memory: past 200k unique events the merge state goes to disk).  Without ``output`` the
    events are returned as a list; with ``output`` (format from the suffix) they are written
    there, atomically, and their number is returned: that is ``geomap extract``.
    ``gazetteer``: an open gazetteer to use (its store, in worker processes); default: the
    default store.  ``progress``: draw a bar on stderr (``None``: when stderr is a terminal).
    """
    from geomap.events import iter_deduped_events

    inputs = check_inputs(inputs)
    if output is not None:
        from geomap.io.formats import format_for
        from geomap.io.ingest import expand_inputs
        from geomap.io.outputs import check_output

        if not isinstance(output, (str, os.PathLike)):
            raise TypeError(f"extract(output=...) expects a path (str or os.PathLike), not {type(output).__name__}")
        output = Path(output)
        format_for(output, mode="write")  # an unknown suffix or an unwritable place fails now, not after the work
        paths = [i for i in inputs if isinstance(i, (str, os.PathLike))] if isinstance(inputs, list) else []
        check_output(output, inputs=expand_inputs(paths), what="events")
    articles = iter_articles(inputs, published=published, strict=strict)
    events: Iterable[Event] = process_articles(articles, jobs=jobs, engine=engine, scheduler=scheduler,
                                               progress=progress, total=_total(inputs, progress),
                                               **_gazetteer_kwargs(gazetteer, jobs=jobs, engine=engine,
                                                                   scheduler=scheduler))
    if dedupe:  # rows come out at the end
        events = iter_deduped_events(events)
    if output is None:
        return list(events)
    from geomap.io.formats import write_events

    return write_events(events, output)


def _gazetteer_kwargs(gazetteer: Any, *, jobs: int | None, engine: str, scheduler: str | None) -> dict[str, Any]:
    """``process_articles`` keywords for a caller's gazetteer: the object itself when the run is
    serial, here; its store's path for worker processes."""
    if gazetteer is None:
        return {}
    if jobs == 1 and engine == "local" and not scheduler:
        return {"fn": _WithGazetteer(gazetteer)}
    return {"gazetteer_path": str(gazetteer.path)}


def _total(inputs: Any, progress: bool | None) -> int | None:
    """Records to read, for the bar's ETA (JSON Lines files only; not counted without a bar)."""
    from geomap.progress import count_records, progress_enabled

    if not isinstance(inputs, list) or any(isinstance(i, Article) for i in inputs):
        return None
    return count_records(inputs) if progress_enabled(progress) else None
