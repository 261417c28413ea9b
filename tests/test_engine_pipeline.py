"""The engine with the real pipeline: every back end gives exactly the serial events.

Acceptance (issue 8): ``geomap extract BIG.jsonl -o out.jsonl --engine dask`` on a 2-worker
LocalCluster writes exactly what the serial engine writes.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.jobs import process_articles, worker_gazetteer_opens
from geomap.io.ingest import read_articles
from geomap.model import Article, Event

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def corpus_records(n: int) -> list[dict]:
    """``n`` article records made from the example articles: sentences rotated, dates shifted."""
    base = list(read_articles([EXAMPLES], published=dt.date(2024, 1, 31)))
    records = []
    for i in range(n):
        article = base[i % len(base)]
        sentences = re.findall(r"[^.!?]+[.!?]+[\"”]?\s*", article.text) or [article.text]
        k = (i // len(base)) % len(sentences)
        text = "".join(sentences[k:] + sentences[:k]).strip()
        published = article.published.replace(day=1 + i % 28).isoformat()
        records.append({"id": f"{article.id}-{i}", "title": article.title, "text": text, "published": published,
                        "url": article.url, "source": article.source})
    return records


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def gazetteer_probe(article: Article, gazetteer) -> list[Event]:
    """One event per article saying which process handled it and how often it opened a gazetteer."""
    from gazetteer import Gazetteer

    assert isinstance(gazetteer, Gazetteer)
    return [Event(event_id=article.id, article_id=article.id,
                  evidence=f"{os.getpid()}:{worker_gazetteer_opens()}")]


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("corpus") / "big.jsonl", corpus_records(300))


def test_cli_extract_on_dask_writes_exactly_the_serial_events(big_jsonl, tmp_path, gazetteer_store):
    pytest.importorskip("distributed")
    from geomap.cli import cli
    from geomap.jobs import extract

    runner = CliRunner()
    serial, dask = tmp_path / "serial.jsonl", tmp_path / "dask.jsonl"
    result = runner.invoke(cli, ["extract", str(big_jsonl), "-o", str(serial), "-j", "1", "-q"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["extract", str(big_jsonl), "-o", str(dask), "--engine", "dask", "-j", "2", "-q"])
    assert result.exit_code == 0, result.output

    assert dask.read_bytes() == serial.read_bytes()
    written = [json.loads(line) for line in serial.read_text(encoding="utf-8").splitlines()]
    assert [e.to_dict() for e in extract(big_jsonl)] == written  # the library's extract agrees
    assert any(e["lat"] is not None for e in written)
    # real work was done on most articles (counted before deduplication: the corpus retells
    # the same dated events, which dedupe merges across articles)
    located = [e for e in extract(big_jsonl, dedupe=False) if e.lat is not None]
    assert len({e.article_id for e in located}) >= 150


def test_process_pool_gives_the_serial_pipeline_events(big_jsonl, gazetteer_store):
    articles = list(read_articles([big_jsonl]))
    serial = list(process_articles(articles, jobs=1, gazetteer_path=gazetteer_store))
    pooled = list(process_articles(iter(articles), jobs=2, gazetteer_path=gazetteer_store, chunk_size=16))
    assert pooled == serial
    assert sum(e.lat is not None for e in serial) > 300


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_each_worker_opens_the_gazetteer_once(engine, gazetteer_store):
    if engine == "dask":
        pytest.importorskip("distributed")
    articles = [Article(id=f"p{i}", text="Kyiv.") for i in range(200)]
    events = list(process_articles(articles, jobs=2, engine=engine, fn=gazetteer_probe,
                                   gazetteer_path=gazetteer_store, chunk_size=4))
    assert [e.article_id for e in events] == [a.id for a in articles]
    pids = {e.evidence.split(":")[0] for e in events}
    opens = {e.evidence.split(":")[1] for e in events}
    assert str(os.getpid()) not in pids and 1 <= len(pids) <= 2
    assert opens == {"1"}  # 50 chunks, yet every worker opened the store exactly once


@pytest.mark.parametrize("engine, jobs", [("local", "1"), ("local", "2"), ("dask", "2")])
def test_cli_extract_to_a_directory_writes_partitions_per_input_file(engine, jobs, tmp_path, gazetteer_store):
    """``geomap extract SHARDS... -o OUT/``: one GeoParquet partition per input file, written by the
    workers; concatenated they hold the serial engine's events (every report), and
    OUT/events.geojson holds what ``extract -o events.geojson`` writes (deduplicated)."""
    if engine == "dask":
        pytest.importorskip("distributed")
    import geopandas

    from geomap.cli import cli
    from geomap.jobs import iter_partition_events

    records = corpus_records(90)
    shards = tmp_path / "shards"
    shards.mkdir()
    for k in range(3):
        write_jsonl(shards / f"day-{k}.jsonl", records[k * 30:(k + 1) * 30])
    runner = CliRunner()
    raw, single = tmp_path / "raw.jsonl", tmp_path / "single.geojson"
    assert runner.invoke(cli, ["extract", str(shards), "-o", str(raw), "--no-dedupe", "-j", "1", "-q"]).exit_code == 0
    assert runner.invoke(cli, ["extract", str(shards), "-o", str(single), "-j", "1", "-q"]).exit_code == 0

    out = tmp_path / "out"
    result = runner.invoke(cli, ["extract", str(shards), "-o", f"{out}/", "--engine", engine, "-j", jobs])
    assert result.exit_code == 0, result.output
    assert "90 articles" in result.output and "3 partitions" in result.output

    parts = sorted(p.name for p in (out / "events.parquet").iterdir())
    assert parts == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    serial = [json.loads(line) for line in raw.read_text(encoding="utf-8").splitlines()]
    assert [e.to_dict() for e in iter_partition_events(out)] == serial
    frame = geopandas.read_parquet(out / "events.parquet")  # a standard GeoParquet dataset
    assert len(frame) == len(serial) and frame.geometry.notna().sum() == sum(e["lat"] is not None for e in serial)
    assert (out / "events.geojson").read_bytes() == single.read_bytes()
    back = tmp_path / "back.jsonl"  # `geomap export` and `geomap map` read the dataset directory
    assert runner.invoke(cli, ["export", str(out / "events.parquet"), "-o", str(back)]).exit_code == 0
    assert back.read_bytes() == raw.read_bytes()

    # The directory exists now: no trailing slash needed; a re-run replaces the dataset whole.
    result = runner.invoke(cli, ["extract", str(shards / "day-0.jsonl"), "-o", str(out), "-j", "1", "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "events.parquet").iterdir()) == ["part-00000.parquet"]


def test_cli_extract_to_a_directory_refuses_standard_input(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "geomap.cli", "extract", "-", "-o", f"{tmp_path}/out/"],
                            input='{"id": "a", "text": "Kyiv."}\n', capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "geomap: error: partitioned output needs input files, not standard input"]
    assert not (tmp_path / "out").exists()
