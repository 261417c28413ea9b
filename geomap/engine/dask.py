"""The engine on Dask distributed: a LocalCluster it starts, or an existing scheduler.

Dask itself is imported only when a session starts (``pip install 'geomap[dask]'``).
"""
from __future__ import annotations

import contextlib
import logging
import threading
from collections import deque
from typing import Any, Callable, Iterable, Iterator, Sequence

from geomap.engine.local import Stream, default_jobs
from geomap.engine.work import IN_FLIGHT_PER_WORKER, Caught, Work, chunked, reemit, run_chunk
from geomap.errors import GeomapError

__all__ = ["DASK_LOG_LENGTH", "DaskSession", "dask_stream", "dask_tasks", "sigint_ignored_by_children"]

#: Tasks the Dask scheduler of a LocalCluster remembers (see :class:`DaskSession`).
DASK_LOG_LENGTH = 20


@contextlib.contextmanager
def sigint_ignored_by_children() -> Iterator[None]:
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


class DaskSession:
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
                    dask.config.set({"distributed.admin.low-level-log-length": DASK_LOG_LENGTH,
                                     "distributed.worker.profile.enabled": False}))
                with sigint_ignored_by_children():
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

    def __enter__(self) -> "DaskSession":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _dask_chunk(work: Work, chunk: Sequence[Any]) -> tuple[list[Any], Caught]:
    return run_chunk(work, chunk)


def dask_stream(items: Iterable[Any], work: Work, *, jobs: int | None, scheduler: str | None,
                chunk_size: int) -> Stream:
    """``work`` on chunks of ``chunk_size`` items on Dask, in input order."""
    # a LocalCluster shares this machine; a real cluster's workers use their own resources
    work = work.for_workers(local=not scheduler)
    with DaskSession(jobs=jobs, scheduler=scheduler) as session:
        client = session.client
        pending: deque = deque()
        max_pending = session.slots * IN_FLIGHT_PER_WORKER
        try:
            for chunk in chunked(items, chunk_size):
                pending.append((len(chunk), client.submit(_dask_chunk, work, chunk, pure=False)))
                while len(pending) >= max_pending or (pending and pending[0][1].done()):
                    yield _dask_result(pending.popleft())
            while pending:
                yield _dask_result(pending.popleft())
        finally:
            for _, future in pending:
                future.cancel()


def _dask_result(item):
    n, future = item
    results, caught = future.result()
    future.release()
    reemit(caught)
    return n, results


def dask_tasks(fn: Callable[[Any], Any], items: Sequence[Any], *, jobs: int | None, scheduler: str | None,
               done: Callable[[], None]) -> list[Any]:
    """``fn(item)`` as one Dask task per item; results in item order, the first failure raised at once."""
    with DaskSession(jobs=jobs, scheduler=scheduler) as session:
        futures = [session.client.submit(fn, item, pure=False) for item in items]
        from distributed import as_completed

        for future in as_completed(futures):
            future.result()  # raise the first failure now, not after every task ran
            done()
        return [future.result() for future in futures]
