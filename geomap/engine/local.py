"""The engine on this machine: serial (in this process) and a process pool.

Both keep input order; the pool keeps at most a few chunks per worker in flight, so memory
stays flat however long the input is.
"""
from __future__ import annotations

import itertools
import os
from collections import deque
from typing import Any, Callable, Iterable, Iterator, Sequence

from geomap.engine.work import IN_FLIGHT_PER_WORKER, WORKER_DIED, Caught, Work, chunked, reemit, run_chunk
from geomap.errors import GeomapError

__all__ = ["Stream", "default_jobs", "serial_stream", "pool_stream", "pool_tasks", "mp_context"]

# Streams yield (items_done, results) pairs so the progress bar counts items.
Stream = Iterator[tuple[int, Sequence[Any]]]


def default_jobs() -> int:
    """The cores this process may use (CPU affinity aware)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def serial_stream(items: Iterable[Any], work: Work) -> Stream:
    """``work`` on each item, in this process."""
    work.prepare()
    for item in items:
        yield 1, work.fn(item)


# --- process pool ------------------------------------------------------------------------------

_POOL_WORK: Work | None = None
_POOL_INIT_ERROR: BaseException | None = None


def _init_pool_worker(work: Work) -> None:
    """Pool initializer: keep the work and run its setup once, before the first chunk arrives."""
    global _POOL_WORK, _POOL_INIT_ERROR
    _POOL_WORK = work
    try:
        work.prepare()
    except BaseException as exc:  # noqa: BLE001 - re-raised with the first chunk, with its message
        _POOL_INIT_ERROR = exc


def _pool_chunk(chunk: Sequence[Any]) -> tuple[list[Any], Caught]:
    if _POOL_INIT_ERROR is not None:
        raise _POOL_INIT_ERROR
    assert _POOL_WORK is not None, "pool worker was not initialised"
    return run_chunk(_POOL_WORK, chunk)


def mp_context():
    """forkserver where available: workers start clean (no inherited threads or SQLite handles)."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def pool_stream(items: Iterable[Any], work: Work, *, jobs: int, chunk_size: int) -> Stream:
    """``work`` on chunks of ``chunk_size`` items in a pool of ``jobs`` processes, in input order."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = chunked(items, chunk_size)
    first = next(chunks, None)
    if first is None:
        return
    if len(first) < chunk_size:  # the whole input is one short chunk: starting workers would cost more
        yield from serial_stream(first, work)
        return
    chunks = itertools.chain([first], chunks)
    work = work.for_workers(local=True)
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=mp_context(),
                                   initializer=_init_pool_worker, initargs=(work,))
    pending: deque = deque()
    max_pending = jobs * IN_FLIGHT_PER_WORKER

    def drain_one():
        n, future = pending.popleft()
        try:
            results, caught = future.result()
        except BrokenProcessPool:
            raise GeomapError(WORKER_DIED) from None
        reemit(caught)
        return n, results

    try:
        for chunk in chunks:
            pending.append((len(chunk), executor.submit(_pool_chunk, chunk)))
            while len(pending) >= max_pending or (pending and pending[0][1].done()):
                yield drain_one()
        while pending:
            yield drain_one()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def pool_tasks(fn: Callable[[Any], Any], items: Sequence[Any], *, jobs: int, done: Callable[[], None]) -> list[Any]:
    """``fn(item)`` as one task per item on ``jobs`` processes (``1``: here); results in item order.

    ``done()`` is called as each task finishes; the first failure is raised at once.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    if jobs == 1:
        results = []
        for item in items:
            results.append(fn(item))
            done()
        return results
    with ProcessPoolExecutor(max_workers=jobs, mp_context=mp_context()) as executor:
        futures = [executor.submit(fn, item) for item in items]
        try:
            for future in as_completed(futures):
                future.result()  # raise the first failure now, not after every task ran
                done()
            return [future.result() for future in futures]
        except BrokenProcessPool:
            raise GeomapError(WORKER_DIED) from None
        finally:
            for future in futures:
                future.cancel()
