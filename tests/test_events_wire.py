"""Wire copy, headlines, qualifiers, coverage, taxonomy and fatalities: one article per rule
(tests/fixtures/events/wire.jsonl, written for these tests), run through the real geoparser
and gazetteer, since qualifiers pick among the gazetteer's same-name places."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from geomap.events import extract_events
from geomap.events.dateline import find_dateline, headline_span
from geomap.events.fatalities import fatalities_in
from geomap.events.taxonomy import ACLED_OF_KIND, EVENT_TYPES, SUB_EVENT_TYPES
from geomap.events.classify import TRIGGER_KINDS
from geomap.model import Article

from test_events_rules import check_case

WIRE = Path(__file__).parent / "fixtures" / "events" / "wire.jsonl"
CASES = [json.loads(line) for line in WIRE.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_wire_rule(case, gazetteer):
    from geomap.jobs import geoparse

    published = dt.date.fromisoformat(case["published"]) if case.get("published") else None
    article = Article(id="wire", text=case["text"], title=case.get("title", ""), published=published, source="S")
    events = extract_events(article, geoparse(article.text, gazetteer=gazetteer), gazetteer=gazetteer)
    check_case(case, events)
    for ev in events:
        assert ev.evidence in article.text
        assert article.text[ev.location_start:ev.location_end] == ev.location_text
        assert ev.event_type in EVENT_TYPES and ev.sub_event_type in SUB_EVENT_TYPES[ev.event_type]
        if published is None and ev.date_source == "dateline":
            assert ev.published == ev.event_date  # the filing date fills the missing publication date


def test_every_trigger_kind_has_an_acled_type():
    assert set(TRIGGER_KINDS) == set(ACLED_OF_KIND)


@pytest.mark.parametrize("text, city, agency, date", [
    ("KHARKIV, Ukraine, Nov 20 (Reuters) - Bombs fell.", "KHARKIV", "Reuters", dt.date(2024, 11, 20)),
    ("MOSCOW, Aug 7 (Reuters) - Troops crossed.", "MOSCOW", "Reuters", dt.date(2024, 8, 7)),
    ("KYIV, Ukraine (AP) — Russia launched drones.", "KYIV", "AP", None),
    ("Kyiv (AFP) - Russia launched drones.", "Kyiv", "AFP", None),
    ("WASHINGTON, Dec 30 (Reuters) - Aid was approved.", "WASHINGTON", "Reuters", dt.date(2024, 12, 30)),
])
def test_dateline_forms(text, city, agency, date):
    d = find_dateline(text, dt.date(2024, 11, 20) if "Dec 30" not in text else dt.date(2025, 1, 2))
    assert d is not None and (d.city, d.agency) == (city, agency)
    assert d.date == (date if "Dec 30" not in text else dt.date(2024, 12, 30))  # filed in December, read in January


def test_no_dateline_in_ordinary_text():
    assert find_dateline("Russian forces shelled Kharkiv on Monday (officials said) - no more.", None) is None
    assert headline_span("Drones struck Kyiv on Monday.") is None


@pytest.mark.parametrize("text, n", [
    ("Missiles hit the city, killing three.", 3), ("Two civilians were killed in the strike.", 2),
    ("At least 12 dead after the blast.", 12), ("It killed up to 45 soldiers.", 45), ("A civilian was wounded.", None),
    ("Casualties unknown.", None), ("The death toll rose to 9.", 9), ("Dozens were killed.", None),
    ("Troops advanced 2 km from the border.", None),
])
def test_fatalities(text, n):
    assert fatalities_in(text) == n


def test_qualifiers_stay_linear(gazetteer):
    """A sentence listing 20,000 places (every one with a region) finishes in seconds."""
    import time

    from geomap.model import Mention

    kharkiv = gazetteer.candidates("Kharkiv")[0]
    lozova = gazetteer.candidates("Lozova")[0]
    parts, mentions, pos = [], [], 0
    text = "Drones hit "
    pos = len(text)
    for i in range(10_000):
        chunk = "Lozova, Kharkiv, "
        mentions.append(Mention(pos, pos + 6, "Lozova", lozova, 0.9))
        mentions.append(Mention(pos + 8, pos + 15, "Kharkiv", kharkiv, 0.9))
        parts.append(chunk)
        pos += len(chunk)
    text += "".join(parts) + "on Monday."
    t0 = time.perf_counter()
    events = extract_events(Article(id="big", text=text, published=dt.date(2024, 11, 18)), mentions,
                            gazetteer=gazetteer)
    assert time.perf_counter() - t0 < 20
    assert events and all(e.place_name != "Kharkiv" for e in events)
