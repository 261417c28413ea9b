"""A missing, corrupt or read-only gazetteer store ($GEOMAP_GAZETTEER): one clear line and
exit code 3, never a traceback, and never a clobbered file.

What users get:
- missing store: built on first use (slow test);
- a file that is not a store (garbage bytes, truncated or damaged copy, someone else's
  SQLite database): an error that says so and how to fix it; the file is left as it was,
  since $GEOMAP_GAZETTEER may name a file that is not ours;
- a read-only cache: an existing store is used as it is; a store that would have to be
  built there is a clear error naming the read-only file system.
"""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from test_robustness_support import article, geomap, geojson_props, write_jsonl


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("gz-input")
    return write_jsonl(root / "articles.jsonl", [article("gz-1", "Odesa", "Monday")])


def not_a_store(path: Path) -> str:
    return f"geomap: error: {path} is not a gazetteer store (delete it or point $GEOMAP_GAZETTEER elsewhere)"


def test_garbage_store_is_a_clear_error_and_is_left_alone(articles, tmp_path):
    store = tmp_path / "garbage.sqlite"
    garbage = bytes(range(256)) * 40
    store.write_bytes(garbage)
    result = geomap("run", articles, "--out", tmp_path / "maps", env={"GEOMAP_GAZETTEER": str(store)})
    assert result.code == 3
    assert result.error == not_a_store(store)
    assert store.read_bytes() == garbage
    assert not (tmp_path / "maps").exists()


@pytest.mark.parametrize("damage", ["truncated", "overwritten pages"])
def test_damaged_copy_of_a_real_store(damage, articles, tmp_path, gazetteer_store):
    store = tmp_path / "damaged.sqlite"
    with gazetteer_store.open("rb") as src, store.open("wb") as dst:
        if damage == "truncated":
            dst.write(src.read(30_000_000))
        else:
            shutil.copyfileobj(src, dst)
    if damage == "overwritten pages":
        with store.open("r+b") as fh:
            size = store.stat().st_size
            for offset in range(4096, size, 4096 * 9):
                fh.seek(offset)
                fh.write(b"\xde\xad\xbe\xef" * 128)
    before = store.stat().st_size
    result = geomap("run", articles, "--out", tmp_path / "maps", "-j", "1", env={"GEOMAP_GAZETTEER": str(store)})
    assert result.code == 3, result.err
    assert result.error.startswith("geomap: error: ")
    assert str(store) in result.error or "gazetteer" in result.error
    assert store.stat().st_size == before


def test_someone_elses_sqlite_database_is_never_overwritten(tmp_path):
    store = tmp_path / "precious.sqlite"
    with sqlite3.connect(store) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.close()
    env = {"GEOMAP_GAZETTEER": str(store)}
    result = geomap("gazetteer", "lookup", "Kyiv", env=env)
    assert result.code == 3
    assert result.error == f"Error: {store} is not a gazetteer store (delete it or point $GEOMAP_GAZETTEER elsewhere)"
    result = geomap("gazetteer", "build", env=env)
    assert result.code == 3
    assert result.error == f"Error: refusing to overwrite {store}: it is not a gazetteer store"
    with sqlite3.connect(store) as conn:
        assert conn.execute("SELECT body FROM notes").fetchall() == [("keep me",)]
    conn.close()


def test_store_path_under_a_regular_file(articles, tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file, not a folder")
    store = blocker / "gazetteer.sqlite"
    result = geomap("run", articles, "--out", tmp_path / "maps", env={"GEOMAP_GAZETTEER": str(store)})
    assert result.code == 3
    assert result.error == (f"geomap: error: cannot write the gazetteer store {store}: {blocker} is not a directory "
                            "(set $GEOMAP_GAZETTEER to a writable file path)")
    assert blocker.read_text() == "a file, not a folder"


# --------------------------------------------------------------------------- read-only cache

_READ_ONLY = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'


def read_only(directory: Path) -> list[str]:
    """A command prefix that runs the command with ``directory`` mounted read-only, in a
    private mount namespace (root's permission checks would ignore a chmod)."""
    return ["unshare", "-m", "--propagation", "private", "sh", "-c", _READ_ONLY, "sh", str(directory)]


@pytest.fixture(scope="module")
def can_mount_read_only(tmp_path_factory) -> None:
    probe = tmp_path_factory.mktemp("ro-probe")
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    proc = subprocess.run([*read_only(probe), "sh", "-c", f"! touch {probe}/x 2>/dev/null"], capture_output=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot make a read-only mount here: {proc.stderr.decode(errors='replace').strip()}")


def test_read_only_cache_with_a_store_is_used(can_mount_read_only, articles, tmp_path, gazetteer_store):
    result = geomap("run", articles, "--out", tmp_path / "maps", "-j", "1",
                    prefix=read_only(gazetteer_store.parent), env={"GEOMAP_GAZETTEER": str(gazetteer_store)})
    assert result.code == 0, result.err
    assert [p["place_name"] for p in geojson_props(tmp_path / "maps" / "events.geojson")] == ["Odesa"]


def test_read_only_cache_without_a_store(can_mount_read_only, articles, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    store = cache / "gazetteer.sqlite"
    result = geomap("run", articles, "--out", tmp_path / "maps", prefix=read_only(cache),
                    env={"GEOMAP_GAZETTEER": str(store)})
    assert result.code == 3
    assert result.error == (f"geomap: error: cannot write the gazetteer store {store}: Read-only file system "
                            "(set $GEOMAP_GAZETTEER to a writable file path)")
    assert list(cache.iterdir()) == []


# --------------------------------------------------------------------------- missing store

@pytest.mark.slow
def test_missing_store_is_built_on_first_use(articles, tmp_path):
    store = tmp_path / "new-cache" / "gazetteer.sqlite"
    result = geomap("run", articles, "--out", tmp_path / "maps", "-j", "1", env={"GEOMAP_GAZETTEER": str(store)},
                    timeout=900)
    assert result.code == 0, result.err
    assert store.is_file() and store.stat().st_size > 10_000_000
    assert [p["place_name"] for p in geojson_props(tmp_path / "maps" / "events.geojson")] == ["Odesa"]
    assert not [p for p in store.parent.iterdir() if p.name.endswith(".tmp")]
