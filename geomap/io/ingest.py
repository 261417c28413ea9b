"""Read news articles from files into :class:`~geomap.model.Article` records, streaming.

Formats are picked from the file suffix through :data:`READERS` (geopandas style), or
sniffed from the first bytes when the suffix says nothing:

========================  ===============================================================
``.jsonl`` ``.ndjson``    one JSON object a line: ``id, title, text, published, url, source``
``.json``                 an array of such objects, a single object, or ``{"articles": [...]}``
``.txt`` ``.text``        optional ``Title:``/``Date:``/``URL:``/``Source:``/``Id:`` header lines;
                          a file may hold several articles separated by three or more blank
                          lines or by a line of ``---``/``===`` (the seed files do)
``.csv``                  columns ``id,title,text,published,url,source`` (``text`` required)
``.xml`` ``.rss``         RSS 2.0 / RSS 1.0 / Atom feeds: one article per ``item``/``entry``
``.atom``
``.html`` ``.htm``        main text (``<article>`` or ``<body>`` without navigation), title,
                          date from ``<meta>`` tags, JSON-LD, ``<time datetime>`` or the URL
``-``                     JSON Lines on standard input
========================  ===============================================================

Directories are walked recursively in sorted order (hidden files and unknown suffixes
skipped); glob patterns are expanded in sorted order.  Nothing reads a whole corpus into
memory: JSONL, CSV and feeds are read record by record.

Problems with one record are :class:`~geomap.errors.GeomapWarning` (with ``file:line``) and
the record is skipped; ``strict=True`` turns them into :class:`~geomap.errors.InputError`.
A missing input is always an ``InputError``.  Articles without a publication date (and no
``published=`` fallback) get one warning each, since relative dates in them stay unresolved.

Article ids: the record's own ``id`` when given, else ``"a-" + sha1(title, text)[:16]``, a
content hash, so the same article read twice (or from two paths) gets the same id and the
event store stays idempotent.

This module dispatches; the readers live in modules of their own: :mod:`geomap.io.ingest_json`
(JSON Lines, JSON), :mod:`geomap.io.ingest_csv`, :mod:`geomap.io.ingest_text` (plain text),
:mod:`geomap.io.ingest_feeds` (RSS/Atom), :mod:`geomap.io.ingest_html` (saved pages), on top of
:mod:`geomap.io.ingest_records` (record -> Article, warning policy), :mod:`geomap.io.ingest_dates`
(publication dates) and :mod:`geomap.io.ingest_bytes` (opening, reading, decoding).
"""
from __future__ import annotations

import codecs
import datetime as dt
import glob as globmod
import os
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator

from geomap.errors import InputError
from geomap.io.ingest_bytes import read_head
from geomap.io.ingest_csv import read_csv
from geomap.io.ingest_dates import parse_published
from geomap.io.ingest_feeds import read_feed
from geomap.io.ingest_html import html_to_record, read_html
from geomap.io.ingest_json import read_json, read_jsonl, read_jsonl_stream
from geomap.io.ingest_records import SHOWN_PER_FILE, ReadContext, article_id
from geomap.io.ingest_text import read_txt
from geomap.model import Article

__all__ = ["read_articles", "read_file", "READERS", "parse_published", "article_id"]
# SHOWN_PER_FILE and html_to_record are imported above so that they stay importable from here.

_GLOB_CHARS = set("*?[")


Reader = Callable[[Path, ReadContext], Iterator[Article]]

READERS: dict[str, Reader] = {
    ".jsonl": read_jsonl, ".ndjson": read_jsonl, ".jsonlines": read_jsonl,
    ".json": read_json,
    ".txt": read_txt, ".text": read_txt,
    ".csv": read_csv,
    ".xml": read_feed, ".rss": read_feed, ".atom": read_feed,
    ".html": read_html, ".htm": read_html, ".xhtml": read_html,
}


def _sniff(path: Path) -> Reader:
    """The reader for a file whose suffix says nothing, from its first bytes."""
    head = read_head(path, 2048)
    start = head.lstrip(codecs.BOM_UTF8).lstrip()
    lower = start[:512].lower()
    if start.startswith(b"{"):
        return read_jsonl
    if start.startswith(b"["):
        return read_json
    if lower.startswith(b"<!doctype html") or lower.startswith(b"<html") or b"<body" in lower:
        return read_html
    if start.startswith(b"<"):
        return read_feed
    return read_txt


def _reader_for(path: Path) -> Reader:
    """The reader for ``path``: by suffix, else sniffed; compressed files are refused."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        raise InputError(f"{path}: compressed input is not supported; decompress it first")
    return READERS.get(suffix) or _sniff(path)


def _walk(directory: Path) -> Iterator[Path]:
    """Readable files under ``directory``, sorted; hidden entries and unknown suffixes skipped."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in READERS and (Path(root) / name).is_file():  # no FIFOs: they block
                yield Path(root) / name


def expand_inputs(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[Path | str]:
    """Paths from files, directories (recursive, sorted) and globs; ``"-"`` is kept for stdin."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    for item in inputs:
        text = os.fspath(item)
        if text == "-":
            yield "-"
            continue
        if not text.strip():  # Path("") is the current directory: never read that by accident
            raise InputError(f"empty input path {text!r}: give a file, a directory or a glob "
                             "(. for the current directory)")
        path = Path(text).expanduser()
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield path
        elif _GLOB_CHARS & set(text):
            matches = sorted(globmod.glob(os.path.expanduser(text), recursive=True))
            if not matches:
                raise InputError(f"no input matches {text!r}")
            for match in matches:
                mpath = Path(match)
                if mpath.is_dir():
                    yield from _walk(mpath)
                elif mpath.is_file():
                    yield mpath
        elif path.exists():
            raise InputError(f"not a regular file: {text}")
        else:
            raise InputError(f"no such file or directory: {text}")


def read_file(path: str | os.PathLike[str], *, published: dt.date | None = None,
              strict: bool = False) -> Iterator[Article]:
    """Articles of one file (format by suffix, else sniffed)."""
    ctx = ReadContext(published=published, strict=strict)
    p = Path(path)
    if not p.exists():
        raise InputError(f"no such file or directory: {path}")
    yield from _iter_articles([p], ctx)


def read_articles(inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], *,
                  published: dt.date | None = None, strict: bool = False) -> Iterator[Article]:
    """Stream :class:`Article` records from files, directories, globs or ``"-"`` (stdin JSONL).

    ``published`` fills in missing publication dates.  Unlike the reading itself, which streams,
    every input is checked before the first article is read, so a missing file raises
    :class:`InputError` before any output is produced.
    """
    paths = list(expand_inputs(inputs))
    return _iter_articles(paths, ReadContext(published=published, strict=strict))


def _iter_articles(paths: list[Path | str], ctx: ReadContext) -> Iterator[Article]:
    """Articles of checked inputs in order; empty and binary files are skipped with a warning.

    If no article came out and every input with content was unusable as a whole (binary, or
    nested too deeply to read), that is an :class:`InputError`: there was nothing to work on.
    """
    read = unusable = 0
    for path in paths:
        if path == "-":
            for article in read_jsonl_stream(sys.stdin.buffer, "<stdin>", ctx):
                read += 1
                yield article
            ctx.end_file("<stdin>")
            continue
        assert isinstance(path, Path)
        head = _head(path)
        if not head:
            ctx.warn(f"{path}: empty file; skipped")
        elif b"\x00" in head:
            ctx.problem(str(path), "binary file (NUL bytes), not text")
            unusable += 1
        else:
            try:
                for article in _reader_for(path)(path, ctx):
                    read += 1
                    yield article
            except RecursionError:  # JSON/XML nested thousands deep
                ctx.problem(str(path), "nested too deeply to read")
                unusable += 1
        ctx.end_file(str(path))
    if unusable and not read and unusable == sum(1 for p in paths if p == "-" or _head(p)):
        raise InputError(f"nothing to read: {'the input is' if unusable == 1 else f'all {unusable} inputs are'} "
                         "unusable (binary or unreadable; see the warnings above)")


def _head(path: Path) -> bytes:
    """The first 8 KiB of a file (to tell empty and binary files)."""
    return read_head(path, 8192)
