"""Where the store lives and which schema version it must have."""
from __future__ import annotations

import os
from pathlib import Path

# SCHEMA_VERSION: the table layout (part of the file name). DATA_VERSION: the content of the
# default build (sources, curated tables, priors).  A store whose versions differ from these
# is rebuilt on open (user imports recorded in the store are re-applied if their files exist).
# Schema 2: countries and admin-1 regions store their representative point (table
# source_points keeps the point their sources gave), see representative.py.
SCHEMA_VERSION = 2
DATA_VERSION = 14
#: The first schema whose stores hold representative points.
REPRESENTATIVE_POINTS_SINCE = 2
ENV_VAR = "GEOMAP_GAZETTEER"


def default_store_path() -> Path:
    """``$GEOMAP_GAZETTEER`` if set, else ``<user cache>/geomap/gazetteer-v{N}.sqlite``.

    The user cache honours ``XDG_CACHE_HOME`` (platformdirs on Linux), e.g.
    ``~/.cache/geomap/gazetteer-v2.sqlite``.
    """
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return user_cache_base() / f"gazetteer-v{SCHEMA_VERSION}.sqlite"


def user_cache_base() -> Path:
    """``<user cache>/geomap``: honours ``XDG_CACHE_HOME`` (platformdirs on Linux), e.g.
    ``~/.cache/geomap``; the store, GeoNames dumps and npm tarballs live under it."""
    try:
        from platformdirs import user_cache_dir
        return Path(user_cache_dir("geomap", appauthor=False))
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "geomap"
