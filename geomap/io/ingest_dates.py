"""Publication dates of input records: ISO 8601, RFC 822 (RSS), timestamps and written dates."""
from __future__ import annotations

import datetime as dt
import email.utils
import re
from typing import Any

from geomap.schema import parse_iso_date

__all__ = ["parse_published"]

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_WRITTEN_DATE = re.compile(
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[A-Za-z]{3,9})\.?,?\s+(?P<y1>\d{4}))"
    r"|(?:(?P<m2>[A-Za-z]{3,9})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4}))")


def parse_published(value: Any) -> dt.date | None:
    """A publication date from ISO 8601, RFC 822 (RSS), or "Nov. 6, 2024"/"6 November 2024".

    Returns None for empty values; raises ValueError for text that is not a date.
    """
    if value is None or isinstance(value, dt.date):
        return parse_iso_date(value)  # a date, or a datetime's date
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
