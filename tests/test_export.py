"""Exports: every format is read back through GDAL (pyogrio), geopandas and our own reader,
and every field and coordinate is compared with the source events."""
from __future__ import annotations

import datetime as dt
import html
import json
import math
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pyogrio
import pytest

from geomap.errors import ExportError, InputError
from geomap.io.formats import FORMATS, read_events, write_events
from geomap.filters import filter_events
from geomap.model import EVENT_FIELDS, Event

D = dt.date
WRITABLE = ["jsonl", "ndjson", "geojson", "geojsonl", "geojsons", "gpkg", "csv", "parquet", "kml", "kmz"]
GDAL_READABLE = ["geojson", "geojsonl", "geojsons", "gpkg", "csv", "kml", "kmz"]
DATE_FIELDS = {"published", "event_date"}
INT_FIELDS = {"location_start", "location_end", "geo_precision"}
FLOAT_FIELDS = {"lat", "lon", "confidence"}


def sample_events() -> list[Event]:
    """Realistic events built by hand (no geoparser): five on 2023-09-07, others around it."""
    izmail = ("Russian drones hit the Danube river port of Izmail, damaging grain silos "
              "<b>\"overnight\"</b> & more; Zaporizhzhia’s governor — said.")
    return [
        Event(event_id="ev-kyiv", group_id="g1", article_id="art-1", source="Reuters",
              url="https://example.org/a?x=1&y=2", title="Drones over Kyiv", published=D(2023, 9, 7),
              event_date=D(2023, 9, 7), date_precision="day", date_text="on Thursday",
              event_type="attack", trigger="drone attack", location_text="Kyiv", location_start=120,
              location_end=124, place_id="703448", place_name="Kyiv", kind="city", country_code="UA",
              admin1="Kyiv City", lat=50.4501, lon=30.5234, geo_precision=1,
              evidence="Air defences shot down drones over Kyiv on Thursday.", confidence=0.92,
              location_reason="locative 'over'", sources=("Reuters", "AP")),
        Event(event_id="ev-izmail", group_id="g2", article_id="art-1", source="Reuters",
              url="https://example.org/a?x=1&y=2", title="Drones over Kyiv", published=D(2023, 9, 7),
              event_date=D(2023, 9, 7), date_precision="day", event_type="attack", trigger="hit",
              location_text="Izmail", location_start=45, location_end=51, place_id="707308",
              place_name="Izmail", kind="city", country_code="UA", admin1="Odesa Oblast",
              lat=45.3503, lon=28.8374, geo_precision=1, evidence=izmail, confidence=0.8,
              location_reason="port of X", sources=("Reuters",)),
        Event(event_id="ev-moscow", group_id="g3", article_id="art-2", source="AP", title="Moscow",
              published=D(2023, 9, 7), event_date=D(2023, 9, 7), date_precision="day",
              event_type="attack", location_text="Moscow", location_start=0, location_end=6,
              place_id="524901", place_name="Moscow", kind="city", country_code="RU", admin1="Moscow",
              lat=55.7522, lon=37.6156, geo_precision=1, evidence="Drones targeted Moscow.",
              confidence=0.7),
        Event(event_id="ev-zap", group_id="g4", article_id="art-2", source="AP", title="Moscow",
              published=D(2023, 9, 7), event_date=D(2023, 9, 7), date_precision="day",
              event_type="fighting", location_text="Zaporizhzhia region", location_start=80,
              location_end=99, place_id="687699", place_name="Zaporizhzhia Oblast", kind="admin1",
              country_code="UA", admin1="Zaporizhzhia Oblast", lat=47.5, lon=35.5, geo_precision=3,
              evidence="Slow but steady gains in the Zaporizhzhia region.", confidence=0.6),
        Event(event_id="ev-nodate-place", group_id="g5", article_id="art-3", title="Undated",
              event_date=None, date_precision="unresolved", event_type="other",
              location_text="Odesa", place_id="698740", place_name="Odesa", kind="city",
              country_code="UA", lat=46.4775, lon=30.7326, evidence="Odesa was quiet."),
        Event(event_id="ev-tulcea", group_id="g6", article_id="art-4", source="Reuters",
              published=D(2023, 9, 7), event_date=D(2023, 9, 4), date_precision="day",
              event_type="attack", location_text="Romania", place_name="Tulcea County", kind="region",
              country_code="RO", lat=45.2, lon=28.8, geo_precision=2,
              evidence="Parts of a drone hit Romanian territory on Monday.", confidence=0.5),
        Event(event_id="ev-kharkiv", group_id="g7", article_id="art-5", published=D(2024, 11, 18),
              event_date=D(2024, 11, 6), date_precision="day", event_type="fighting",
              location_text="Kharkiv", place_id="706483", place_name="Kharkiv", kind="city",
              country_code="UA", lat=49.9808, lon=36.2527, evidence="Near Kharkiv, Wednesday.",
              confidence=0.75),
        Event(event_id="ev-london", group_id="g8", article_id="art-6", published=D(2023, 9, 7),
              event_date=D(2023, 9, 7), date_precision="day", event_type="protest",
              location_text="London", place_id="2643743", place_name="London", kind="city",
              country_code="GB", admin1="England", lat=51.5085, lon=-0.1257,
              evidence="Protesters gathered in London.", confidence=0.66),
        Event(event_id="ev-unlocated", group_id="g9", article_id="art-6", published=D(2023, 9, 7),
              event_date=D(2023, 9, 7), date_precision="day", event_type="statement",
              evidence="Officials said more was to come.", location_text="", kind="other"),
    ]


ON_0907 = {"ev-kyiv", "ev-izmail", "ev-moscow", "ev-zap", "ev-london", "ev-unlocated"}


# --- canonical values to compare what GDAL / geopandas give back with the source ---------------

def _missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return value is pd.NaT or value is pd.NA


def canon(field: str, value):
    """One comparable form per field, whatever the reader turned the value into."""
    if isinstance(value, str) and value == "" and field not in ("sources",):
        value = None if field in DATE_FIELDS | INT_FIELDS | FLOAT_FIELDS else value
    if _missing(value):
        if field == "sources":
            return []
        return "" if field not in DATE_FIELDS | INT_FIELDS | FLOAT_FIELDS else None
    if field in DATE_FIELDS:
        if isinstance(value, np.datetime64):
            value = pd.Timestamp(value)
        if isinstance(value, (pd.Timestamp, dt.datetime)):
            value = value.date()
        return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]
    if field in INT_FIELDS:
        return int(float(value))
    if field in FLOAT_FIELDS:
        return round(float(value), 9)
    if field == "sources":
        if isinstance(value, str):
            return json.loads(value) if value.startswith("[") else [value]
        return [str(v) for v in list(value)]
    return str(value)


def assert_frame_matches(frame: pd.DataFrame, events: list[Event], *, fields=EVENT_FIELDS) -> None:
    """Every field and the point of every row equals the source event (same order)."""
    assert len(frame) == len(events)
    for i, event in enumerate(events):
        row = frame.iloc[i]
        source = event.to_dict()
        for field in fields:
            assert field in frame.columns, f"missing column {field}"
            assert canon(field, row[field]) == canon(field, source[field]), (event.event_id, field)
        geom = row.geometry
        if event.lat is None:
            assert geom is None or geom.is_empty, event.event_id
        else:
            assert geom.geom_type == "Point"
            assert geom.x == pytest.approx(event.lon, abs=1e-7), event.event_id  # x = lon
            assert geom.y == pytest.approx(event.lat, abs=1e-7), event.event_id


def gdal_read(path: Path, reader: str) -> pd.DataFrame:
    kwargs = {}
    if path.suffix == ".csv":  # tell GDAL where the geometry is; the CSV itself is plain
        kwargs = {"GEOM_POSSIBLE_NAMES": "wkt", "KEEP_GEOM_COLUMNS": "NO"}
    if reader == "pyogrio":
        return pyogrio.read_dataframe(path, **kwargs)
    return gpd.read_file(path, **kwargs)


@pytest.fixture()
def events() -> list[Event]:
    return sample_events()


# --- round trips ---------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", WRITABLE)
def test_round_trip_through_our_reader_is_exact(tmp_path, events, suffix):
    path = tmp_path / f"events.{suffix}"
    assert write_events(events, path) == len(events)
    assert list(read_events(path)) == events


@pytest.mark.parametrize("reader", ["pyogrio", "geopandas"])
@pytest.mark.parametrize("suffix", GDAL_READABLE)
def test_gdal_and_geopandas_read_every_field_and_point(tmp_path, events, suffix, reader):
    path = tmp_path / f"events.{suffix}"
    write_events(events, path)
    frame = gdal_read(path, reader)
    assert_frame_matches(frame, events)
    if suffix != "csv":
        assert frame.crs is not None and frame.crs.to_epsg() == 4326


def test_geoparquet_reads_in_geopandas_with_every_field(tmp_path, events):
    path = tmp_path / "events.parquet"
    write_events(events, path)
    frame = gpd.read_parquet(path)
    assert_frame_matches(frame, events)
    assert frame.crs is not None and frame.crs.equals("OGC:CRS84")  # lon/lat WGS84
    schema = pq.read_schema(path)
    assert str(schema.field("event_date").type) == "date32[day]"
    assert str(schema.field("published").type) == "date32[day]"
    geo = json.loads(schema.metadata[b"geo"])
    assert geo["primary_column"] == "geometry"
    assert geo["columns"]["geometry"]["encoding"] == "WKB"
    located = [e for e in events if e.lat is not None]
    assert geo["columns"]["geometry"]["bbox"] == [min(e.lon for e in located), min(e.lat for e in located),
                                                  max(e.lon for e in located), max(e.lat for e in located)]


def test_kyiv_sits_at_lon_30_5_lat_50_45_in_every_format(tmp_path, events):
    for suffix in GDAL_READABLE:
        path = tmp_path / f"kyiv.{suffix}"
        write_events(events[:1], path)
        frame = gdal_read(path, "pyogrio")
        point = frame.geometry.iloc[0]
        assert (round(point.x, 2), round(point.y, 2)) == (30.52, 50.45), suffix
    write_events(events[:1], tmp_path / "kyiv.parquet")
    point = gpd.read_parquet(tmp_path / "kyiv.parquet").geometry.iloc[0]
    assert (round(point.x, 2), round(point.y, 2)) == (30.52, 50.45)


# --- format details --------------------------------------------------------------------------

def test_geojson_is_rfc7946(tmp_path, events):
    precise = events[0].with_changes(lon=30.523412345678, lat=50.450123456789)
    path = tmp_path / "events.geojson"
    write_events([precise, *events[1:]], path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    first = doc["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [30.5234123, 50.4501235]}  # [lon, lat], 7 dp
    assert set(first["properties"]) == set(EVENT_FIELDS)
    assert first["properties"]["event_date"] == "2023-09-07"
    assert first["properties"]["sources"] == ["Reuters", "AP"]
    unlocated = doc["features"][-1]
    assert unlocated["geometry"] is None and unlocated["properties"]["event_id"] == "ev-unlocated"


def test_geojson_sequences(tmp_path, events):
    write_events(events, tmp_path / "a.geojsonl")
    write_events(events, tmp_path / "a.geojsons")
    lines = (tmp_path / "a.geojsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(events) and all(json.loads(line)["type"] == "Feature" for line in lines)
    seq = (tmp_path / "a.geojsons").read_text(encoding="utf-8").rstrip("\n").split("\n")
    assert len(seq) == len(events) and all(line.startswith("\x1e{") for line in seq)  # RFC 8142 record separator
    assert pyogrio.read_info(tmp_path / "a.geojsons")["driver"] == "GeoJSONSeq"


def test_geopackage_has_real_date_fields(tmp_path, events):
    path = tmp_path / "events.gpkg"
    write_events(events, path)
    info = pyogrio.read_info(path, layer="events")
    types = dict(zip(info["fields"], info["dtypes"]))
    assert types["event_date"] == "datetime64[D]" and types["published"] == "datetime64[D]"
    assert types["lat"] == "float64" and types["location_start"].startswith("int")
    assert info["geometry_type"] == "Point" and info["crs"] == "EPSG:4326"
    with sqlite3.connect(path) as conn:
        declared = {row[1]: row[2] for row in conn.execute("PRAGMA table_info(events)")}
    assert declared["event_date"] == "DATE" and declared["published"] == "DATE"


def test_csv_has_lat_lon_and_wkt(tmp_path, events):
    path = tmp_path / "events.csv"
    write_events(events, path)
    frame = pd.read_csv(path, keep_default_na=False)
    assert {"lat", "lon", "wkt"} <= set(frame.columns)
    assert frame.loc[0, "wkt"] == "POINT (30.5234 50.4501)"
    assert float(frame.loc[0, "lat"]) == 50.4501 and float(frame.loc[0, "lon"]) == 30.5234
    assert frame.iloc[-1]["wkt"] == "" and frame.iloc[-1]["lat"] == ""
    # GDAL can also build points from the lat/lon columns
    via_xy = pyogrio.read_dataframe(path, X_POSSIBLE_NAMES="lon", Y_POSSIBLE_NAMES="lat")
    assert via_xy.geometry.iloc[0].x == pytest.approx(30.5234)


@pytest.mark.parametrize("suffix", ["kml", "kmz"])
def test_kml_timestamp_from_event_date_and_escaping(tmp_path, events, suffix):
    path = tmp_path / f"events.{suffix}"
    write_events(events, path)
    if suffix == "kmz":
        with zipfile.ZipFile(path) as zf:
            assert zf.namelist() == ["doc.kml"]
            data = zf.read("doc.kml")
    else:
        data = path.read_bytes()
    root = ET.fromstring(data)  # well-formed despite <, &, " in the evidence
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    placemarks = root.findall(".//k:Placemark", ns)
    assert len(placemarks) == len(events)
    for placemark, event in zip(placemarks, events):
        when = placemark.findtext("k:TimeStamp/k:when", namespaces=ns)
        assert when == (event.event_date.isoformat() if event.event_date else None)
        # description is HTML in Google Earth: the untrusted sentence is HTML-escaped there
        assert placemark.findtext("k:description", namespaces=ns) == html.escape(event.evidence)
    frame = pyogrio.read_dataframe(path)
    stamps = [None if pd.isna(t) else pd.Timestamp(t).date() for t in frame["timestamp"]]
    assert stamps == [e.event_date for e in events]


@pytest.mark.parametrize("suffix", WRITABLE)
def test_empty_export_is_valid(tmp_path, suffix):
    path = tmp_path / f"empty.{suffix}"
    assert write_events([], path) == 0
    assert list(read_events(path)) == []


def test_events_without_coordinates_are_kept_with_null_geometry(tmp_path, events):
    unlocated = [e for e in events if e.lat is None]
    for suffix in ("geojson", "gpkg", "parquet", "csv", "kml"):
        path = tmp_path / f"u.{suffix}"
        write_events(unlocated, path)
        assert [e.event_id for e in read_events(path)] == ["ev-unlocated"]


def test_writer_streams_generators(tmp_path, events):
    produced = (e for e in events)
    assert write_events(produced, tmp_path / "g.geojson") == len(events)
    assert write_events((e for e in events), tmp_path / "g.bin", fmt="jsonl") == len(events)
    assert [e.event_id for e in read_events(tmp_path / "g.geojson")] == [e.event_id for e in events]


# --- the date filter acceptance --------------------------------------------------------------

@pytest.mark.parametrize("suffix", WRITABLE)
def test_single_day_filter_in_every_format(tmp_path, events, suffix):
    path = tmp_path / f"day.{suffix}"
    n = write_events(filter_events(events, since=D(2023, 9, 7), until=D(2023, 9, 7)), path)
    assert n == len(ON_0907)
    back = list(read_events(path))
    assert {e.event_id for e in back} == ON_0907
    assert all(e.event_date == D(2023, 9, 7) for e in back)
    if suffix in GDAL_READABLE:
        frame = gdal_read(path, "pyogrio")
        assert set(frame["event_id"]) == ON_0907


# --- atomicity and errors --------------------------------------------------------------------

class Boom(RuntimeError):
    pass


def _failing(events):
    yield from events[:3]
    raise Boom("writer failed mid-way")


@pytest.mark.parametrize("suffix", WRITABLE)
def test_failed_export_leaves_existing_file_untouched(tmp_path, events, suffix):
    path = tmp_path / f"keep.{suffix}"
    write_events(events[:2], path)
    before = path.read_bytes()
    with pytest.raises(Boom):
        write_events(_failing(events), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temp files left
    assert [e.event_id for e in read_events(path)] == ["ev-kyiv", "ev-izmail"]


def test_failed_first_export_leaves_no_file(tmp_path, events):
    with pytest.raises(Boom):
        write_events(_failing(events), tmp_path / "new.gpkg")
    assert list(tmp_path.iterdir()) == []


def test_unknown_suffix_lists_supported_ones(tmp_path, events):
    with pytest.raises(ExportError) as err:
        write_events(events, tmp_path / "events.shp")
    message = str(err.value)
    for suffix in (".geojson", ".gpkg", ".csv", ".parquet", ".kml", ".kmz", ".jsonl"):
        assert suffix in message
    assert not (tmp_path / "events.shp").exists()
    with pytest.raises(InputError, match="unknown suffix"):
        list(read_events(_touch(tmp_path / "x.xyz")))
    with pytest.raises(ExportError, match="unknown format"):
        write_events(events, tmp_path / "x.out", fmt="shapefile")


def _touch(path: Path) -> Path:
    path.write_text("x", encoding="utf-8")
    return path


@pytest.mark.parametrize("name, content, message", [
    ("bad.jsonl", '{"event_id": "a", "article_id": "b", "evidence": ""}\n{"event_id": oops}\n',
     r"bad\.jsonl:2: invalid JSON"),
    ("list.jsonl", "[1, 2]\n", "expected a JSON object"),
    ("bad.geojson", '{"type": "Point", "coordinates": [1, 2]}', "FeatureCollection"),
    ("trunc.geojson", '{"type": "FeatureCollection", "features": [', "invalid JSON"),
    ("bad.gpkg", "not a geopackage", "cannot"),
    ("bad.csv", "a,b\n1,2\n", "not a geomap events CSV"),
    ("bad.kml", "<kml><Placemark>", "malformed KML"),
    ("bad.kmz", "not a zip", "cannot read KMZ"),
    ("bad.parquet", "not parquet", "cannot read Parquet"),
    ("badvalue.jsonl", '{"event_id": "a", "article_id": "b", "evidence": "", "lat": "north"}\n',
     r"badvalue\.jsonl:1: bad event field value"),
    ("baddate.jsonl", '{"event_id": "a", "article_id": "b", "evidence": "", "event_date": "2023-02-30"}\n',
     "bad event field value"),
])
def test_bad_files_raise_clear_input_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        list(read_events(path))


def test_missing_input_file(tmp_path):
    with pytest.raises(InputError, match="no such events file"):
        read_events(tmp_path / "nope.geojson")


def test_format_table_is_keyed_by_suffix():
    assert FORMATS[".geojson"].name == "geojson"
    assert FORMATS[".ndjson"] is FORMATS[".jsonl"]
    assert all(suffix.startswith(".") for suffix in FORMATS)


def test_reads_foreign_geojson_without_event_properties(tmp_path):
    """A FeatureCollection from another tool: the point gives lat/lon, unknown keys are ignored."""
    path = tmp_path / "foreign.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": 7, "geometry": {"type": "Point", "coordinates": [30.5234, 50.4501]},
         "properties": {"name": "Kyiv", "event_date": "2023-09-07"}}]}), encoding="utf-8")
    (event,) = read_events(path)
    assert (event.lon, event.lat, event.event_date, event.event_id) == (30.5234, 50.4501, D(2023, 9, 7), "7")


def test_moved_point_wins_over_stale_lat_lon_properties(tmp_path, events):
    """Someone moved the point in QGIS: the geometry is the truth."""
    path = tmp_path / "moved.geojson"
    write_events(events[:1], path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][0]["geometry"]["coordinates"] = [30.6, 50.5]
    path.write_text(json.dumps(doc), encoding="utf-8")
    (event,) = read_events(path)
    assert (event.lon, event.lat) == (30.6, 50.5)


def test_csv_cells_cannot_become_spreadsheet_formulas(tmp_path, events):
    hostile = [events[0].with_changes(evidence='=HYPERLINK("http://evil.example","x")', title="+1 update",
                                      trigger="@cmd", date_text="-2 days", place_name="'=already quoted")]
    path = tmp_path / "hostile.csv"
    write_events(hostile, path)
    frame = pd.read_csv(path, keep_default_na=False, dtype=str)
    for column in ("evidence", "title", "trigger", "date_text"):
        assert frame.loc[0, column].startswith("'"), column
    assert frame.loc[0, "place_name"] == "''=already quoted"
    assert list(read_events(path)) == hostile  # our reader restores the exact text


def test_kml_description_is_inert_html(tmp_path, events):
    script = events[0].with_changes(evidence="<script>alert(1)</script> & <img src=x onerror=alert(2)>")
    path = tmp_path / "script.kml"
    write_events([script], path)
    root = ET.fromstring(path.read_bytes())
    description = root.find(".//{http://www.opengis.net/kml/2.2}description").text
    assert "<" not in description and "&lt;script&gt;" in description
    assert list(read_events(path)) == [script]


@pytest.mark.parametrize("suffix", ["gpkg", "parquet"])
def test_failure_after_the_first_streamed_batch_keeps_the_old_file(tmp_path, events, suffix):
    """GDAL / the Parquet writer have already written a batch when the source fails."""
    path = tmp_path / f"big.{suffix}"
    write_events(events[:1], path)
    before = path.read_bytes()

    def many():
        for i in range(10_050):
            yield events[i % len(events)].with_changes(event_id=f"e{i}")
        raise Boom("source failed after 10,050 events")

    with pytest.raises(Boom):
        write_events(many(), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    assert write_events((e.with_changes(event_id=f"e{i}") for i, e in enumerate(events * 1200)), path) == 10_800
    assert sum(1 for _ in read_events(path)) == 10_800


@pytest.mark.parametrize("suffix", WRITABLE)
def test_lone_surrogates_from_bad_input_do_not_break_exports(tmp_path, events, suffix):
    bad = events[0].with_changes(article_id="sur-1\ud800", evidence="Missiles struck Odesa \ud83d today.",
                                 url="https://example.org/\udfff", sources=("S\ud800",))
    path = tmp_path / f"sur.{suffix}"
    assert write_events([bad, events[1]], path) == 2
    back = list(read_events(path))
    assert back[0].article_id == "sur-1\ufffd" and back[0].evidence == "Missiles struck Odesa \ufffd today."
    assert back[0].sources == ("S\ufffd",) and back[1] == events[1]
