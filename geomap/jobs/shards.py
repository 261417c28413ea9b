"""One engine task per input file (a shard): the worker reads it and writes its GeoParquet partition.

What ``geomap extract INPUT... -o DIR/`` runs: the corpus never passes through the calling
process.  Partition paths, staging and the swap-in are :mod:`geomap.io.dataset`'s job.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from geomap.engine import Caught, capture_warnings, checked_engine, reemit, run_chunk, run_tasks
from geomap.errors import GeomapError, InputError
from geomap.io.dataset import PARTITIONS_DIR, new_staging_dir, partition_name, swap_in
from geomap.jobs.articles import ArticleFn, ArticleTask
from geomap.model import Event

__all__ = ["ShardResult", "ShardJob", "run_shards", "run_dask_shards", "iter_partition_events",
           "is_dataset_output", "extract_dataset"]


@dataclass(frozen=True, slots=True)
class ShardResult:
    """One input shard and the GeoParquet partition its events went to."""

    shard: str
    partition: str
    articles: int
    events: int


#: What a shard job returns: (articles, events, warnings caught).
ShardOutcome = tuple[int, int, Caught]


@dataclass(frozen=True, slots=True)
class ShardJob:
    """Worker side: read one shard, run the pipeline on it, write its GeoParquet partition."""

    task: ArticleTask
    published: Any = None
    strict: bool = False

    def __call__(self, shard_part: tuple[str, str]) -> ShardOutcome:
        from geomap.io.formats import write_events
        from geomap.io.ingest import read_articles

        shard, partition = shard_part
        counted = [0]

        def counting(articles):
            for article in articles:
                counted[0] += 1
                yield article

        def job() -> tuple[int, Caught]:
            articles = counting(read_articles([shard], published=self.published, strict=self.strict))
            events, more = run_chunk(self.task.work(), articles)
            return write_events(events, partition), more

        (n_events, more), caught = capture_warnings(job)
        return counted[0], n_events, caught + more


def run_shards(inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
               out_dir: str | os.PathLike[str], *, engine: str = "local", jobs: int | None = None,
               scheduler: str | None = None, gazetteer_path: str | os.PathLike[str] | None = None,
               fn: ArticleFn | None = None, published=None, strict: bool = False, geojson: bool = True,
               dedupe: bool = False, progress: bool | None = None) -> list[ShardResult]:
    """Run the pipeline with one task per input file (a shard); workers read and write the files.

    Each shard (any input file; directories and globs are expanded in sorted order) becomes
    ``out_dir/events.parquet/part-NNNNN.parquet``, written by the worker that processed it, so
    the calling process never holds the corpus.  Concatenated in shard order, the partitions
    hold exactly the events the serial engine yields for the same articles (every report, not
    deduplicated).  The dataset is swapped in whole: a failed run leaves the previous one.
    With ``geojson`` the partitions are then streamed, in order, into ``out_dir/events.geojson``
    (deduplicated with ``dedupe``, like ``geomap extract``, in bounded memory).

    ``engine``: ``"local"`` (a process pool of ``jobs`` workers; ``jobs=1`` runs here) or
    ``"dask"`` (a LocalCluster, or the cluster at ``scheduler``).  On a real cluster the shards
    and ``out_dir`` must be on a filesystem the workers share, under the same paths.
    Returns one :class:`ShardResult` per shard, in order.
    """
    from geomap.io.ingest import expand_inputs

    engine = checked_engine(engine, jobs=jobs, scheduler=scheduler)
    task = ArticleTask.of(fn, gazetteer_path)
    paths = list(expand_inputs(inputs))
    if "-" in paths:
        raise InputError("partitioned output needs input files, not standard input")
    shards = [str(Path(p).resolve()) for p in paths]
    if not shards:
        raise InputError("no input shards")
    out = Path(out_dir).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = new_staging_dir(out)
    except OSError as exc:
        raise GeomapError(f"cannot write to {out}: {exc.strerror or exc}") from None
    task = task.for_workers(local=not scheduler)  # a real cluster's workers use their own default store
    shard_parts = [(shard, str(staging / partition_name(i))) for i, shard in enumerate(shards)]
    results: list[ShardResult] = []
    try:
        outcomes = run_tasks(ShardJob(task, published=published, strict=strict), shard_parts, engine=engine,
                             jobs=jobs, scheduler=scheduler, progress=progress, desc="shards", unit="shard")
        for (shard, part), (n_articles, n_events, caught) in zip(shard_parts, outcomes):
            reemit(caught)
            results.append(ShardResult(shard=shard, partition=str(out / PARTITIONS_DIR / Path(part).name),
                                       articles=n_articles, events=n_events))
        swap_in(staging, out / PARTITIONS_DIR)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if geojson:
        from geomap.io.formats import write_events

        events: Iterable[Event] = iter_partition_events(out)
        if dedupe:
            from geomap.events import iter_deduped_events

            events = iter_deduped_events(events)
        write_events(events, out / "events.geojson")
    return results


def run_dask_shards(jsonl_shards: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
                    out_dir: str | os.PathLike[str], **kwargs: Any) -> list[ShardResult]:
    """:func:`run_shards` on Dask (a LocalCluster, or the cluster at ``scheduler=``)."""
    return run_shards(jsonl_shards, out_dir, engine="dask", **kwargs)


def iter_partition_events(out_dir: str | os.PathLike[str]) -> Iterator[Event]:
    """Stream the events of a ``run_shards`` output, partition by partition, in order."""
    from geomap.io.formats import read_events

    parts_dir = Path(out_dir) / PARTITIONS_DIR
    if not parts_dir.is_dir():
        raise InputError(f"{out_dir} holds no {PARTITIONS_DIR} partitions")
    yield from read_events(parts_dir)


def is_dataset_output(output: str | os.PathLike[str]) -> bool:
    """Whether ``geomap extract -o OUTPUT`` means a partitioned dataset: an existing directory,
    or a path ending in a separator."""
    text = os.fspath(output)
    return text.endswith(("/", os.sep)) or Path(text).is_dir()


def extract_dataset(inputs: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str], *,
                    dedupe: bool = True, **kwargs: Any) -> list[ShardResult]:
    """``geomap extract INPUT... -o DIR/``: :func:`run_shards` plus ``DIR/events.geojson``
    (deduplicated unless ``dedupe=False``), checked writable before the work."""
    from geomap.atomic import check_writable

    check_writable(Path(out_dir) / "events.geojson")  # fail now, not after the work
    return run_shards(list(inputs), out_dir, dedupe=dedupe, **kwargs)
