"""The place record the gazetteer returns (and the geoparser attaches to mentions)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry.

    ``place_id`` is the GeoNames id (as a string) where one is known, else an id of the
    source it came from such as ``"geomap:river:danube"``.  ``admin1`` is the admin-1
    name ("Kharkiv Oblast"), ``admin1_code`` the GeoNames code ("UA.07").  ``bbox`` is
    ``(west, south, east, north)`` in degrees when known.
    """

    place_id: str
    name: str
    kind: str
    lat: float
    lon: float
    country_code: str | None = None
    admin1: str | None = None
    admin1_code: str | None = None
    population: int = 0
    feature_code: str | None = None
    source: str = ""
    bbox: tuple[float, float, float, float] | None = None
