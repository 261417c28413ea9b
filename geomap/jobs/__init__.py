"""The applications: what the Python API and the ``geomap`` commands run, one function each.

- :func:`process_articles`: the per-article pipeline over a stream of articles, on the engine;
- :func:`extract`: ``geomap extract`` / ``geomap.extract()`` (articles -> deduplicated events);
- :func:`run_shards`: ``geomap extract INPUT... -o DIR/`` (one task per input file);
- :func:`run`: ``geomap run`` / ``geomap.run()`` (the event store, the map and the GeoJSON).

The engine (:mod:`geomap.engine`) only schedules; the stages are :mod:`geomap.io`,
:mod:`geomap.geoparse`, :mod:`geomap.events` and :mod:`geomap.maps`.
"""
from __future__ import annotations

from geomap.jobs.gazetteers import default_gazetteer, worker_gazetteer_opens
from geomap.jobs.articles import (ArticleAnalysis, analyse_article, article_events, geoparse, iter_articles,
                                  process_articles)
from geomap.jobs.extraction import extract
from geomap.jobs.shards import (ShardResult, extract_dataset, is_dataset_output, iter_partition_events,
                                run_dask_shards, run_shards)
from geomap.jobs.runs import GEOJSON_NAME, MAP_NAME, STORE_NAME, RunSummary, run

__all__ = [
    "default_gazetteer", "worker_gazetteer_opens",
    "ArticleAnalysis", "analyse_article", "article_events", "geoparse", "iter_articles", "process_articles",
    "extract", "ShardResult", "extract_dataset", "is_dataset_output", "iter_partition_events",
    "run_dask_shards", "run_shards", "GEOJSON_NAME", "MAP_NAME", "STORE_NAME", "RunSummary", "run",
]
