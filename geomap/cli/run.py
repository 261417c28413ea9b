"""``geomap run``: the main job (:func:`geomap.jobs.run`)."""
from __future__ import annotations

from pathlib import Path

import click

from geomap.cli.console import WARNINGS
from geomap.cli.options import engine_options, filter_options, input_options

__all__ = ["run_cmd"]


@click.command("run")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("maps"),
              show_default=True, help="Output directory for index.html, events.geojson and the event store events-store.gpkg.")
@click.option("--title", default="geomap events", show_default=True, help="Map title.")
@click.option("--offline/--online", default=False, show_default=True,
              help="Inline every JS/CSS asset into index.html (works without internet) or load them from CDNs.")
@filter_options
@input_options
@engine_options
def run_cmd(inputs, out_dir, title, offline, since, until, published, strict, jobs, engine, scheduler, quiet,
            progress):
    """Main job: read articles, extract events, update the store, write a map and GeoJSON.

    INPUT may be files (.jsonl .json .txt .csv .rss/.xml .html), directories or globs.
    Writes OUT/index.html, OUT/events.geojson and appends to the event store
    OUT/events-store.gpkg (a GeoPackage); re-running on the same articles adds nothing twice,
    and articles already in the store are skipped.
    """
    from geomap.atomic import check_writable
    from geomap.jobs import run

    for name in ("index.html", "events.geojson"):  # fail now, not after the work
        check_writable(out_dir / name)
    WARNINGS.quiet = quiet
    summary = run(list(inputs), out_dir=out_dir, title=title, offline=offline, since=since, until=until,
                  published=published, strict=strict, jobs=jobs, engine=engine, scheduler=scheduler,
                  progress=False if quiet else progress)
    click.echo(summary.to_text(warnings=WARNINGS.count))
