"""A cut-down copy of the built gazetteer store (same schema, real rows) for tests that change
a store: copying a few countries is much cheaper than the whole store."""
from __future__ import annotations

import sqlite3
from pathlib import Path


def subset_store(source: Path, path: Path, where: str, *, bloom: bool = False) -> Path:
    """Write at ``path`` the places of ``source`` matching the SQL condition ``where`` (on
    ``places``), with their names and source points; ``bloom``: also its own name filter."""
    from gazetteer.writer import create_indexes, create_schema, finalize

    conn = sqlite3.connect(path)
    create_schema(conn)
    conn.execute("ATTACH DATABASE ? AS src", (str(source),))
    conn.execute("INSERT INTO meta SELECT * FROM src.meta")
    conn.execute(f"INSERT INTO places SELECT * FROM src.places WHERE {where}")
    conn.execute("INSERT INTO names SELECT n.* FROM src.names n "
                 "JOIN main.places p ON p.rowid = n.place_rowid")
    conn.execute("INSERT INTO source_points SELECT s.* FROM src.source_points s "
                 "JOIN main.places p ON p.rowid = s.place_rowid")
    conn.commit()
    conn.execute("DETACH DATABASE src")
    create_indexes(conn)
    if bloom:
        finalize(conn)  # the Bloom filter of this store's own names
    conn.commit()
    conn.close()
    return path
