"""Partitioned GeoParquet datasets: where the partitions of ``geomap extract -o DIR/`` live.

Paths only; reading and writing a partition is :mod:`geomap.io.formats`' job.
"""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

__all__ = ["PARTITIONS_DIR", "partition_paths", "partition_name", "new_staging_dir", "swap_in"]

#: Directory name of the partitioned GeoParquet dataset inside an output directory.
PARTITIONS_DIR = "events.parquet"


def partition_paths(directory: Path) -> list[Path]:
    """The ``*.parquet`` files of a partitioned dataset at ``directory`` (or its ``events.parquet``)."""
    for folder in (directory, directory / PARTITIONS_DIR):
        if folder.is_dir():
            parts = sorted(p for p in folder.glob("*.parquet") if p.is_file())
            if parts:
                return parts
    return []


def partition_name(index: int) -> str:
    """File name of the ``index``-th partition (shard order)."""
    return f"part-{index:05d}.parquet"


def new_staging_dir(out: Path) -> Path:
    """A fresh hidden directory in ``out`` to build a dataset in before :func:`swap_in`."""
    staging = out / f".{PARTITIONS_DIR}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    return staging


def swap_in(staging: Path, target: Path) -> None:
    """Replace the directory ``target`` by ``staging`` (a failed run leaves the old one whole)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
