"""Layered, date-filterable HTML maps of events (Folium + our own JS).

``render_map(events, out_path, ...)`` is the public entry point; see
:mod:`geomap.maps.render` for the layers and :mod:`geomap.maps.assets` for the pinned,
verified JS/CSS that ``offline=True`` inlines.
"""
from __future__ import annotations

from geomap.maps.render import map_data, map_html, render_map

__all__ = ["render_map", "map_data", "map_html"]
