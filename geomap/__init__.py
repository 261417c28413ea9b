"""geomap: turn news text into dated, geolocated events on layered offline maps.

The Python API mirrors the CLI::

    import geomap
    mentions = geomap.geoparse("Drones hit the Danube river port of Izmail.")
    events = geomap.extract("examples/")          # paths, directories, globs or Article objects
    geomap.render_map(events, "maps/index.html")
    geomap.write_events(events, "events.geojson")

Heavy modules load on first use, so ``import geomap`` is cheap.
"""
from __future__ import annotations

from geomap.errors import ExportError, GazetteerError, GeomapError, GeomapWarning, InputError
from geomap.model import Article, Event, Mention, Place

__version__ = "0.1.0"

__all__ = [
    "Article", "Event", "Mention", "Place",
    "GeomapError", "InputError", "GazetteerError", "ExportError", "GeomapWarning",
    "geoparse", "extract", "run", "read_articles", "read_events", "write_events", "render_map",
]

_LAZY = {
    "geoparse": ("geomap.jobs", "geoparse"),
    "extract": ("geomap.jobs", "extract"),
    "run": ("geomap.jobs", "run"),
    "read_articles": ("geomap.io.ingest", "read_articles"),
    "read_events": ("geomap.io.formats", "read_events"),
    "write_events": ("geomap.io.formats", "write_events"),
    "render_map": ("geomap.maps", "render_map"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'geomap' has no attribute {name!r}")
