"""gazetteer: an offline place index (GeoNames + curated features) in one SQLite file.

Usable on its own, without the rest of geomap.
"""
from .record import Place

__all__ = ["Place"]
