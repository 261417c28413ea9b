"""The records that flow through the pipeline: immutable, typed, JSON-friendly.

Coordinates are always named ``lat``/``lon`` (WGS84 degrees); GeoJSON output is
``[lon, lat]`` as RFC 7946 requires.  Dates are ``datetime.date`` in memory and
ISO 8601 strings (``YYYY-MM-DD``) on disk.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import typing
from dataclasses import dataclass, field
from typing import Any

from gazetteer.record import Place

__all__ = ["Article", "Place", "Mention", "Event", "EVENT_FIELDS", "FIELD_KINDS"]


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
    institution ("Kyiv said", "the Kremlin"), ``"street"`` for a street or road ("Mayfield
    Road in Grand Prairie", "Highway 19"), whose ``place`` is the town it lies in (never
    more precise than that town; see :mod:`geomap.geoparsing.streets`).
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


def _column(default: Any = dataclasses.MISSING, *, column: int | None = None, identity: int | None = None,
            map_key: str | None = None, default_factory: Any = dataclasses.MISSING) -> Any:
    """One event schema field: its default plus where it goes (read by :mod:`geomap.schema`).

    ``column``: position in tabular exports and the store (DESIGN.md section 4 order); a field
    without one follows the numbered ones, in declaration order.  ``identity``: position in the
    store's content hash (:func:`geomap.io.store.event_content_hash`); fixed, since existing
    stores hold hashes of these fields in this order, so a new field normally has none.
    ``map_key``: the field's short key in the map's columnar data (:mod:`geomap.maps.render`).
    """
    metadata = {"column": column, "identity": identity, "map_key": map_key}
    if default_factory is not dataclasses.MISSING:
        return field(default_factory=default_factory, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True, slots=True)
class Event:
    """One event at one location (DESIGN.md section 4): THE declaration of the event schema.

    Several rows that share ``group_id`` are one event reported at several places or by
    several sources.  ``geo_precision``: 1 town, 2 near/part of a region, 3 region,
    4 country (ACLED's scale).

    Every table of the schema (export columns and their types, the store's SQL types and
    identity fields, the Arrow schema, the map's columns) is derived from these fields by
    :mod:`geomap.schema`: the annotation gives the kind (``str`` text, ``dt.date`` date,
    ``int``, ``float``, ``tuple`` list), ``| None`` makes the field nullable (None means
    "unknown"), and :func:`_column` gives its places.  Declaration order is the order of
    :meth:`to_dict` (JSON/GeoJSON properties) and of the constructor's arguments.
    """

    event_id: str = _column(column=0)
    article_id: str = _column(column=2, identity=0)
    evidence: str = _column(column=23, identity=5, map_key="ev")
    event_type: str = _column("other", column=10, identity=6, map_key="t")
    trigger: str = _column("", column=11, identity=7)
    group_id: str = _column("", column=1)
    source: str = _column("", column=3, identity=1)
    url: str = _column("", column=4, identity=2)
    title: str = _column("", column=5, identity=3)
    published: dt.date | None = _column(None, column=6, identity=4)
    event_date: dt.date | None = _column(None, column=7, identity=8, map_key="d")
    date_precision: str = _column("unresolved", column=8, identity=9, map_key="dp")
    date_text: str = _column("", column=9, identity=10, map_key="dt")
    location_text: str = _column("", column=12, identity=11)
    location_start: int | None = _column(None, column=13, identity=12)
    location_end: int | None = _column(None, column=14, identity=13)
    place_id: str | None = _column(None, column=15, identity=14)
    place_name: str = _column("", column=16, identity=15, map_key="p")
    kind: str = _column("other", column=17, identity=16, map_key="k")
    country_code: str | None = _column(None, column=18, identity=17, map_key="cc")
    admin1: str | None = _column(None, column=19, identity=18, map_key="ad")
    lat: float | None = _column(None, column=20, identity=19, map_key="la")
    lon: float | None = _column(None, column=21, identity=20, map_key="lo")
    geo_precision: int = _column(1, column=22, identity=21, map_key="gp")
    confidence: float = _column(0.0, column=24, map_key="c")
    location_reason: str = _column("", column=25)
    sources: tuple[str, ...] = _column(column=26, default_factory=tuple)
    #: ACLED sub-event type ("Air/drone strike", "Armed clash"...); ``event_type`` holds ACLED's event type
    sub_event_type: str = _column("", map_key="st")
    #: where ``event_date`` comes from: "text" (a date in the sentence or its context), "dateline"
    #: (the wire dateline's filing date), "published" (the publication date), "unresolved"
    date_source: str = _column("unresolved", map_key="ds")
    #: deaths stated for this event (None: not stated); never summed across rows of one event
    fatalities: int | None = _column(None, map_key="f")

    def to_dict(self) -> dict[str, Any]:
        """A flat JSON-ready dict: dates as ISO strings, lists (``sources``) as lists."""
        out = dict(zip(EVENT_FIELDS, _event_values(self)))
        for name in _DATE_NAMES:
            value = out[name]
            if isinstance(value, dt.date):
                out[name] = value.isoformat()
        for name in _LIST_NAMES:
            if isinstance(out[name], tuple):
                out[name] = list(out[name])
        return out

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled as the constructor call with the field values: about 1.5x faster than the
        # slots dataclass default (which looks up the fields on every object).  Events cross
        # process boundaries by the thousands in the pool and Dask engines.
        return (Event, _event_values(self))

    def with_changes(self, **changes: Any) -> "Event":
        return dataclasses.replace(self, **changes)


EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Event))
_event_values = operator.attrgetter(*EVENT_FIELDS)  # event -> its field values, in order


def _kind(annotation: Any) -> str:
    """The schema kind of a field annotation (``X | None`` is the kind of ``X``)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    base = typing.get_origin(annotation) or annotation
    if args and base is not tuple:
        base = typing.get_origin(args[0]) or args[0]
    kinds = {str: "text", dt.date: "date", int: "int", float: "float", tuple: "list"}
    if base not in kinds:
        raise TypeError(f"Event field type {annotation!r} has no schema kind")
    return kinds[base]


#: Field name -> kind: ``text``, ``date``, ``int``, ``float`` or ``list`` (from the annotations).
FIELD_KINDS: dict[str, str] = {name: _kind(hint) for name, hint in typing.get_type_hints(Event).items()
                               if name in EVENT_FIELDS}
_DATE_NAMES = tuple(name for name in EVENT_FIELDS if FIELD_KINDS[name] == "date")
_LIST_NAMES = tuple(name for name in EVENT_FIELDS if FIELD_KINDS[name] == "list")
