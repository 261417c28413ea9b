"""One task per input file (shard): workers read shards and write GeoParquet partitions, on the
local pool or on Dask; the partitions hold the serial engine's events."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from geomap.io.dataset import PARTITIONS_DIR
from geomap.jobs import iter_partition_events, process_articles, run_dask_shards, run_shards
from geomap.errors import InputError
from geomap.io.ingest import read_articles
from test_engine import capitalised_sentence_events, dask_scheduler, fail_on_poison, make_articles  # noqa: F401

HAS_DASK = importlib.util.find_spec("distributed") is not None
ENGINES = [pytest.param("dask", marks=pytest.mark.skipif(not HAS_DASK, reason="needs dask[distributed]")), "local"]


def write_shards(directory: Path, n_articles: int, n_shards: int, *, poison: int | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    articles = make_articles(n_articles)
    per = -(-n_articles // n_shards)
    for k in range(n_shards):
        with open(directory / f"shard-{k:02d}.jsonl", "w", encoding="utf-8") as fh:
            for i, a in enumerate(articles[k * per:(k + 1) * per], start=k * per):
                text = "POISON" if i == poison else a.text
                fh.write(json.dumps({"id": a.id, "title": a.title, "text": text,
                                     "published": a.published.isoformat()}) + "\n")
    return directory


@pytest.mark.parametrize("engine", ENGINES)
def test_shards_give_the_serial_events_as_partitioned_geoparquet(tmp_path, engine):
    shards = write_shards(tmp_path / "in", 240, 4)
    serial = list(process_articles(read_articles([shards]), jobs=1, fn=capitalised_sentence_events))
    results = run_shards(shards, tmp_path / "out", engine=engine, jobs=2, fn=capitalised_sentence_events)

    assert [Path(r.shard).name for r in results] == [f"shard-{k:02d}.jsonl" for k in range(4)]
    assert sum(r.articles for r in results) == 240
    assert sum(r.events for r in results) == len(serial)
    assert list(iter_partition_events(tmp_path / "out")) == serial

    # A standard GeoParquet dataset: geopandas reads the directory with its point geometries.
    import geopandas

    frame = geopandas.read_parquet(tmp_path / "out" / PARTITIONS_DIR)
    assert len(frame) == len(serial)
    located = [e for e in serial if e.lat is not None]
    assert frame.geometry.notna().sum() == len(located)
    first = frame[frame.geometry.notna()].iloc[0]
    assert (first.geometry.y, first.geometry.x) == (located[0].lat, located[0].lon)

    geojson = json.loads((tmp_path / "out" / "events.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["event_id"] for f in geojson["features"]] == [e.event_id for e in serial]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_failed_run_leaves_the_previous_partitions_whole(tmp_path, engine):
    out = tmp_path / "out"
    run_shards(write_shards(tmp_path / "good", 60, 3), out, engine=engine, jobs=2, fn=capitalised_sentence_events,
               geojson=False)
    before = {p.name: p.read_bytes() for p in (out / PARTITIONS_DIR).iterdir()}
    assert len(before) == 3

    with pytest.raises(InputError, match="malformed"):
        run_shards(write_shards(tmp_path / "bad", 60, 2, poison=45), out, engine=engine, jobs=2, fn=fail_on_poison,
                   geojson=False)
    assert {p.name: p.read_bytes() for p in (out / PARTITIONS_DIR).iterdir()} == before
    assert sorted(p.name for p in out.iterdir()) == [PARTITIONS_DIR]  # no staging left behind

    # A successful run with fewer shards replaces the whole dataset (no stale partitions).
    run_shards(write_shards(tmp_path / "small", 20, 2), out, engine=engine, jobs=2, fn=capitalised_sentence_events,
               geojson=False)
    assert sorted(p.name for p in (out / PARTITIONS_DIR).iterdir()) == ["part-00000.parquet", "part-00001.parquet"]


def test_shards_on_a_running_dask_cluster(tmp_path, dask_scheduler):
    shards = write_shards(tmp_path / "in", 90, 3)
    serial = list(process_articles(read_articles([shards]), jobs=1, fn=capitalised_sentence_events))
    results = run_dask_shards(shards, tmp_path / "out", scheduler=dask_scheduler, fn=capitalised_sentence_events,
                              geojson=False)
    assert [r.articles for r in results] == [30, 30, 30]
    assert list(iter_partition_events(tmp_path / "out")) == serial
    assert not (tmp_path / "out" / "events.geojson").exists()
