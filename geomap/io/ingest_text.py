"""Plain-text inputs: optional header lines, and several articles a file.

``Title:``/``Headline:``, ``Date:``/``Published:``, ``URL:``/``Link:``, ``Source:`` and ``Id:``
lines at the top of an article become its fields; the rest is its text.  A file may hold
several articles separated by three or more blank lines or by a line of ``---``/``===`` (the
seed files do).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from geomap.io.ingest_bytes import decode_utf8, read_bytes
from geomap.io.ingest_records import ReadContext
from geomap.model import Article

__all__ = ["read_txt"]

_HEADER = re.compile(r"^(title|headline|date|published|url|link|source|id)\s*:\s*(.*?)\s*$", re.I)
_SEPARATOR = re.compile(r"\n[ \t]*\n[ \t]*\n[ \t]*\n\s*|\n[ \t]*(?:-{3,}|={3,}|\f)[ \t]*\n\s*")
_HEADER_KEYS = {"headline": "title", "date": "published", "link": "url"}


def _split_txt(text: str) -> list[str]:
    """Articles of a text file.

    A file whose first article has header lines starts a new article only at a chunk that
    has headers too (blank lines inside a body do not split it); a file without any headers
    (the seed files) splits at every separator.
    """
    chunks = [chunk for chunk in _SEPARATOR.split(text) if chunk.strip()]
    if len(chunks) < 2 or not _HEADER.match(chunks[0].lstrip("\n").split("\n", 1)[0]):
        return chunks
    merged = [chunks[0]]
    for chunk in chunks[1:]:
        if _HEADER.match(chunk.lstrip("\n").split("\n", 1)[0]):
            merged.append(chunk)
        else:
            merged[-1] = merged[-1].rstrip("\n") + "\n\n" + chunk
    return merged


def _txt_record(chunk: str) -> dict[str, Any]:
    """Header lines (if any) become fields; the rest is the text.

    Without a ``Title:`` header, a short first line without end punctuation is taken as the
    title (it stays in the text, so offsets and evidence keep it).
    """
    record: dict[str, Any] = {}
    lines = chunk.lstrip("\n").split("\n")
    body_start = 0
    for i, line in enumerate(lines):
        m = _HEADER.match(line)
        if not m:
            break
        key = m.group(1).lower()
        record[_HEADER_KEYS.get(key, key)] = m.group(2)
        body_start = i + 1
    body = "\n".join(lines[body_start:]).strip()
    record["text"] = body
    if not record.get("title") and body:
        first = body.split("\n", 1)[0].strip()
        if 0 < len(first) <= 160 and not re.search(r"[.!?:;,]$", first):
            record["title"] = first
    return record


def read_txt(path: Path, ctx: ReadContext) -> Iterator[Article]:
    """Articles of a plain-text file (one, or several between separators)."""
    text = decode_utf8(read_bytes(path), str(path)).replace("\r\n", "\n").replace("\r", "\n")
    chunks = _split_txt(text)
    if not chunks:
        ctx.problem(str(path), "empty text file")
        return
    for index, chunk in enumerate(chunks):
        record = _txt_record(chunk)
        where = f"{path}" if len(chunks) == 1 else f"{path} (article {index + 1})"
        article = ctx.make(where, record)
        if article is not None:
            yield article
