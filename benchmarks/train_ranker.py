"""Train the candidate ranker (geomap/geoparsing/ranker.py) on the development gold sets.

    /work/venv/bin/python benchmarks/train_ranker.py [--folds 5] [--rounds 2] [--write]
    /work/venv/bin/python benchmarks/train_ranker.py --ablate   # what each feature is worth

Data: ``../shared/eval/lgl-dev.jsonl`` and ``geovirus-dev.jsonl`` (read at run time, never
copied).  Each gold span is turned into a mention exactly as ``geoparse(spans=...)`` does
(span -> lookup key, then :func:`geomap.geoparsing.parse.prepare_spans`: listed areas, names
used as a town, facility names re-keyed to their place, abbreviations, parts of towns);
every name with several candidates, at least one of them within 161 km of the gold point,
is one training example: a linear ranking of the name's candidates on the features of
:mod:`geomap.geoparsing.features`, fitted with numpy (large-margin hinge loss, Adam, L2
towards the hand-set weights).  The document
context features depend on the other names' readings, so the fit alternates: resolve with
the current weights, extract the features of the settled readings, refit (``--rounds``);
then a coordinate search refines the weights on the real resolver's A@161 (see
:func:`refine`).

Evaluation is by document-level cross-validation: documents are split into ``--folds``
folds by a hash of (set, document id); each fold's documents are resolved with weights
trained on the other folds only, and the pooled held-out figures are printed (gold spans
A@161 and end to end P/R/F1) next to the in-sample figures of the model trained on all
documents.  ``--write`` stores that model in geomap/geoparsing/ranker_weights.json with the
figures.  Weights of the rules the data cannot teach (``FIXED``) keep their hand values.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import zlib
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
SETS = ("lgl-dev", "geovirus-dev")

from gazetteer import Gazetteer  # noqa: E402
from gazetteer.geodesy import distance_km  # noqa: E402
from geomap.evaluate import evaluate_records  # noqa: E402
from geomap.geoparsing import ranker as rk  # noqa: E402
from geomap.geoparsing.parse import prepare_spans  # noqa: E402
from geomap.geoparsing.features import FEATURES  # noqa: E402
from geomap.geoparsing.resolve import resolve  # noqa: E402
from geomap.geoparsing.spans import Lookup, span_to_recognized  # noqa: E402

#: Rules too rare in the development sets to be learned: their weights stay hand-set.
FIXED = ("seat", "political", "cue_city", "alt_taken")
FIXED_VALUES = {f: rk.HAND_SET[f] for f in FIXED}
L2 = 0.01
MARGIN = 2.0


def load_docs(gz) -> list[dict]:
    docs = []
    for name in SETS:
        for line in (EVAL / f"{name}.jsonl").open(encoding="utf-8"):
            if not line.strip():
                continue
            rec = json.loads(line)
            gold = sorted(rec.get("toponyms", []), key=lambda t: (int(t["start"]), int(t["end"])))
            lookup = Lookup(gz)
            spans = [span_to_recognized(rec["text"], int(t["start"]), int(t["end"]), lookup=lookup)
                     for t in gold]
            spans, _ = prepare_spans(rec["text"], spans, lookup=lookup, given=True)
            cands = lookup([s.key for s in spans])
            fold_key = zlib.crc32(f"{name}:{rec.get('id')}".encode())
            docs.append({"set": name, "record": rec, "spans": spans, "cands": cands,
                         "gold": [(t.get("lat"), t.get("lon")) for t in gold], "hash": fold_key})
    return docs


def extract(model: rk.Ranker, docs: list[dict]) -> list[tuple[np.ndarray, np.ndarray]]:
    """(features, target distribution) of every name with a learnable choice."""
    out = []
    with rk.use(model):
        for d in docs:
            trace: list = []
            resolve(d["spans"], d["cands"], text=d["record"]["text"], trace=trace)
            for members, cands, rows in trace:
                golds = [d["gold"][m] for m in members if d["gold"][m][0] is not None]
                if len(cands) < 2 or not golds:
                    continue
                y = np.array([sum(distance_km(float(la), float(lo), p.lat, p.lon) <= 161
                                  for la, lo in golds) for p in cands], dtype=float)
                if y.sum() == 0 or y.sum() == len(golds) * len(cands):
                    continue
                out.append((np.array(rows, dtype=float), y / y.sum(), len(golds)))
    return out


def fit(examples, start: dict[str, float], iters: int = 400, lr: float = 0.03) -> dict[str, float]:
    """Large-margin ranking weights: for each name, the best-scoring right candidate must
    beat the best-scoring wrong one by ``MARGIN`` (hinge loss, each name weighted by its
    gold mentions, Adam), with an L2 pull towards the hand-set weights (the prior: little
    data should move the weights little).  Log-loss was tried first: it calibrates the
    probabilities but ranks worse (flatter weights trade accuracy for fewer confident
    mistakes)."""
    X = np.vstack([x for x, _, _ in examples])
    right = np.concatenate([t > 0 for _, t, _ in examples])
    sizes = np.array([len(t) for _, t, _ in examples])
    weight = np.array([c for _, _, c in examples], dtype=float)
    weight /= weight.sum()
    ends = np.cumsum(sizes) - 1
    gid = np.repeat(np.arange(len(examples)), sizes)
    free = np.array([f not in FIXED for f in FEATURES])
    prior = np.array([rk.HAND_SET.get(f, 0.0) for f in FEATURES])
    w = np.array([start.get(f, 0.0) for f in FEATURES])
    for f, v in FIXED_VALUES.items():
        w[FEATURES.index(f)] = v
        prior[FEATURES.index(f)] = v
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for it in range(1, iters + 1):
        s = X @ w
        best_right = np.lexsort((np.where(right, s, -np.inf), gid))[ends]
        best_wrong = np.lexsort((np.where(right, -np.inf, s), gid))[ends]
        violated = s[best_wrong] + MARGIN > s[best_right]
        diff = (X[best_wrong] - X[best_right]) * (weight * violated)[:, None]
        grad = diff.sum(axis=0) + L2 * (w - prior)
        grad[~free] = 0.0
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= lr * (m / (1 - 0.9 ** it)) / (np.sqrt(v / (1 - 0.999 ** it)) + 1e-8)
    return {f: round(float(x), 4) for f, x in zip(FEATURES, w)}


def accuracy(examples, weights) -> float:
    """Share of gold mentions whose name's top candidate is right (fixed context)."""
    w = np.array([weights.get(f, 0.0) for f in FEATURES])
    got = sum(c * float(t[int(np.argmax(x @ w))] > 0) for x, t, c in examples)
    return got / max(sum(c for _, _, c in examples), 1)


def resolved_accuracy(weights: dict[str, float], docs: list[dict]) -> float:
    """A@161 of the gold spans of ``docs`` resolved with ``weights`` (no focus fallback)."""
    ok = n = 0
    with rk.use(rk.Ranker.from_weights(weights)):
        for d in docs:
            got = resolve(d["spans"], d["cands"], text=d["record"]["text"])
            for res, (lat, lon) in zip(got, d["gold"]):
                if lat is None:
                    continue
                n += 1
                ok += res.place is not None and distance_km(
                    float(lat), float(lon), res.place.lat, res.place.lon) <= 161
    return ok / max(n, 1)


def refine(weights: dict[str, float], docs: list[dict], sweeps: int = 1) -> dict[str, float]:
    """Coordinate search on the real resolver's A@161 (the document context settles with
    the weights, which the fixed-context fit cannot see): each free weight is scaled or
    shifted in turn and the change kept when it helps by more than one mention in 5,000,
    net of a small pull towards the hand-set weights."""
    def objective(w):
        pull = sum((w[f] - rk.HAND_SET.get(f, 0.0)) ** 2 / (1 + abs(rk.HAND_SET.get(f, 0.0)))
                   for f in FEATURES)
        return resolved_accuracy(w, docs) - 1e-5 * pull

    best = dict(weights)
    best_score = objective(best)
    for _ in range(sweeps):
        improved = False
        for f in FEATURES:
            if f in FIXED:
                continue
            trials = {best[f] * 0.7, best[f] * 1.4} if abs(best[f]) > 0.3 else {best[f] - 0.5,
                                                                                best[f] + 0.5}
            for trial in trials:
                w = {**best, f: round(trial, 4)}
                score = objective(w)
                if score > best_score + 2e-4:
                    best, best_score, improved = w, score, True
        if not improved:
            break
    return best


def train(docs, rounds: int, search: bool = True) -> tuple[dict[str, float], list]:
    weights = dict(rk.HAND_SET)
    examples = []
    for _ in range(rounds):
        examples = extract(rk.Ranker.from_weights(weights), docs)
        weights = fit(examples, weights)
    if search:
        weights = refine(weights, docs)
    return weights, extract(rk.Ranker.from_weights(weights), docs)


def evaluate(model: rk.Ranker, docs: list[dict], gz) -> dict[str, dict]:
    """Per set: gold-span errors and end-to-end counts of ``docs`` under ``model``."""
    out = {}
    with rk.use(model):
        for name in SETS:
            recs = [d["record"] for d in docs if d["set"] == name]
            if not recs:
                continue
            gs = evaluate_records(recs, gold_spans=True, gazetteer=gz, keep_details=True)
            e2e = evaluate_records(recs, gold_spans=False, gazetteer=gz, keep_details=True)
            out[name] = {
                "gs_errors": [r.error_km for r in gs.details if r.error_km is not None],
                "e2e_errors": [r.error_km for r in e2e.details
                               if r.error_km is not None and r.predicted is not None],
                "gold": e2e.gold_toponyms, "pred": e2e.predicted, "matched": e2e.matched}
    return out


def summary(parts: list[dict]) -> dict[str, dict]:
    """Pooled figures over folds (or one in-sample run)."""
    out = {}
    for name in SETS:
        got = [p[name] for p in parts if name in p]
        gs = [e for g in got for e in g["gs_errors"]]
        e2e = [e for g in got for e in g["e2e_errors"]]
        gold = sum(g["gold"] for g in got)
        pred = sum(g["pred"] for g in got)
        matched = sum(g["matched"] for g in got)
        p = matched / pred if pred else 0.0
        r = matched / gold if gold else 0.0
        out[name] = {"gold_spans_a161": round(100 * sum(e <= 161 for e in gs) / len(gs), 2),
                     "gold_spans_mean_km": round(statistics.fmean(gs)),
                     "e2e_precision": round(p, 3), "e2e_recall": round(r, 3),
                     "e2e_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
                     "e2e_a161": round(100 * sum(e <= 161 for e in e2e) / len(e2e), 2)}
    return out


def importances(examples, weights) -> dict[str, float]:
    """|weight| x standard deviation of the feature within names' candidate sets."""
    X = np.vstack([x - x.mean(axis=0) for x, _, _ in examples])
    sd = X.std(axis=0)
    return {f: round(abs(weights[f]) * float(s), 3) for f, s in zip(FEATURES, sd)}


def ablation(weights: dict[str, float], docs: list[dict]) -> dict[str, float]:
    """Points of A@161 (gold spans, resolver only) lost when one feature's weight is zeroed."""
    full = resolved_accuracy(weights, docs)
    return {f: round(100 * (full - resolved_accuracy({**weights, f: 0.0}, docs)), 2)
            for f in FEATURES if weights.get(f)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--write", action="store_true", help="store the model trained on all documents")
    ap.add_argument("--no-search", action="store_true",
                    help="skip the coordinate search (the hinge fit alone)")
    ap.add_argument("--ablate", action="store_true",
                    help="only print the A@161 lost by zeroing each weight of the shipped model")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    gz = Gazetteer.open()
    docs = load_docs(gz)
    if args.ablate:
        lost = ablation(rk.load().weights(), docs)
        for f in sorted(lost, key=lambda f: -lost[f]):
            print(f"{f:16s} {lost[f]:6.2f}")
        return 0
    print(f"{len(docs)} documents ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    hand = rk.Ranker.from_weights(rk.HAND_SET)
    parts = []
    for k in range(args.folds):
        train_docs = [d for d in docs if d["hash"] % args.folds != k]
        test_docs = [d for d in docs if d["hash"] % args.folds == k]
        weights, examples = train(train_docs, args.rounds, not args.no_search)
        parts.append(evaluate(rk.Ranker.from_weights(weights), test_docs, gz))
        print(f"fold {k}: {len(train_docs)} train / {len(test_docs)} held-out documents, "
              f"{len(examples)} training names ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    cv = summary(parts)
    weights, examples = train(docs, args.rounds, not args.no_search)
    in_sample = summary([evaluate(rk.Ranker.from_weights(weights), docs, gz)])
    hand_set = summary([evaluate(hand, docs, gz)])
    imp = importances(examples, weights)
    report = {"hand_set": hand_set, "cross_validated": cv, "in_sample": in_sample}
    print(json.dumps(report, indent=1))
    print("feature      weight   importance (|w| x sd within names)")
    for f in sorted(FEATURES, key=lambda f: -imp[f]):
        print(f"{f:16s} {weights[f]:8.3f} {imp[f]:8.3f}{'  (fixed)' if f in FIXED else ''}")
    if args.write:
        data = {"weights": weights, "fixed": list(FIXED), "importance": imp,
                "trained_on": [f"{s}.jsonl" for s in SETS], "folds": args.folds,
                "rounds": args.rounds, "l2_towards_hand_set": L2, "margin": MARGIN, **report}
        rk.WEIGHTS_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {rk.WEIGHTS_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
