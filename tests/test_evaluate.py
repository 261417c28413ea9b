"""The scorer: metric functions with hand-computed values, and a full run on our own
handmade gold file (tests/fixtures/geoparse_gold.jsonl, 4 articles, 7 toponyms)."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from geomap.errors import InputError
from geomap.evaluate import MAX_ERROR_KM, auc_of_errors, evaluate, match_spans, read_gold
from geomap.geoparsing.resolve import distance_km

GOLD = Path(__file__).parent / "fixtures" / "geoparse_gold.jsonl"


def test_auc_hand_computed():
    k = math.log(MAX_ERROR_KM)
    assert auc_of_errors([0.0, 0.0]) == 0.0
    assert auc_of_errors([MAX_ERROR_KM, MAX_ERROR_KM]) == pytest.approx(1.0, abs=1e-4)
    # sorted scaled errors a <= b <= c; trapezoid area / (n - 1) = (a/2 + b + c/2) / 2
    a, b, c = (math.log(1 + e) / k for e in (0.0, 100.0, 20039.0))
    assert auc_of_errors([20039.0, 0.0, 100.0]) == pytest.approx((a / 2 + b + c / 2) / 2)
    assert auc_of_errors([]) == 0.0
    assert auc_of_errors([161.0]) == pytest.approx(math.log(162) / k)


def test_match_spans_overlap_one_to_one():
    gold = [(0, 10), (20, 30), (40, 50)]
    pred = [(5, 12), (21, 25), (26, 29), (60, 70)]
    # (20,30) overlaps (21,25) by 4 and (26,29) by 3: takes the larger; (40,50) matches none
    assert match_spans(gold, pred) == {0: 0, 1: 1}
    assert match_spans([], pred) == {}
    assert match_spans(gold, []) == {}


def test_distance_km_known_value():
    # Paris - London, about 344 km
    assert distance_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343.5, abs=2)
    assert distance_km(10, 10, 10, 10) == 0.0


def test_gold_spans_report_on_handmade_gold(gazetteer):
    report = evaluate(GOLD, gold_spans=True, gazetteer=gazetteer)
    assert report.articles == 4 and report.gold_toponyms == 7 and report.scored == 7
    # Kyiv, Paris, Marseille, Lyon, London right; Xyzzyqville unresolved (20,039 km);
    # "Moscow" has gold coordinates of Moscow, Idaho, which no resolver should pick here.
    assert report.accuracy_161 == pytest.approx(5 / 7)
    assert report.unresolved == 1
    moscow_miss = distance_km(55.75222, 37.61556, 46.73239, -117.00017)
    assert report.mean_km == pytest.approx((moscow_miss + MAX_ERROR_KM) / 7, abs=15)
    assert report.median_km < 20
    # 6 toponyms have a GeoNames id: all but Moscow (Idaho's id) match
    assert report.exact_id_scored == 6
    assert report.exact_id == pytest.approx(5 / 6)
    assert report.precision is None
    assert 0.0 < report.auc < 1.0


def test_end_to_end_report_on_handmade_gold(gazetteer):
    report = evaluate(GOLD, gold_spans=False, gazetteer=gazetteer)
    # predicted: Kyiv, Paris, Marseille, Lyon, London, Russian (demonym), Moscow = 7;
    # gold: 7 (Xyzzyqville is not in any gazetteer) -> 6 matched
    assert report.predicted == 7 and report.matched == 6
    assert report.precision == pytest.approx(6 / 7)
    assert report.recall == pytest.approx(6 / 7)
    assert report.f1 == pytest.approx(6 / 7)
    # distance metrics over the 6 matched: Moscow is the only miss
    assert report.scored == 6
    assert report.accuracy_161 == pytest.approx(5 / 6)
    data = report.to_dict()
    assert data["mode"] == "end-to-end" and "details" not in data
    json.dumps(data)
    text = report.to_text()
    assert "F1 0.857" in text and "A@161  83.3%" in text


def test_limit_and_details(gazetteer):
    report = evaluate(GOLD, gold_spans=True, gazetteer=gazetteer, limit=1, keep_details=True)
    assert report.articles == 1 and report.gold_toponyms == 2
    assert [d.text for d in report.details] == ["Kyiv", "Paris"]
    assert all(d.error_km is not None and d.error_km < 50 for d in report.details)


@pytest.mark.parametrize("line, message", [
    ("not json", "not JSON"),
    ('{"text": 5}', "expected an object"),
    ('{"text": "abc", "toponyms": [{"start": 0, "end": 9}]}', "outside the text"),
    ('{"text": "abc", "toponyms": [{"start": "x", "end": 1}]}', "integer start/end"),
])
def test_bad_gold_lines(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        list(read_gold(path))


def test_missing_gold_file(tmp_path):
    with pytest.raises(InputError, match="not found"):
        list(read_gold(tmp_path / "none.jsonl"))
