"""Store the representative point of countries and admin-1 regions, once, at write time.

The sources give a country or region a point derived from its member towns (or GeoNames'
own); :func:`gazetteer.points.with_representative_point` reconciles it with the
conventional centre points.  Every writer (the default build and every ``add_file``) ends
with :func:`store_representative_points`, so the ``places`` table holds the corrected point
and readers never correct a place again.

The point the sources gave is kept in ``source_points`` with the point stored from it: a
later import that changes a region's inputs -- GeoNames' coordinates merged over ours, a
Natural Earth polygon widening its bbox, a new region -- is recomputed from the source
point, so the result is what correcting the merged place at run time would give.

A former first-level region (feature code ``ADM1H``: composite_regions.csv, or a GeoNames
dump's historical record) keeps the point it was built with: the conventions name current
regions, and "Auvergne" must not take the point of Auvergne-Rhône-Alpes.

The other exception (ids and coordinates agree): a country or region whose own GeoNames
record was imported (a dump such as UA.zip or allCountries.zip; the writer sets its source
to ``geonames-dump``) keeps GeoNames' point for that id.  The representative point is a
rule for points we derived, never a correction of the id's own record.  Its
``source_points`` row stays, unused, so the rule would apply again only if a rebuild
without that dump dropped the record.
"""
from __future__ import annotations

import sqlite3

from gazetteer.points import with_representative_point
from gazetteer.record import Place

__all__ = ["REPRESENTATIVE_KINDS", "store_representative_points"]

#: The kinds whose stored point is their representative point.
REPRESENTATIVE_KINDS = ("country", "admin1")
#: A place merged with its own GeoNames record (writer.py) keeps that record's point.
OWN_RECORD_SOURCE = "geonames-dump"

_ROWS_SQL = (
    "SELECT p.rowid, p.place_id, p.name, p.kind, p.lat, p.lon, p.country_code, p.west, "
    "p.south, p.east, p.north, s.lat, s.lon, s.stored_lat, s.stored_lon FROM places p "
    "LEFT JOIN source_points s ON s.place_rowid = p.rowid "
    f"WHERE p.kind IN ({', '.join(repr(k) for k in REPRESENTATIVE_KINDS)}) "
    f"AND p.source != '{OWN_RECORD_SOURCE}' AND coalesce(p.feature_code, '') != 'ADM1H'")


def store_representative_points(conn: sqlite3.Connection) -> int:
    """Replace the point of every country and admin-1 region by its representative point,
    computed from its source point (see the module doc).  Returns how many moved."""
    moved = 0
    updates: list[tuple] = []
    sources: list[tuple] = []
    for (rowid, place_id, name, kind, lat, lon, cc, west, south, east, north,
         src_lat, src_lon, stored_lat, stored_lon) in conn.execute(_ROWS_SQL).fetchall():
        if src_lat is not None and (lat, lon) == (stored_lat, stored_lon):
            lat, lon = src_lat, src_lon  # unchanged since we stored it: start from the source
        bbox = (west, south, east, north) if west is not None else None
        place = with_representative_point(Place(
            place_id=place_id, name=name, kind=kind, lat=lat, lon=lon, country_code=cc,
            bbox=bbox))
        sources.append((rowid, lat, lon, place.lat, place.lon))
        updates.append((place.lat, place.lon, rowid))
        if (place.lat, place.lon) != (lat, lon):
            moved += 1
    conn.executemany("UPDATE places SET lat = ?, lon = ? WHERE rowid = ?", updates)
    conn.executemany("INSERT OR REPLACE INTO source_points VALUES (?,?,?,?,?)", sources)
    return moved
