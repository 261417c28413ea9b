"""CSV inputs: a header row naming the columns ``id,title,text,published,url,source``.

A ``text`` (or ``body``/``content``) column is required; column names are matched without case
or surrounding spaces.  Rows are read one at a time.
"""
from __future__ import annotations

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
            reader = csv.DictReader(stream)
            fields = [f.strip().lower() for f in (reader.fieldnames or [])]
            if not {"text", "body", "content"} & set(fields):
                raise InputError(f"{path}: CSV needs a 'text' column (found: {', '.join(fields) or 'none'})")
            yield from _rows(reader, path, ctx)
        except UnicodeDecodeError:
            warnings.warn(f"{path}: invalid UTF-8 further in; re-read with replacement characters",
                          GeomapWarning, stacklevel=2)
            raw.seek(0)
            text = decode_utf8(raw.read(), str(path))
            yield from _rows(csv.DictReader(io.StringIO(text, newline="")), path, ctx)
        except csv.Error as exc:
            ctx.problem(str(path), f"malformed CSV ({exc})")
        finally:
            stream.detach()


def _rows(reader: csv.DictReader, path: Path, ctx: ReadContext) -> Iterator[Article]:
    """Articles of the rows of ``reader`` (column names stripped and lower-cased)."""
    for row in reader:
        record = {(k or "").strip().lower(): v for k, v in row.items() if k is not None}
        article = ctx.make(f"{path}:{reader.line_num}", record)
        if article is not None:
            yield article
