"""Every click option bundle and parameter type of the ``geomap`` commands (sqlite-utils style).

One definition each, so the commands share their options, help texts and error messages:
:func:`input_options` (run, extract), :func:`engine_options` (run, extract),
:func:`filter_options` (run, map, export), :func:`selection_options` (export), and the
:data:`ISO_DATE` / :data:`BBOX` parameter types over :mod:`geomap.filters`.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

import click

from geomap.engine import ENGINES
from geomap.errors import InputError
from geomap.filters import check_date_range, parse_bbox, parse_date_option

__all__ = ["ISO_DATE", "BBOX", "IsoDateType", "BBoxType", "input_options", "engine_options", "filter_options",
           "selection_options"]


class IsoDateType(click.ParamType):
    """A click parameter type for ISO dates with a one-line error for impossible dates."""

    name = "date"

    def get_metavar(self, param, ctx=None):  # noqa: ARG002 - click API
        return "DATE"

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, dt.date):
            return value
        option = param.opts[0] if param is not None and param.opts else "date"
        try:
            return parse_date_option(value, option=option)
        except InputError as exc:  # click already names the option: drop " for --since"
            self.fail(str(exc).replace(f" for {option}", "", 1), param, ctx)


class BBoxType(click.ParamType):
    """A click parameter type for ``W,S,E,N`` boxes."""

    name = "bbox"

    def get_metavar(self, param, ctx=None):  # noqa: ARG002 - click API
        return "W,S,E,N"

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, tuple):
            return value
        try:
            return parse_bbox(value, option="value")
        except InputError as exc:
            self.fail(str(exc).replace("invalid value ", "", 1), param, ctx)


ISO_DATE = IsoDateType()
BBOX = BBoxType()


def input_options(fn: Callable) -> Callable:
    """Options about reading articles, shared by run and extract."""
    fn = click.option("--strict", is_flag=True,
                      help="Stop at the first malformed input record instead of skipping it.")(fn)
    fn = click.option("--published", type=ISO_DATE,
                      help="Publication date for articles that carry none (YYYY-MM-DD).")(fn)
    return fn


def engine_options(fn: Callable) -> Callable:
    """Click decorator: ``-j/--jobs``, ``--engine``, ``--scheduler``, ``-q/--quiet``, ``--progress``.

    The command receives ``jobs, engine, scheduler, quiet, progress``; turn them into
    :class:`geomap.engine.EngineOptions` with :meth:`~geomap.engine.EngineOptions.from_cli`.
    """
    fn = click.option("--progress/--no-progress", "progress", default=None,
                      help="Show a progress bar on stderr (default: only when stderr is a terminal).")(fn)
    fn = click.option("-q", "--quiet", is_flag=True, help="No progress bar and no warnings on stderr.")(fn)
    fn = click.option("--scheduler", metavar="ADDRESS",
                      help="Dask scheduler address (tcp://host:8786); default: a LocalCluster.")(fn)
    fn = click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
                      help="Run on this machine (process pool) or on Dask distributed.")(fn)
    fn = click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
                      help="Worker processes (default: all cores; 1 = serial).")(fn)
    return fn


def _check_range(ctx, param, value):  # click callback on --until: since <= until
    try:
        check_date_range(ctx.params.get("since"), value)
    except InputError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    return value


def filter_options(fn: Callable) -> Callable:
    """Decorator adding ``--since DATE`` and ``--until DATE`` (inclusive ISO dates).

    Used on ``run``, ``map`` and ``export`` so the three share one definition and one error
    message (``Invalid value for '--since': invalid date '2023-02-30' for --since: day is out
    of range for month``).  The command receives ``since``/``until`` as ``date | None``.
    """
    fn = click.option("--until", type=ISO_DATE, default=None, callback=_check_range,
                      help="Keep events on or before this date (YYYY-MM-DD, inclusive). "
                           "Events without a date are left out when a date bound is given.")(fn)
    fn = click.option("--since", type=ISO_DATE, default=None, is_eager=True,
                      help="Keep events on or after this date (YYYY-MM-DD, inclusive).")(fn)
    return fn


def selection_options(fn: Callable) -> Callable:
    """Decorator adding ``--type``, ``--country`` and ``--bbox`` (``event_type``, ``country``, ``bbox``)."""
    fn = click.option("--bbox", type=BBOX, default=None,
                      help="Keep only events inside this lon/lat box W,S,E,N (degrees; W>E crosses 180°).")(fn)
    fn = click.option("--country", metavar="CC", default=None,
                      help="Keep only events in these ISO country codes (comma-separated, e.g. UA,RO).")(fn)
    fn = click.option("--type", "event_type", metavar="TYPE", default=None,
                      help="Keep only events of these types (comma-separated; ACLED's: Battles, Explosions/Remote "
                           "violence, Violence against civilians, Protests, Riots, Strategic developments). "
                           "A type that is neither known nor in the input is an error.")(fn)
    return fn
