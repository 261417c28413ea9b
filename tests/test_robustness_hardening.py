"""Issue 18 (hardening round two): one test per numbered defect, through the real CLI on real
files, asserting the message, the exit code and what was kept."""
from __future__ import annotations

import json
import os
import shutil
import re
import sqlite3
import stat
import zipfile
from pathlib import Path

import pytest

from geomap.jobs import STORE_NAME
from test_robustness_support import extracted_events, article, geomap, store_article_ids, write_jsonl

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="module")
def events_file(tmp_path_factory, gazetteer_store) -> Path:
    return extracted_events(tmp_path_factory.mktemp("hard"), "h")


# 1 ------------------------------------------------------------------ device nodes, FIFOs, links

def _device(tmp_path: Path) -> Path:
    if os.geteuid() == 0:
        node = tmp_path / "null.html"
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        return node
    return Path("/dev/null")


def test_1_device_fifo_directory_and_symlink_targets_are_refused(events_file, tmp_path):
    device = _device(tmp_path)
    before = os.stat(device)
    for command in (["map", events_file, "-o", device], ["export", events_file, "-o", device, "-f", "geojson"]):
        result = geomap(*command)
        assert result.code == 4, result.err
        assert result.error == (f"geomap: error: cannot write {device}: it is a device, not a regular file; "
                                "use -o - to write to standard output")
    assert stat.S_ISCHR(os.stat(device).st_mode) and os.stat(device).st_rdev == before.st_rdev
    fifo = tmp_path / "pipe.geojson"
    os.mkfifo(fifo)
    result = geomap("export", events_file, "-o", fifo)
    assert result.code == 4
    assert "it is a FIFO (named pipe); use -o - and redirect standard output" in result.error
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    real = tmp_path / "real.jsonl"
    real.write_text("keep me\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    result = geomap("export", events_file, "-o", link)
    assert result.code == 4 and "it is a symbolic link" in result.error
    assert real.read_text() == "keep me\n" and link.is_symlink()
    articles = events_file.with_name("articles.jsonl")
    result = geomap("extract", articles, "-o", link, "-j", "1")
    assert result.code == 4 and "it is a symbolic link" in result.error


def test_1_dash_writes_to_standard_output(events_file, tmp_path):
    result = geomap("export", events_file, "-o", "-")
    assert result.code == 0, result.err
    lines = [json.loads(line) for line in result.out.splitlines()]
    assert {r["article_id"] for r in lines} == {"h-1", "h-2"}
    assert "events -> -" in result.err
    result = geomap("export", events_file, "-o", "-", "-f", "geojson")
    assert json.loads(result.out)["type"] == "FeatureCollection"
    result = geomap("export", events_file, "-o", "-", "-f", "gpkg")
    assert result.code == 4 and "cannot write gpkg to standard output" in result.error
    result = geomap("map", events_file, "-o", "-")
    assert result.code == 0 and result.out.lstrip().lower().startswith("<!doctype html")
    assert list(tmp_path.iterdir()) == []


# 2 ------------------------------------------------------------------ the store and the input

def test_2_no_command_writes_over_the_store_or_its_input(events_file, tmp_path):
    out = tmp_path / "maps"
    articles = events_file.with_name("articles.jsonl")
    assert geomap("run", articles, "--out", out, "-j", "1").code == 0
    store = out / STORE_NAME
    before = store.read_bytes()
    for command in (["map", out, "-o", store], ["geoparse", articles, "-o", store],
                    ["export", out, "-o", store], ["extract", articles, "-o", store, "-j", "1"]):
        result = geomap(*command)
        assert result.code == 4, (command, result.err)
        assert result.error.startswith(f"geomap: error: refusing to overwrite the event store {store}")
    assert store.read_bytes() == before
    copy = tmp_path / "events.geojson"
    assert geomap("export", events_file, "-o", copy).code == 0
    original = copy.read_bytes()
    for command in (["map", copy, "-o", copy], ["export", copy, "-o", copy]):
        result = geomap(*command)
        assert result.code == 4
        assert result.error == f"geomap: error: refusing to overwrite the input {copy} with the " \
                               f"{command[0] if command[0] == 'map' else 'export'}: choose another output"
    assert copy.read_bytes() == original
    result = geomap("extract", articles.parent, "-o", articles, "-j", "1")
    assert result.code == 4 and f"refusing to overwrite the input {articles}" in result.error


# 4 ------------------------------------------------------------------ re-runs redraw the same map

def _normalised(html: str) -> str:
    return re.sub(r"_[0-9a-f]{32}", "_ID", html)  # folium's random element ids


def test_4_a_second_run_redraws_the_same_map(tmp_path, gazetteer_store):
    out = tmp_path / "maps"
    assert geomap("run", EXAMPLES, "--out", out, "-j", "1").code == 0
    first = _normalised((out / "index.html").read_text(encoding="utf-8"))
    again = geomap("run", EXAMPLES, "--out", out, "-j", "1")
    assert again.code == 0 and again.summary("articles read").startswith("11 (11 already in the store")
    assert _normalised((out / "index.html").read_text(encoding="utf-8")) == first
    assert '["Black Sea","sea"' in first  # a mentioned place without an event survives re-runs


# 5 and 10 -------------------------------------------------------------- one bad record, one warning

def test_5_and_10_bad_records_are_warnings_and_the_run_goes_on(tmp_path, gazetteer_store):
    out = tmp_path / "maps"
    jsonl = tmp_path / "mixed.jsonl"
    good = [article("ok-1", "Odesa"), article("ok-2", "Kharkiv")]
    lines = [json.dumps(good[0]),
             '{"id": "big", "text": "Missiles struck Sumy.", "n": ' + "9" * 5000 + "}",
             json.dumps(article("listy", "Kherson", title=["a", "b"], source={"x": 1})),
             json.dumps(article("intdate", "Izmail", published=20240401)),
             json.dumps(good[1])]
    jsonl.write_text("\n".join(lines) + "\n")
    csv_path = tmp_path / "rows.csv"
    csv_path.write_text('id,title,text,published\n'
                        'c-1,T,"Missiles struck Odesa on Monday.",2024-03-15\n'
                        'c-2,T,"Missiles struck Sumy on Monday.,2024-03-15\n'
                        'c-3,T,Missiles struck Kherson on Monday.,2024-03-15\n')
    array = tmp_path / "deep.json"
    array.write_text("[" + json.dumps(article("j-1", "Odesa")) + ", " + "[" * 100_000 + "]" * 100_000 + ", "
                     + json.dumps(article("j-2", "Kharkiv")) + "]")
    result = geomap("run", jsonl, csv_path, array, "--out", out, "-j", "1")
    assert result.code == 0, result.err
    assert "internal error" not in result.err
    warnings = result.warnings
    assert any(f"{jsonl}:2: malformed JSON (Exceeds the limit" in w for w in warnings), warnings
    assert f"warning: {jsonl}:3: 'title' is a list, not text; ignored" in warnings
    assert f"warning: {jsonl}:3: 'source' is a dict, not text; ignored" in warnings
    assert any(f"{jsonl}:4: publication date 20240401 is a number, not a date" in w for w in warnings)
    assert any(f"{csv_path}:3: malformed CSV row" in w and "unterminated quote" in w for w in warnings), warnings
    assert f"warning: {array}[1]: malformed JSON (nested too deeply); skipped" in warnings
    ids = store_article_ids(out / STORE_NAME)
    assert {"ok-1", "ok-2", "listy", "intdate", "c-1", "c-3", "j-1", "j-2"} <= ids
    from geomap.io.formats import read_events

    by_article = {e.article_id: e for e in read_events(out / STORE_NAME)}
    assert by_article["listy"].title == "" and by_article["listy"].source == ""
    assert by_article["intdate"].published is None


# 6 ------------------------------------------------------------------ archive limits

def test_6_zip_limits_are_a_clear_message_and_can_be_raised(events_file, tmp_path):
    kmz = tmp_path / "events.kmz"
    assert geomap("export", events_file, "-o", kmz).code == 0
    bomb = tmp_path / "bomb.kmz"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("doc.kml", "<kml>" + " " * (20 << 20) + "</kml>")
    result = geomap("export", bomb, "-o", tmp_path / "x.jsonl")
    assert result.code == 2
    assert "is compressed" in result.error and "raise GEOMAP_MAX_ZIP_RATIO" in result.error
    result = geomap("export", kmz, "-o", tmp_path / "y.jsonl", env={"GEOMAP_MAX_UNZIPPED_BYTES": "100"})
    assert result.code == 2 and "over the limit of 100 (raise GEOMAP_MAX_UNZIPPED_BYTES" in result.error
    assert geomap("export", kmz, "-o", tmp_path / "z.jsonl").code == 0
    long = tmp_path / "long.jsonl"
    long.write_text('{"id": "x", "text": "' + "a" * 5000 + '"}\n' + json.dumps(article("after", "Odesa")) + "\n")
    result = geomap("extract", long, "-o", tmp_path / "ev.jsonl", "-j", "1", env={"GEOMAP_MAX_LINE_BYTES": "1000"})
    assert result.code == 0, result.err
    assert f"warning: {long}:1: line longer than 1,000 bytes (raise GEOMAP_MAX_LINE_BYTES to read it); skipped" \
        in result.warnings
    assert "after" in (tmp_path / "ev.jsonl").read_text()


# 7 ------------------------------------------------------------------ coordinates validated

def test_7_coordinates_out_of_range_are_refused_on_read_back(tmp_path):
    kml = tmp_path / "far.kml"
    kml.write_text('<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>x</name>'
                   "<Point><coordinates>500,-500</coordinates></Point></Placemark></Document></kml>")
    result = geomap("export", kml, "-o", tmp_path / "far.geojson")
    assert result.code == 2
    assert result.error == (f"geomap: error: {kml}: Placemark 0: bad event field value: "
                            "lat -500.0 is out of range [-90, 90]")
    assert not (tmp_path / "far.geojson").exists()


def test_7_gazetteer_geojson_import_rejects_nan_and_infinity(tmp_path):
    from gazetteer.sources.user_files import read_geojson

    path = tmp_path / "places.geojson"
    path.write_text('{"type": "FeatureCollection", "features": ['
                    '{"type": "Feature", "properties": {"name": "Nowhere"}, "geometry": {"type": "Point", "coordinates": [NaN, NaN]}},'
                    '{"type": "Feature", "properties": {"name": "Far"}, "geometry": {"type": "Point", "coordinates": [Infinity, 10]}},'
                    '{"type": "Feature", "properties": {"name": "Good"}, "geometry": {"type": "Point", "coordinates": [30.5, 50.4]}}]}')
    items = list(read_geojson(path))
    assert items[0] == (1, "feature 1 ('Nowhere'): coordinates out of range or not finite: nan, nan")
    assert items[1] == (2, "feature 2 ('Far'): coordinates out of range or not finite: inf, 10")
    assert items[2][1].name == "Good" and (items[2][1].lat, items[2][1].lon) == (50.4, 30.5)


# 8 ------------------------------------------------------------------ malformed gazetteer GeoJSON, corrupt store

def test_8_malformed_gazetteer_geojson_is_a_message(tmp_path):
    from gazetteer.sources.user_files import read_geojson

    cases = {"deep": "[" * 100_000 + "]" * 100_000,
             "features5": '{"type": "FeatureCollection", "features": 5}',
             "listprops": '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": [1], '
                          '"geometry": {"type": "Point", "coordinates": [1, 2]}}, 7]}'}
    results = {}
    for name, text in cases.items():
        path = tmp_path / f"{name}.geojson"
        path.write_text(text)
        results[name] = list(read_geojson(path))
    assert results["deep"] == [(0, "not a GeoJSON Feature or FeatureCollection")] or \
        results["deep"] == [(0, "not valid JSON: nested too deeply")]
    assert results["features5"] == [(0, "'features' is a int, not a list")]
    assert results["listprops"] == [(1, "feature 1: properties is a list, not an object"),
                                    (2, "feature 2 is a int, not an object")]


def test_8_corrupt_store_for_map_and_export_is_one_line(events_file, tmp_path):
    out = tmp_path / "maps"
    assert geomap("run", events_file.with_name("articles.jsonl"), "--out", out, "-j", "1").code == 0
    store = out / STORE_NAME
    data = bytearray(store.read_bytes())
    page = 4096
    conn = sqlite3.connect(store)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='events'").fetchone()[0]
    conn.close()
    data[(root - 1) * page:(root - 1) * page + 100] = b"\xff" * 100  # break the events table's root page
    store.write_bytes(bytes(data))
    for command in (["map", out, "-o", tmp_path / "m.html"], ["export", out, "-o", tmp_path / "e.csv"]):
        result = geomap(*command)
        assert result.code == 2, result.err
        assert "internal error" not in result.err
        assert result.error.startswith(f"geomap: error: cannot read event store {store}")
    assert not (tmp_path / "m.html").exists() and not (tmp_path / "e.csv").exists()


# 9 ------------------------------------------------------------------ empty path, unusable input, type typo

def test_9_empty_path_unusable_input_and_type_typo(events_file, tmp_path):
    result = geomap("run", "", "--out", tmp_path / "m", cwd=tmp_path)
    assert result.code == 2
    assert result.error == ("geomap: error: empty input path '': give a file, a directory or a glob "
                            "(. for the current directory)")
    binary = tmp_path / "blob.jsonl"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    result = geomap("run", binary, "--out", tmp_path / "m", "-j", "1")
    assert result.code == 2
    assert result.error == ("geomap: error: nothing to read: the input is unusable (binary or unreadable; "
                            "see the warnings above)")
    assert not (tmp_path / "m" / "index.html").exists()
    result = geomap("export", events_file, "-o", tmp_path / "t.geojson", "--type", "strikes")
    assert result.code == 2
    assert result.error == ("geomap: error: unknown event type 'strikes' (no event has it); the types are: "
                            "Battles, Explosions/Remote violence, Violence against civilians, Protests, Riots, "
                            "Strategic developments")
    assert not (tmp_path / "t.geojson").exists()
    assert geomap("export", events_file, "-o", tmp_path / "b.geojson", "--type", "battles").code == 0


# 11 ----------------------------------------------------------------- the Python API checks types

def test_11_api_type_errors_say_what_was_expected(tmp_path):
    import datetime as dt

    import geomap as api

    with pytest.raises(TypeError, match=r"expected paths \(str or os.PathLike.*got bytes"):
        api.extract(b"/path")
    with pytest.raises(TypeError, match=r"got dict \(to extract from a record, pass geomap.Article"):
        api.extract({"text": "Missiles struck Odesa."})
    with pytest.raises(TypeError, match=r"Article.published must be a datetime.date or None, not str"):
        api.extract([api.Article(id="a", text="Missiles struck Odesa.", published="2024-04-01")])
    with pytest.raises(TypeError, match="geoparse\\(\\) expects the text as a str, not bytes"):
        api.geoparse(b"Odesa")
    assert api.Article(id="a", text="t", published=dt.date(2024, 4, 1)).published.year == 2024


# 12 ----------------------------------------------------------------- messages

def test_12_gpkg_export_failure_names_field_and_record(tmp_path):
    pytest.importorskip("pyogrio")
    from geomap.errors import ExportError
    from geomap.io.formats import write_events
    from geomap.model import Event

    events = [Event(event_id="fine", article_id="a", evidence="x"),
              Event(event_id="huge", article_id="a", evidence="x", location_start=2 ** 70)]
    with pytest.raises(ExportError, match=r"field 'location_start' of record 1 \(event_id 'huge'\)"):
        write_events(events, tmp_path / "x.gpkg")
    assert not (tmp_path / "x.gpkg").exists()


def test_12_gazetteer_geojson_warnings_name_the_feature_not_a_line(tmp_path, gazetteer_store):
    import os
    import shutil
    import subprocess
    import sys

    store = tmp_path / "store.sqlite"
    shutil.copy(gazetteer_store, store)
    path = tmp_path / "places.geojson"
    path.write_text('{"type": "FeatureCollection", "features": ['
                    '{"type": "Feature", "properties": {"name": "Nowhere"}, "geometry": {"type": "Point", "coordinates": [NaN, NaN]}},'
                    '{"type": "Feature", "properties": {"name": "Good"}, "geometry": {"type": "Point", "coordinates": [30.5, 50.4]}}]}')
    result = subprocess.run([sys.executable, "-m", "geomap.cli", "gazetteer", "add", str(path)],
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "GEOMAP_GAZETTEER": str(store)})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "feature 1 ('Nowhere'): coordinates out of range or not finite" in output
    assert "line 1" not in output


def test_6_gazetteer_dump_limits_a_huge_line_and_a_zip_bomb(tmp_path, gazetteer_store, monkeypatch):
    import zipfile

    from gazetteer.sources import geonames_dump

    good = "\t".join(["9000001", "Testivka", "Testivka", "", "48.5", "35.0", "P", "PPL", "UA", "", "09", "",
                      "", "", "120", "", "100", "Europe/Kyiv", "2024-01-01"])
    monkeypatch.setattr(geonames_dump, "MAX_LINE_CHARS", 4096)
    dump = tmp_path / "UA.zip"
    with zipfile.ZipFile(dump, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("UA.txt", "x" * 50_000 + "\n" + good + "\n")
    items = list(geonames_dump.read_dump(dump))
    assert items[0][1:] == (1, "line longer than 4096 characters: skipped")
    assert items[1][2].name == "Testivka"  # the line after it is still read
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("XX.txt", "\n" * (8 << 20))  # 8 MB of newlines compress ~1000:1
    store = tmp_path / "store.sqlite"
    shutil.copy(gazetteer_store, store)
    result = geomap("gazetteer", "add", bomb, env={**os.environ, "GEOMAP_GAZETTEER": str(store)})
    assert result.code != 0 and "over the 40:1 limit" in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_6_gazetteer_csv_with_a_huge_field_skips_the_row(tmp_path, gazetteer_store):
    import gzip

    path = tmp_path / "big.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("name,lat,lon\n" + "A" + "x" * 300_000 + ",50,30\nGoodtown,50.1,30.1\n")
    store = tmp_path / "store.sqlite"
    shutil.copy(gazetteer_store, store)
    env = {**os.environ, "GEOMAP_GAZETTEER": str(store)}
    result = geomap("gazetteer", "add", path, env=env)
    assert result.code == 0, result.err
    assert "unreadable CSV row: field larger than field limit" in result.err and "Traceback" not in result.err
    assert "1 new places" in result.out and "1 lines skipped" in result.out
    found = geomap("gazetteer", "lookup", "Goodtown", "--limit", "1", env=env)
    assert found.code == 0 and "Goodtown" in found.out
