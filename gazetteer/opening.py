"""``Gazetteer``: the public handle, a read-only ``Store`` plus ``Gazetteer.open``, which
builds a missing or stale store first.

Dependencies point one way: ``opening`` -> ``build`` (only when a build is needed) ->
``importers`` -> ``storefile``; ``store`` (reading) imports none of them.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from gazetteer.errors import GazetteerError
from gazetteer.paths import DATA_VERSION, SCHEMA_VERSION, default_store_path
from gazetteer.store import Store
from gazetteer.storefile import peek_version

__all__ = ["Gazetteer"]


class Gazetteer(Store):
    """A read-only handle on one store file.  Cheap to open; safe to share per process.

    Pickles by path (it reopens in the receiving process), so it can be handed to
    multiprocessing or Dask workers.
    """

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, build_if_missing: bool = True,
             progress: bool | None = None) -> Gazetteer:
        """Open the store at ``path`` (default: ``default_store_path()``).

        A missing store, or one with another schema version, is (re)built first when
        ``build_if_missing``; otherwise ``GazetteerError``.  ``progress``: show the build's
        stages and a bar on stderr; by default when stderr is a terminal, so a first run
        is never silent there.
        """
        target = Path(path) if path is not None else default_store_path()
        if target.exists():
            version = peek_version(target)
            if version is None:
                raise GazetteerError(f"{target} is not a gazetteer store (delete it or point "
                                     "$GEOMAP_GAZETTEER elsewhere)")
            if version == (SCHEMA_VERSION, DATA_VERSION):
                return cls(target)
            if not build_if_missing:
                if version is not None and version[0] == SCHEMA_VERSION:
                    return cls(target)  # older default data, same layout: still usable
                raise GazetteerError(
                    f"gazetteer store {target} has schema version "
                    f"{version[0] if version else 'unknown'}, this version needs "
                    f"{SCHEMA_VERSION}: run `geomap gazetteer build --force`")
        elif not build_if_missing:
            raise GazetteerError(f"gazetteer store not found: {target} "
                                 "(run `geomap gazetteer build`)")
        from gazetteer.build import rebuild
        if progress is None:
            progress = sys.stderr.isatty()
        rebuild(target, progress=progress)
        return cls(target)
