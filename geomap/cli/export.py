"""``geomap export``: convert events to a GIS format, optionally filtered."""
from __future__ import annotations

from pathlib import Path

import click

from geomap.cli.options import filter_options, selection_options

__all__ = ["export_cmd"]


@click.command("export")
@click.argument("events_path", metavar="EVENTS", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Output file; format from the suffix: .geojson .geojsonl .geojsons .gpkg .csv .parquet "
                   ".kml .kmz .jsonl; or - for standard output (JSON Lines unless --format says otherwise).")
@click.option("-f", "--format", "fmt", metavar="FORMAT", default=None,
              help="Output format when the suffix does not say it (geojson, gpkg, csv, parquet, kml, ...).")
@filter_options
@selection_options
def export_cmd(events_path, output, fmt, since, until, event_type, country, bbox):
    """Convert EVENTS (an events file, an event store, or a partitioned GeoParquet directory) to a GIS format, optionally filtered.

    Dates are inclusive; with --since/--until, events without a date are left out; with
    --bbox, events without coordinates are left out.  The output is replaced atomically.
    """
    from geomap.atomic import is_stdout
    from geomap.filters import EventFilter, check_event_types
    from geomap.io.formats import format_for, read_events, write_events
    from geomap.io.outputs import check_output

    format_for(output, fmt=fmt, mode="write")
    check_output(output, inputs=[events_path], what="export")
    selection = EventFilter.from_options(since=since, until=until, event_type=event_type,
                                         country=country, bbox=bbox)
    events = check_event_types(read_events(events_path), selection.event_types)
    n = write_events(selection.apply(events), output, fmt=fmt)
    click.echo(f"{n} events -> {output}", err=is_stdout(output))
