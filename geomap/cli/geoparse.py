"""The ``geomap geoparse`` and ``geomap eval`` commands (mounted on the main CLI group).

    geomap geoparse INPUT... -o OUT.jsonl [--gold-spans] [--ner spacy:MODEL]
    geomap eval GOLD.jsonl [--gold-spans] [--json] [--limit N] [--ner spacy:MODEL]
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any, Iterator

import click

from geomap.errors import InputError

__all__ = ["geoparse_cmd", "eval_cmd", "geoparse_records"]


def _open_gazetteer():
    from geomap.jobs import default_gazetteer

    return default_gazetteer()


def _gold_records(paths: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Records with ``toponyms`` from JSON Lines files (for ``--gold-spans``)."""
    from geomap.evaluate import read_gold

    for raw in paths:
        path = Path(raw)
        if path.suffix.lower() not in (".jsonl", ".ndjson"):
            raise InputError(f"--gold-spans needs JSON Lines input with 'toponyms', got {path}")
        yield from read_gold(path)


def geoparse_records(inputs: tuple[str, ...], *, gold_spans: bool, gazetteer, ner: str | None = None
                     ) -> Iterator[dict[str, Any]]:
    """One ``{"id", "mentions": [...]}`` dict per input record."""
    from geomap.jobs import geoparse

    if gold_spans:
        for n, record in enumerate(_gold_records(inputs), 1):
            spans = [(int(t["start"]), int(t["end"])) for t in record.get("toponyms", [])]
            mentions = geoparse(record["text"], gazetteer=gazetteer, spans=spans)
            yield {"id": record.get("id", str(n)), "mentions": [m.to_dict() for m in mentions]}
        return
    from geomap.io.ingest import read_articles

    with warnings.catch_warnings():
        # dates do not matter for geoparsing
        warnings.filterwarnings("ignore", message=".*publication date.*")
        for article in read_articles(list(inputs)):
            mentions = geoparse(article.text, gazetteer=gazetteer, ner=ner)
            yield {"id": article.id, "mentions": [m.to_dict() for m in mentions]}


@click.command("geoparse")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="Output JSON Lines file: one {id, mentions} record per input record (- for standard output).")
@click.option("--gold-spans", is_flag=True,
              help="Resolve exactly the spans in each record's 'toponyms' (JSONL input).")
@click.option("--ner", default=None, metavar="spacy:MODEL",
              help="Add an installed spaCy NER model to the gazetteer matching.")
def geoparse_cmd(inputs: tuple[str, ...], output: str, gold_spans: bool, ner: str | None) -> None:
    """Find and resolve the place names of articles; write mentions as JSON Lines."""
    from geomap.atomic import atomic_open
    from geomap.io.ingest import expand_inputs
    from geomap.io.outputs import check_output

    check_output(output, inputs=expand_inputs(inputs), what="mentions")
    gazetteer = _open_gazetteer()
    count = mentions = 0
    with atomic_open(output, "w") as fh:
        for record in geoparse_records(inputs, gold_spans=gold_spans, gazetteer=gazetteer, ner=ner):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
            mentions += len(record["mentions"])
    click.echo(f"geoparsed {count} records, {mentions} mentions -> {output}", err=True)


@click.command("eval")
@click.argument("gold", type=click.Path(dir_okay=False))
@click.option("--gold-spans", is_flag=True, help="Resolve the gold spans (resolution only).")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as one JSON object.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N articles.")
@click.option("--ner", default=None, metavar="spacy:MODEL", help="Use an installed spaCy NER model too.")
@click.option("--events", "events", is_flag=True,
              help="Score extracted events instead: GOLD holds coded events per text (id, text, published, "
                   "events: [{date, locations: [{lat, lon}]}]); event-location P/R/F1 at 25 and 161 km, date "
                   "accuracy on matches, texts with no event.")
def eval_cmd(gold: str, gold_spans: bool, as_json: bool, limit: int | None, ner: str | None, events: bool) -> None:
    """Score the geoparser on a gold JSONL file (A@161, mean/median km, AUC, P/R/F1), or with --events the
    event extractor (event-location P/R/F1, date accuracy)."""
    if events:
        if gold_spans or ner:
            raise click.UsageError("--events scores the whole pipeline: it takes no --gold-spans or --ner")
        from geomap.evaluate_events import evaluate_events_file

        report = evaluate_events_file(gold, gazetteer=_open_gazetteer(), limit=limit)
        click.echo(json.dumps(report.to_dict()) if as_json else report.to_text())
        return
    from geomap.evaluate import evaluate

    report = evaluate(gold, gold_spans=gold_spans, gazetteer=_open_gazetteer(), limit=limit, ner=ner)
    if not report.gold_toponyms:
        raise InputError(f"{gold} has no gold toponyms to score (a file of coded events? use --events)")
    click.echo(json.dumps(report.to_dict()) if as_json else report.to_text())
