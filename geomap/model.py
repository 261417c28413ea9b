"""The records that flow through the pipeline: immutable, typed, JSON-friendly.

Coordinates are always named ``lat``/``lon`` (WGS84 degrees); GeoJSON output is
``[lon, lat]`` as RFC 7946 requires.  Dates are ``datetime.date`` in memory and
ISO 8601 strings (``YYYY-MM-DD``) on disk.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from dataclasses import dataclass, field
from typing import Any, Mapping

from gazetteer.record import Place

__all__ = ["Article", "Place", "Mention", "Event", "EVENT_FIELDS", "parse_iso_date"]

#: Place kinds used across the gazetteer, the geoparser and the event schema.
PLACE_KINDS = ("city", "admin1", "admin2", "country", "continent", "river", "sea", "lake",
               "region", "other")

#: Date precision values of the event schema.
DATE_PRECISIONS = ("day", "week", "month", "unresolved")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from an input file."""

    id: str
    text: str
    title: str = ""
    published: dt.date | None = None
    url: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A toponym span in a text, ``text[start:end] == self.text``, optionally resolved.

    ``role`` is ``"toponym"`` for a place name, ``"demonym"`` for words such as
    "Russian" that stand for a country, ``"metonym"`` for a place name used for an
    institution ("Kyiv said", "the Kremlin").
    """

    start: int
    end: int
    text: str
    place: Place | None = None
    score: float = 0.0
    role: str = "toponym"

    def to_dict(self) -> dict[str, Any]:
        p = self.place
        return {
            "start": self.start, "end": self.end, "text": self.text,
            "place_id": p.place_id if p else None,
            "name": p.name if p else None,
            "kind": p.kind if p else None,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "country_code": p.country_code if p else None,
            "admin1": p.admin1 if p else None,
            "score": round(self.score, 4),
            "role": self.role,
        }


@dataclass(frozen=True, slots=True)
class Event:
    """One event at one location (DESIGN.md section 4).

    Several rows that share ``group_id`` are one event reported at several places or by
    several sources.  ``geo_precision``: 1 town, 2 near/part of a region, 3 region,
    4 country (ACLED's scale).
    """

    event_id: str
    article_id: str
    evidence: str
    event_type: str = "other"
    trigger: str = ""
    group_id: str = ""
    source: str = ""
    url: str = ""
    title: str = ""
    published: dt.date | None = None
    event_date: dt.date | None = None
    date_precision: str = "unresolved"
    date_text: str = ""
    location_text: str = ""
    location_start: int | None = None
    location_end: int | None = None
    place_id: str | None = None
    place_name: str = ""
    kind: str = "other"
    country_code: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int = 1
    confidence: float = 0.0
    location_reason: str = ""
    sources: tuple[str, ...] = field(default_factory=tuple)
    #: ACLED sub-event type ("Air/drone strike", "Armed clash"...); ``event_type`` holds ACLED's event type
    sub_event_type: str = ""
    #: where ``event_date`` comes from: "text" (a date in the sentence or its context), "dateline"
    #: (the wire dateline's filing date), "published" (the publication date), "unresolved"
    date_source: str = "unresolved"
    #: deaths stated for this event (None: not stated); never summed across rows of one event
    fatalities: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """A flat JSON-ready dict: dates as ISO strings, ``sources`` as a list."""
        out = dict(zip(EVENT_FIELDS, _event_values(self)))
        for name in ("published", "event_date"):
            value = out[name]
            if isinstance(value, dt.date):
                out[name] = value.isoformat()
        if isinstance(out["sources"], tuple):
            out["sources"] = list(out["sources"])
        return out

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled as the constructor call with the field values: about 1.5x faster than the
        # slots dataclass default (which looks up the fields on every object).  Events cross
        # process boundaries by the thousands in the pool and Dask engines.
        return (Event, _event_values(self))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Event":
        """Inverse of :meth:`to_dict`; unknown keys are ignored, missing ones get defaults."""
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            if f.name in ("published", "event_date"):
                value = parse_iso_date(value)
            elif f.name == "sources":
                value = tuple(value or ())
            elif f.name in ("lat", "lon", "confidence") and value is not None:
                value = float(value)
            elif f.name in ("location_start", "location_end") and value is not None:
                value = int(value)
            elif f.name == "geo_precision" and value is not None:
                value = int(value)
            elif f.name == "place_id" and value is not None:
                value = str(value)
            kwargs[f.name] = value
        for required in ("event_id", "article_id", "evidence"):
            kwargs.setdefault(required, "")
        return cls(**kwargs)

    def with_changes(self, **changes: Any) -> "Event":
        return dataclasses.replace(self, **changes)


EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Event))
_event_values = operator.attrgetter(*EVENT_FIELDS)  # event -> its field values, in order


def parse_iso_date(value: Any) -> dt.date | None:
    """``None``/``""`` -> None; ``date``/``datetime``/``"YYYY-MM-DD..."`` -> date. Raises ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    return dt.date.fromisoformat(text[:10])
