"""Footage and photo captions (tests/fixtures/events/captions.jsonl, written for these tests):
verbless and present-tense caption forms, photo credits, and captions that show no event, run
through the real geoparser and gazetteer."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from geomap.events import extract_events
from geomap.events.credits import credit_spans
from geomap.model import Article

from test_events_rules import check_case

CAPTIONS = Path(__file__).parent / "fixtures" / "events" / "captions.jsonl"
CASES = [json.loads(line) for line in CAPTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_caption_rule(case, gazetteer):
    from geomap.jobs import geoparse

    article = Article(id="cap", text=case["text"], published=dt.date.fromisoformat(case["published"]), source="S")
    events = extract_events(article, geoparse(article.text, gazetteer=gazetteer), gazetteer=gazetteer)
    check_case(case, events)
    for ev in events:
        assert ev.evidence in article.text
        assert "REUTERS" not in ev.location_text and "Photo" not in ev.location_text


@pytest.mark.parametrize("text, credits", [
    ("A view shows a damaged house, March 3, 2025. REUTERS/Gleb Garanich", ["REUTERS/Gleb Garanich"]),
    ("Smoke rises (AP Photo/Efrem Lukatsky) over the port.", ["(AP Photo/Efrem Lukatsky)"]),
    ("Smoke rises, March 3, 2025. (Photo by Roman PILIPEY / AFP)", ["(Photo by Roman PILIPEY / AFP)"]),
    ("A crater, March 3, 2025. Press service of the Sumy Regional Military Administration/Handout via REUTERS",
     ["Press service of the Sumy Regional Military Administration/Handout via REUTERS"]),
    ("A crater. ATTENTION EDITORS - THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY.",
     ["ATTENTION EDITORS - THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY."]),
    ("Drones hit Odesa and Izmail on Tuesday, officials said.", []),
    ("The 24/7 hotline in Kyiv/Lviv is open.", []),
])
def test_credit_spans(text, credits):
    assert [text[a:b] for a, b in credit_spans(text)] == credits


def test_credit_spans_stay_linear():
    text = "Smoke rises after a drone attack in Kyiv / " * 2000 + "REUTERS/Name"
    spans = credit_spans(text)
    assert [text[a:b] for a, b in spans][-1] == "REUTERS/Name"
