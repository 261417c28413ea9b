"""The place record the gazetteer returns (and the geoparser attaches to mentions)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry.

    ``place_id`` is the GeoNames id (as a string) where one is known, else an id of the
    source it came from such as ``"geomap:river:danube"``.  ``admin1`` is the admin-1
    name ("Kharkiv Oblast"), ``admin1_code`` the GeoNames code ("UA.07").  ``bbox`` is
    ``(west, south, east, north)`` in degrees when known.

    ``representative`` (not compared, not shown) is True when ``lat``/``lon`` already are
    the representative point of :func:`gazetteer.points.with_representative_point` -- every
    place read from a store, whose writers store that point -- so applying it again is a
    no-op.
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
    representative: bool = field(default=False, compare=False, repr=False)
