"""CSV events (``.csv``): the event schema's columns plus ``wkt`` (``POINT (lon lat)``).

``lat``/``lon`` are schema columns; ``sources`` is a JSON list; text cells starting with
= + - @ (or tab/CR) get a leading ``'`` so spreadsheets do not run them as formulas, and the
reader removes it again.  Streamed both ways.  (``import csv`` below is the standard library:
imports are absolute.)
"""
from __future__ import annotations

import csv
import math
import re
from pathlib import Path
from typing import Any, Iterable, Iterator

from geomap.atomic import atomic_open
from geomap.errors import InputError
from geomap.io.records import dumps, event_dict, event_from_record, fmt_coord, has_point, open_text
from geomap.model import Event
from geomap.schema import COLUMNS, LIST_FIELDS, TEXT_FIELDS

__all__ = ["write_csv", "read_csv", "CSV_COLUMNS"]

CSV_COLUMNS: tuple[str, ...] = COLUMNS + ("wkt",)


#: Spreadsheets run cells starting with these as formulas ("CSV injection"); article text is
#: untrusted, so such text cells get a leading apostrophe, removed again by our reader.
_FORMULA_RE = re.compile(r"^'*[=+\-@\t\r]")


def _csv_value(name: str, value: Any) -> Any:
    if value is None:
        return ""
    if name in LIST_FIELDS:
        return dumps(list(value))
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    if isinstance(value, str) and _FORMULA_RE.match(value):
        return "'" + value
    return value


def _csv_unescape(row: dict[str, Any]) -> dict[str, Any]:
    for name in TEXT_FIELDS:
        value = row.get(name)
        if value and value[0] == "'" and _FORMULA_RE.match(value[1:]):
            row[name] = value[1:]
    return row


def write_csv(events: Iterable[Event], path: Path) -> int:
    n = 0
    with atomic_open(path, "w") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for event in events:
            record = event_dict(event)
            row = [_csv_value(name, record.get(name)) for name in COLUMNS]
            row.append(f"POINT ({fmt_coord(event.lon)} {fmt_coord(event.lat)})" if has_point(event) else "")
            writer.writerow(row)
            n += 1
    return n


def read_csv(path: Path) -> Iterator[Event]:
    with open_text(path) as fh:
        try:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"event_id", "article_id"} & set(reader.fieldnames):
                raise InputError(f"{path}: not a geomap events CSV (no event_id/article_id header)")
            for row in reader:
                yield event_from_record(_csv_unescape(row), lonlat=_wkt_point(row.get("wkt") or row.get("WKT")),
                                        where=f"{path}:{reader.line_num}")
        except csv.Error as exc:
            raise InputError(f"{path}: malformed CSV: {exc}") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from None


_WKT_POINT = re.compile(r"^\s*POINT\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)\s*$", re.IGNORECASE)


def _wkt_point(text: str | None) -> tuple[float, float] | None:
    if not text:
        return None
    m = _WKT_POINT.match(text)
    return (float(m.group(1)), float(m.group(2))) if m else None
