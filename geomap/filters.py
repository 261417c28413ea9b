"""Event filters (date range, type, country, bounding box): the domain, without the CLI.

One :class:`EventFilter` is the single definition of "which events to keep"; it is used
on Python iterables (:func:`filter_events`), pushed into SQL by :mod:`geomap.io.store`, and
built from the ``--since/--until/--type/--country/--bbox`` options of ``run``, ``map`` and
``export`` (the click side is :mod:`geomap.cli.options`).

Semantics (documented for users):

* ``since``/``until`` are **inclusive** ISO dates on ``event_date``.  An event with no
  ``event_date`` (date precision ``unresolved`` and no publication date) cannot be placed
  in a date range, so it is **excluded** as soon as either bound is given.  Without
  date bounds every event is kept.
* ``event_type`` and ``country`` match case-insensitively; a comma-separated list keeps
  any of the listed values (``--type attack,protest``, ``--country UA,RO``).
* ``bbox`` is ``(west, south, east, north)`` in degrees, edges inclusive; ``west > east``
  is a box crossing the antimeridian.  Events with no coordinates are excluded when a box
  is given.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from geomap.errors import InputError
from geomap.schema import parse_iso_date

if TYPE_CHECKING:  # pragma: no cover
    from geomap.model import Event

__all__ = [
    "EventFilter", "filter_events", "parse_date_option", "parse_bbox", "parse_choice_list", "check_date_range",
    "check_event_types",
]

BBox = tuple[float, float, float, float]

_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date_option(text: str | dt.date | None, *, option: str = "date") -> dt.date:
    """``"2023-09-07"`` -> ``date(2023, 9, 7)``; anything else is a clear :class:`InputError`.

    >>> parse_date_option("2023-02-30", option="--since")
    Traceback (most recent call last):
    ...
    geomap.errors.InputError: invalid date '2023-02-30' for --since: day is out of range for month
    """
    if isinstance(text, dt.date):
        return parse_iso_date(text)
    value = "" if text is None else str(text).strip()
    if not _ISO_DATE_RE.match(value):
        raise InputError(f"invalid date {value!r} for {option}: expected an ISO date YYYY-MM-DD")
    try:
        return parse_iso_date(value)
    except ValueError as exc:  # e.g. "day is out of range for month", "month must be in 1..12"
        raise InputError(f"invalid date {value!r} for {option}: {exc}") from None


def check_date_range(since: dt.date | None, until: dt.date | None) -> None:
    """Raise :class:`InputError` if ``since`` is after ``until`` (no event can match)."""
    if since is not None and until is not None and since > until:
        raise InputError(f"--since {since.isoformat()} is after --until {until.isoformat()}: no event can match")


def parse_bbox(text: str | Iterable[float] | None, *, option: str = "--bbox") -> BBox | None:
    """``"W,S,E,N"`` (degrees) -> ``(west, south, east, north)``; validates ranges."""
    if text is None or text == "":
        return None
    if isinstance(text, str):
        parts = [p for p in re.split(r"[,\s]+", text.strip()) if p]
        try:
            values = [float(p) for p in parts]
        except ValueError:
            raise InputError(f"invalid {option} {text!r}: expected four numbers W,S,E,N") from None
    else:
        values = [float(v) for v in text]
        text = ",".join(str(v) for v in values)
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise InputError(f"invalid {option} {text!r}: expected four numbers W,S,E,N")
    west, south, east, north = values
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise InputError(f"invalid {option} {text!r}: longitudes must be within -180..180")
    if not (-90 <= south <= 90 and -90 <= north <= 90):
        raise InputError(f"invalid {option} {text!r}: latitudes must be within -90..90")
    if south > north:
        raise InputError(f"invalid {option} {text!r}: south {south} is north of north {north}")
    return (west, south, east, north)


def parse_choice_list(text: str | Iterable[str] | None) -> tuple[str, ...] | None:
    """``"attack, protest"`` -> ``("attack", "protest")``; ``None``/empty -> ``None``."""
    if text is None:
        return None
    items = text.split(",") if isinstance(text, str) else list(text)
    values = tuple(dict.fromkeys(s.strip() for s in items if s and s.strip()))
    return values or None


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to keep.  Every criterion is optional; an empty filter keeps everything."""

    since: dt.date | None = None
    until: dt.date | None = None
    event_types: tuple[str, ...] | None = None
    countries: tuple[str, ...] | None = None
    bbox: BBox | None = None

    @classmethod
    def from_options(cls, *, since: Any = None, until: Any = None, event_type: Any = None,
                     country: Any = None, bbox: Any = None) -> "EventFilter":
        """Build and validate a filter from raw option values (strings or parsed values)."""
        since_d = parse_date_option(since, option="--since") if since not in (None, "") else None
        until_d = parse_date_option(until, option="--until") if until not in (None, "") else None
        check_date_range(since_d, until_d)
        types = parse_choice_list(event_type)
        countries = parse_choice_list(country)
        return cls(
            since=since_d, until=until_d,
            event_types=tuple(t.casefold() for t in types) if types else None,
            countries=tuple(c.upper() for c in countries) if countries else None,
            bbox=parse_bbox(bbox),
        )

    @property
    def is_empty(self) -> bool:
        return (self.since is None and self.until is None and self.event_types is None
                and self.countries is None and self.bbox is None)

    def matches(self, event: "Event") -> bool:
        """True if ``event`` passes every criterion."""
        if self.since is not None or self.until is not None:
            day = event.event_date
            if day is None:
                return False
            if self.since is not None and day < self.since:
                return False
            if self.until is not None and day > self.until:
                return False
        if self.event_types is not None and (event.event_type or "").casefold() not in self.event_types:
            return False
        if self.countries is not None and (event.country_code or "").upper() not in self.countries:
            return False
        if self.bbox is not None:
            if event.lat is None or event.lon is None:
                return False
            west, south, east, north = self.bbox
            if not south <= event.lat <= north:
                return False
            if west <= east:
                if not west <= event.lon <= east:
                    return False
            elif not (event.lon >= west or event.lon <= east):  # crosses the antimeridian
                return False
        return True

    __call__ = matches

    def apply(self, events: Iterable["Event"]) -> Iterator["Event"]:
        """Lazily keep the matching events, in order."""
        if self.is_empty:
            yield from events
            return
        for event in events:
            if self.matches(event):
                yield event


def filter_events(events: Iterable["Event"], *, since: dt.date | str | None = None,
                  until: dt.date | str | None = None, event_type: str | None = None,
                  country: str | None = None, bbox: BBox | str | None = None) -> Iterator["Event"]:
    """Lazily keep the events that match every given criterion (see the module docstring).

    Dates are inclusive; events without ``event_date`` are dropped when ``since`` or
    ``until`` is given; events without coordinates are dropped when ``bbox`` is given.
    """
    return EventFilter.from_options(since=since, until=until, event_type=event_type,
                                    country=country, bbox=bbox).apply(events)


def check_event_types(events: Iterable["Event"], event_types: Iterable[str] | None) -> Iterator["Event"]:
    """``events`` unchanged; at their end, an :class:`InputError` if a requested type is neither a
    known type (:data:`geomap.events.EVENT_TYPES`) nor the type of any event read (a typo such as
    ``--type strikes``).  Raised before a writer commits its output, so nothing is written."""
    from geomap.events.taxonomy import EVENT_TYPES

    known = {t.casefold() for t in EVENT_TYPES}
    wanted = {t.casefold() for t in event_types or ()} - known
    if not wanted:
        yield from events
        return
    seen: set[str] = set()
    for event in events:
        if wanted - seen:
            seen.add((event.event_type or "").casefold())
        yield event
    missing = sorted(wanted - seen)
    if missing:
        raise InputError(f"unknown event type {', '.join(repr(t) for t in missing)} (no event has it); "
                         f"the types are: {', '.join(EVENT_TYPES)}")
