"""The places each stored article mentions, kept in the event store (table ``geomap_places``).

``geomap run`` draws "all places mentioned" and the region/river/sea outlines from every
article in the store, not only from the articles of the current run, so a re-run (even one
that reads nothing new) redraws the same map.  One row per (article, place) with the number
of mentions; written in the same transaction as the article's events
(``EventStore.add(..., also=places_rows(...))``).
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Callable, Mapping, Sequence

from geomap.errors import InputError
from geomap.model import Place

__all__ = ["PLACES_TABLE", "places_rows", "stored_places"]

PLACES_TABLE = "geomap_places"

_CREATE = f"""CREATE TABLE IF NOT EXISTS "{PLACES_TABLE}" (
  article_id TEXT NOT NULL, place_id TEXT NOT NULL, name TEXT, kind TEXT, lat REAL, lon REAL,
  country_code TEXT, admin1 TEXT, mentions INTEGER NOT NULL,
  PRIMARY KEY (article_id, place_id))"""
_COLUMNS = "article_id, place_id, name, kind, lat, lon, country_code, admin1, mentions"


def places_rows(mentioned: Mapping[str, Sequence[Place]]) -> Callable[[sqlite3.Connection], None]:
    """A writer for ``EventStore.add(also=...)``: ``mentioned`` maps article id -> the places it
    mentions (once per mention)."""
    rows = []
    for article_id, places in mentioned.items():
        counts: dict[str, list] = {}
        for place in places:
            counts.setdefault(place.place_id, [place, 0])[1] += 1
        rows.extend((article_id, p.place_id, p.name, p.kind, p.lat, p.lon, p.country_code, p.admin1, n)
                    for p, n in counts.values())

    def write(conn: sqlite3.Connection) -> None:
        conn.execute(_CREATE)
        conn.executemany(f'INSERT OR REPLACE INTO "{PLACES_TABLE}" ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)', rows)

    return write


def stored_places(store_path: str | os.PathLike[str]) -> list[tuple[Place, int]]:
    """Every place the store's articles mention, with its total number of mentions."""
    path = Path(store_path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise InputError(f"cannot read event store {path}: {exc}") from None
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                            (PLACES_TABLE,)).fetchone():
            return []  # a store written before places were kept
        query = (f'SELECT place_id, max(name), max(kind), max(lat), max(lon), max(country_code), max(admin1), '
                 f'sum(mentions) FROM "{PLACES_TABLE}" GROUP BY place_id ORDER BY place_id')
        return [(Place(pid, name or "", kind or "other", lat, lon, country_code=cc, admin1=admin1), int(n))
                for pid, name, kind, lat, lon, cc, admin1, n in conn.execute(query)]
    except sqlite3.Error as exc:
        raise InputError(f"cannot read event store {path}: {exc}") from None
    finally:
        conn.close()


