"""Reader for GeoNames dump files: the standard 19 tab-separated columns.

Accepts ``.txt`` (cities500.txt, UA.txt), ``.zip`` (UA.zip, allCountries.zip: every
``.txt`` member except readme) and gzip (``.txt.gz``).  Yields ``(line_number,
PlaceRecord)``; a malformed line yields ``(line_number, error message)`` instead so the
caller can warn (and skip) or stop (``--strict``).
"""
from __future__ import annotations

import gzip
import io
import math
import zipfile
from collections.abc import Iterator
from pathlib import Path

from gazetteer.errors import GazetteerError
from gazetteer.records import PlaceRecord

N_COLUMNS = 19

_SEA_CODES = {"SEA", "GULF", "BAY", "BAYS", "STRT", "STRTS", "OCN", "SD", "CHN", "CHNM",
              "CHNN", "COVE", "INLT", "FJD", "LGN", "ESTY", "HBR", "SEAS"}
_LAKE_CODES = {"LK", "LKS", "LKI", "LKN", "LKC", "LKO", "LKSI", "LKSN", "LKSC", "RSV", "RSVI",
               "RSVT", "LKX", "PND", "PNDS", "LGNS"}
_RIVER_CODES = {"STM", "STMS", "STMI", "STMX", "STMA", "STMB", "STMD", "STMM", "STMQ", "CNL",
                "CNLN", "CNLA", "CNLD", "CNLI"}
_REGION_CODES = {"RGN", "RGNE", "RGNH", "RGNL", "AREA", "PEN", "PENX", "DSRT", "MTS", "HLLS",
                 "PLN", "PLAT", "VAL", "VALS", "ISLS", "ISLT", "BSNU", "CST", "DLTA", "UPLD",
                 "FRST", "GRAZ", "ZN", "ZNB", "TERR", "PRSH", "OAS", "MTS", "RGNS"}


def kind_of(feature_class: str, feature_code: str) -> str:
    """Map a GeoNames feature class/code to a gazetteer kind."""
    code = feature_code.upper()
    if feature_class == "P":
        return "city"
    if feature_class == "A":
        if code.startswith("PCL"):
            return "country"
        if code in {"ADM1", "ADM1H"}:
            return "admin1"
        if code in {"ADM2", "ADM2H"}:
            return "admin2"
        return "region" if code in {"ADMD", "ZN", "PRSH"} else "other"
    if code == "CONT":
        return "continent"
    if feature_class == "H":
        if code in _SEA_CODES:
            return "sea"
        if code in _LAKE_CODES:
            return "lake"
        if code in _RIVER_CODES:
            return "river"
        return "other"
    if code in _REGION_CODES:
        return "region"
    return "other"


#: Limits on a dump archive (allCountries.txt is ~1.6 GB, compressed ~4-5x; a GeoNames line is
#: a few KB): past them the file is refused, or the line skipped with a message.
MAX_MEMBER_BYTES = 8 << 30
MAX_RATIO = 40
MAX_LINE_CHARS = 1 << 20


def _checked_member(path: Path, info: zipfile.ZipInfo) -> None:
    if info.file_size > MAX_MEMBER_BYTES:
        raise GazetteerError(f"{path}: {info.filename} inflates to {info.file_size} bytes, over the "
                             f"{MAX_MEMBER_BYTES} byte limit for a GeoNames dump")
    if info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise GazetteerError(f"{path}: {info.filename} is compressed {info.file_size // max(info.compress_size, 1)}:1, "
                             f"over the {MAX_RATIO}:1 limit for a GeoNames dump (a zip bomb?)")


def _open_text_streams(path: Path) -> Iterator[tuple[str, io.TextIOBase]]:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".zip":
        with zipfile.ZipFile(path) as zf:
            members = [n for n in zf.namelist()
                       if n.lower().endswith(".txt") and "readme" not in n.lower()]
            for member in members:
                _checked_member(path, zf.getinfo(member))
                with zf.open(member) as raw:
                    yield f"{path.name}:{member}", io.TextIOWrapper(raw, encoding="utf-8",
                                                                    errors="replace")
    elif suffixes and suffixes[-1] == ".gz":
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
            yield path.name, fh
    else:
        with open(path, encoding="utf-8", errors="replace") as fh:
            yield path.name, fh


def parse_line(line: str) -> PlaceRecord | str:
    """One dump line -> PlaceRecord, or an error message."""
    cols = line.rstrip("\r\n").split("\t")
    if len(cols) != N_COLUMNS:
        return f"expected {N_COLUMNS} tab-separated columns, found {len(cols)}"
    gid, name, ascii_name, alts, lat_s, lon_s, fclass, fcode, cc = cols[:9]
    if not gid.strip().isdigit():
        return f"geonameid {gid!r} is not a number"
    if not name.strip():
        return "empty name"
    try:
        lat, lon = float(lat_s), float(lon_s)
    except ValueError:
        return f"latitude/longitude {lat_s!r}, {lon_s!r} are not numbers"
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90
            and -180 <= lon <= 180):
        return f"coordinates out of range: {lat}, {lon}"
    pop_s = cols[14].strip()
    try:
        population = int(pop_s) if pop_s else 0
    except ValueError:
        return f"population {pop_s!r} is not a number"
    admin1 = cols[10].strip()
    cc = cc.strip() or None
    names = [ascii_name] if ascii_name and ascii_name != name else []
    names += [a for a in alts.split(",") if a and not a.startswith("http")]
    return PlaceRecord(
        place_id=gid.strip(), name=name.strip(), kind=kind_of(fclass.strip(), fcode.strip()),
        lat=lat, lon=lon, country_code=cc,
        admin1_code=f"{cc}.{admin1}" if cc and admin1 else None,
        population=max(population, 0), feature_code=fcode.strip() or None,
        source="geonames-dump", alt_names=names)


def _bounded_lines(fh: io.TextIOBase) -> Iterator[str | None]:
    """The lines of ``fh``, each read in at most MAX_LINE_CHARS characters; None for a longer
    line (its rest is read through in pieces, never held)."""
    while True:
        line = fh.readline(MAX_LINE_CHARS)
        if not line:
            return
        if len(line) >= MAX_LINE_CHARS and not line.endswith("\n"):
            while True:
                more = fh.readline(MAX_LINE_CHARS)
                if not more or more.endswith("\n"):
                    break
            yield None
            continue
        yield line


def read_dump(path: Path) -> Iterator[tuple[str, int, PlaceRecord | str]]:
    """Yield (stream name, line number, record or error message)."""
    for stream_name, fh in _open_text_streams(path):
        for lineno, line in enumerate(_bounded_lines(fh), start=1):
            if line is None:
                yield stream_name, lineno, f"line longer than {MAX_LINE_CHARS} characters: skipped"
                continue
            if not line.strip() or line.startswith("#"):
                continue
            yield stream_name, lineno, parse_line(line)


def looks_like_dump(path: Path) -> bool:
    """Sniff the first non-empty line for 19 tab-separated columns."""
    try:
        for _name, fh in _open_text_streams(path):
            for line in fh:
                if line.strip():
                    return line.count("\t") == N_COLUMNS - 1
            return False
    except (OSError, zipfile.BadZipFile, EOFError):
        return False
    return False
