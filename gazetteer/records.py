"""Build-time records: what every source reader yields before it lands in the store."""
from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("city", "admin1", "admin2", "country", "continent", "river", "sea", "lake",
         "region", "other")


@dataclass(slots=True)
class PlaceRecord:
    """One place as a source reader sees it (mutable while the build merges sources)."""

    place_id: str
    name: str
    kind: str
    lat: float
    lon: float
    country_code: str | None = None
    admin1_code: str | None = None
    admin1: str | None = None
    population: int = 0
    feature_code: str | None = None
    source: str = ""
    bbox: tuple[float, float, float, float] | None = None
    alt_names: list[str] = field(default_factory=list)
    # (name, lang) pairs where the language is known
    lang_names: list[tuple[str, str]] = field(default_factory=list)
    score: float | None = None
    geometry: dict | None = None
