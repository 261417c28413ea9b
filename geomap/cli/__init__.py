"""The ``geomap`` command line: a thin layer over the applications in :mod:`geomap.jobs`.

``geomap = "geomap.cli:main"`` and ``python -m geomap.cli`` run :func:`main`; the group is
:data:`cli` (both in :mod:`geomap.cli.main`).
"""
from __future__ import annotations

from geomap.cli.main import CONTEXT_SETTINGS, WARNINGS, cli, main

__all__ = ["cli", "main", "CONTEXT_SETTINGS", "WARNINGS"]
