"""Wire datelines and headlines.

Datelines open agency copy: ``KHARKIV, Ukraine, Nov 20 (Reuters) - ...`` (Reuters: city,
optional country or state, month and day, agency), ``KYIV, Ukraine (AP) — ...`` (AP, usually
no date), ``Kyiv (AFP) - ...`` (AFP), sometimes after a headline line.  A dateline says where
and when the reporter filed:

* its date is the *filing date*: relative phrases of the article ("on Tuesday") count back
  from it, it fills a missing publication date, and it dates an event whose sentence has no
  date of its own (``date_source = "dateline"``) - but never an event whose sentence has one;
* its city is not an event location (the dateline is masked before events are read); the
  text must say that something happened there.

A headline is the article's ``title`` when the text opens with it, else a short first line
without final punctuation followed by a line break.  It restates the lead, so it gives no
event of its own when the body reports the same thing.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["Dateline", "find_dateline", "headline_span"]

_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
           "oct": 10, "nov": 11, "dec": 12}
_MON = (r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
        r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# Words joined by a hyphen are one word (the hyphen is in the class), so words split only at a
# space: a hyphen as separator too made "Kyiv-Kyiv-Kyiv-..." backtrack exponentially.
_PLACE = r"[A-Z][A-Za-z.’'-]*(?: [A-Z][A-Za-z.’'-]*){0,3}"
#: A dateline is short: it is looked for in this many characters from where it may start.
_DATELINE_WINDOW = 300
_AGENCY = r"(?P<agency>Reuters|AP|AFP|Bloomberg|dpa|DPA|UPI|Xinhua|TASS|Interfax(?:-Ukraine)?|Ukrinform|ANSA|EFE|Anadolu|IANS|PTI|CNN|BBC)"
_DATELINE = re.compile(
    rf"(?P<city>{_PLACE})(?:,\s*(?P<region>{_PLACE}))?"
    rf"(?:,?\s+(?:(?P<wd>Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?{_MON}\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?)?"
    rf"\s*\(\s*{_AGENCY}\s*\)\s*(?P<dash>[-–—]+|:)\s*")


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline at ``start:end`` of the text (dash included); ``city_end``: end of the place part."""

    start: int
    end: int
    city: str
    agency: str
    date: dt.date | None

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def find_dateline(text: str, published: dt.date | None = None, *, title: str = "") -> Dateline | None:
    """The wire dateline at the start of the body (after a headline line, if any), or None."""
    pos = 0
    n = len(text)
    while pos < n and text[pos].isspace():
        pos += 1
    head = headline_span(text, title)
    for start in (pos,) + ((_skip_space(text, head[1]),) if head else ()):
        m = _DATELINE.match(text, start, start + _DATELINE_WINDOW)
        if m is not None:
            return Dateline(m.start(), m.end(), m.group("city"), m.group("agency"), _date_of(m, published, text))
    return None


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _date_of(m: re.Match[str], published: dt.date | None, text: str) -> dt.date | None:
    if not m.group("mon"):
        return None
    month = _MONTHS.get(m.group("mon").lower().rstrip(".")[:3])
    day = int(m.group("day"))
    if month is None:
        return None
    if m.group("year"):
        year = int(m.group("year"))
    elif published is not None:
        year = published.year
    else:
        years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", text[:5000])]
        if not years:
            return None
        year = max(years)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if not m.group("year") and published is not None and (date - published).days > 2:
        try:
            date = dt.date(year - 1, month, day)  # filed in December, published in January
        except ValueError:
            return None
    return date


_HEADLINE_LINE = re.compile(r"[^\n]{3,200}?(?<![.!?:;,])[ \t]*\n")


def headline_span(text: str, title: str = "") -> tuple[int, int] | None:
    """(start, end) of the headline the text opens with, or None."""
    pos = _skip_space(text, 0)
    if title.strip():
        t = " ".join(title.split())
        if " ".join(text[pos:pos + len(title) + 40].split()).startswith(t):
            # walk the text to cover the title's words (spacing may differ)
            k, words = pos, t.split()
            for w in words:
                k = text.find(w, k)
                if k < 0:
                    break
                k += len(w)
            else:
                return pos, k
    newline = text.find("\n", pos)
    # a match ends at the first newline after ``pos``: none without one, and no need to look past it
    m = _HEADLINE_LINE.match(text, pos, newline + 1) if newline != -1 else None
    if m is None or m.end() >= len(text.rstrip()):
        return None
    line = m.group(0).strip()
    if len(line.split()) < 2 or _DATELINE.match(line):
        return None
    return pos, pos + len(m.group(0).rstrip())
