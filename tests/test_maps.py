"""Map rendering without a browser: data document, escaping, offline/online pages, CLI."""
from __future__ import annotations

import datetime as dt
import json
import re

import folium
import pytest

from geomap.errors import InputError
from geomap.maps import map_data, render_map
from geomap.maps.render import json_for_html, type_colors
from samples import LineGazetteer, generated_events, seed_events, seed_places
from geomap.model import Event


def _blob(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="geomap-data">(.*?)</script>', html, re.S)
    assert match, "data blob missing"
    return json.loads(match.group(1))


def test_json_for_html_cannot_close_the_script_and_round_trips():
    value = {"t": "</script><script>alert(1)</script> & \u2028\u2029 <!--"}
    text = json_for_html(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == value


def test_type_colors_are_distinct_even_for_many_types():
    counts = {f"type{i}": 20 - i for i in range(12)} | {"attack": 5, "strike": 3}
    colors = type_colors(counts)
    assert set(colors) == set(counts)
    assert len(set(colors.values())) == len(colors)


def test_map_data_columns_strings_and_highlight():
    events = seed_events()
    unmapped = Event(event_id="x", article_id="a", evidence="Somewhere unknown.", event_type="attack")
    data = map_data(events + [unmapped], places=seed_places(), gazetteer=LineGazetteer())
    cols, strings = data["events"], data["strings"]
    assert data["total"] == len(events) + 1 and data["unmapped"] == 1
    assert all(len(v) == len(events) for v in cols.values())
    first = min(e.event_date for e in events)
    assert data["range"] == [first.isoformat(), max(e.event_date for e in events).isoformat()]
    # dates as day offsets, sorted for the list and the timeline
    assert cols["d"] == sorted((e.event_date - first).days for e in events)
    rows = {(strings[cols["p"][i]], strings[cols["ev"][i]]): i for i in range(len(events))}
    assert len(rows) == len(events)
    for e in events:
        i = rows[(e.place_name, e.evidence)]
        assert strings[cols["ev"][i]][cols["hs"][i]:cols["he"][i]] == e.location_text
        assert (cols["la"][i], cols["lo"][i]) == (e.lat, e.lon)
        assert data["types"][cols["t"][i]]["name"] == e.event_type
    # the Rostov sentence names three places: one string, three references
    assert strings.count(seed_events()[6].evidence) == 1
    # outlines: the gazetteer's boundary and line; never a box (Bryansk: a bbox -> none)
    shapes = {strings[s["n"]]: s["g"] for s in data["shapes"]}
    assert shapes["Zaporizhzhia Oblast"]["type"] == "Polygon"
    assert len(shapes["Zaporizhzhia Oblast"]["coordinates"][0]) > 100
    assert "Bryansk Oblast" not in shapes
    assert shapes["Romanian bank of the Danube (Tulcea county)"]["type"] == "LineString"
    # every place mentioned has a row; event places missing from the list are added
    assert len(data["places"]) >= len(seed_places())
    rows = data["events"]["pl"]
    assert all(data["places"][r][0] == strings[p] or data["places"][r][0] for r, p in zip(rows, data["events"]["p"]))


def test_highlight_falls_back_to_text_match_when_offsets_are_article_offsets():
    event = seed_events()[2].with_changes(location_start=900, location_end=907)
    data = map_data([event])
    text = data["strings"][data["events"]["ev"][0]]
    assert text[data["events"]["hs"][0]:data["events"]["he"][0]] == "Kharkiv"


def test_render_map_bakes_since_until_and_rejects_inverted_range(tmp_path):
    events = seed_events() + [seed_events()[0].with_changes(event_id="undated", event_date=None)]
    out = render_map(events, tmp_path / "m.html", since=dt.date(2023, 9, 7), until=dt.date(2023, 9, 28))
    data = _blob(out.read_text(encoding="utf-8"))
    expected = [e for e in events if e.event_date and dt.date(2023, 9, 7) <= e.event_date <= dt.date(2023, 9, 28)]
    assert len(data["events"]["d"]) == len(expected) and -1 not in data["events"]["d"]
    assert data["range"] == ["2023-09-07", "2023-09-28"]
    places = sorted(data["strings"][p] for p in data["events"]["p"])
    assert places == sorted(e.place_name for e in expected)
    with pytest.raises(InputError):
        render_map(events, tmp_path / "bad.html", since=dt.date(2024, 1, 2), until=dt.date(2024, 1, 1))
    assert not (tmp_path / "bad.html").exists()


def test_online_page_links_pinned_cdn_assets_and_leaves_folium_defaults_alone(tmp_path):
    before_js, before_css = list(folium.Map.default_js), list(folium.Map.default_css)
    html = render_map(seed_events(), tmp_path / "online.html", title="A <b>title</b>").read_text()
    assert folium.Map.default_js == before_js and folium.Map.default_css == before_css
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in html
    assert "supercluster@8.0.1/dist/supercluster.min.js" in html
    assert "code.jquery.com" not in html and "bootstrap" not in html  # nothing we do not use
    assert "<title>A &lt;b&gt;title&lt;/b&gt;</title>" in html
    assert 'class="geomap-title">A &lt;b&gt;title&lt;/b&gt;<' in html
    assert html.count('placeholder="YYYY-MM-DD"') == 2 and "geomap-date-filter" in html


def test_untrusted_text_stays_inside_the_data_blob(tmp_path):
    payload = "</script><script>alert('x')</script>{{ 7*7 }}{% raw %}"
    event = seed_events()[0].with_changes(title=payload, evidence=payload + " in Kyiv",
                                          url="javascript:alert(1)", event_type=payload)
    html = render_map([event], tmp_path / "x.html", title=payload).read_text()
    assert html.count("<script>alert(") == 0
    # escaped, and never evaluated by a template engine
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;{{ 7*7 }}{% raw %}</title>" in html
    data = _blob(html)
    assert data["types"][0]["name"] == payload
    assert data["strings"][data["articles"][0][0]] == payload


def test_scale_document_stays_compact(tmp_path):
    events = generated_events(5000)
    out = render_map(events, tmp_path / "5k.html")
    data = _blob(out.read_text())
    assert len(data["events"]["d"]) == 5000
    # ~6 events per article share one article row
    assert len(data["articles"]) == pytest.approx(5000 / 6, rel=0.01)
    assert out.stat().st_size < 5000 * 300  # 30 MB per 100k events is 300 B/event


def test_outlines_come_from_the_real_gazetteer(gazetteer):
    danube = seed_events()[9].with_changes(event_id="danube", place_id="geomap:river:danube",
                                            place_name="Danube", kind="river")
    events = [e for e in seed_events() if e.kind == "admin1"] + [danube]
    data = map_data(events, gazetteer=gazetteer)
    strings = data["strings"]
    shapes = {strings[s["n"]]: s["g"] for s in data["shapes"]}
    # exactly the places the gazetteer has a true geometry for: a bbox is not an outline
    from geomap.maps.outlines import is_box

    expected = {e.place_name for e in events
                if gazetteer.geometry(e.place_id) and not is_box(gazetteer.geometry(e.place_id))}
    assert set(shapes) == expected
    for e in events:
        if e.place_name not in shapes:
            continue
        geometry = shapes[e.place_name]
        assert geometry["type"] in ("Polygon", "MultiPolygon", "LineString", "MultiLineString")
        flat = json.dumps(geometry["coordinates"])
        numbers = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", flat)]
        lons, lats = numbers[0::2], numbers[1::2]
        assert min(lons) - 1 <= e.lon <= max(lons) + 1 and min(lats) - 1 <= e.lat <= max(lats) + 1, e.place_name
        i = [strings[p] for p in data["events"]["p"]].index(e.place_name)
        assert data["shapes"][data["events"]["sh"][i]]["g"] == geometry


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_survives_json_for_html(text):
    encoded = json_for_html({"t": text})
    assert not any(ch in encoded for ch in "<>&\u2028\u2029")
    assert json.loads(encoded) == {"t": text}


def test_bad_numbers_do_not_break_the_page(tmp_path):
    class NanGazetteer:
        def geometry(self, place_id):
            return {"type": "Polygon", "coordinates": [[[float("nan"), 1.0], [2.0, 2.0], [3.0, 1.0]]]}

    events = [e.with_changes(confidence=float("nan")) for e in seed_events()]
    events.append(seed_events()[0].with_changes(event_id="far", lat=float("inf"), lon=10.0))
    data = _blob(render_map(events, tmp_path / "nan.html", gazetteer=NanGazetteer()).read_text())
    assert data["unmapped"] == 1 and set(data["events"]["c"]) == {0.0}
    assert data["shapes"] == []  # NaN outlines are dropped (and no bbox fallback was given)


def _geomap(*args: str, cwd, env=None):
    import os
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "geomap.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


def test_geomap_map_command(tmp_path):
    events = seed_events()
    (tmp_path / "events.jsonl").write_text(
        "".join(json.dumps(e.to_dict()) + "\n" for e in events), encoding="utf-8")
    done = _geomap("map", "events.jsonl", "-o", "maps/seeds.html", "--since", "2023-09-07",
                   "--title", "Seeds <1>", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "maps" / "seeds.html").read_text(encoding="utf-8")
    data = _blob(html)
    assert len(data["events"]["d"]) == sum(e.event_date >= dt.date(2023, 9, 7) for e in events)
    assert data["title"] == "Seeds <1>" and "<title>Seeds &lt;1&gt;</title>" in html
    # bad input: one line, non-zero exit, nothing written
    done = _geomap("map", "missing.jsonl", "-o", "maps/missing.html", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    done = _geomap("map", "events.jsonl", "-o", "maps/off.html", "--offline", cwd=tmp_path,
                   env={"GEOMAP_NPM_REGISTRY": "http://127.0.0.1:9",
                        "GEOMAP_ASSET_CACHE": str(tmp_path / "no-cache")})
    assert done.returncode == 5 and "download failed" in done.stderr and done.stderr.count("\n") == 1
    assert not (tmp_path / "maps" / "missing.html").exists() and not (tmp_path / "maps" / "off.html").exists()
