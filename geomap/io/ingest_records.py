"""Shared by the article readers: loose records -> :class:`~geomap.model.Article`, warning policy.

:class:`ReadContext` holds the options of one ``read_articles`` call and decides what a bad
record costs: a :class:`~geomap.errors.GeomapWarning` (``file:line``, at most
:data:`SHOWN_PER_FILE` a file) and the record skipped, or with ``strict`` an
:class:`~geomap.errors.InputError`.  :meth:`ReadContext.make` turns a mapping with loose field
names (``text``/``body``/``content``..., ``published``/``date``/``pubDate``...) into an Article.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import warnings
from typing import Any, Mapping

from geomap.errors import InputError, GeomapWarning
from geomap.io.ingest_dates import parse_published
from geomap.model import Article

__all__ = ["ReadContext", "article_id", "SHOWN_PER_FILE"]

#: Record-level warnings shown per input file; further ones are summed up in one line, so a
#: million bad lines do not flood stderr.
SHOWN_PER_FILE = 20
#: Publication dates outside [1800-01-01, today + 2 days] are ignored (with a warning).
_EARLIEST_PUBLISHED = dt.date(1800, 1, 1)
_SURROGATE = re.compile("[\ud800-\udfff]")


def article_id(title: str, text: str) -> str:
    """Stable content id for records without one."""
    digest = hashlib.sha1(f"{title}\n\0{text}".encode("utf-8", "replace")).hexdigest()
    return f"a-{digest[:16]}"


def _short(number: int | float) -> str:
    """A number as text for a message or an id (even one too long for ``str``)."""
    try:
        return str(number)
    except ValueError:  # more digits than int -> str allows
        return f"<a {number.bit_length() * 3 // 10}-digit number>"


class ReadContext:
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

    def _text_field(self, where: str, name: str, value: Any) -> str:
        """A text field as text: "" when missing; anything but a string is ignored with a warning."""
        if value is None or isinstance(value, str):
            return value or ""
        self.warn(f"{where}: '{name}' is a {type(value).__name__}, not text; ignored")
        return ""

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
        title = self._text_field(where, "title", record.get("title"))
        published = None
        raw_date = record.get("published")
        if raw_date is None:
            raw_date = record.get("date") or record.get("published_at") or record.get("pubDate")
        if isinstance(raw_date, (int, float)) and not isinstance(raw_date, bool):
            self.warn(f"{where}: publication date {_short(raw_date)} is a number, not a date (write it as "
                      "text, e.g. \"2024-04-01\"); ignored")
            raw_date = None
        elif raw_date is not None and not isinstance(raw_date, (str, dt.date, bool)):
            self.warn(f"{where}: publication date is a {type(raw_date).__name__}, not text; ignored")
            raw_date = None
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
        if isinstance(rid, int) and not isinstance(rid, bool):
            rid = _short(rid)
        rid = self._text_field(where, "id", rid)
        rid = rid if rid else article_id(title, text)
        if published is None:
            published = self.published
            if published is None:
                self.warn(f"{where}: article {rid!r} has no publication date; relative dates "
                          "('on Monday') stay unresolved (pass --published DATE)")
        url = self._text_field(where, "url", record.get("url") or record.get("link"))
        source = self._text_field(where, "source", record.get("source")) or default_source or ""
        fields = [rid, text, title.strip(), url, source]
        if any(_SURROGATE.search(value) for value in fields):  # "\ud800" escapes in JSON
            self.warn(f"{where}: invalid Unicode (lone surrogate escapes); replaced with U+FFFD")
            fields = [value.encode("utf-16", "surrogatepass").decode("utf-16", "replace") for value in fields]
        rid, text, title, url, source = fields
        return Article(id=rid, text=text, title=title, published=published, url=url, source=source)
