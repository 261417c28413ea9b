"""``geomap map``: draw an events file, store or dataset as a layered map."""
from __future__ import annotations

from pathlib import Path

import click

from geomap.cli.options import filter_options

__all__ = ["map_cmd"]


@click.command("map")
@click.argument("events_path", metavar="EVENTS", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("maps/index.html"),
              show_default=True, help="HTML file to write (replaced atomically), or - for standard output.")
@click.option("--title", default="geomap events", show_default=True, help="Map title.")
@click.option("--offline", is_flag=True,
              help="Inline every JS/CSS asset (fetched once from the npm registry and cached) so the file works offline.")
@filter_options
def map_cmd(events_path, output, title, offline, since, until):
    """Draw EVENTS (.jsonl/.geojson from `geomap extract`, an event store, or a partitioned GeoParquet directory) as a layered map."""
    from geomap.atomic import is_stdout
    from geomap.io.formats import read_events
    from geomap.io.outputs import check_output
    from geomap.maps import render_map

    check_output(output, inputs=[events_path], what="map")
    events = read_events(events_path)
    path = render_map(events, output, title=title, since=since, until=until, offline=offline,
                      gazetteer=_gazetteer_or_none())
    click.echo(f"map -> {path}", err=is_stdout(output))


def _gazetteer_or_none():
    """The default gazetteer if it is built (never builds it just to draw a map)."""
    try:
        from gazetteer import Gazetteer

        return Gazetteer.open(build_if_missing=False)
    except Exception:  # noqa: BLE001 - outlines are optional decoration
        return None
