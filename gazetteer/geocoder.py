"""A geopy geocoder backed by the local store: the geopy contract, offline.

    >>> from gazetteer.geocoder import LocalGazetteer
    >>> LocalGazetteer().geocode("Kharkov").raw["place_id"]
    '706483'
    >>> import geopandas
    >>> geopandas.tools.geocode(["Kyiv", "Odesa, Ukraine"], provider=LocalGazetteer)

``geocode("Odessa, US")`` uses the parts after the first comma as context: a country (name or
ISO code) filters the candidates, an admin-1 name prefers places inside it.
"""
from __future__ import annotations

from dataclasses import asdict

from geopy.exc import GeocoderQueryError
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from gazetteer.normalize import fold
from gazetteer.record import Place
from gazetteer.opening import Gazetteer

__all__ = ["LocalGazetteer"]


class LocalGazetteer(Geocoder):
    """geopy ``Geocoder`` over a gazetteer store; never touches the network."""

    def __init__(self, path=None, *, gazetteer: Gazetteer | None = None, timeout=DEFAULT_SENTINEL,
                 user_agent: str | None = None, **kwargs):
        super().__init__(timeout=timeout, user_agent=user_agent or "geomap-gazetteer",
                         **kwargs)
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.open(path)

    # ------------------------------------------------------------------ forward
    def geocode(self, query, *, exactly_one: bool = True, timeout=DEFAULT_SENTINEL,
                limit: int | None = None, country: str | None = None, kind: str | None = None):
        """Location (or list of Locations with ``exactly_one=False``) for a place name.

        Returns None when nothing matches.  ``raw`` holds the gazetteer record.
        """
        if isinstance(query, dict):
            query = ", ".join(str(v) for v in query.values() if v)
        if not isinstance(query, str) or not query.strip():
            raise GeocoderQueryError("query must be a non-empty string")
        n = 1 if exactly_one else (limit or 10)
        places = self.gazetteer.candidates(query, country=country, kind=kind, limit=n)
        if not places and "," in query:
            places = self._with_context(query, country=country, kind=kind, limit=n)
        if not places:
            return None
        locations = [self._location(p) for p in places]
        return locations[0] if exactly_one else locations

    def _with_context(self, query: str, *, country, kind, limit: int) -> list[Place]:
        name, *context = [part.strip() for part in query.split(",")]
        cc = country
        admin_keys: set[str] = set()
        for part in context:
            if not part:
                continue
            if len(part) == 2 and part.isalpha() and cc is None:
                cc = part.upper()
                continue
            countries = self.gazetteer.candidates(part, kind="country", limit=1)
            if countries and cc is None:
                cc = countries[0].country_code
                continue
            admin_keys.add(fold(part))
        places = self.gazetteer.candidates(name, country=cc, kind=kind, limit=200)
        if admin_keys:
            inside = [p for p in places if p.admin1 and fold(p.admin1) in admin_keys
                      or p.admin1 and fold(p.admin1).split()[0] in admin_keys]
            places = inside or places
        return places[:limit]

    # ------------------------------------------------------------------ reverse
    def reverse(self, query, *, exactly_one: bool = True, timeout=DEFAULT_SENTINEL):
        """The nearest populated place to ``query`` ("lat, lon", (lat, lon) or Point)."""
        try:
            point = query if isinstance(query, Point) else Point(query)
        except (ValueError, TypeError) as exc:
            raise GeocoderQueryError(f"not a point: {query!r}") from exc
        place = self.gazetteer.reverse(point.latitude, point.longitude)
        if place is None:
            return None
        location = self._location(place)
        return location if exactly_one else [location]

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _location(place: Place) -> Location:
        parts = [place.name]
        if place.admin1 and place.admin1 != place.name:
            parts.append(place.admin1)
        if place.country_code and place.kind != "country":
            parts.append(place.country_code)
        raw = asdict(place)
        raw["bbox"] = list(place.bbox) if place.bbox else None
        return Location(", ".join(parts), Point(place.lat, place.lon), raw)
