"""CSV inputs: a header row naming the columns ``id,title,text,published,url,source``.

A ``text`` (or ``body``/``content``) column is required; column names are matched without case
or surrounding spaces.  Rows are read one at a time.
"""
from __future__ import annotations

import collections
import csv
import io
import sys
import warnings
from pathlib import Path
from typing import Iterator

from geomap.errors import InputError, GeomapWarning
from geomap.io.ingest_bytes import decode_utf8, open_input, utf8_error_at
from geomap.io.ingest_records import ReadContext
from geomap.model import Article

__all__ = ["read_csv"]


def read_csv(path: Path, ctx: ReadContext) -> Iterator[Article]:
    """Articles of a CSV file, row by row; invalid UTF-8 is replaced, with a warning."""
    raw = open_input(path)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with raw:
        head = raw.read(4096)
        raw.seek(0)
        bad = utf8_error_at(head)
        errors = "strict" if bad is None else "replace"
        if bad is not None and bad < len(head) - 4:  # not just a character cut by the 4 KiB window
            warnings.warn(f"{path}: invalid UTF-8; decoded with replacement characters", GeomapWarning,
                          stacklevel=2)
        stream = io.TextIOWrapper(raw, encoding="utf-8-sig", errors=errors, newline="")
        try:
            yield from _read_rows(stream, path, ctx)
        except UnicodeDecodeError:
            warnings.warn(f"{path}: invalid UTF-8 further in; re-read with replacement characters",
                          GeomapWarning, stacklevel=2)
            raw.seek(0)
            text = decode_utf8(raw.read(), str(path))
            yield from _read_rows(io.StringIO(text, newline=""), path, ctx)
        finally:
            stream.detach()


class _Lines:
    """The lines of a text stream for ``csv.reader``, with the ones the current row took
    (``taken``) and lines to read again first (``pending``) after a malformed row."""

    def __init__(self, stream) -> None:
        self.source = iter(stream)
        self.pending: collections.deque[str] = collections.deque()
        self.taken: list[str] = []

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        line = self.pending.popleft() if self.pending else next(self.source)
        self.taken.append(line)
        return line


def _read_rows(stream, path: Path, ctx: ReadContext) -> Iterator[Article]:
    """Articles of the rows of a CSV text stream.

    The reader is strict about quotes: a row with an unterminated quote (which would swallow
    the rows after it) or text after a closing quote is one warning with its line number, and
    reading goes on with the line after that row's first line, so no good row is lost.
    """
    lines = _Lines(stream)
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        header = []
    except csv.Error as exc:
        raise InputError(f"{path}:1: malformed CSV header ({exc})") from None
    fields = [(h or "").strip().lower() for h in header]
    if not {"text", "body", "content"} & set(fields):
        raise InputError(f"{path}: CSV needs a 'text' column (found: {', '.join(fields) or 'none'})")
    line = len(lines.taken)
    while True:
        lines.taken = []
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            taken = lines.taken
            end = line + len(taken)
            ctx.problem(f"{path}:{line + 1}", f"malformed CSV row ({exc}; the row runs to line {end}, "
                        "an unterminated quote?)")
            lines.pending.extendleft(reversed(taken[1:]))  # read the lines it swallowed again
            line += 1
            reader = csv.reader(lines, strict=True)
            continue
        line += len(lines.taken)
        if not row:
            continue
        record = {name: value for name, value in zip(fields, row)}
        for name in fields[len(row):]:
            record.setdefault(name, None)
        article = ctx.make(f"{path}:{line}", record)
        if article is not None:
            yield article
