"""The ``geomap`` command line: a thin layer over the Python API.

Every command turns a :class:`geomap.errors.GeomapError` into one line on stderr and a
non-zero exit code; ``--debug`` shows the traceback instead.
"""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import click

from gazetteer.errors import GazetteerError as _GazetteerRootError

from geomap.errors import GeomapError, GeomapWarning
from geomap import filters
from geomap.engine import engine_options
from geomap.filters import filter_options, selection_options

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _WarningCounter:
    """Prints each geomap warning as one line on stderr and counts them for the summary."""

    def __init__(self) -> None:
        self.count = 0
        self.quiet = False

    def show(self, message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ARG002
        self.count += 1
        if not self.quiet:
            click.echo(f"warning: {message}", err=True)


WARNINGS = _WarningCounter()


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="geomap")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors (for bug reports).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """geomap: turn news text into dated, geolocated events on layered offline maps.

    Typical use: `geomap run examples/ --out maps/` then open maps/index.html.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


# --- shared option bundles (sqlite-utils style) -------------------------------------------

def input_options(fn):
    """Options about reading articles, shared by run, extract and geoparse."""
    fn = click.option("--strict", is_flag=True,
                      help="Stop at the first malformed input record instead of skipping it.")(fn)
    fn = click.option("--published", type=filters.ISO_DATE,
                      help="Publication date for articles that carry none (YYYY-MM-DD).")(fn)
    return fn


# --- commands ---------------------------------------------------------------------------------

@cli.command("run")
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
    from geomap.run import run

    check_writable(out_dir / "index.html")  # fail now, not after the work
    WARNINGS.quiet = quiet
    summary = run(list(inputs), out_dir=out_dir, title=title, offline=offline, since=since, until=until,
                  published=published, strict=strict, jobs=jobs, engine=engine, scheduler=scheduler,
                  progress=False if quiet else progress)
    click.echo(summary.to_text(warnings=WARNINGS.count))


@cli.command("extract")
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
    import os

    WARNINGS.quiet = quiet
    progress = False if quiet else progress
    if output.endswith(("/", os.sep)) or Path(output).is_dir():
        _extract_partitioned(inputs, Path(output), dedupe=not no_dedupe, published=published, strict=strict,
                             jobs=jobs, engine=engine, scheduler=scheduler, progress=progress, quiet=quiet)
        return
    from geomap.atomic import check_writable
    from geomap.engine import process_articles
    from geomap.events import iter_deduped_events
    from geomap.io.formats import format_for, write_events
    from geomap.io.ingest import read_articles
    from geomap.progress import count_records, progress_enabled

    output = Path(output)
    format_for(output, mode="write")  # an unknown suffix or an unwritable place fails now, not after the work
    check_writable(output)
    articles = read_articles(list(inputs), published=published, strict=strict)
    total = count_records(list(inputs)) if progress_enabled(progress) else None  # for the bar's ETA
    events = process_articles(articles, jobs=jobs, engine=engine, scheduler=scheduler,
                              progress=progress, total=total)
    if not no_dedupe:  # rows come out at the end (past 200k unique events the merge state goes to disk)
        events = iter_deduped_events(events)
    n = write_events(events, output)
    click.echo(f"{n} events -> {output}", err=quiet)


def _extract_partitioned(inputs, out_dir: Path, *, dedupe: bool, published, strict: bool, jobs, engine,
                         scheduler, progress, quiet: bool) -> None:
    from geomap.atomic import check_writable
    from geomap.engine import PARTITIONS_DIR, run_shards

    check_writable(out_dir / "events.geojson")  # fail now, not after the work
    results = run_shards(list(inputs), out_dir, engine=engine, jobs=jobs, scheduler=scheduler,
                         published=published, strict=strict, dedupe=dedupe, progress=progress)
    n_articles = sum(r.articles for r in results)
    n_events = sum(r.events for r in results)
    geojson = f"{'deduplicated ' if dedupe else ''}events -> {out_dir / 'events.geojson'}"
    click.echo(f"{n_articles} articles, {n_events} events in {len(results)} partitions -> "
               f"{out_dir / PARTITIONS_DIR}; {geojson}", err=quiet)


@cli.command("map")
@click.argument("events_path", metavar="EVENTS", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("maps/index.html"),
              show_default=True, help="HTML file to write.")
@click.option("--title", default="geomap events", show_default=True, help="Map title.")
@click.option("--offline", is_flag=True,
              help="Inline every JS/CSS asset (fetched once from the npm registry and cached) so the file works offline.")
@filter_options
def map_cmd(events_path, output, title, offline, since, until):
    """Draw EVENTS (.jsonl/.geojson from `geomap extract`, an event store, or a partitioned GeoParquet directory) as a layered map."""
    from geomap.io.formats import read_events
    from geomap.maps import render_map

    events = read_events(events_path)
    path = render_map(events, output, title=title, since=since, until=until, offline=offline,
                      gazetteer=_gazetteer_or_none())
    click.echo(f"map -> {path}")


@cli.command("export")
@click.argument("events_path", metavar="EVENTS", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Output file; format from the suffix: .geojson .geojsonl .geojsons .gpkg .csv .parquet "
                   ".kml .kmz .jsonl")
@click.option("-f", "--format", "fmt", metavar="FORMAT", default=None,
              help="Output format when the suffix does not say it (geojson, gpkg, csv, parquet, kml, ...).")
@filter_options
@selection_options
def export_cmd(events_path, output, fmt, since, until, event_type, country, bbox):
    """Convert EVENTS (an events file, an event store, or a partitioned GeoParquet directory) to a GIS format, optionally filtered.

    Dates are inclusive; with --since/--until, events without a date are left out; with
    --bbox, events without coordinates are left out.  The output is replaced atomically.
    """
    from geomap.io.formats import read_events, write_events
    from geomap.filters import EventFilter

    selection = EventFilter.from_options(since=since, until=until, event_type=event_type,
                                         country=country, bbox=bbox)
    n = write_events(selection.apply(read_events(events_path)), output, fmt=fmt)
    click.echo(f"{n} events -> {output}")


def _gazetteer_or_none():
    """The default gazetteer if it is built (never builds it just to draw a map)."""
    try:
        from gazetteer import Gazetteer

        return Gazetteer.open(build_if_missing=False)
    except Exception:  # noqa: BLE001 - outlines are optional decoration
        return None


def _mount_optional_commands() -> None:
    try:
        from gazetteer.cli import gazetteer_cli
    except ImportError:
        pass
    else:
        cli.add_command(gazetteer_cli, "gazetteer")
    try:
        from geomap.cli.geoparse import eval_cmd, geoparse_cmd
    except ImportError:
        pass
    else:
        cli.add_command(geoparse_cmd, "geoparse")
        cli.add_command(eval_cmd, "eval")


_mount_optional_commands()


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point with one-line errors and warning counting."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    warnings.showwarning = WARNINGS.show
    warnings.simplefilter("always", GeomapWarning)
    try:
        cli.main(args=args, prog_name="geomap", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:  # click turns Ctrl-C into Abort
        click.echo("geomap: interrupted; earlier outputs are left as they were", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (GeomapError, _GazetteerRootError) as exc:  # the gazetteer package has its own root
        if debug:
            raise
        click.echo(f"geomap: error: {exc}", err=True)
        sys.exit(getattr(exc, "exit_code", 1))
    except KeyboardInterrupt:
        click.echo("geomap: interrupted; earlier outputs are left as they were", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # a bug: still one line unless --debug
        if debug:
            raise
        click.echo(f"geomap: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
        sys.exit(70)
