"""What every back end runs: a per-item function over chunks of items, warnings captured.

The engine knows nothing of what the items are (articles, shards...): a :class:`Work`
says what to run on one item, what to do once in a worker process before its first item,
and what to ship instead when the work leaves this process.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Sequence

__all__ = ["Work", "Caught", "IN_FLIGHT_PER_WORKER", "WORKER_DIED", "as_work", "run_chunk", "chunked",
           "capture_warnings", "reemit"]

#: Warnings caught in a worker, to re-emit in the calling process: ``(message, category)``.
Caught = list[tuple[str, type[Warning]]]

#: Chunks in flight per worker: enough to keep workers busy, small enough to stay flat.
IN_FLIGHT_PER_WORKER = 3

#: The error when a pool worker process dies under the engine.
WORKER_DIED = "a worker process died (out of memory?); try fewer --jobs"


@dataclass(frozen=True, slots=True)
class Work:
    """The per-item work, as shipped to workers (picklable: module-level functions, dataclasses).

    ``fn(item)`` returns the item's results (a sequence; they are streamed flat, in order).
    ``setup()``, if given, runs in a worker before each chunk and when a pool worker starts
    (it should cache what it opens: a database connection per process, say).
    ``shipped(local)``, if given, runs here once before the work leaves this process and
    returns the :class:`Work` to send (``local``: to processes started on this machine).
    """

    fn: Callable[[Any], Sequence[Any]]
    setup: Callable[[], object] | None = None
    shipped: Callable[[bool], "Work"] | None = None

    def for_workers(self, *, local: bool) -> "Work":
        """The work to send to worker processes (see ``shipped``)."""
        return self.shipped(local) if self.shipped is not None else self

    def prepare(self) -> None:
        """Run ``setup`` (if any)."""
        if self.setup is not None:
            self.setup()


def as_work(work: "Work | Callable[[Any], Sequence[Any]]") -> Work:
    """``work`` itself, or a plain per-item function wrapped in a :class:`Work`."""
    if isinstance(work, Work):
        return work
    if not callable(work):
        raise TypeError(f"fn must be callable, not {type(work).__name__}")
    return Work(fn=work)


def capture_warnings(fn: Callable[..., Any], *args: Any) -> tuple[Any, Caught]:
    """``fn(*args)`` and the warnings it raised (every one, to re-emit elsewhere)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn(*args)
    return result, [(str(w.message), w.category) for w in caught]


def run_chunk(work: Work, chunk: Iterable[Any]) -> tuple[list[Any], Caught]:
    """Results of one chunk of items, plus the warnings raised on the way (to re-emit)."""
    work.prepare()

    def results() -> list[Any]:
        out: list[Any] = []
        for item in chunk:
            out.extend(work.fn(item))
        return out

    return capture_warnings(results)


def reemit(caught: Sequence[tuple[str, type[Warning]]]) -> None:
    """Raise again, in this process and in order, warnings caught in a worker."""
    for message, category in caught:
        warnings.warn(message, category, stacklevel=3)


def chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last one may be shorter)."""
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
