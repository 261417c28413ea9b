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

from geomap.engine import process_articles, worker_gazetteer_opens
from geomap.ingest import read_articles
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
    from geomap.pipeline import extract

    runner = CliRunner()
    serial, dask = tmp_path / "serial.jsonl", tmp_path / "dask.jsonl"
    result = runner.invoke(cli, ["extract", str(big_jsonl), "-o", str(serial), "-j", "1", "-q"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["extract", str(big_jsonl), "-o", str(dask), "--engine", "dask", "-j", "2", "-q"])
    assert result.exit_code == 0, result.output

    assert dask.read_bytes() == serial.read_bytes()
    written = [json.loads(line) for line in serial.read_text(encoding="utf-8").splitlines()]
    assert [e.to_dict() for e in extract(big_jsonl)] == written  # the library's extract agrees
    located = [e for e in written if e["lat"] is not None]
    assert len({e["article_id"] for e in located}) >= 150  # real work was done on most articles


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
