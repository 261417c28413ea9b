"""gazetteer: an offline place index (GeoNames + curated features) in one SQLite file.

Usable on its own, without the rest of geomap::

    from gazetteer import Gazetteer
    gz = Gazetteer.open()            # builds the default store on first use
    gz.candidates("Kharkov")[0]      # Place(place_id='706483', name='Kharkiv', ...)
"""
from gazetteer.errors import GazetteerError, GazetteerWarning
from gazetteer.normalize import fold
from gazetteer.paths import SCHEMA_VERSION, default_store_path
from gazetteer.record import Place
from gazetteer.opening import Gazetteer

__all__ = ["Gazetteer", "GazetteerError", "GazetteerWarning", "Place", "SCHEMA_VERSION",
           "default_store_path", "fold"]
