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
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import email.utils
import glob as globmod
import hashlib
import html
import io
import json
import os
import re
import sys
import warnings
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any, BinaryIO, Callable, Iterable, Iterator, Mapping

from geomap.errors import InputError, GeomapWarning
from geomap.model import Article

__all__ = ["read_articles", "read_file", "READERS", "parse_published", "article_id"]

_GLOB_CHARS = set("*?[")


# --------------------------------------------------------------------------- helpers

def article_id(title: str, text: str) -> str:
    """Stable content id for records without one."""
    digest = hashlib.sha1(f"{title}\n\0{text}".encode("utf-8", "replace")).hexdigest()
    return f"a-{digest[:16]}"


_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_WRITTEN_DATE = re.compile(
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[A-Za-z]{3,9})\.?,?\s+(?P<y1>\d{4}))"
    r"|(?:(?P<m2>[A-Za-z]{3,9})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4}))")


def parse_published(value: Any) -> dt.date | None:
    """A publication date from ISO 8601, RFC 822 (RSS), or "Nov. 6, 2024"/"6 November 2024".

    Returns None for empty values; raises ValueError for text that is not a date.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, (int, float)):
        if value > 1e11:  # milliseconds
            value = value / 1000
        return dt.datetime.fromtimestamp(value, tz=dt.timezone.utc).date()
    text = str(value).strip()
    if not text:
        return None
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.match(r"(\d{4})(\d{2})(\d{2})(?:T|\b)", text)
    if m:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.date()
    m = _WRITTEN_DATE.search(text)
    if m:
        day, month, year = (m.group("d1"), m.group("m1"), m.group("y1")) if m.group("d1") else (
            m.group("d2"), m.group("m2"), m.group("y2"))
        mon = _MONTHS.get(month[:3].lower())
        if mon:
            return dt.date(int(year), mon, int(day))
    raise ValueError(f"not a date: {text[:40]!r}")


#: Record-level warnings shown per input file; further ones are summed up in one line, so a
#: million bad lines do not flood stderr.
SHOWN_PER_FILE = 20
#: Publication dates outside [1800-01-01, today + 2 days] are ignored (with a warning).
_EARLIEST_PUBLISHED = dt.date(1800, 1, 1)


class _Context:
    """Per-call state: options and the warning/strictness policy."""

    def __init__(self, *, published: dt.date | None, strict: bool) -> None:
        self.published = published
        self.strict = strict
        self.shown = 0
        self.hidden = 0

    def warn(self, message: str) -> None:
        """A GeomapWarning; past ``SHOWN_PER_FILE`` in one file they are only counted."""
        self.shown += 1
        if self.shown > SHOWN_PER_FILE:
            self.hidden += 1
            return
        warnings.warn(message, GeomapWarning, stacklevel=4)

    def end_file(self, name: str) -> None:
        """Say how many warnings of the file just read were not shown."""
        if self.hidden:
            warnings.warn(f"{name}: {self.hidden} more problems like the above (not shown)",
                          GeomapWarning, stacklevel=3)
        self.shown = self.hidden = 0

    def problem(self, where: str, message: str) -> None:
        """A bad record: warn and go on, or raise when strict."""
        if self.strict:
            raise InputError(f"{where}: {message}")
        self.warn(f"{where}: {message}; skipped")

    def make(self, where: str, record: Mapping[str, Any], *, default_source: str = "") -> Article | None:
        """An Article from a loose mapping, or None (after a warning) when unusable."""
        text = record.get("text")
        if text is None:
            for alt in ("body", "content", "description", "article"):
                if record.get(alt):
                    text = record[alt]
                    break
        if not isinstance(text, str) or not text.strip():
            self.problem(where, "record has no 'text'")
            return None
        title = record.get("title") or ""
        title = title if isinstance(title, str) else str(title)
        published = None
        raw_date = record.get("published")
        if raw_date is None:
            raw_date = record.get("date") or record.get("published_at") or record.get("pubDate")
        try:
            published = parse_published(raw_date)
        except (ValueError, OverflowError, OSError):
            self.warn(f"{where}: unreadable publication date {str(raw_date)[:40]!r}; ignored")
        if published is not None and not (
                _EARLIEST_PUBLISHED <= published <= dt.date.today() + dt.timedelta(days=2)):
            self.warn(f"{where}: implausible publication date {published.isoformat()} "
                      f"({'in the future' if published > dt.date.today() else 'before 1800'}); ignored")
            published = None
        rid = record.get("id")
        rid = str(rid) if rid not in (None, "") else article_id(title, text)
        if published is None:
            published = self.published
            if published is None:
                self.warn(f"{where}: article {rid!r} has no publication date; relative dates "
                          "('on Monday') stay unresolved (pass --published DATE)")
        url = record.get("url") or record.get("link") or ""
        source = record.get("source") or default_source or ""
        fields = [rid, text, title.strip(), str(url), str(source)]
        if any(_SURROGATE.search(value) for value in fields):  # "\ud800" escapes in JSON
            self.warn(f"{where}: invalid Unicode (lone surrogate escapes); replaced with U+FFFD")
            fields = [value.encode("utf-16", "surrogatepass").decode("utf-16", "replace") for value in fields]
        rid, text, title, url, source = fields
        return Article(id=rid, text=text, title=title, published=published, url=url, source=source)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _decode(data: bytes, where: str) -> str:
    """UTF-8 (BOM tolerated); invalid bytes are replaced, with a warning."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        warnings.warn(f"{where}: invalid UTF-8 at byte {exc.start}; decoded with replacement characters",
                      GeomapWarning, stacklevel=3)
        return data.decode("utf-8-sig", errors="replace")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


# --------------------------------------------------------------------------- JSON / JSONL

def _read_jsonl_stream(stream: IO[bytes], name: str, ctx: _Context) -> Iterator[Article]:
    warned_utf8 = False
    for lineno, raw in enumerate(stream, start=1):
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
        yield from _json_record(where, record, ctx)


def _open_input(path: Path) -> BinaryIO:
    """``path`` opened for binary reading, or a one-line :class:`InputError`."""
    try:
        return path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def _read_jsonl(path: Path, ctx: _Context) -> Iterator[Article]:
    stream = _open_input(path)
    with stream:
        yield from _read_jsonl_stream(stream, str(path), ctx)


_CHUNK = 1 << 20


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
            more = stream.read(_CHUNK)
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
            more = stream.read(_CHUNK)
            eof = not more
            buf, pos = buf[pos:] + more, 0
            continue
        if end == len(buf) and not eof:  # a number or literal may continue in the next chunk
            more = stream.read(_CHUNK)
            if more:
                buf, pos = buf[pos:] + more, 0
                continue
            eof = True
        yield value
        pos = end


def _read_json(path: Path, ctx: _Context) -> Iterator[Article]:
    """A JSON array (streamed element by element), a single object, or ``{"articles": [...]}``."""
    raw = _open_input(path)
    with raw:
        head = raw.read(_CHUNK)
        try:
            head.decode("utf-8")
            errors = "strict"
        except UnicodeDecodeError as exc:
            errors = "strict" if exc.start >= len(head) - 4 else "replace"
        raw.seek(0)
        stream = io.TextIOWrapper(raw, encoding="utf-8-sig", errors=errors)
        try:
            first = stream.read(min(4096, _CHUNK))
            stripped = first.lstrip()
            if stripped.startswith("["):
                index = -1
                for index, record in enumerate(_iter_json_array(stream, stripped)):
                    yield from _json_record(f"{path}[{index}]", record, ctx)
                return
            text = first + stream.read()
        except UnicodeDecodeError:
            raw.seek(0)
            text = _decode(raw.read(), str(path))
            if text.lstrip().startswith("["):
                try:
                    items = json.loads(text)
                except json.JSONDecodeError as exc:
                    ctx.problem(f"{path}:{exc.lineno}", f"malformed JSON ({exc.msg})")
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
            yield from _read_jsonl_stream(io.BytesIO(text.encode("utf-8")), str(path), ctx)
            return
        ctx.problem(f"{path}:{exc.lineno}", f"malformed JSON ({exc.msg})")
        return
    if isinstance(data, dict):
        items = data.get("articles") if isinstance(data.get("articles"), list) else [data]
    else:
        ctx.problem(str(path), "JSON is neither an object nor an array")
        return
    for index, record in enumerate(items):
        yield from _json_record(f"{path}[{index}]", record, ctx)


def _json_record(where: str, record: Any, ctx: _Context) -> Iterator[Article]:
    if not isinstance(record, dict):
        ctx.problem(where, "not a JSON object")
        return
    article = ctx.make(where, record)
    if article is not None:
        yield article


# --------------------------------------------------------------------------- plain text

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


def _read_txt(path: Path, ctx: _Context) -> Iterator[Article]:
    text = _decode(_read_bytes(path), str(path)).replace("\r\n", "\n").replace("\r", "\n")
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


# --------------------------------------------------------------------------- CSV

def _read_csv(path: Path, ctx: _Context) -> Iterator[Article]:
    raw = _open_input(path)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with raw:
        head = raw.read(4096)
        raw.seek(0)
        try:
            head.decode("utf-8")
            errors = "strict"
        except UnicodeDecodeError as exc:
            errors = "replace"
            if exc.start < len(head) - 4:  # not just a character cut by the 4 KiB window
                warnings.warn(f"{path}: invalid UTF-8; decoded with replacement characters", GeomapWarning,
                              stacklevel=2)
        stream = io.TextIOWrapper(raw, encoding="utf-8-sig", errors=errors, newline="")
        try:
            reader = csv.DictReader(stream)
            fields = [f.strip().lower() for f in (reader.fieldnames or [])]
            if not {"text", "body", "content"} & set(fields):
                raise InputError(f"{path}: CSV needs a 'text' column (found: {', '.join(fields) or 'none'})")
            for row in reader:
                record = {(k or "").strip().lower(): v for k, v in row.items() if k is not None}
                article = ctx.make(f"{path}:{reader.line_num}", record)
                if article is not None:
                    yield article
        except UnicodeDecodeError:
            warnings.warn(f"{path}: invalid UTF-8 further in; re-read with replacement characters",
                          GeomapWarning, stacklevel=2)
            raw.seek(0)
            yield from _read_csv_text(path, _decode(raw.read(), str(path)), ctx)
        except csv.Error as exc:
            ctx.problem(str(path), f"malformed CSV ({exc})")
        finally:
            stream.detach()


def _read_csv_text(path: Path, text: str, ctx: _Context) -> Iterator[Article]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for row in reader:
        record = {(k or "").strip().lower(): v for k, v in row.items() if k is not None}
        article = ctx.make(f"{path}:{reader.line_num}", record)
        if article is not None:
            yield article


# --------------------------------------------------------------------------- HTML

_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
               "article", "blockquote", "figcaption", "figure", "tr", "table", "pre", "header", "footer",
               "main", "dd", "dt", "hr"}
_SKIP_TAGS = {"script", "style", "noscript", "nav", "aside", "form", "svg", "iframe", "button",
              "template", "select", "head"}
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"}
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "date", "pubdate",
              "publishdate", "publish-date", "dc.date", "dc.date.issued", "dcterms.created",
              "parsely-pub-date", "sailthru.date", "article.published", "og:updated_time",
              "article:modified_time")


_BOILER_CONTAINERS = frozenset({"div", "section", "ul", "ol", "aside", "nav", "footer", "header", "form", "span", "p"})
_BOILER_CLASS = re.compile(r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|footer|sidebar|related|share|sharing|social|"
                           r"comments?|cookies?|newsletter|promo|advert|advertisement|ads?|subscribe|subscription|"
                           r"breadcrumbs?|most-read|popular|recommended|signup|paywall|banner)(?:$|[\s_-])", re.I)


class _HTMLText(HTMLParser):
    """Collects visible text (block tags -> newlines), metadata and ``<time>`` dates."""

    def __init__(self, *, skip_boilerplate_classes: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_boilerplate_classes = skip_boilerplate_classes
        self.parts: list[str] = []
        self.article_parts: list[str] = []
        self.skip_depth = 0
        self.boiler: list[list] = []  # [tag, nesting] of skipped boilerplate containers
        self.article_depth = 0
        self.in_title = False
        self.in_h1 = False
        self.title = ""
        self.h1 = ""
        self.meta: dict[str, str] = {}
        self.times: list[str] = []
        self.canonical = ""
        self.jsonld: list[str] = []
        self.in_jsonld = False
        self.in_footer_like = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower():
            self.canonical = a.get("href", "")
            return
        if tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"])
        if tag == "script" and "ld+json" in a.get("type", ""):
            self.in_jsonld = True
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.in_h1 = True
        if self.boiler and tag == self.boiler[-1][0]:
            self.boiler[-1][1] += 1
        elif self.skip_boilerplate_classes and tag in _BOILER_CONTAINERS and _BOILER_CLASS.search(f"{a.get('class', '')} {a.get('id', '')}"):
            self.boiler.append([tag, 1])  # "related stories", share bars, cookie banners...
            self.skip_depth += 1
        if tag in _SKIP_TAGS or (tag in {"header", "footer"} and not self.article_depth):
            if tag not in _VOID_TAGS:
                self.skip_depth += 1
            return
        if tag == "article":
            self.article_depth += 1
        if tag in _BLOCK_TAGS:
            self._emit("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_jsonld = False
        if tag == "title":
            self.in_title = False
        if tag == "h1":
            self.in_h1 = False
        if self.boiler and tag == self.boiler[-1][0]:
            self.boiler[-1][1] -= 1
            if self.boiler[-1][1] == 0:
                self.boiler.pop()
                self.skip_depth = max(0, self.skip_depth - 1)
        if tag in _SKIP_TAGS or (tag in {"header", "footer"} and not self.article_depth):
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag in _BLOCK_TAGS:
            self._emit("\n")
        if tag == "article":
            self.article_depth = max(0, self.article_depth - 1)

    def handle_data(self, data: str) -> None:
        if self.in_jsonld:
            self.jsonld.append(data)
            return
        if self.in_title:
            self.title += data
            return
        if self.skip_depth:
            return
        if self.in_h1:
            self.h1 += data
        self._emit(data)

    def _emit(self, data: str) -> None:
        if self.skip_depth:
            return
        self.parts.append(data)
        if self.article_depth:
            self.article_parts.append(data)


def _clean_text(parts: list[str]) -> str:
    text = "".join(parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line:
            out.append(line)
        elif out and out[-1] != "":
            out.append("")
    return "\n".join(out).strip()


def html_to_record(markup: str) -> dict[str, Any]:
    """``{"title", "text", "published", "url", "source"}`` from an HTML page."""
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    text = _clean_text(parser.article_parts) if parser.article_parts else ""
    if len(text) < 80:
        text = _clean_text(parser.parts)
    if len(text) < 80:  # the class filter may have hidden the story itself ("story share-enabled")
        plain = _HTMLText(skip_boilerplate_classes=False)
        plain.feed(markup)
        plain.close()
        alt = _clean_text(plain.article_parts) if plain.article_parts else ""
        alt = alt if len(alt) >= 80 else _clean_text(plain.parts)
        if len(text) < 0.2 * len(alt):
            text = alt
    meta = parser.meta
    published = next((meta[k] for k in _DATE_META if meta.get(k)), None)
    if not published:
        for block in parser.jsonld:
            m = re.search(r'"datePublished"\s*:\s*"([^"]+)"', block)
            if m:
                published = m.group(1)
                break
    if not published and parser.times:
        published = parser.times[0]
    url = meta.get("og:url") or parser.canonical
    if not published and url:  # news URLs often carry the date: /2024/11/18/
        m = re.search(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|\b)", url)
        if m:
            published = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    title = meta.get("og:title") or parser.h1.strip() or parser.title.strip()
    return {"title": html.unescape(title).strip(), "text": text, "published": published,
            "url": url, "source": meta.get("og:site_name", "")}


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def _decode_html(data: bytes, where: str) -> str:
    """UTF-8, else the charset the page declares in a ``<meta>`` tag, else UTF-8 with replacement."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return _decode(data, where)


def _read_html(path: Path, ctx: _Context) -> Iterator[Article]:
    record = html_to_record(_decode_html(_read_bytes(path), str(path)))
    article = ctx.make(str(path), record)
    if article is not None:
        yield article


# --------------------------------------------------------------------------- RSS / Atom

def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _strip_markup(value: str) -> str:
    if "<" not in value and "&" not in value:
        return value.strip()
    return html_to_record(f"<html><body>{value}</body></html>")["text"]


def _read_feed(path: Path, ctx: _Context) -> Iterator[Article]:
    import xml.etree.ElementTree as ET

    feed_title = ""
    index = 0
    stream = _open_input(path)
    with stream:
        depth = 0
        try:
            for event, elem in ET.iterparse(stream, events=("start", "end")):
                name = _local(elem.tag)
                if event == "start":
                    depth += 1
                    if depth == 1 and name in {"html", "xhtml"}:
                        stream.seek(0)
                        yield from _read_html(path, ctx)
                        return
                    continue
                depth -= 1
                if name == "title" and not feed_title and depth <= 2:
                    feed_title = (elem.text or "").strip()
                if name not in {"item", "entry"}:
                    continue
                index += 1
                record = _feed_record(elem)
                elem.clear()
                record.setdefault("source", feed_title)
                article = ctx.make(f"{path} (item {index})", record, default_source=feed_title)
                if article is not None:
                    yield article
        except ET.ParseError as exc:
            ctx.problem(f"{path}:{exc.position[0]}", f"malformed XML ({exc.msg if hasattr(exc, 'msg') else exc})")
    if index == 0:
        warnings.warn(f"{path}: no RSS <item> or Atom <entry> found", GeomapWarning, stacklevel=2)


def _feed_record(item: Any) -> dict[str, Any]:
    fields: dict[str, str] = {}
    link = ""
    for child in item:
        name = _local(child.tag)
        value = "".join(child.itertext()) if len(child) else (child.text or "")
        if name == "link":
            link = link or child.get("href") or value.strip()
            continue
        fields.setdefault(name, value)
    body = fields.get("encoded") or fields.get("content") or fields.get("description") or fields.get("summary") or ""
    text = _strip_markup(body)
    date = (fields.get("pubdate") or fields.get("published") or fields.get("date") or fields.get("updated")
            or fields.get("issued") or "")
    record: dict[str, Any] = {"title": _strip_markup(fields.get("title", "")), "text": text,
                              "published": date or None, "url": link}
    guid = fields.get("guid") or fields.get("id")
    if guid:
        record["id"] = guid.strip()
    title = record["title"]
    if title and text and not text.startswith(title):
        # keep the headline in the text: headlines often carry the place and the event
        record["text"] = f"{title}\n\n{text}"
    return record


# --------------------------------------------------------------------------- dispatch

Reader = Callable[[Path, _Context], Iterator[Article]]

READERS: dict[str, Reader] = {
    ".jsonl": _read_jsonl, ".ndjson": _read_jsonl, ".jsonlines": _read_jsonl,
    ".json": _read_json,
    ".txt": _read_txt, ".text": _read_txt,
    ".csv": _read_csv,
    ".xml": _read_feed, ".rss": _read_feed, ".atom": _read_feed,
    ".html": _read_html, ".htm": _read_html, ".xhtml": _read_html,
}


def _sniff(path: Path) -> Reader:
    try:
        with path.open("rb") as fh:
            head = fh.read(2048)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    start = head.lstrip(codecs.BOM_UTF8).lstrip()
    lower = start[:512].lower()
    if start.startswith(b"{"):
        return _read_jsonl
    if start.startswith(b"["):
        return _read_json
    if lower.startswith(b"<!doctype html") or lower.startswith(b"<html") or b"<body" in lower:
        return _read_html
    if start.startswith(b"<"):
        return _read_feed
    return _read_txt


def _reader_for(path: Path) -> Reader:
    suffix = path.suffix.lower()
    if suffix == ".gz":
        raise InputError(f"{path}: compressed input is not supported; decompress it first")
    return READERS.get(suffix) or _sniff(path)


def _walk(directory: Path) -> Iterator[Path]:
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
    ctx = _Context(published=published, strict=strict)
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
    return _iter_articles(paths, _Context(published=published, strict=strict))


def _iter_articles(paths: list[Path | str], ctx: _Context) -> Iterator[Article]:
    for path in paths:
        if path == "-":
            yield from _read_jsonl_stream(sys.stdin.buffer, "<stdin>", ctx)
            ctx.end_file("<stdin>")
            continue
        assert isinstance(path, Path)
        head = _head(path)
        if not head:
            ctx.warn(f"{path}: empty file; skipped")
        elif b"\x00" in head:
            ctx.problem(str(path), "binary file (NUL bytes), not text")
        else:
            try:
                yield from _reader_for(path)(path, ctx)
            except RecursionError:  # JSON/XML nested thousands deep
                ctx.problem(str(path), "nested too deeply to read")
        ctx.end_file(str(path))


def _head(path: Path) -> bytes:
    """The first 8 KiB of a file (to tell empty and binary files)."""
    try:
        with path.open("rb") as fh:
            return fh.read(8192)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
