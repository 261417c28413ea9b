"""Colours of event types, shared by the HTML map and the KML/KMZ styles.

ACLED's six event types (``geomap.events.EVENT_TYPES``) each keep one fixed colour from the
Okabe-Ito palette (distinguishable with the common colour-vision deficiencies); the map
also draws a pictogram per type (``geomap-icons.js``), so colour is never the only cue.
Other type names (events from other sources) take the remaining colours by frequency.
This module imports nothing from geomap: the KML writer uses it too.
"""
from __future__ import annotations

from typing import Mapping

__all__ = ["ACLED_TYPE_COLORS", "OTHER_COLOR", "SPARE_COLORS", "type_colors", "kml_color"]

#: ACLED event type -> colour (Okabe-Ito).
ACLED_TYPE_COLORS: dict[str, str] = {
    "Battles": "#E69F00",                     # orange
    "Explosions/Remote violence": "#D55E00",  # vermillion
    "Violence against civilians": "#CC79A7",  # reddish purple
    "Protests": "#009E73",                    # bluish green
    "Riots": "#F0E442",                       # yellow (dark pictogram)
    "Strategic developments": "#0072B2",      # blue
}
OTHER_COLOR = "#7F7F7F"
#: Colours for type names outside ACLED's codebook (Okabe-Ito sky blue, then Tol's muted).
SPARE_COLORS = ("#56B4E9", "#332288", "#117733", "#882255", "#44AA99", "#999933", "#AA4499",
                "#88CCEE", "#661100", "#6699CC")


def type_colors(type_counts: Mapping[str, int]) -> dict[str, str]:
    """A distinct colour per event type: ACLED types their fixed one, others by frequency."""
    colors: dict[str, str] = {}
    others = sorted((t for t in type_counts if t not in ACLED_TYPE_COLORS),
                    key=lambda t: (-type_counts[t], t))
    for name in type_counts:
        if name in ACLED_TYPE_COLORS:
            colors[name] = ACLED_TYPE_COLORS[name]
    for i, name in enumerate(others):
        colors[name] = SPARE_COLORS[i] if i < len(SPARE_COLORS) else _hue(i - len(SPARE_COLORS))
    return colors


def _hue(k: int) -> str:
    """The k-th extra colour: golden-angle hues, mid lightness (distinct, if less kind)."""
    import colorsys

    r, g, b = colorsys.hls_to_rgb((0.07 + k * 0.381966) % 1.0, 0.42 + 0.12 * (k % 2), 0.65)
    return f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"


def kml_color(hex_color: str, alpha: int = 255) -> str:
    """``#RRGGBB`` -> KML's ``aabbggrr``."""
    value = hex_color.lstrip("#")
    if len(value) != 6:
        value = OTHER_COLOR.lstrip("#")
    r, g, b = value[0:2], value[2:4], value[4:6]
    return f"{alpha:02x}{b}{g}{r}".lower()
