"""The batch engine: run the per-article pipeline over a stream of articles.

Three back ends, one contract (:func:`process_articles`):

- ``jobs=1``: serial, in this process;
- ``engine="local"`` with ``jobs=N``: a process pool of N workers;
- ``engine="dask"``: Dask distributed, a ``LocalCluster`` of ``jobs`` single-threaded worker
  processes by default, or an existing cluster given its ``scheduler`` address.

Whatever the back end, the input is consumed lazily in chunks, at most a few chunks per
worker are in flight (memory stays flat however long the corpus is), events come out in
input order (the output is the same as the serial engine's, byte for byte once written),
and each worker opens the gazetteer once, not once per article.  Warnings raised in workers
(:class:`~geomap.errors.GeomapWarning`) are re-emitted in the calling process, in order, so
the CLI can count them.
"""
from __future__ import annotations

import contextlib
import dataclasses
import itertools
import logging
import os
import shutil
import threading
import warnings
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from geomap.errors import GeomapError, GeomapWarning, InputError
from geomap.model import Article, Event

__all__ = ["ENGINES", "EngineOptions", "process_articles", "default_jobs", "engine_options",
           "run_shards", "run_dask_shards", "ShardResult", "iter_partition_events", "worker_gazetteer_opens"]

#: Back ends accepted by ``--engine``.
ENGINES = ("local", "dask")

#: A per-article function: ``(article, gazetteer) -> events``.
ArticleFn = Callable[[Article, Any], Sequence[Event]]

#: Tasks the Dask scheduler of a LocalCluster remembers (see ``_DaskSession``).
_DASK_LOG_LENGTH = 20

#: Chunks in flight per worker: enough to keep workers busy, small enough to stay flat.
_IN_FLIGHT_PER_WORKER = 3

#: Articles per task when the caller does not say.  A Dask task costs the client and the
#: scheduler more than a pool task (a round trip through the scheduler), so Dask gets bigger
#: chunks: at 128 the client used 0.23 CPU ms per article against 0.26-0.29 at 64 (10k articles).
_DEFAULT_CHUNK_SIZE = {"local": 64, "dask": 128}


def default_jobs() -> int:
    """The cores this process may use (CPU affinity aware)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """How to run a batch: the ``process_articles`` keywords that come from the command line."""

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
        """Keyword arguments for :func:`process_articles`."""
        return {"jobs": self.jobs, "engine": self.engine, "scheduler": self.scheduler,
                "progress": self.progress, "chunk_size": self.chunk_size}


def engine_options(fn: Callable) -> Callable:
    """Click decorator: ``-j/--jobs``, ``--engine``, ``--scheduler``, ``-q/--quiet``, ``--progress``.

    The command receives ``jobs, engine, scheduler, quiet, progress``; turn them into
    :class:`EngineOptions` with :meth:`EngineOptions.from_cli`.
    """
    import click

    fn = click.option("--progress/--no-progress", "progress", default=None,
                      help="Show a progress bar on stderr (default: only when stderr is a terminal).")(fn)
    fn = click.option("-q", "--quiet", is_flag=True, help="No progress bar and no warnings on stderr.")(fn)
    fn = click.option("--scheduler", metavar="ADDRESS",
                      help="Dask scheduler address (tcp://host:8786); default: a LocalCluster.")(fn)
    fn = click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
                      help="Run on this machine (process pool) or on Dask distributed.")(fn)
    fn = click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
                      help="Worker processes (default: all cores; 1 = serial).")(fn)
    return fn


# --- the public entry point ------------------------------------------------------------------

def process_articles(articles: Iterable[Article], *, jobs: int | None = None, engine: str = "local",
                     scheduler: str | None = None, gazetteer_path: str | os.PathLike[str] | None = None,
                     progress: bool | None = None, fn: ArticleFn | None = None, chunk_size: int | None = None,
                     total: int | None = None) -> Iterator[Event]:
    """Stream the events of ``articles``, in input order, computed by ``fn`` on the chosen back end.

    ``fn(article, gazetteer)`` returns one article's events; the default is
    :func:`geomap.pipeline.article_events` with the gazetteer at ``gazetteer_path`` (the
    default store when ``None``).  A custom ``fn`` gets the gazetteer only when
    ``gazetteer_path`` is given, ``None`` otherwise.  ``fn`` must be picklable (a module-level
    function) for the pool and Dask back ends.

    ``jobs``: worker processes (``None`` = all cores; ``1`` = serial, in this process).
    ``engine``: ``"local"`` or ``"dask"``; ``scheduler``: a Dask scheduler address (implies Dask).
    ``chunk_size``: articles per task (default: 64 for the pool, 128 for Dask).
    ``progress``: ``None`` draws a bar on stderr when it is a terminal; ``total`` (articles, if
    known) adds an ETA.  The arguments are checked now; the work starts when you iterate.
    """
    engine = _checked_engine(engine, jobs=jobs, scheduler=scheduler)
    if chunk_size is None:
        chunk_size = _DEFAULT_CHUNK_SIZE[engine]
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise InputError(f"chunk_size must be a positive integer, not {chunk_size!r}")
    task = _Task.of(fn, gazetteer_path)
    n_jobs = default_jobs() if jobs is None else jobs
    if engine == "dask":
        stream = _dask_stream(articles, task, jobs=jobs, scheduler=scheduler, chunk_size=chunk_size)
    elif n_jobs == 1:
        stream = _serial_stream(articles, task)
    else:
        stream = _pool_stream(articles, task, jobs=n_jobs, chunk_size=chunk_size)
    return _with_progress(stream, progress=progress, total=total)


# --- what every back end runs ----------------------------------------------------------------

def _default_article_fn(article: Article, gazetteer: Any) -> list[Event]:
    from geomap.pipeline import article_events

    return article_events(article, gazetteer=gazetteer)


@dataclass(frozen=True, slots=True)
class _Task:
    """The per-article work, as shipped to workers (picklable)."""

    fn: ArticleFn
    gazetteer_path: str | None
    uses_gazetteer: bool

    @classmethod
    def of(cls, fn: ArticleFn | None, gazetteer_path: str | os.PathLike[str] | None) -> "_Task":
        """The task for a caller's ``fn`` (the pipeline when ``None``) and ``gazetteer_path``."""
        if fn is not None and not callable(fn):
            raise TypeError(f"fn must be callable, not {type(fn).__name__}")
        return cls(fn=fn or _default_article_fn,
                   gazetteer_path=os.fspath(gazetteer_path) if gazetteer_path is not None else None,
                   uses_gazetteer=fn is None or gazetteer_path is not None)


def _checked_engine(engine: str, *, jobs: int | None, scheduler: str | None) -> str:
    """The back end to use (a scheduler address implies Dask); bad values are an InputError."""
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise InputError(f"jobs must be a positive integer, not {jobs!r}")
    return "dask" if scheduler else engine


# Gazetteers opened in this process, one per (thread, path): SQLite connections belong to
# the thread that made them, and a Dask worker may run several threads.
_LOCAL = threading.local()
_OPENS_LOCK = threading.Lock()
_OPENS = 0


def worker_gazetteer_opens() -> int:
    """How many gazetteers this process has opened for the engine (for tests and benchmarks)."""
    return _OPENS


def _worker_gazetteer(path: str | None) -> Any:
    """The gazetteer at ``path`` (default store if ``None``), opened once per thread of this process."""
    global _OPENS
    cache = getattr(_LOCAL, "gazetteers", None)
    if cache is None:
        cache = _LOCAL.gazetteers = {}
    if path not in cache:
        from gazetteer import Gazetteer

        cache[path] = Gazetteer.open(path) if path is not None else Gazetteer.open()
        with _OPENS_LOCK:
            _OPENS += 1
    return cache[path]


def _with_default_store(task: _Task) -> _Task:
    """Resolve "the default store" in this process, so it is built (if missing) once, here,
    rather than by every worker at the same time."""
    if not task.uses_gazetteer or task.gazetteer_path is not None:
        return task
    from geomap.pipeline import default_gazetteer

    return dataclasses.replace(task, gazetteer_path=str(default_gazetteer().path))


def _run_chunk(task: _Task, chunk: Sequence[Article]) -> tuple[list[Event], list[tuple[str, type[Warning]]]]:
    """Events of one chunk of articles, plus the warnings raised on the way (to re-emit)."""
    gazetteer = _worker_gazetteer(task.gazetteer_path) if task.uses_gazetteer else None
    events: list[Event] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for article in chunk:
            events.extend(_article_events(task, article, gazetteer))
    return events, [(str(w.message), w.category) for w in caught]


def _article_events(task: _Task, article: Article, gazetteer: Any) -> Sequence[Event]:
    """``task.fn`` on one article.  A bug hit by one article (an unexpected exception, not a
    deliberate ``GeomapError`` or gazetteer error) skips that article with a warning instead
    of losing the whole batch."""
    try:
        return task.fn(article, gazetteer)
    except (GeomapError, MemoryError, RecursionError):
        raise
    except Exception as exc:  # noqa: BLE001 - reported as a counted warning
        from gazetteer.errors import GazetteerError

        if isinstance(exc, GazetteerError):
            raise
        warnings.warn(f"article {article.id!r}: internal error ({type(exc).__name__}: {exc}); skipped "
                      "(please report it)", GeomapWarning, stacklevel=2)
        return []


def _reemit(caught: Sequence[tuple[str, type[Warning]]]) -> None:
    for message, category in caught:
        warnings.warn(message, category, stacklevel=3)


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# Streams yield (articles_done, events) pairs so the progress bar counts articles.
_Stream = Iterator[tuple[int, Sequence[Event]]]


def _with_progress(stream: _Stream, *, progress: bool | None, total: int | None) -> Iterator[Event]:
    from geomap.progress import progress_bar

    bar = progress_bar(total=total, desc="geomap", unit=" articles", progress=progress)
    try:
        for done, events in stream:
            yield from events
            bar.update(done)
    finally:
        stream.close()
        bar.close()


# --- serial ----------------------------------------------------------------------------------

def _serial_stream(articles: Iterable[Article], task: _Task) -> _Stream:
    gazetteer = None
    if task.uses_gazetteer:
        if task.gazetteer_path is None:
            from geomap.pipeline import default_gazetteer

            gazetteer = default_gazetteer()  # shared with the rest of this process
        else:
            gazetteer = _worker_gazetteer(task.gazetteer_path)
    for article in articles:
        yield 1, _article_events(task, article, gazetteer)


# --- local process pool ----------------------------------------------------------------------

_POOL_TASK: _Task | None = None
_WORKER_DIED = "a worker process died (out of memory?); try fewer --jobs"
_POOL_INIT_ERROR: BaseException | None = None


def _init_pool_worker(task: _Task) -> None:
    """Pool initializer: keep the task and open the gazetteer once, before the first chunk arrives."""
    global _POOL_TASK, _POOL_INIT_ERROR
    _POOL_TASK = task
    if task.uses_gazetteer:
        try:
            _worker_gazetteer(task.gazetteer_path)
        except BaseException as exc:  # noqa: BLE001 - re-raised with the first chunk, with its message
            _POOL_INIT_ERROR = exc


def _pool_chunk(chunk: Sequence[Article]):
    if _POOL_INIT_ERROR is not None:
        raise _POOL_INIT_ERROR
    assert _POOL_TASK is not None, "pool worker was not initialised"
    return _run_chunk(_POOL_TASK, chunk)


def _mp_context():
    """forkserver where available: workers start clean (no inherited threads or SQLite handles)."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _pool_stream(articles: Iterable[Article], task: _Task, *, jobs: int, chunk_size: int) -> _Stream:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = _chunks(articles, chunk_size)
    first = next(chunks, None)
    if first is None:
        return
    if len(first) < chunk_size:  # the whole input is one short chunk: starting workers would cost more
        yield from _serial_stream(first, task)
        return
    chunks = itertools.chain([first], chunks)
    task = _with_default_store(task)
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=_mp_context(),
                                   initializer=_init_pool_worker, initargs=(task,))
    pending: deque = deque()
    max_pending = jobs * _IN_FLIGHT_PER_WORKER

    def drain_one():
        n, future = pending.popleft()
        try:
            events, caught = future.result()
        except BrokenProcessPool:
            raise GeomapError(_WORKER_DIED) from None
        _reemit(caught)
        return n, events

    try:
        for chunk in chunks:
            pending.append((len(chunk), executor.submit(_pool_chunk, chunk)))
            while len(pending) >= max_pending or (pending and pending[0][1].done()):
                yield drain_one()
        while pending:
            yield drain_one()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


# --- Dask distributed ------------------------------------------------------------------------

def _dask_chunk(task: _Task, chunk: Sequence[Article]):
    return _run_chunk(task, chunk)


@contextlib.contextmanager
def _sigint_ignored_by_children() -> Iterator[None]:
    """Start worker processes with Ctrl-C ignored (an ignored signal stays ignored across exec).

    Ctrl-C goes to the whole process group; the workers should not each print a
    KeyboardInterrupt traceback: this process stops them when it is interrupted.
    """
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _DaskSession:
    """A Dask client on an existing scheduler, or on a LocalCluster it starts and stops."""

    def __init__(self, *, jobs: int | None, scheduler: str | None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise GeomapError("the dask engine needs dask[distributed]: pip install 'geomap[dask]'") from None
        self.cluster = None
        self._config = contextlib.ExitStack()
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="20s")
            else:
                import dask

                # The scheduler's low-level logs keep the last N tasks, payload (articles)
                # included: with the default N=1000 this process grows by ~50 MB over the
                # first ~64k articles of a stream.  Short logs, for the session's lifetime,
                # keep it flat.  The workers' statistical profiler (a stack sample every
                # 10 ms) feeds only the dashboard, which this private cluster does not serve.
                self._config.enter_context(
                    dask.config.set({"distributed.admin.low-level-log-length": _DASK_LOG_LENGTH,
                                     "distributed.worker.profile.enabled": False}))
                with _sigint_ignored_by_children():
                    self.cluster = LocalCluster(n_workers=jobs or default_jobs(), threads_per_worker=1,
                                                processes=True, dashboard_address=":0",
                                                silence_logs=logging.ERROR)
                self.client = Client(self.cluster)
        except BaseException as exc:
            self.close()
            if not isinstance(exc, OSError):  # OSError includes TimeoutError / CommClosedError
                raise
            where = f"scheduler {scheduler}" if scheduler else "a local Dask cluster"
            raise GeomapError(f"cannot connect to {where}: {exc}") from None

    @property
    def slots(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def close(self) -> None:
        client, self.client = getattr(self, "client", None), None
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
        self._config.close()

    def __enter__(self) -> "_DaskSession":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _dask_stream(articles: Iterable[Article], task: _Task, *, jobs: int | None, scheduler: str | None,
                 chunk_size: int) -> _Stream:
    if not scheduler:  # a LocalCluster shares this machine's store; a real cluster's workers use theirs
        task = _with_default_store(task)
    with _DaskSession(jobs=jobs, scheduler=scheduler) as session:
        client = session.client
        pending: deque = deque()
        max_pending = session.slots * _IN_FLIGHT_PER_WORKER
        try:
            for chunk in _chunks(articles, chunk_size):
                pending.append((len(chunk), client.submit(_dask_chunk, task, chunk, pure=False)))
                while len(pending) >= max_pending or (pending and pending[0][1].done()):
                    yield _dask_result(pending.popleft())
            while pending:
                yield _dask_result(pending.popleft())
        finally:
            for _, future in pending:
                future.cancel()


def _dask_result(item):
    n, future = item
    events, caught = future.result()
    future.release()
    _reemit(caught)
    return n, events


# --- one task per input file (shard) -> partitioned GeoParquet ---------------------------------

from geomap.io.dataset import PARTITIONS_DIR, new_staging_dir, partition_name, swap_in  # noqa: E402


@dataclass(frozen=True, slots=True)
class ShardResult:
    """One input shard and the GeoParquet partition its events went to."""

    shard: str
    partition: str
    articles: int
    events: int


def _shard_job(task: _Task, shard: str, partition: str, published, strict: bool):
    """Worker side: read one shard, run the pipeline on it, write its GeoParquet partition."""
    from geomap.io.formats import write_events
    from geomap.io.ingest import read_articles

    counted = [0]

    def counting(articles):
        for article in articles:
            counted[0] += 1
            yield article

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        events, more = _run_chunk(task, counting(read_articles([shard], published=published, strict=strict)))
        n_events = write_events(events, partition)
    return counted[0], n_events, [(str(w.message), w.category) for w in caught] + more


def run_shards(inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
               out_dir: str | os.PathLike[str], *, engine: str = "local", jobs: int | None = None,
               scheduler: str | None = None, gazetteer_path: str | os.PathLike[str] | None = None,
               fn: ArticleFn | None = None, published=None, strict: bool = False, geojson: bool = True,
               dedupe: bool = False, progress: bool | None = None) -> list[ShardResult]:
    """Run the pipeline with one task per input file (a shard); workers read and write the files.

    Each shard (any input file; directories and globs are expanded in sorted order) becomes
    ``out_dir/events.parquet/part-NNNNN.parquet``, written by the worker that processed it, so
    the calling process never holds the corpus.  Concatenated in shard order, the partitions
    hold exactly the events the serial engine yields for the same articles (every report, not
    deduplicated).  The dataset is swapped in whole: a failed run leaves the previous one.
    With ``geojson`` the partitions are then streamed, in order, into ``out_dir/events.geojson``
    (deduplicated with ``dedupe``, like ``geomap extract``, in bounded memory).

    ``engine``: ``"local"`` (a process pool of ``jobs`` workers; ``jobs=1`` runs here) or
    ``"dask"`` (a LocalCluster, or the cluster at ``scheduler``).  On a real cluster the shards
    and ``out_dir`` must be on a filesystem the workers share, under the same paths.
    Returns one :class:`ShardResult` per shard, in order.
    """
    from geomap.io.ingest import expand_inputs

    engine = _checked_engine(engine, jobs=jobs, scheduler=scheduler)
    task = _Task.of(fn, gazetteer_path)
    paths = list(expand_inputs(inputs))
    if "-" in paths:
        raise InputError("partitioned output needs input files, not standard input")
    shards = [str(Path(p).resolve()) for p in paths]
    if not shards:
        raise InputError("no input shards")
    out = Path(out_dir).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = new_staging_dir(out)
    except OSError as exc:
        raise GeomapError(f"cannot write to {out}: {exc.strerror or exc}") from None
    if not scheduler:
        task = _with_default_store(task)
    shard_parts = [(shard, str(staging / partition_name(i))) for i, shard in enumerate(shards)]
    run = _dask_shard_jobs if engine == "dask" else _local_shard_jobs
    results: list[ShardResult] = []
    try:
        outcomes = run(task, shard_parts, published=published, strict=strict, jobs=jobs, scheduler=scheduler,
                       progress=progress)
        for (shard, part), (n_articles, n_events, caught) in zip(shard_parts, outcomes):
            _reemit(caught)
            results.append(ShardResult(shard=shard, partition=str(out / PARTITIONS_DIR / Path(part).name),
                                       articles=n_articles, events=n_events))
        swap_in(staging, out / PARTITIONS_DIR)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if geojson:
        from geomap.io.formats import write_events

        events: Iterable[Event] = iter_partition_events(out)
        if dedupe:
            from geomap.events import iter_deduped_events

            events = iter_deduped_events(events)
        write_events(events, out / "events.geojson")
    return results


def run_dask_shards(jsonl_shards: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
                    out_dir: str | os.PathLike[str], **kwargs: Any) -> list[ShardResult]:
    """:func:`run_shards` on Dask (a LocalCluster, or the cluster at ``scheduler=``)."""
    return run_shards(jsonl_shards, out_dir, engine="dask", **kwargs)


#: What a shard job returns: (articles, events, warnings caught).
_ShardOutcome = tuple[int, int, list[tuple[str, type[Warning]]]]


def _dask_shard_jobs(task: _Task, shard_parts: Sequence[tuple[str, str]], *, published, strict: bool,
                     jobs: int | None, scheduler: str | None, progress: bool | None) -> list[_ShardOutcome]:
    from geomap.progress import progress_bar

    bar = progress_bar(total=len(shard_parts), desc="shards", unit="shard", progress=progress)
    try:
        with _DaskSession(jobs=jobs, scheduler=scheduler) as session:
            futures = [session.client.submit(_shard_job, task, shard, part, published, strict, pure=False)
                       for shard, part in shard_parts]
            from distributed import as_completed

            for future in as_completed(futures):
                future.result()  # raise the first failure now, not after every shard ran
                bar.update(1)
            return [future.result() for future in futures]
    finally:
        bar.close()


def _local_shard_jobs(task: _Task, shard_parts: Sequence[tuple[str, str]], *, published, strict: bool,
                      jobs: int | None, scheduler: str | None, progress: bool | None) -> list[_ShardOutcome]:
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from geomap.progress import progress_bar

    n_jobs = min(default_jobs() if jobs is None else jobs, len(shard_parts))
    bar = progress_bar(total=len(shard_parts), desc="shards", unit="shard", progress=progress)
    try:
        if n_jobs == 1:
            outcomes = []
            for shard, part in shard_parts:
                outcomes.append(_shard_job(task, shard, part, published, strict))
                bar.update(1)
            return outcomes
        with ProcessPoolExecutor(max_workers=n_jobs, mp_context=_mp_context()) as executor:
            futures = [executor.submit(_shard_job, task, shard, part, published, strict)
                       for shard, part in shard_parts]
            try:
                for future in as_completed(futures):
                    future.result()  # raise the first failure now, not after every shard ran
                    bar.update(1)
                return [future.result() for future in futures]
            except BrokenProcessPool:
                raise GeomapError(_WORKER_DIED) from None
            finally:
                for future in futures:
                    future.cancel()
    finally:
        bar.close()


def iter_partition_events(out_dir: str | os.PathLike[str]) -> Iterator[Event]:
    """Stream the events of a ``run_dask_shards`` output, partition by partition, in order."""
    from geomap.io.formats import read_events

    parts_dir = Path(out_dir) / PARTITIONS_DIR
    if not parts_dir.is_dir():
        raise InputError(f"{out_dir} holds no {PARTITIONS_DIR} partitions")
    yield from read_events(parts_dir)
