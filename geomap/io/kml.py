"""KML 2.2 (``.kml``) and zipped KML (``.kmz``, the ``doc.kml`` inside).

One Placemark per event: ``<TimeStamp><when>`` = event date, every schema field as typed
``ExtendedData``, ``<description>`` (HTML in Google Earth) = the HTML-escaped evidence, a
Point unless the event has no coordinates.  Written as a stream; read with ``iterparse``
(constant memory), any KML namespace, ``SimpleData`` or ``Data`` fields.
"""
from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path
from typing import Any, Iterable, Iterator
from xml.sax.saxutils import escape as _xml_escape

from geomap.atomic import atomic_open, atomic_path
from geomap.errors import InputError
from geomap.io.limits import check_zip_member
from geomap.io.records import dumps, event_dict, event_from_record, fmt_coord, has_point
from geomap.model import Event
from geomap.schema import COLUMNS, FLOAT_FIELDS, INT_FIELDS, LIST_FIELDS

__all__ = ["write_kml", "write_kmz", "read_kml", "read_kmz"]

_KML_NS = "http://www.opengis.net/kml/2.2"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: Any) -> str:
    """XML-escaped text; characters XML 1.0 cannot hold become spaces, CR survives as ``&#13;``."""
    return _xml_escape(_XML_INVALID.sub(" ", str(value)), {'"': "&quot;", "\r": "&#13;"})


def _kml_type(name: str) -> str:
    if name in INT_FIELDS:
        return "int"
    if name in FLOAT_FIELDS:
        return "double"
    return "string"


# Google Earth's white dot, tinted per type by IconStyle <color> (QGIS reads the colour too)
_KML_ICON = "https://maps.google.com/mapfiles/kml/shapes/shaded_dot.png"


def _style_id(event_type: str) -> str:
    """The ``<Style>`` id of an event type (ACLED's six, else ``t-other``)."""
    from geomap.maps.style import ACLED_TYPE_COLORS

    if event_type not in ACLED_TYPE_COLORS:
        return "t-other"
    return "t-" + re.sub(r"[^a-z0-9]+", "-", event_type.lower()).strip("-")


def _kml_styles() -> str:
    """One ``<Style>`` per ACLED event type, in the map's colours (and one for other types)."""
    from geomap.maps.style import ACLED_TYPE_COLORS, OTHER_COLOR, kml_color

    out = []
    for name, color in [*ACLED_TYPE_COLORS.items(), ("other", OTHER_COLOR)]:
        sid = _style_id(name) if name != "other" else "t-other"
        out.append(f'<Style id="{sid}"><IconStyle><color>{kml_color(color)}</color><scale>1.1</scale>'
                   f"<Icon><href>{_KML_ICON}</href></Icon></IconStyle>"
                   f"<LabelStyle><scale>0.8</scale></LabelStyle>"
                   f"<LineStyle><color>{kml_color(color)}</color><width>2</width></LineStyle>"
                   f"<PolyStyle><color>{kml_color(color, 64)}</color></PolyStyle></Style>\n")
    return "".join(out)


def _kml_chunks(events: Iterable[Event], counter: list[int]) -> Iterator[str]:
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<kml xmlns="{_KML_NS}">\n<Document id="geomap">\n<name>geomap events</name>\n'
           + _kml_styles() + '<Schema name="event" id="event">\n')
    for name in COLUMNS:
        yield f'  <SimpleField type="{_kml_type(name)}" name="{name}"></SimpleField>\n'
    yield "</Schema>\n"
    for event in events:
        record = event_dict(event)
        label = event.place_name or event.location_text or event.event_id
        parts = [f"<Placemark>\n<name>{_xml_text(label)}</name>\n",
                 f"<description>{_xml_text(html.escape(event.evidence))}</description>\n",
                 f"<styleUrl>#{_style_id(event.event_type)}</styleUrl>\n"]
        if event.event_date is not None:
            parts.append(f"<TimeStamp><when>{event.event_date.isoformat()}</when></TimeStamp>\n")
        parts.append('<ExtendedData><SchemaData schemaUrl="#event">\n')
        for name in COLUMNS:
            value = record.get(name)
            if value is None:
                continue
            if name in LIST_FIELDS:
                value = dumps(value)
            elif isinstance(value, float):
                value = repr(value)
            parts.append(f'  <SimpleData name="{name}">{_xml_text(value)}</SimpleData>\n')
        parts.append("</SchemaData></ExtendedData>\n")
        if has_point(event):
            parts.append(f"<Point><coordinates>{fmt_coord(event.lon)},{fmt_coord(event.lat)}"
                         "</coordinates></Point>\n")
        parts.append("</Placemark>\n")
        counter[0] += 1
        yield "".join(parts)
    yield "</Document>\n</kml>\n"


def write_kml(events: Iterable[Event], path: Path) -> int:
    counter = [0]
    with atomic_open(path, "w") as fh:
        for chunk in _kml_chunks(events, counter):
            fh.write(chunk)
    return counter[0]


def write_kmz(events: Iterable[Event], path: Path) -> int:
    counter = [0]
    with atomic_path(path) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            with zf.open("doc.kml", "w") as raw:
                with io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as fh:
                    for chunk in _kml_chunks(events, counter):
                        fh.write(chunk)
    return counter[0]


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _kml_placemark_record(placemark) -> tuple[dict[str, Any], str | None]:
    """Fields of one Placemark (any KML namespace): ExtendedData, TimeStamp, name, description."""
    record: dict[str, Any] = {}
    extras: dict[str, str] = {}
    coords = None
    for element in placemark.iter():
        tag = _local(element.tag)
        if tag == "SimpleData":
            record[element.get("name", "")] = element.text or ""
        elif tag == "Data":
            value = next((c for c in element if _local(c.tag) == "value"), None)
            record[element.get("name", "")] = (value.text or "") if value is not None else ""
        elif tag == "when" and "when" not in extras:
            extras["when"] = (element.text or "").strip()
        elif tag == "coordinates" and coords is None:
            coords = element.text
    for child in placemark:
        tag = _local(child.tag)
        if tag in ("name", "description"):
            extras[tag] = child.text or ""
    if extras.get("when") and not record.get("event_date"):
        record["event_date"] = extras["when"]
    record.setdefault("evidence", html.unescape(extras.get("description", "")))
    record.setdefault("place_name", extras.get("name", ""))
    return record, coords


def _read_kml_stream(fh, path: Path) -> Iterator[Event]:
    """Stream Placemarks with ``iterparse`` (constant memory for large files)."""
    import xml.etree.ElementTree as ET

    i = 0
    stack: list = []
    try:
        for event, element in ET.iterparse(fh, events=("start", "end")):
            if event == "start":
                stack.append(element)
                continue
            stack.pop()
            if _local(element.tag) != "Placemark":
                continue
            record, coords = _kml_placemark_record(element)
            lonlat = None
            if coords and coords.strip():
                try:
                    lon, lat = (float(v) for v in coords.strip().split()[0].split(",")[:2])
                    lonlat = (lon, lat)
                except ValueError:
                    raise InputError(f"{path}: Placemark {i}: bad coordinates {coords.strip()!r}") from None
            yield event_from_record(record, lonlat=lonlat, where=f"{path}: Placemark {i}")
            i += 1
            if stack:  # free the parsed Placemark
                stack[-1].remove(element)
    except ET.ParseError as exc:
        raise InputError(f"{path}: malformed KML: {exc}") from None


def read_kml(path: Path) -> Iterator[Event]:
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    with fh:
        yield from _read_kml_stream(fh, path)


def read_kmz(path: Path) -> Iterator[Event]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"cannot read KMZ {path}: {exc}") from None
    with zf:
        names = [n for n in zf.namelist() if n.lower().endswith(".kml")]
        if not names:
            raise InputError(f"{path}: KMZ holds no .kml document")
        name = "doc.kml" if "doc.kml" in names else names[0]
        check_zip_member(path, zf.getinfo(name))
        try:
            fh = zf.open(name)
        except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
            raise InputError(f"cannot read KMZ {path}: {exc}") from None
        with fh:
            yield from _read_kml_stream(fh, path)
