"""Dump every mention geomap finds on the dev gold sets, to diff two versions of the geoparser.

    /work/venv/bin/python benchmarks/dump_mentions.py OUT.tsv

One line per mention: file, article index, mode ("e2e": recognition + resolution; "gold":
the gold spans), start, end, text, place id, score (3 decimals), role; then one line per
recognised span (mode "rec": the recogniser's output before resolution, every field).  Two dumps of two
versions are identical exactly when the geoparser's output is::

    diff before.tsv after.tsv
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"


def main(argv: list[str]) -> None:
    from gazetteer import Gazetteer
    from geomap.geoparsing import geoparse
    from geomap.geoparsing.parse import recognize_spans

    gz = Gazetteer.open()
    out = open(argv[0], "w", encoding="utf-8") if argv else sys.stdout
    for path in sorted(EVAL.glob("*.jsonl")):
        for n, line in enumerate(path.open(encoding="utf-8")):
            if not line.strip():
                continue
            record = json.loads(line)
            text = record["text"]
            runs = [("e2e", None)]
            if record.get("toponyms"):
                runs.append(("gold", [(int(t["start"]), int(t["end"])) for t in record["toponyms"]]))
            for mode, spans in runs:
                for m in geoparse(text, gazetteer=gz, spans=spans):
                    pid = m.place.place_id if m.place is not None else "-"
                    out.write(f"{path.name}\t{n}\t{mode}\t{m.start}\t{m.end}\t{m.text!r}\t{pid}\t"
                              f"{m.score:.3f}\t{m.role}\n")
            for r in recognize_spans(text, gazetteer=gz):
                out.write(f"{path.name}\t{n}\trec\t{r.start}\t{r.end}\t{r.text!r}\t{r.key}\t"
                          f"{r.role}\t{r.kind}\t{r.country}\t{r.cue}\t{r.confidence}\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main(sys.argv[1:])
