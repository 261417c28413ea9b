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


def count_records(inputs, *, limit_bytes: int = 2 * 2**30) -> int | None:
    """Number of records in JSON Lines inputs (non-blank lines), for the bar's total and ETA.

    Counting reads the files once more (fast, and it warms the page cache for the real
    read).  Returns ``None`` when an input is not JSONL (or is stdin), or when the inputs are
    larger than ``limit_bytes`` together: then the bar shows count and rate without an ETA.
    """
    import os
    from pathlib import Path

    from geomap.io.ingest import expand_inputs

    try:
        paths = list(expand_inputs(inputs))
    except Exception:  # noqa: BLE001 - the real read reports bad inputs properly
        return None
    if not paths or any(p == "-" or Path(p).suffix.lower() not in (".jsonl", ".ndjson") for p in paths):
        return None
    if sum(os.path.getsize(p) for p in paths) > limit_bytes:
        return None
    total = 0
    for path in paths:
        with open(path, "rb") as fh:
            for line in fh:
                if line.strip():
                    total += 1
    return total
