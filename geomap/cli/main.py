"""The ``geomap`` command group and its entry point: one-line errors, counted warnings.

Every command turns a :class:`geomap.errors.GeomapError` into one line on stderr and a
non-zero exit code; ``--debug`` shows the traceback instead.  The commands live one group
per module (:mod:`.run`, :mod:`.extract`, :mod:`.map`, :mod:`.export`, :mod:`.geoparse`,
:mod:`.gazetteer`); their options in :mod:`.options`.
"""
from __future__ import annotations

import sys
import warnings

import click

from gazetteer.errors import GazetteerError as GazetteerRootError

from geomap.cli.console import WARNINGS
from geomap.cli.export import export_cmd
from geomap.cli.extract import extract_cmd
from geomap.cli.gazetteer import mount_gazetteer
from geomap.cli.map import map_cmd
from geomap.cli.run import run_cmd
from geomap.errors import GeomapError, GeomapWarning, Interrupted

__all__ = ["cli", "main", "CONTEXT_SETTINGS", "WARNINGS"]

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


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


for _command in (run_cmd, extract_cmd, map_cmd, export_cmd):
    cli.add_command(_command)


def _mount_optional_commands() -> None:
    mount_gazetteer(cli)
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
    except click.Abort as exc:  # click turns Ctrl-C into Abort
        click.echo(f"geomap: interrupted; {_kept(exc.__cause__)}", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (GeomapError, GazetteerRootError) as exc:  # the gazetteer package has its own root
        if debug:
            raise
        click.echo(f"geomap: error: {exc}", err=True)
        sys.exit(getattr(exc, "exit_code", 1))
    except KeyboardInterrupt as exc:
        click.echo(f"geomap: interrupted; {_kept(exc)}", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # a bug: still one line unless --debug
        if debug:
            raise
        click.echo(f"geomap: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
        sys.exit(70)


def _kept(exc: BaseException | None) -> str:
    """What an interrupted command kept: the job's own note, or the default promise."""
    if isinstance(exc, Interrupted):
        return exc.note
    return "earlier outputs are left as they were"
