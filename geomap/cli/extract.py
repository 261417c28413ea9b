"""``geomap extract``: articles -> events file (:func:`geomap.jobs.extract`) or partitioned
dataset (:func:`geomap.jobs.extract_dataset`)."""
from __future__ import annotations

from pathlib import Path

import click

from geomap.cli.console import WARNINGS
from geomap.cli.options import engine_options, input_options

__all__ = ["extract_cmd"]


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", "output", type=click.Path(path_type=str), required=True,
              help="Events file, format from the suffix: .jsonl .geojson .geojsonl .gpkg .csv .parquet .kml "
                   ".kmz; or a directory (an existing one, or a path ending in /) for a partitioned "
                   "GeoParquet dataset, one partition per input file, plus events.geojson.")
@click.option("--no-dedupe", is_flag=True, help="Keep duplicate reports of one event as separate groups.")
@input_options
@engine_options
def extract_cmd(inputs, output, no_dedupe, published, strict, jobs, engine, scheduler, quiet, progress):
    """Extract dated, located events from articles into an events file or a partitioned dataset.

    With a directory as OUTPUT each input file is one task: the worker that runs it reads the
    file and writes OUTPUT/events.parquet/part-NNNNN.parquet itself (every report, in input
    order), so the corpus never passes through this process; then OUTPUT/events.geojson is
    written from the partitions (deduplicated unless --no-dedupe).  This is the way to run a
    sharded archive on a Dask cluster (--scheduler; shards and OUTPUT on a shared filesystem).
    """
    from geomap.jobs import extract, extract_dataset, is_dataset_output

    WARNINGS.quiet = quiet
    progress = False if quiet else progress
    dedupe = not no_dedupe
    if is_dataset_output(output):
        from geomap.io.dataset import PARTITIONS_DIR

        out_dir = Path(output)
        results = extract_dataset(list(inputs), out_dir, dedupe=dedupe, published=published, strict=strict,
                                  jobs=jobs, engine=engine, scheduler=scheduler, progress=progress)
        n_articles = sum(r.articles for r in results)
        n_events = sum(r.events for r in results)
        geojson = f"{'deduplicated ' if dedupe else ''}events -> {out_dir / 'events.geojson'}"
        click.echo(f"{n_articles} articles, {n_events} events in {len(results)} partitions -> "
                   f"{out_dir / PARTITIONS_DIR}; {geojson}", err=quiet)
        return
    output = Path(output)
    n = extract(list(inputs), output, published=published, strict=strict, dedupe=dedupe, jobs=jobs,
                engine=engine, scheduler=scheduler, progress=progress)
    click.echo(f"{n} events -> {output}", err=quiet)
