"""gazetteer: an offline place index (GeoNames + curated features) in one SQLite file.

Usable on its own, without the rest of geomap::

    from gazetteer import Gazetteer
    gz = Gazetteer.open()            # builds the default store on first use
    gz.candidates("Kharkov")[0]      # Place(place_id='706483', name='Kharkiv', ...)
"""
from .errors import GazetteerError, GazetteerWarning
from .normalize import fold
from .paths import SCHEMA_VERSION, default_store_path
from .record import Place
from .store import Gazetteer

__all__ = ["Gazetteer", "GazetteerError", "GazetteerWarning", "Place", "SCHEMA_VERSION",
           "default_store_path", "fold"]
