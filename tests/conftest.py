"""Shared pytest fixtures.  Other areas may add fixtures below; keep them session-cheap."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def gazetteer_store() -> Path:
    """Path of a built default gazetteer store.

    Uses the normal default location (``$GEOMAP_GAZETTEER`` or the user cache), so the
    store is built once per machine/CI cache and reused by every later run.  Tests must
    not modify it: copy it to ``tmp_path`` first (``gazetteer add`` works on a copy).
    Its build fetches the shapes' npm tarballs (95 MB) once into the user cache
    (``<cache>/geomap/assets``), which every later build reuses; tests that build stores of
    their own either cut them from this one (``gazetteer_subset.py``, no download) or point
    ``$GEOMAP_NPM_REGISTRY``/``$GEOMAP_ASSET_CACHE`` at a local server and a temp directory.
    """
    from gazetteer import Gazetteer, default_store_path

    path = default_store_path()
    Gazetteer.open(path, build_if_missing=True).close()
    return path


@pytest.fixture(scope="session")
def gazetteer(gazetteer_store):
    """An open read-only ``Gazetteer`` on the shared default store."""
    from gazetteer import Gazetteer

    gz = Gazetteer.open(gazetteer_store, build_if_missing=False)
    yield gz
    gz.close()


#: optional Natural Earth layers (../shared/data, absent on a user's machine)
NATURAL_EARTH = Path(__file__).resolve().parents[2] / "shared" / "data" / "natural-earth"


@pytest.fixture(scope="session")
def natural_earth_gazetteer(gazetteer_store, tmp_path_factory):
    """A copy of the default store with the full Natural Earth layers of ../shared attached,
    shapes only (as a build with $GEOMAP_NATURAL_EARTH_DIR does); skips when they are absent."""
    import shutil
    import sqlite3

    if not NATURAL_EARTH.is_dir():
        pytest.skip("../shared/data/natural-earth is not present")
    from gazetteer import Gazetteer
    from gazetteer.importers import attach_natural_earth
    from gazetteer.representative import store_representative_points

    path = tmp_path_factory.mktemp("shapes") / "store.sqlite"
    shutil.copy(gazetteer_store, path)
    conn = sqlite3.connect(path)
    try:
        attach_natural_earth(conn, NATURAL_EARTH, shapes_only=True)
        store_representative_points(conn)
        conn.commit()
    finally:
        conn.close()
    gz = Gazetteer.open(path, build_if_missing=False)
    yield gz
    gz.close()


def _spans_of(text: str, *names: str) -> list[tuple[int, int]]:
    """(start, end) of each name in ``text``, each found after the one before."""
    out, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        out.append((start, start + len(name)))
        pos = start + len(name)
    return out


@pytest.fixture
def spans_of():
    """``spans_of(text, *names)``: the given spans of names written in order in ``text``."""
    return _spans_of
