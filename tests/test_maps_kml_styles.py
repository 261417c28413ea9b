"""KML/KMZ styles (issue 16, item 9): one <Style> per event type, in the map's colours."""
from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile

from geomap.io.kml import read_kml, write_kml, write_kmz
from geomap.maps.style import ACLED_TYPE_COLORS, kml_color
from samples import seed_events

NS = {"k": "http://www.opengis.net/kml/2.2"}


def _styles(root):
    return {s.get("id"): s.find("k:IconStyle/k:color", NS).text for s in root.iter("{%s}Style" % NS["k"])}


def test_every_placemark_points_at_its_type_style_in_the_map_colour(tmp_path):
    events = seed_events() + [seed_events()[0].with_changes(event_id="x", event_type="custom thing")]
    write_kml(events, tmp_path / "e.kml")
    root = ET.parse(tmp_path / "e.kml").getroot()
    styles = _styles(root)
    for name, color in ACLED_TYPE_COLORS.items():
        assert kml_color(color) in styles.values(), name
    urls = [p.find("k:styleUrl", NS).text for p in root.iter("{%s}Placemark" % NS["k"])]
    assert len(urls) == len(events) and all(u[1:] in styles for u in urls)
    by_type = dict(zip((e.event_type for e in events), urls))
    assert styles[by_type["Battles"][1:]] == kml_color(ACLED_TYPE_COLORS["Battles"])
    assert by_type["custom thing"] == "#t-other"
    assert [e.event_type for e in read_kml(tmp_path / "e.kml")] == [e.event_type for e in events]


def test_kmz_carries_the_styles(tmp_path):
    write_kmz(seed_events(), tmp_path / "e.kmz")
    with zipfile.ZipFile(tmp_path / "e.kmz") as zf:
        root = ET.fromstring(zf.read("doc.kml"))
    assert len(_styles(root)) == len(ACLED_TYPE_COLORS) + 1


def test_kml_color_is_aabbggrr():
    assert kml_color("#E69F00") == "ff009fe6"
    assert kml_color("#0072B2", 64) == "40b27200"
