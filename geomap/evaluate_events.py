"""Score event extraction against coded events (event-location P/R/F1, date accuracy).

Gold is JSONL, one record per line, in the format of ACLED-style coded notes::

    {"id": "...", "published": "YYYY-MM-DD", "text": "...", "stratum": "city",   # stratum optional
     "events": [{"date": "YYYY-MM-DD", "locations": [{"lat": 0.0, "lon": 0.0, ...}]}]}

The extractor (:func:`geomap.jobs.article_events`, the real pipeline) runs on each
record's ``text`` with its ``published`` date.  Its output is flattened to rows of
(record, event date, lat, lon), one per event-location.  At a match radius T (km, haversine
on a sphere of radius 6,371 km):

* a gold event-location is *found* when a predicted row of the same record lies within T;
* a predicted row is *correct* when it lies within T of a gold event-location of the same
  record (a row without coordinates never is);
* recall = found / gold, precision = correct / predicted, F1 = 2PR / (P + R);
* date accuracy (on matches) = over the found gold locations, the share whose nearest
  predicted row within T has the gold date.

Also reported: records with no predicted event at all, and every figure per ``stratum``.

    python -m geomap.evaluate_events GOLD.jsonl [--json] [--limit N] [--errors]

``evaluate_events(records)`` returns an :class:`EventsReport` (``to_dict()``, ``to_text()``);
``evaluate_events_file(path)`` reads the JSONL first.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

from gazetteer.geodesy import distance_km

from geomap.errors import InputError
from geomap.model import Article, Event
from geomap.schema import parse_iso_date

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer import Gazetteer

__all__ = ["EventsReport", "Scores", "evaluate_events", "evaluate_events_file", "haversine_km", "read_gold_events",
           "RADII_KM"]

EARTH_RADIUS_KM = 6371.0
#: strict (the right place) and lenient (the right area; the usual geoparsing threshold)
RADII_KM: tuple[float, ...] = (25.0, 161.0)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km on a sphere of radius 6,371 km (the scoring convention)."""
    return distance_km(lat1, lon1, lat2, lon2, radius_km=EARTH_RADIUS_KM)


@dataclass
class Scores:
    """Counts at one radius; the ratios are properties."""

    gold: int = 0
    predicted: int = 0
    found: int = 0
    correct: int = 0
    dated_right: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def date_accuracy(self) -> float:
        return self.dated_right / self.found if self.found else 0.0

    def add(self, other: "Scores") -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.found += other.found
        self.correct += other.correct
        self.dated_right += other.dated_right

    def to_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "predicted": self.predicted, "found": self.found, "correct": self.correct,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "date_accuracy": round(self.date_accuracy, 4)}


@dataclass
class RecordResult:
    """One gold record with what the extractor gave for it."""

    id: str
    stratum: str
    text: str
    gold: list[tuple[dt.date | None, float, float]]
    predicted: list[Event]
    scores: dict[float, Scores]


@dataclass
class EventsReport:
    """Event-extraction scores of one gold set, overall and per stratum."""

    gold_path: str
    radii: tuple[float, ...]
    records: int = 0
    no_event_records: int = 0
    overall: dict[float, Scores] = field(default_factory=dict)
    strata: dict[str, dict[float, Scores]] = field(default_factory=dict)
    strata_records: dict[str, int] = field(default_factory=dict)
    strata_no_event: dict[str, int] = field(default_factory=dict)
    results: list[RecordResult] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def at(scores: dict[float, Scores]) -> dict[str, Any]:
            return {f"{r:g}km": scores[r].to_dict() for r in self.radii}

        return {"gold": self.gold_path, "records": self.records, "no_event_records": self.no_event_records,
                "radii_km": list(self.radii), "overall": at(self.overall),
                "strata": {name: {"records": self.strata_records[name], "no_event_records": self.strata_no_event[name],
                                  **at(scores)} for name, scores in sorted(self.strata.items())}}

    def to_text(self) -> str:
        lines = [f"{self.gold_path or 'gold'}: {self.records} records, "
                 f"{sum(s.gold for s in [self.overall[self.radii[0]]])} gold event-locations, "
                 f"{self.overall[self.radii[0]].predicted} predicted rows; "
                 f"{self.no_event_records} records with no event"]

        def block(label: str, scores: dict[float, Scores]) -> None:
            for r in self.radii:
                s = scores[r]
                lines.append(f"  {label:<10} @{r:>4g} km  P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  "
                             f"date acc {s.date_accuracy:.3f}  (found {s.found}/{s.gold}, "
                             f"correct {s.correct}/{s.predicted})")

        block("all", self.overall)
        for name in sorted(self.strata):
            lines.append(f"  stratum {name}: {self.strata_records[name]} records, "
                         f"{self.strata_no_event[name]} with no event")
            block(name, self.strata[name])
        return "\n".join(lines)


def read_gold_events(path: str | os.PathLike[str], *, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """The records of a gold JSONL file (blank lines skipped); InputError on a malformed line."""
    from geomap.evaluate import read_gold_objects

    for number, record in read_gold_objects(path, limit=limit):
        if not isinstance(record, dict) or "text" not in record:
            raise InputError(f"{path}:{number}: a gold record is an object with 'text'")
        yield record


def _gold_rows(record: Mapping[str, Any]) -> list[tuple[dt.date | None, float, float]]:
    rows = []
    for event in record.get("events") or ():
        date = parse_iso_date(event.get("date"))
        for loc in event.get("locations") or ():
            if loc.get("lat") is not None and loc.get("lon") is not None:
                rows.append((date, float(loc["lat"]), float(loc["lon"])))
    return rows


def _score_record(gold: Sequence[tuple[dt.date | None, float, float]], predicted: Sequence[Event],
                  radius: float) -> Scores:
    s = Scores(gold=len(gold), predicted=len(predicted))
    located = [e for e in predicted if e.lat is not None and e.lon is not None]
    correct: set[int] = set()
    for g_date, g_lat, g_lon in gold:
        best: tuple[float, Event] | None = None
        for k, e in enumerate(located):
            d = haversine_km(g_lat, g_lon, e.lat, e.lon)  # type: ignore[arg-type]
            if d <= radius:
                correct.add(k)
                if best is None or d < best[0]:
                    best = (d, e)
        if best is not None:
            s.found += 1
            if best[1].event_date == g_date:
                s.dated_right += 1
    s.correct = len(correct)
    return s


def evaluate_events(gold_records: Iterable[Mapping[str, Any]], *, gazetteer: "Gazetteer | None" = None,
                    radii: Sequence[float] = RADII_KM, gold_path: str = "", limit: int | None = None,
                    keep_results: bool = False) -> EventsReport:
    """Run the event pipeline on each gold record and score it (see the module docstring).

    ``keep_results`` keeps every record's predicted rows in ``report.results`` (for error
    analysis; off by default).
    """
    from geomap.jobs import article_events, default_gazetteer

    gz = gazetteer or default_gazetteer()
    radii = tuple(float(r) for r in radii)
    report = EventsReport(gold_path=str(gold_path), radii=radii, overall={r: Scores() for r in radii})
    for number, record in enumerate(gold_records):
        if limit is not None and number >= limit:
            break
        rid = str(record.get("id", number))
        stratum = str(record.get("stratum") or "all")
        article = Article(id=rid, text=str(record.get("text") or ""), title=str(record.get("title") or ""),
                          published=parse_iso_date(record.get("published")))
        predicted = article_events(article, gazetteer=gz)
        gold = _gold_rows(record)
        report.records += 1
        report.strata_records[stratum] = report.strata_records.get(stratum, 0) + 1
        report.strata_no_event.setdefault(stratum, 0)
        if not predicted:
            report.no_event_records += 1
            report.strata_no_event[stratum] += 1
        per = report.strata.setdefault(stratum, {r: Scores() for r in radii})
        scores = {}
        for r in radii:
            s = _score_record(gold, predicted, r)
            report.overall[r].add(s)
            per[r].add(s)
            scores[r] = s
        if keep_results:
            report.results.append(RecordResult(rid, stratum, article.text, gold, predicted, scores))
    return report


def evaluate_events_file(path: str | os.PathLike[str], *, gazetteer: "Gazetteer | None" = None,
                         radii: Sequence[float] = RADII_KM, limit: int | None = None,
                         keep_results: bool = False) -> EventsReport:
    """:func:`evaluate_events` on the records of a gold JSONL file."""
    return evaluate_events(read_gold_events(path, limit=limit), gazetteer=gazetteer, radii=radii, gold_path=str(path),
                           keep_results=keep_results)


def _errors_text(report: EventsReport, radius: float) -> str:
    """Every record with a missed gold location or a wrong row at ``radius`` (for tuning)."""
    lines = []
    for res in report.results:
        s = res.scores[radius]
        if s.found == s.gold and s.correct == s.predicted and s.dated_right == s.found:
            continue
        lines.append(f"{res.id} [{res.stratum}] found {s.found}/{s.gold} correct {s.correct}/{s.predicted} "
                     f"dated {s.dated_right}/{s.found}")
        lines.append("    text " + " ".join(res.text.split()))
        for date, lat, lon in res.gold:
            lines.append(f"    gold {date} ({lat:.3f}, {lon:.3f})")
        for e in res.predicted:
            lines.append(f"    pred {e.event_date} {e.place_name!r} ({e.lat}, {e.lon}) {e.event_type} "
                         f"{e.trigger!r} <- {e.location_text!r} [{e.location_reason}]")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m geomap.evaluate_events", description=__doc__.split("\n")[0])
    parser.add_argument("gold", help="gold JSONL file")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N records")
    parser.add_argument("--errors", action="store_true", help="also list the records with errors at the first radius")
    args = parser.parse_args(argv)
    report = evaluate_events_file(args.gold, limit=args.limit, keep_results=args.errors)
    print(json.dumps(report.to_dict()) if args.json else report.to_text())
    if args.errors:
        print(_errors_text(report, report.radii[0]))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
