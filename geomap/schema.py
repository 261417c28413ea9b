"""The event schema's tables, every one derived from its single declaration, :class:`geomap.model.Event`.

Each field of ``Event`` gives its name, type (-> kind and nullability), default and, through
its ``dataclasses.field`` metadata, its column position, its place in the store's content
hash and its short map key.  This module turns that into what the readers, writers, the
event store and the map need: column order, kind sets, defaults, SQL types, the Arrow
schema, identity fields, map keys.  Adding a field to the schema is adding it to ``Event``.

It also holds the one ISO date parser of the event records (:func:`parse_iso_date`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from dataclasses import dataclass
from typing import Any

from geomap.model import EVENT_FIELDS, FIELD_KINDS, Event

__all__ = ["FieldSpec", "FIELDS", "EVENT_FIELDS", "COLUMNS", "LAYER_NAME", "DATE_FIELDS", "INT_FIELDS",
           "FLOAT_FIELDS", "LIST_FIELDS", "TEXT_FIELDS", "NULLABLE", "DEFAULTS", "REQUIRED",
           "IDENTITY_FIELDS", "SQL_TYPES", "MAP_KEYS", "arrow_schema", "parse_iso_date"]

#: Layer name used in GeoPackage exports and in the event store.
LAYER_NAME = "events"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of the event schema, as declared on :class:`geomap.model.Event`."""

    name: str
    kind: str                # text, date, int, float or list
    nullable: bool           # None means "unknown" (kept as None when read back)
    required: bool           # no default: readers fill in ""
    default: Any             # the value a missing/empty non-nullable field gets
    column: int | None       # position in tabular formats (None: after the numbered ones)
    identity: int | None     # position in the store's content hash (None: not hashed)
    map_key: str | None      # short key in the map's columnar data (None: not on the map)


def _field_spec(f: dataclasses.Field, hint: Any) -> FieldSpec:
    if f.default is not dataclasses.MISSING:
        default, required = f.default, False
    elif f.default_factory is not dataclasses.MISSING:
        default, required = f.default_factory(), False
    else:
        default, required = "", True
    return FieldSpec(name=f.name, kind=FIELD_KINDS[f.name], nullable=type(None) in typing.get_args(hint),
                     required=required, default=default, column=f.metadata.get("column"),
                     identity=f.metadata.get("identity"), map_key=f.metadata.get("map_key"))


def _unique(values: list[Any], what: str) -> None:
    seen = [v for v in values if v is not None]
    if len(seen) != len(set(seen)):
        raise TypeError(f"Event fields: two fields share a {what}")


_HINTS = typing.get_type_hints(Event)

#: The fields in declaration order (the order of ``Event.to_dict()`` and of the constructor).
FIELDS: tuple[FieldSpec, ...] = tuple(_field_spec(f, _HINTS[f.name]) for f in dataclasses.fields(Event))
_BY_NAME = {f.name: f for f in FIELDS}
_unique([f.column for f in FIELDS], "column position")
_unique([f.identity for f in FIELDS], "content hash position")
_unique([f.map_key for f in FIELDS], "map key")

#: Column order of tabular formats and the store (DESIGN.md section 4 order); new fields follow.
COLUMNS: tuple[str, ...] = (
    tuple(f.name for f in sorted((f for f in FIELDS if f.column is not None), key=lambda f: f.column))
    + tuple(f.name for f in FIELDS if f.column is None))

DATE_FIELDS = frozenset(f.name for f in FIELDS if f.kind == "date")
INT_FIELDS = frozenset(f.name for f in FIELDS if f.kind == "int")
FLOAT_FIELDS = frozenset(f.name for f in FIELDS if f.kind == "float")
LIST_FIELDS = frozenset(f.name for f in FIELDS if f.kind == "list")
#: Text fields, in declaration order.
TEXT_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind == "text")
#: Fields where ``None`` means "unknown" (kept as None); other fields fall back to defaults.
NULLABLE = frozenset(f.name for f in FIELDS if f.nullable)
DEFAULTS: dict[str, Any] = {f.name: f.default for f in FIELDS}
#: Fields without a default (a record without them gets ``""``).
REQUIRED: tuple[str, ...] = tuple(f.name for f in FIELDS if f.required)

#: Fields that identify an event in the store, in content-hash order (see :mod:`geomap.io.store`).
IDENTITY_FIELDS: tuple[str, ...] = tuple(
    f.name for f in sorted((f for f in FIELDS if f.identity is not None), key=lambda f: f.identity))

_SQL_TYPE_OF_KIND = {"date": "DATE", "int": "INTEGER", "float": "REAL"}
#: SQLite column type of each field in the event store (GeoPackage ``DATE`` for dates).
SQL_TYPES: dict[str, str] = {f.name: _SQL_TYPE_OF_KIND.get(f.kind, "TEXT") for f in FIELDS}

#: Field name -> its short key in the map's columnar data, for the fields the map shows (COLUMNS order).
MAP_KEYS: dict[str, str] = {name: _BY_NAME[name].map_key for name in COLUMNS if _BY_NAME[name].map_key is not None}


def arrow_schema(*, native_lists: bool):
    """The Arrow schema of the tabular formats: :data:`COLUMNS` typed by kind, plus WKB ``geometry``.

    ``native_lists``: list fields as Arrow lists (GeoParquet), else as JSON text (GDAL).
    """
    import pyarrow as pa

    types = {"date": pa.date32(), "int": pa.int32(), "float": pa.float64(),
             "list": pa.list_(pa.string()) if native_lists else pa.string(), "text": pa.string()}
    fields = [pa.field(name, types[FIELD_KINDS[name]], nullable=True) for name in COLUMNS]
    fields.append(pa.field("geometry", pa.binary(), nullable=True))
    return pa.schema(fields)


def parse_iso_date(value: Any, name: str = "date") -> dt.date | None:
    """``None``/``""`` -> None; ``date``/``datetime``/``"YYYY-MM-DD..."`` -> date.  Raises ValueError.

    Text is read as is (the fast path of the record readers); other values are turned
    into stripped text and a failure names the field: ``"{name} '...' is not an ISO date"``.
    """
    if type(value) is str:
        return dt.date.fromisoformat(value[:10]) if value else None
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"{name} {text!r} is not an ISO date") from None
