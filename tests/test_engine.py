"""The batch engine: serial, process pool and Dask give the same events, in order, streaming.

The per-article function used here is a small real extractor (one event per sentence that
names a capitalised word after its first word), so the engine is tested independently of the
geoparser; ``test_engine_pipeline.py`` runs the real pipeline.
"""
from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import re
import warnings

import click
import pytest
from click.testing import CliRunner

from geomap.cli.options import engine_options
from geomap.engine import EngineOptions, default_jobs
from geomap.jobs import process_articles
from geomap.errors import GeomapWarning, InputError
from geomap.model import Article, Event
from geomap.progress import progress_bar, progress_enabled

COORDINATES = {"Kyiv": (50.45, 30.52), "Odesa": (46.48, 30.73), "Kharkiv": (49.99, 36.23),
               "Kherson": (46.64, 32.61), "Zaporizhzhia": (47.84, 35.14), "Dnipro": (48.47, 35.04),
               "Lviv": (49.84, 24.03), "Mykolaiv": (46.97, 31.99)}
PLACES = list(COORDINATES)
_SENTENCE = re.compile(r"[^.!?]+[.!?]")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")


def capitalised_sentence_events(article: Article, gazetteer) -> list[Event]:
    """One event per sentence with a capitalised word that is not the sentence's first word."""
    events = []
    for n, match in enumerate(_SENTENCE.finditer(article.text)):
        sentence = match.group().strip()
        names = [m for m in _CAPITALISED.finditer(sentence) if m.start() > 0]
        if names:
            first = names[0]
            lat, lon = COORDINATES.get(first.group(), (None, None))
            events.append(Event(event_id=f"{article.id}:{n}", article_id=article.id, evidence=sentence,
                                location_text=first.group(), location_start=match.start() + first.start(),
                                location_end=match.start() + first.end(), lat=lat, lon=lon,
                                published=article.published, event_date=article.published))
    return events


def warn_on_empty(article: Article, gazetteer) -> list[Event]:
    if not article.text.strip():
        warnings.warn(f"article {article.id} has no text", GeomapWarning)
    return capitalised_sentence_events(article, gazetteer)


def fail_on_poison(article: Article, gazetteer) -> list[Event]:
    if "POISON" in article.text:
        raise InputError(f"article {article.id} is malformed")
    return capitalised_sentence_events(article, gazetteer)


def make_article(i: int) -> Article:
    a, b = PLACES[i % len(PLACES)], PLACES[(i * 3 + 1) % len(PLACES)]
    # A varying number of sentences so chunks carry different amounts of work.
    text = " ".join([f"shelling hit {a} on day {i}.", "nothing else happened."] + [f"troops left {b}."] * (i % 4))
    return Article(id=f"a{i:05d}", text=text, title=f"Report {i}", published=dt.date(2024, 1, 1 + i % 28))


def make_articles(n: int) -> list[Article]:
    return [make_article(i) for i in range(n)]


@pytest.fixture(scope="module")
def serial_events() -> list[Event]:
    return list(process_articles(make_articles(300), jobs=1, fn=capitalised_sentence_events))


def test_serial_engine_runs_the_function_on_every_article(serial_events):
    expected = [e for a in make_articles(300) for e in capitalised_sentence_events(a, None)]
    assert serial_events == expected
    assert len({e.article_id for e in serial_events}) == 300


@pytest.mark.parametrize("chunk_size", [1, 7, 64])
def test_process_pool_gives_the_serial_events_in_order(serial_events, chunk_size):
    events = list(process_articles(make_articles(300), jobs=2, fn=capitalised_sentence_events,
                                   chunk_size=chunk_size))
    assert events == serial_events


@pytest.fixture(scope="module")
def dask_scheduler():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


def test_dask_on_a_running_cluster_gives_the_serial_events(serial_events, dask_scheduler):
    events = list(process_articles(iter(make_articles(300)), scheduler=dask_scheduler,
                                   fn=capitalised_sentence_events, chunk_size=16))
    assert events == serial_events


def test_dask_local_cluster_by_default(serial_events):
    pytest.importorskip("distributed")
    events = list(process_articles(make_articles(300), engine="dask", jobs=2, fn=capitalised_sentence_events,
                                   chunk_size=32))
    assert events == serial_events


class _EndlessArticles:
    """An endless article stream that counts how many articles were pulled from it."""

    def __init__(self) -> None:
        self.pulled = 0

    def __iter__(self):
        for i in itertools.count():
            self.pulled += 1
            yield make_article(i)


@pytest.mark.parametrize("jobs", [1, 2])
def test_input_is_streamed_not_materialised(jobs):
    source = _EndlessArticles()
    stream = process_articles(source, jobs=jobs, fn=capitalised_sentence_events, chunk_size=8)
    first = list(itertools.islice(stream, 40))
    stream.close()
    assert [e.article_id for e in first][:1] == ["a00000"]
    # Only a bounded window of the (endless) input was read: a few chunks per worker.
    assert source.pulled <= 8 * (3 * jobs + 2)


def test_dask_streams_too(dask_scheduler):
    source = _EndlessArticles()
    stream = process_articles(source, scheduler=dask_scheduler, fn=capitalised_sentence_events, chunk_size=8)
    first = list(itertools.islice(stream, 40))
    stream.close()
    assert first == [e for a in make_articles(40) for e in capitalised_sentence_events(a, None)][:40]
    assert source.pulled <= 8 * (3 * 2 + 2)


def worker_pid(article: Article, gazetteer) -> list[Event]:
    return [Event(event_id=article.id, article_id=article.id, evidence=str(os.getpid()))]


def test_a_short_input_runs_in_process_without_starting_workers():
    events = list(process_articles(make_articles(10), jobs=2, fn=worker_pid, chunk_size=64))
    assert {e.evidence for e in events} == {str(os.getpid())}
    events = list(process_articles(make_articles(200), jobs=2, fn=worker_pid, chunk_size=64))
    assert str(os.getpid()) not in {e.evidence for e in events}
    assert [e.article_id for e in events] == [a.id for a in make_articles(200)]


def test_worker_warnings_reach_the_caller_in_order():
    articles = make_articles(40)
    articles[5] = Article(id="empty-1", text="  ")
    articles[33] = Article(id="empty-2", text="")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        events = list(process_articles(articles, jobs=2, fn=warn_on_empty, chunk_size=4))
    messages = [str(w.message) for w in caught if issubclass(w.category, GeomapWarning)]
    assert messages == ["article empty-1 has no text", "article empty-2 has no text"]
    assert {e.article_id for e in events} == {a.id for a in articles} - {"empty-1", "empty-2"}


def test_worker_errors_propagate_with_their_message():
    articles = make_articles(30)
    articles[17] = Article(id="bad", text="POISON")
    with pytest.raises(InputError, match="article bad is malformed"):
        list(process_articles(articles, jobs=2, fn=fail_on_poison, chunk_size=4))


@pytest.mark.parametrize("kwargs, message", [
    ({"engine": "spark"}, "unknown engine"),
    ({"jobs": 0}, "jobs must be a positive integer"),
    ({"chunk_size": 0}, "chunk_size must be"),
])
def test_bad_options_fail_before_any_work(kwargs, message):
    def never():
        raise AssertionError("input was read")
        yield  # pragma: no cover

    with pytest.raises(InputError, match=message):
        process_articles(never(), fn=capitalised_sentence_events, **kwargs)


def test_progress_bar_shows_rate_and_eta(capsys):
    events = list(process_articles(make_articles(50), jobs=1, fn=capitalised_sentence_events,
                                   progress=True, total=50))
    assert events
    err = capsys.readouterr().err
    assert "50/50" in err and "articles/s" in err
    assert "<00:00" in err  # tqdm's ETA field


def test_progress_is_quiet_off_a_terminal_or_when_asked():
    assert progress_enabled(None, stream=io.StringIO()) is False
    assert progress_enabled(True, stream=io.StringIO()) is True
    assert progress_enabled(True, quiet=True) is False

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    assert progress_enabled(None, stream=Terminal()) is True
    silent = io.StringIO()
    with progress_bar(total=10, stream=silent) as bar:
        bar.update(10)
    assert silent.getvalue() == ""


def test_engine_options_bundle_for_the_cli():
    seen = {}

    @click.command()
    @engine_options
    def cmd(jobs, engine, scheduler, quiet, progress):
        seen["options"] = EngineOptions.from_cli(jobs=jobs, engine=engine, scheduler=scheduler,
                                                 quiet=quiet, progress=progress)

    runner = CliRunner()
    assert runner.invoke(cmd, ["-j", "3", "--engine", "dask", "--progress"]).exit_code == 0
    assert seen["options"] == EngineOptions(jobs=3, engine="dask", progress=True)
    assert runner.invoke(cmd, ["-q", "--progress"]).exit_code == 0
    assert seen["options"].progress is False and seen["options"].jobs is None
    result = runner.invoke(cmd, ["--engine", "spark"])
    assert result.exit_code != 0 and "spark" in result.output
    assert set(EngineOptions(jobs=2).kwargs()) == {"jobs", "engine", "scheduler", "progress", "chunk_size"}


def test_default_jobs_is_the_usable_cores():
    assert default_jobs() == len(os.sched_getaffinity(0))


def test_count_records_gives_the_bar_a_total(tmp_path):
    from geomap.progress import count_records

    (tmp_path / "a.jsonl").write_text('{"id": 1, "text": "x"}\n\n{"id": 2, "text": "y"}\n', encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": 3, "text": "z"}', encoding="utf-8")  # no final newline
    assert count_records([tmp_path]) == 3
    assert count_records([tmp_path / "a.jsonl"]) == 2
    (tmp_path / "c.txt").write_text("Title: t\n\nbody", encoding="utf-8")
    assert count_records([tmp_path]) is None  # a .txt may hold several articles: no guess
    assert count_records([tmp_path / "a.jsonl"], limit_bytes=10) is None


def test_local_cluster_scheduler_keeps_a_short_task_log():
    """The scheduler's low-level log holds task payloads: a short one keeps long streams flat."""
    pytest.importorskip("distributed")
    from geomap.engine.dask import DASK_LOG_LENGTH, DaskSession

    with DaskSession(jobs=1, scheduler=None) as session:
        assert session.cluster.scheduler.transition_log.maxlen == DASK_LOG_LENGTH <= 100
