"""What the CLI prints besides a command's own output: warnings, one line each, counted.

:func:`geomap.cli.main` installs :data:`WARNINGS` as the warnings display; ``run`` prints the
count in its summary, ``-q`` keeps the lines off stderr.
"""
from __future__ import annotations

import click

__all__ = ["WarningCounter", "WARNINGS"]


class WarningCounter:
    """Prints each geomap warning as one line on stderr and counts them for the summary."""

    def __init__(self) -> None:
        self.count = 0
        self.quiet = False

    def show(self, message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ARG002
        self.count += 1
        if not self.quiet:
            click.echo(f"warning: {message}", err=True)


WARNINGS = WarningCounter()
