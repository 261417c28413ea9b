"""Reading and writing: articles in (:mod:`.ingest`), events out and back (:mod:`.formats`),
and the GeoPackage event store (:mod:`.store`).  Import the submodule you need; this package
imports nothing heavy."""
