"""Scorer for gold geoparsing files, with the field's metrics (DESIGN.md section 6).

Gold format (JSON Lines): ``{"id", "text", "toponyms": [{"start", "end", "text",
"geonameid", "lat", "lon"}]}``; offsets are 0-based, end-exclusive.

* Resolution on gold spans (``gold_spans=True``): every gold toponym is resolved; distance
  metrics over the toponyms that have gold coordinates: accuracy@161 km, mean and median
  error, AUC of ln(1 + error) / ln(20039) (area under the sorted error curve, Gritta et
  al. 2018; lower is better), exact GeoNames-id match over the toponyms that have one.
  An unresolved toponym counts as 20,039 km (half the Earth's circumference).
* End to end (``gold_spans=False``): span precision/recall/F1 where a predicted span
  matches a gold span it overlaps (one-to-one, greedy in text order); the distance
  metrics are then over the matched pairs.
"""
from __future__ import annotations

import json
import math
import os
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Sequence

from geomap.errors import InputError
from geomap.model import Mention
from geomap.geoparsing.resolve import distance_km

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer import Gazetteer

__all__ = ["EvalReport", "ToponymResult", "evaluate", "evaluate_records", "read_gold", "read_gold_objects",
           "match_spans", "auc_of_errors", "MAX_ERROR_KM", "ACCURACY_KM"]

MAX_ERROR_KM = 20039.0
ACCURACY_KM = 161.0


@dataclass(frozen=True, slots=True)
class ToponymResult:
    """One scored gold toponym (for error analysis)."""

    article_id: str
    start: int
    end: int
    text: str
    error_km: float | None           # None when the gold has no coordinates
    id_match: bool | None            # None when the gold has no GeoNames id
    predicted: Mention | None        # None when no predicted span matched


@dataclass(frozen=True)
class EvalReport:
    """The metrics of one evaluation run (fractions in [0, 1], distances in km)."""

    gold_path: str
    mode: str                        # "gold-spans" or "end-to-end"
    articles: int
    gold_toponyms: int
    scored: int                      # toponyms with gold coordinates (and matched, end to end)
    accuracy_161: float
    mean_km: float
    median_km: float
    auc: float
    exact_id: float | None
    exact_id_scored: int
    unresolved: int
    predicted: int | None = None
    matched: int | None = None
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    seconds: float = 0.0
    articles_per_s: float = 0.0
    details: tuple[ToponymResult, ...] = field(default=(), repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in asdict(self).items() if k != "details"}
        for k, v in out.items():
            if isinstance(v, float):
                out[k] = round(v, 4)
        return out

    def to_text(self) -> str:
        lines = [
            f"{self.gold_path}: {self.mode}, {self.articles} articles, "
            f"{self.gold_toponyms} gold toponyms",
        ]
        if self.mode == "end-to-end":
            lines.append(
                f"  spans (overlap): P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}"
                f"  ({self.matched} matched of {self.predicted} predicted)")
        where = "matched toponyms" if self.mode == "end-to-end" else "toponyms"
        lines.append(f"  resolution over {self.scored} {where} with gold coordinates:")
        lines.append(f"    A@161  {100 * self.accuracy_161:.1f}%")
        lines.append(f"    mean   {self.mean_km:.0f} km   median {self.median_km:.1f} km")
        lines.append(f"    AUC    {self.auc:.3f} (lower is better)")
        if self.exact_id is not None:
            lines.append(f"    exact GeoNames id  {100 * self.exact_id:.1f}% of {self.exact_id_scored}")
        lines.append(f"    unresolved {self.unresolved}")
        lines.append(f"  {self.seconds:.2f} s, {self.articles_per_s:.0f} articles/s")
        return "\n".join(lines)


def auc_of_errors(errors: Sequence[float]) -> float:
    """Area under the sorted ln(1 + error) curve scaled to [0, 1] (Gritta et al. 2018)."""
    if not errors:
        return 0.0
    scaled = sorted(math.log(1.0 + min(e, MAX_ERROR_KM)) / math.log(MAX_ERROR_KM) for e in errors)
    if len(scaled) == 1:
        return scaled[0]
    area = sum((a + b) / 2.0 for a, b in zip(scaled, scaled[1:]))
    return area / (len(scaled) - 1)


def match_spans(gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]) -> dict[int, int]:
    """Overlap matching: gold index -> predicted index, one-to-one, greedy in text order.

    Each gold span takes the unmatched predicted span that overlaps it most (ties: the
    earlier one).
    """
    pairs: dict[int, int] = {}
    used: set[int] = set()
    order = sorted(range(len(gold)), key=lambda g: gold[g])
    for gi in order:
        gs, ge = gold[gi]
        best, best_overlap = -1, 0
        for pi, (ps, pe) in enumerate(predicted):
            if pi in used:
                continue
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > best_overlap or (overlap == 0 and gs == ge == ps == pe and best < 0):
                best, best_overlap = pi, overlap
        if best >= 0:
            pairs[gi] = best
            used.add(best)
    return pairs


def read_gold_objects(path: str | os.PathLike[str], *, limit: int | None = None) -> Iterator[tuple[int, Any]]:
    """(line number, JSON value) of each non-blank line of a gold JSON Lines file, at most
    ``limit`` of them; InputError for a missing file, text that is not UTF-8 or a line that
    is not JSON.  The gold readers of geoparsing and of events check the records' shape."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"gold file not found: {path}")
    count = 0
    try:
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if limit is not None and count >= limit:
                    return
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{lineno}: not JSON ({exc.msg})") from None
                except RecursionError:
                    raise InputError(f"{path}:{lineno}: not JSON (nested too deeply)") from None
                count += 1
                yield lineno, record
    except UnicodeDecodeError as exc:  # offsets count characters: no guessing at a broken file
        raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from None


def read_gold(path: str | os.PathLike[str], *, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Gold records (text and toponym spans) from a JSON Lines file; InputError on a malformed line."""
    for lineno, record in read_gold_objects(path, limit=limit):
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) \
                or not isinstance(record.get("toponyms", []), list):
            raise InputError(f"{path}:{lineno}: expected an object with 'text' and 'toponyms'")
        text = record["text"]
        for t in record.get("toponyms", []):
            try:
                start, end = int(t["start"]), int(t["end"])
            except (KeyError, TypeError, ValueError):
                raise InputError(f"{path}:{lineno}: toponym without integer start/end") from None
            if not 0 <= start <= end <= len(text):
                raise InputError(f"{path}:{lineno}: toponym ({start}, {end}) outside the text")
        yield record


def _error_km(gold: Mapping[str, Any], mention: Mention | None) -> float | None:
    if gold.get("lat") is None or gold.get("lon") is None:
        return None
    if mention is None or mention.place is None:
        return MAX_ERROR_KM
    return distance_km(float(gold["lat"]), float(gold["lon"]), mention.place.lat, mention.place.lon)


def _id_match(gold: Mapping[str, Any], mention: Mention | None) -> bool | None:
    if gold.get("geonameid") in (None, ""):
        return None
    return bool(mention and mention.place and mention.place.place_id == str(gold["geonameid"]))


def evaluate_records(records, *, gold_spans: bool, gazetteer: "Gazetteer", gold_path: str = "",
                     ner: str | None = None, keep_details: bool = False) -> EvalReport:
    """Score the geoparser on gold records (dicts as in :func:`read_gold`)."""
    from geomap.geoparsing.parse import geoparse

    results: list[ToponymResult] = []
    articles = n_gold = n_pred = n_matched = 0
    t0 = time.perf_counter()
    for record in records:
        articles += 1
        text = record["text"]
        gold = sorted(record.get("toponyms", []), key=lambda t: (int(t["start"]), int(t["end"])))
        n_gold += len(gold)
        gspans = [(int(t["start"]), int(t["end"])) for t in gold]
        if gold_spans:
            mentions = geoparse(text, gazetteer=gazetteer, spans=gspans)
            pairs = {i: i for i in range(len(gold))}
        else:
            mentions = geoparse(text, gazetteer=gazetteer, ner=ner)
            n_pred += len(mentions)
            pairs = match_spans(gspans, [(m.start, m.end) for m in mentions])
            n_matched += len(pairs)
        for gi, g in enumerate(gold):
            mention = mentions[pairs[gi]] if gi in pairs else None
            results.append(ToponymResult(str(record.get("id", articles)), gspans[gi][0], gspans[gi][1],
                                         text[gspans[gi][0]:gspans[gi][1]], _error_km(g, mention),
                                         _id_match(g, mention), mention))
    seconds = time.perf_counter() - t0
    if gold_spans:
        scored = [r for r in results if r.error_km is not None]
    else:
        scored = [r for r in results if r.error_km is not None and r.predicted is not None]
    errors = [r.error_km for r in scored]
    ids = [r.id_match for r in scored if r.id_match is not None]
    kwargs: dict[str, Any] = {}
    if not gold_spans:
        precision = n_matched / n_pred if n_pred else 0.0
        recall = n_matched / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        kwargs = dict(predicted=n_pred, matched=n_matched, precision=precision, recall=recall, f1=f1)
    return EvalReport(
        gold_path=gold_path, mode="gold-spans" if gold_spans else "end-to-end",
        articles=articles, gold_toponyms=n_gold, scored=len(scored),
        accuracy_161=(sum(e <= ACCURACY_KM for e in errors) / len(errors)) if errors else 0.0,
        mean_km=statistics.fmean(errors) if errors else 0.0,
        median_km=statistics.median(errors) if errors else 0.0,
        auc=auc_of_errors(errors),
        exact_id=(sum(ids) / len(ids)) if ids else None, exact_id_scored=len(ids),
        unresolved=sum(1 for r in scored if r.predicted is None or r.predicted.place is None),
        seconds=seconds, articles_per_s=articles / seconds if seconds > 0 else 0.0,
        details=tuple(results) if keep_details else (),
        **kwargs,
    )


def evaluate(gold_path: str | os.PathLike[str], *, gold_spans: bool, gazetteer: "Gazetteer",
             limit: int | None = None, ner: str | None = None, keep_details: bool = False) -> EvalReport:
    """Score the geoparser on a gold JSON Lines file (see module doc)."""
    return evaluate_records(read_gold(gold_path, limit=limit), gold_spans=gold_spans,
                            gazetteer=gazetteer, gold_path=str(gold_path), ner=ner,
                            keep_details=keep_details)
