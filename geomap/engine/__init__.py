"""The batch engine: run a per-item function over a stream of items, on a chosen back end.

The engine is a scheduler only: it takes a function and items and knows nothing of what
they are (the applications on top of it, such as running the pipeline over articles, are in
:mod:`geomap.jobs`).  Three back ends, one contract (:func:`map_items`):

- ``jobs=1``: serial, in this process (:mod:`.local`);
- ``engine="local"`` with ``jobs=N``: a process pool of N workers (:mod:`.local`);
- ``engine="dask"``: Dask distributed, a ``LocalCluster`` of ``jobs`` single-threaded worker
  processes by default, or an existing cluster given its ``scheduler`` address (:mod:`.dask`).

Whatever the back end, the input is consumed lazily in chunks, at most a few chunks per
worker are in flight (memory stays flat however long the input is), results come out in
input order (the same as the serial engine's), and a worker runs the work's ``setup`` once,
not once per item.  Warnings raised in workers (:class:`~geomap.errors.GeomapWarning`) are
re-emitted in the calling process, in order, so the CLI can count them.
:func:`run_tasks` runs one task per item instead (an input file each, say).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Sequence

from geomap.engine.dask import dask_stream, dask_tasks
from geomap.engine.local import Stream, default_jobs, pool_stream, pool_tasks, serial_stream
from geomap.engine.work import Caught, Work, as_work, capture_warnings, reemit, run_chunk
from geomap.errors import InputError

__all__ = ["ENGINES", "DEFAULT_CHUNK_SIZE", "EngineOptions", "Work", "Caught", "map_items", "run_tasks",
           "default_jobs", "checked_engine", "capture_warnings", "reemit", "run_chunk"]

#: Back ends accepted by ``--engine``.
ENGINES = ("local", "dask")

#: Items per task when the caller does not say.  A Dask task costs the client and the
#: scheduler more than a pool task (a round trip through the scheduler), so Dask gets bigger
#: chunks: at 128 the client used 0.23 CPU ms per article against 0.26-0.29 at 64 (10k articles).
DEFAULT_CHUNK_SIZE = {"local": 64, "dask": 128}


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """How to run a batch: the engine keywords that come from the command line."""

    jobs: int | None = None
    engine: str = "local"
    scheduler: str | None = None
    progress: bool | None = None
    chunk_size: int | None = None

    @classmethod
    def from_cli(cls, *, jobs: int | None = None, engine: str = "local", scheduler: str | None = None,
                 quiet: bool = False, progress: bool | None = None) -> "EngineOptions":
        """Options from ``engine_options`` values; ``-q`` turns the bar off whatever ``--progress`` says."""
        return cls(jobs=jobs, engine=engine, scheduler=scheduler, progress=False if quiet else progress)

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :func:`map_items` (and :func:`geomap.jobs.process_articles`)."""
        return {"jobs": self.jobs, "engine": self.engine, "scheduler": self.scheduler,
                "progress": self.progress, "chunk_size": self.chunk_size}


def checked_engine(engine: str, *, jobs: int | None, scheduler: str | None) -> str:
    """The back end to use (a scheduler address implies Dask); bad values are an InputError."""
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise InputError(f"jobs must be a positive integer, not {jobs!r}")
    return "dask" if scheduler else engine


def map_items(work: Work | Callable[[Any], Sequence[Any]], items: Iterable[Any], *, jobs: int | None = None,
              engine: str = "local", scheduler: str | None = None, chunk_size: int | None = None,
              progress: bool | None = None, total: int | None = None, desc: str = "geomap",
              unit: str = " items") -> Iterator[Any]:
    """Stream the results of ``work`` on ``items``, flat and in input order, on the chosen back end.

    ``work``: a :class:`Work`, or a per-item function ``fn(item) -> results`` (picklable, a
    module-level function, for the pool and Dask back ends).
    ``jobs``: worker processes (``None`` = all cores; ``1`` = serial, in this process).
    ``engine``: ``"local"`` or ``"dask"``; ``scheduler``: a Dask scheduler address (implies Dask).
    ``chunk_size``: items per task (default: 64 for the pool, 128 for Dask).
    ``progress``: ``None`` draws a bar on stderr when it is a terminal (``desc``, ``unit``);
    ``total`` (items, if known) adds an ETA.  The arguments are checked now; the work starts
    when you iterate.
    """
    engine = checked_engine(engine, jobs=jobs, scheduler=scheduler)
    if chunk_size is None:
        chunk_size = DEFAULT_CHUNK_SIZE[engine]
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise InputError(f"chunk_size must be a positive integer, not {chunk_size!r}")
    work = as_work(work)
    n_jobs = default_jobs() if jobs is None else jobs
    if engine == "dask":
        stream = dask_stream(items, work, jobs=jobs, scheduler=scheduler, chunk_size=chunk_size)
    elif n_jobs == 1:
        stream = serial_stream(items, work)
    else:
        stream = pool_stream(items, work, jobs=n_jobs, chunk_size=chunk_size)
    return _with_progress(stream, progress=progress, total=total, desc=desc, unit=unit)


def _with_progress(stream: Stream, *, progress: bool | None, total: int | None, desc: str,
                   unit: str) -> Iterator[Any]:
    from geomap.progress import progress_bar

    bar = progress_bar(total=total, desc=desc, unit=unit, progress=progress)
    try:
        for done, results in stream:
            yield from results
            bar.update(done)
    finally:
        stream.close()
        bar.close()


def run_tasks(fn: Callable[[Any], Any], items: Sequence[Any], *, engine: str = "local", jobs: int | None = None,
              scheduler: str | None = None, progress: bool | None = None, desc: str = "tasks",
              unit: str = "task") -> list[Any]:
    """``fn(item)`` as one task per item; the results in item order (the first failure raised at once).

    ``engine="local"``: a process pool of ``jobs`` workers (at most one per item; ``1`` runs
    here); ``"dask"``: a LocalCluster, or the cluster at ``scheduler``.  ``fn`` must be
    picklable.  The bar (``progress``) counts finished tasks.
    """
    from geomap.progress import progress_bar

    engine = checked_engine(engine, jobs=jobs, scheduler=scheduler)
    bar = progress_bar(total=len(items), desc=desc, unit=unit, progress=progress)

    def done() -> None:
        bar.update(1)

    try:
        if engine == "dask":
            return dask_tasks(fn, items, jobs=jobs, scheduler=scheduler, done=done)
        n_jobs = min(default_jobs() if jobs is None else jobs, len(items))
        return pool_tasks(fn, items, jobs=n_jobs, done=done)
    finally:
        bar.close()
