"""``geomap gazetteer ...``: the gazetteer package's own commands, mounted when it is installed."""
from __future__ import annotations

import click

__all__ = ["mount_gazetteer"]


def mount_gazetteer(group: click.Group) -> None:
    """Add ``gazetteer`` (``gazetteer.cli``) to ``group``, if the package's CLI can be imported."""
    try:
        from gazetteer.cli import gazetteer_cli
    except ImportError:
        return
    group.add_command(gazetteer_cli, "gazetteer")
