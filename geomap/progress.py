"""A progress bar for long batch work: tqdm on stderr with rate and ETA.

The bar shows only when it can help a person watching: it is off when stderr is not a
terminal (pipes, CI logs, tests) or when the user asked for quiet output.
"""
from __future__ import annotations

import sys
from typing import IO, Any


def progress_enabled(progress: bool | None = None, *, quiet: bool = False, stream: IO[str] | None = None) -> bool:
    """Whether to draw a bar: ``progress`` True/False forces it; ``None`` means "if stderr is a TTY".

    ``quiet`` always wins (``-q`` on the command line).
    """
    if quiet:
        return False
    if progress is not None:
        return bool(progress)
    stream = sys.stderr if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or odd streams
        return False


def progress_bar(*, total: int | None = None, desc: str = "articles", unit: str = "article",
                 progress: bool | None = None, quiet: bool = False, stream: IO[str] | None = None) -> Any:
    """A ``tqdm`` bar (call ``.update(n)`` and ``.close()``, or use it as a context manager).

    With ``total`` the bar shows percentage and ETA; without it, the count and the rate.
    When disabled, tqdm's own ``disable=True`` bar is returned: every method is a cheap no-op.
    """
    from tqdm import tqdm

    stream = sys.stderr if stream is None else stream
    enabled = progress_enabled(progress, quiet=quiet, stream=stream)
    return tqdm(total=total, desc=desc, unit=unit, file=stream, disable=not enabled,
                dynamic_ncols=True, smoothing=0.1, mininterval=0.25)
