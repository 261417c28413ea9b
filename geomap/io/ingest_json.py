"""JSON Lines and JSON inputs: one object a line, an array, a single object or ``{"articles": [...]}``.

Both are streamed: JSON Lines line by line, a JSON array element by element from 1 MiB chunks.
"""
from __future__ import annotations

import io
import json
import warnings
from pathlib import Path
from typing import IO, Any, Iterator

from geomap.errors import GeomapWarning
from geomap.io.ingest_bytes import decode_utf8, open_input, utf8_error_at
from geomap.io.ingest_records import ReadContext
from geomap.io.limits import bounded_lines, too_long
from geomap.model import Article

__all__ = ["read_jsonl", "read_jsonl_stream", "read_json", "CHUNK"]

#: Bytes (and characters) read at a time from a JSON array.
CHUNK = 1 << 20


def read_jsonl_stream(stream: IO[bytes], name: str, ctx: ReadContext) -> Iterator[Article]:
    """Articles of a JSON Lines byte stream (a file or standard input) named ``name`` in messages."""
    warned_utf8 = False
    for lineno, raw in bounded_lines(stream):
        if raw is None:
            ctx.problem(f"{name}:{lineno}", too_long("line").removeprefix("line: "))
            continue
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError:
            if not warned_utf8:
                warnings.warn(f"{name}:{lineno}: invalid UTF-8; decoded with replacement characters",
                              GeomapWarning, stacklevel=2)
                warned_utf8 = True
            line = raw.decode("utf-8", errors="replace")
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            ctx.problem(where, f"malformed JSON ({exc.msg})")
            continue
        except RecursionError:
            ctx.problem(where, "malformed JSON (nested too deeply)")
            continue
        except ValueError as exc:  # a number longer than int conversion allows
            ctx.problem(where, f"malformed JSON ({exc})")
            continue
        yield from _json_record(where, record, ctx)


def read_jsonl(path: Path, ctx: ReadContext) -> Iterator[Article]:
    """Articles of a JSON Lines file, one object a line."""
    stream = open_input(path)
    with stream:
        yield from read_jsonl_stream(stream, str(path), ctx)


def _iter_json_array(stream: IO[str], first: str) -> Iterator[Any]:
    """The elements of a top-level JSON array, decoded one at a time from 1 MiB chunks.

    ``first`` is the text already read (starting at ``[``).  Raises ``json.JSONDecodeError``
    on malformed input.
    """
    decoder = json.JSONDecoder()
    buf = first[first.index("[") + 1:]
    pos = 0
    eof = False
    while True:
        while True:  # skip whitespace and one separating comma
            while pos < len(buf) and buf[pos] in " \t\r\n,":
                pos += 1
            if pos < len(buf) or eof:
                break
            more = stream.read(CHUNK)
            eof = not more
            buf, pos = buf[pos:] + more, 0
        if pos >= len(buf):
            raise json.JSONDecodeError("unterminated array", buf, pos)
        if buf[pos] == "]":
            return
        try:
            value, end = decoder.raw_decode(buf, pos)
        except json.JSONDecodeError:
            if eof:
                raise
            more = stream.read(CHUNK)
            eof = not more
            buf, pos = buf[pos:] + more, 0
            continue
        except (RecursionError, ValueError) as exc:  # nested too deeply, or a number too long
            end = value_end(buf, pos)
            if end is None and not eof:  # the element goes on in the next chunk
                more = stream.read(CHUNK)
                eof = not more
                buf, pos = buf[pos:] + more, 0
                continue
            if end is None:
                raise json.JSONDecodeError("unterminated array", buf, pos) from None
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            yield Unreadable(reason)
            pos = end
            continue
        if end == len(buf) and not eof:  # a number or literal may continue in the next chunk
            more = stream.read(CHUNK)
            if more:
                buf, pos = buf[pos:] + more, 0
                continue
            eof = True
        yield value
        pos = end


class Unreadable:
    """An array element that could not be decoded (its reason); the elements after it still are."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def value_end(buf: str, pos: int) -> int | None:
    """The end of the JSON value starting at ``buf[pos]`` (an object or array, found by counting
    brackets outside strings, without recursion), or None if ``buf`` ends first."""
    depth = 0
    i = pos
    n = len(buf)
    in_string = False
    while i < n:
        c = buf[i]
        if in_string:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth <= 0:
                return i + 1
        elif depth == 0 and c in ",]":
            return i
        i += 1
    return None


def read_json(path: Path, ctx: ReadContext) -> Iterator[Article]:
    """A JSON array (streamed element by element), a single object, or ``{"articles": [...]}``."""
    raw = open_input(path)
    with raw:
        head = raw.read(CHUNK)
        bad = utf8_error_at(head)
        errors = "strict" if bad is None or bad >= len(head) - 4 else "replace"
        raw.seek(0)
        stream = io.TextIOWrapper(raw, encoding="utf-8-sig", errors=errors)
        try:
            first = stream.read(min(4096, CHUNK))
            stripped = first.lstrip()
            if stripped.startswith("["):
                index = -1
                for index, record in enumerate(_iter_json_array(stream, stripped)):
                    yield from _json_record(f"{path}[{index}]", record, ctx)
                return
            text = first + stream.read()
        except UnicodeDecodeError:
            raw.seek(0)
            text = decode_utf8(raw.read(), str(path))
            if text.lstrip().startswith("["):
                try:
                    items = json.loads(text)
                except json.JSONDecodeError as exc:
                    ctx.problem(f"{path}:{exc.lineno}", f"malformed JSON ({exc.msg})")
                    return
                except ValueError as exc:
                    ctx.problem(str(path), f"malformed JSON ({exc})")
                    return
                for index, record in enumerate(items):
                    yield from _json_record(f"{path}[{index}]", record, ctx)
                return
        except json.JSONDecodeError as exc:
            ctx.problem(f"{path}", f"malformed JSON array ({exc.msg})")
            return
        finally:
            stream.detach()
    if errors == "replace":
        warnings.warn(f"{path}: invalid UTF-8; decoded with replacement characters", GeomapWarning, stacklevel=2)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if text.lstrip().startswith("{") and "\n{" in text:  # JSON Lines named .json
            yield from read_jsonl_stream(io.BytesIO(text.encode("utf-8")), str(path), ctx)
            return
        ctx.problem(f"{path}:{exc.lineno}", f"malformed JSON ({exc.msg})")
        return
    except ValueError as exc:  # a number longer than int conversion allows
        ctx.problem(str(path), f"malformed JSON ({exc})")
        return
    if isinstance(data, dict):
        items = data.get("articles") if isinstance(data.get("articles"), list) else [data]
    else:
        ctx.problem(str(path), "JSON is neither an object nor an array")
        return
    for index, record in enumerate(items):
        yield from _json_record(f"{path}[{index}]", record, ctx)


def _json_record(where: str, record: Any, ctx: ReadContext) -> Iterator[Article]:
    """The Article of one parsed JSON value (nothing, after a problem, unless it is a usable object)."""
    if isinstance(record, Unreadable):
        ctx.problem(where, f"malformed JSON ({record.reason})")
        return
    if not isinstance(record, dict):
        ctx.problem(where, "not a JSON object")
        return
    article = ctx.make(where, record)
    if article is not None:
        yield article
