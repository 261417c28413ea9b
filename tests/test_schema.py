"""The event schema: every table derived from the one declaration (geomap.model.Event)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import typing

import pytest

from geomap import schema
from geomap.io.store import event_content_hash
from geomap.model import EVENT_FIELDS, Event


def _event() -> Event:
    return Event(event_id="e1", article_id="a1", evidence="Shelling hit Kharkiv on Monday.",
                 event_type="shelling", trigger="hit", group_id="g", source="S", url="https://x", title="T",
                 published=dt.date(2023, 9, 4), event_date=dt.date(2023, 9, 4), date_precision="day",
                 date_text="Monday", location_text="Kharkiv", location_start=13, location_end=20,
                 place_id="706483", place_name="Kharkiv", kind="city", country_code="UA",
                 admin1="Kharkiv Oblast", lat=49.98081, lon=36.25272, geo_precision=1, confidence=0.9,
                 location_reason="r", sources=("S",))


def test_columns_are_every_field_in_design_order():
    assert sorted(schema.COLUMNS) == sorted(EVENT_FIELDS)
    assert schema.COLUMNS == (
        "event_id", "group_id", "article_id", "source", "url", "title", "published", "event_date",
        "date_precision", "date_text", "event_type", "trigger", "location_text", "location_start",
        "location_end", "place_id", "place_name", "kind", "country_code", "admin1", "lat", "lon",
        "geo_precision", "evidence", "confidence", "location_reason", "sources", "sub_event_type",
        "date_source", "fatalities")


def test_kinds_and_nullability_come_from_the_annotations():
    hints = typing.get_type_hints(Event)
    assert schema.DATE_FIELDS == {"published", "event_date"}
    assert schema.INT_FIELDS == {"location_start", "location_end", "geo_precision", "fatalities"}
    assert schema.FLOAT_FIELDS == {"lat", "lon", "confidence"}
    assert schema.LIST_FIELDS == {"sources"}
    assert schema.NULLABLE == {name for name, hint in hints.items() if type(None) in typing.get_args(hint)}
    assert schema.REQUIRED == ("event_id", "article_id", "evidence")
    assert schema.SQL_TYPES["event_date"] == "DATE" and schema.SQL_TYPES["lat"] == "REAL"
    assert schema.SQL_TYPES["geo_precision"] == "INTEGER" and schema.SQL_TYPES["sources"] == "TEXT"
    assert {f.name for f in dataclasses.fields(Event)} == set(schema.DEFAULTS)


def test_store_identity_is_pinned():
    # Existing stores hold these hashes: the identity fields and their order must not change.
    assert schema.IDENTITY_FIELDS == (
        "article_id", "source", "url", "title", "published", "evidence", "event_type", "trigger",
        "event_date", "date_precision", "date_text", "location_text", "location_start", "location_end",
        "place_id", "place_name", "kind", "country_code", "admin1", "lat", "lon", "geo_precision")
    assert event_content_hash(_event()) == "29311cd5ca8439cdcb1c7105a293f4165d207463ddba5e94af967deb9620da35"


def test_map_keys_are_short_and_distinct():
    keys = list(schema.MAP_KEYS.values())
    assert len(keys) == len(set(keys)) and all(1 <= len(k) <= 2 for k in keys)
    assert schema.MAP_KEYS["lat"] == "la" and schema.MAP_KEYS["event_date"] == "d"


def test_arrow_schema_types_by_kind():
    pa = pytest.importorskip("pyarrow")
    native = schema.arrow_schema(native_lists=True)
    assert native.names == [*schema.COLUMNS, "geometry"]
    assert native.field("event_date").type == pa.date32() and native.field("lat").type == pa.float64()
    assert native.field("geo_precision").type == pa.int32()
    assert native.field("sources").type == pa.list_(pa.string())
    assert schema.arrow_schema(native_lists=False).field("sources").type == pa.string()


def test_parse_iso_date():
    assert schema.parse_iso_date(None) is None and schema.parse_iso_date("") is None
    assert schema.parse_iso_date("2023-09-04T10:00:00Z") == dt.date(2023, 9, 4)
    assert schema.parse_iso_date(dt.datetime(2023, 9, 4, 10)) == dt.date(2023, 9, 4)
    assert schema.parse_iso_date(dt.date(2023, 9, 4)) == dt.date(2023, 9, 4)
    with pytest.raises(ValueError):
        schema.parse_iso_date("04/09/2023")
    with pytest.raises(ValueError, match="published '12' is not an ISO date"):
        schema.parse_iso_date(12, "published")
