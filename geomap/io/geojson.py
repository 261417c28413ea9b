"""JSON formats: JSON lines (``.jsonl``/``.ndjson``), GeoJSON FeatureCollection (``.geojson``),
GeoJSON text sequences (``.geojsonl`` newline-delimited, ``.geojsons`` RFC 8142) and, read only,
a ``.json`` list of events or FeatureCollection.

Writers stream and write atomically; readers raise :class:`~geomap.errors.InputError` at the
bad line or feature.  See :mod:`geomap.io.formats` for the format table.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from geomap.atomic import atomic_open
from geomap.errors import InputError
from geomap.io.limits import bounded_lines, too_long
from geomap.io.records import dumps, event_dict, event_from_record, event_to_feature, feature_to_event, open_text
from geomap.model import Event

__all__ = ["write_jsonl", "read_jsonl", "write_geojson", "read_geojson", "geojson_seq_writer",
           "read_geojson_seq", "read_json"]


def write_jsonl(events: Iterable[Event], path: Path) -> int:
    n = 0
    with atomic_open(path, "w") as fh:
        for event in events:
            fh.write(dumps(event_dict(event)))
            fh.write("\n")
            n += 1
    return n


def write_geojson(events: Iterable[Event], path: Path) -> int:
    n = 0
    with atomic_open(path, "w") as fh:
        fh.write('{"type":"FeatureCollection","features":[')
        for event in events:
            fh.write(",\n" if n else "\n")
            fh.write(dumps(event_to_feature(event)))
            n += 1
        fh.write("\n]}\n")
    return n


def geojson_seq_writer(record_separator: bool) -> Callable[[Iterable[Event], Path], int]:
    prefix = "\x1e" if record_separator else ""

    def write(events: Iterable[Event], path: Path) -> int:
        n = 0
        with atomic_open(path, "w") as fh:
            for event in events:
                fh.write(prefix + dumps(event_to_feature(event)) + "\n")
                n += 1
        return n

    return write


def _json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    with open_text(path) as fh:
        try:
            for lineno, line in bounded_lines(fh):
                if line is None:
                    raise InputError(too_long(f"{path}:{lineno}"))
                line = line.strip().lstrip("\x1e").strip()
                if not line:
                    continue
                try:
                    yield lineno, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{lineno}: invalid JSON: {exc.msg}") from None
                except RecursionError:
                    raise InputError(f"{path}:{lineno}: invalid JSON: nested too deeply") from None
                except ValueError as exc:  # a number too long to convert (sys.get_int_max_str_digits)
                    raise InputError(f"{path}:{lineno}: invalid JSON: {exc}") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from None


def read_jsonl(path: Path) -> Iterator[Event]:
    for lineno, obj in _json_lines(path):
        where = f"{path}:{lineno}"
        if isinstance(obj, Mapping) and obj.get("type") == "Feature":
            yield feature_to_event(obj, where=where)
        elif isinstance(obj, Mapping):
            yield event_from_record(obj, where=where)
        else:
            raise InputError(f"{where}: expected a JSON object per line")


def read_geojson_seq(path: Path) -> Iterator[Event]:
    for lineno, obj in _json_lines(path):
        yield feature_to_event(obj, where=f"{path}:{lineno}")


def _load_json(path: Path) -> Any:
    with open_text(path) as fh:
        try:
            return json.load(fh)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
        except RecursionError:
            raise InputError(f"{path}: invalid JSON: nested too deeply") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from None
        except ValueError as exc:  # a number too long to convert
            raise InputError(f"{path}: invalid JSON: {exc}") from None


def read_geojson(path: Path) -> Iterator[Event]:
    data = _load_json(path)
    yield from _events_from_json_value(data, path)


def _events_from_json_value(data: Any, path: Path) -> Iterator[Event]:
    if isinstance(data, Mapping) and data.get("type") == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise InputError(f"{path}: FeatureCollection has no 'features' list")
        for i, feature in enumerate(features):
            yield feature_to_event(feature, where=f"{path}: feature {i}")
    elif isinstance(data, Mapping) and data.get("type") == "Feature":
        yield feature_to_event(data, where=str(path))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            if isinstance(item, Mapping) and item.get("type") == "Feature":
                yield feature_to_event(item, where=f"{path}: item {i}")
            elif isinstance(item, Mapping):
                yield event_from_record(item, where=f"{path}: item {i}")
            else:
                raise InputError(f"{path}: item {i} is not an event object")
    else:
        raise InputError(f"{path}: expected a GeoJSON FeatureCollection or a list of events")


def read_json(path: Path) -> Iterator[Event]:
    yield from _events_from_json_value(_load_json(path), path)
