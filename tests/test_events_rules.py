"""Every event rule, one article per rule: tests/fixtures/events/rules.jsonl.

Mentions come from a tiny name matcher over hand-built gazetteer records
(tests/fixtures/events/places.json), so these cases test the event rules alone; the same
articles run through the real geoparser in test_events_seeds.py's end-to-end checks.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from geomap.events import dedupe_events, extract_events
from geomap.events.taxonomy import EVENT_TYPES, SUB_EVENT_TYPES, acled_type
from geomap.model import Article, Mention, Place

FIXTURES = Path(__file__).parent / "fixtures" / "events"


def _places() -> dict[str, tuple[Place, str]]:
    raw = json.loads((FIXTURES / "places.json").read_text(encoding="utf-8"))
    out = {}
    for surface, rec in raw.items():
        if surface.startswith("_"):
            continue
        rec = dict(rec)
        role = rec.pop("role", "toponym")
        out[surface] = (Place(**rec), role)
    return out


PLACES = _places()


def fixture_mentions(text: str) -> list[Mention]:
    """Longest-first whole-word matches of the fixture names (possessive 's left outside)."""
    taken: list[tuple[int, int]] = []
    out: list[Mention] = []
    for surface in sorted(PLACES, key=len, reverse=True):
        place, role = PLACES[surface]
        for m in re.finditer(r"(?<![\w-])" + re.escape(surface) + r"(?![\w-])", text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append(Mention(m.start(), m.end(), surface, place, 0.9, role))
    return sorted(out, key=lambda m: m.start)


def _cases() -> list[dict]:
    with (FIXTURES / "rules.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


CASES = _cases()


def article_of(case: dict, index: int = 0) -> Article:
    published = dt.date.fromisoformat(case["published"]) if case.get("published") else None
    return Article(id=f"rule-{index}", text=case["text"], published=published, source=f"src-{index}",
                   title=case.get("title", ""))


#: fixture place name -> GeoNames id, so that a real gazetteer's spelling ("Izmayil") matches
PLACE_IDS = {place.name: place.place_id for place, _ in PLACES.values()}


def _at(event, name: str) -> bool:
    return event.place_name == name or event.place_id == PLACE_IDS.get(name)


def check_case(case: dict, events) -> None:
    rule = case["rule"]
    names = [e.place_name for e in events]
    for name in case.get("absent", []):
        target = PLACES[name][0].name if name in PLACES else name
        assert not any(_at(e, target) for e in events), f"{rule}: unexpected event at {name}: {names}"
    groups: dict[int, set[str]] = {}
    for exp in case["expect"]:
        rows = [e for e in events if _at(e, exp["place"])]
        assert rows, f"{rule}: no event at {exp['place']} (got {names})"
        ev = rows[0]
        if "count" in exp:
            assert len(rows) == exp["count"], f"{rule}: {len(rows)} events at {exp['place']}"
        if "date" in exp:
            want = dt.date.fromisoformat(exp["date"]) if exp["date"] else None
            assert ev.event_date == want, f"{rule}: date {ev.event_date} != {want} ({ev.date_text!r})"
        if "type" in exp:  # the fixtures name trigger kinds; rows carry ACLED's event / sub-event type
            got = (ev.event_type, ev.sub_event_type)
            assert got == acled_type(exp["type"]), f"{rule}: type {got} != {exp['type']} {acled_type(exp['type'])}"
        for key, attr in (("precision", "date_precision"), ("geo_precision", "geo_precision"),
                          ("date_text", "date_text"), ("reason", "location_reason"), ("date_source", "date_source"),
                          ("fatalities", "fatalities"), ("sub_event_type", "sub_event_type"),
                          ("event_type", "event_type"), ("location_text", "location_text"), ("admin1", "admin1"),
                          ("kind", "kind")):
            if key in exp:
                assert getattr(ev, attr) == exp[key], f"{rule}: {attr} {getattr(ev, attr)!r} != {exp[key]!r}"
        if "evidence_contains" in exp:
            assert exp["evidence_contains"] in ev.evidence, f"{rule}: evidence {ev.evidence!r}"
        if "group" in exp:
            groups.setdefault(exp["group"], set()).add(ev.group_id)
    for label, ids in groups.items():
        assert len(ids) == 1, f"{rule}: group {label} split over {ids}"
    if case.get("exact", True):
        extra = [e.place_name for e in events if not any(_at(e, exp["place"]) for exp in case["expect"])]
        assert not extra, f"{rule}: extra events at {extra}"


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_rule(case):
    article = article_of(case)
    events = extract_events(article, fixture_mentions(article.text))
    check_case(case, events)
    for ev in events:  # every field is filled and consistent
        assert ev.event_id and ev.group_id and ev.article_id == article.id
        assert article.text[ev.location_start:ev.location_end] == ev.location_text
        assert ev.evidence in article.text
        assert ev.location_reason and ev.trigger and ev.evidence
        assert ev.lat is not None and ev.lon is not None
        assert 0.0 < ev.confidence <= 1.0
        assert ev.date_precision in ("day", "week", "month", "unresolved")
        assert ev.event_date is not None or ev.date_precision == "unresolved"
        # only a date found in the text is as precise as its phrase; a fallback is never "day"
        assert ev.date_source in ("text", "dateline", "published", "unresolved")
        assert (ev.date_source != "text") == (ev.date_precision == "unresolved")
        assert (ev.event_date is None) == (ev.date_source == "unresolved")
        assert ev.event_type in EVENT_TYPES and ev.sub_event_type in SUB_EVENT_TYPES[ev.event_type]


def test_event_ids_are_stable():
    case = next(c for c in CASES if c["rule"].startswith("location: a list"))
    article = article_of(case)
    first = extract_events(article, fixture_mentions(article.text))
    second = extract_events(article, fixture_mentions(article.text))
    assert [e.event_id for e in first] == [e.event_id for e in second]
    assert len({e.event_id for e in first}) == len(first) == 3


def test_dedupe_merges_the_same_event_across_sources():
    text = "Russian missiles struck Odesa on Thursday, officials said."
    a = Article(id="a1", text=text, published=dt.date(2024, 11, 18), source="Wire A")
    b = Article(id="b1", text="Missiles hit Odesa on Thursday, killing four.", published=dt.date(2024, 11, 18),
                source="Paper B")
    c = Article(id="c1", text="Missiles hit Odesa on Friday.", published=dt.date(2024, 11, 18), source="Paper C")
    events = [e for art in (a, b, c) for e in extract_events(art, fixture_mentions(art.text))]
    assert len(events) == 3
    merged = dedupe_events(events)
    by_date = {e.event_date: e for e in merged}
    assert len(merged) == 2
    assert by_date[dt.date(2024, 11, 14)].sources == ("Paper B", "Wire A")
    assert by_date[dt.date(2024, 11, 15)].sources == ("Paper C",)
    assert by_date[dt.date(2024, 11, 14)].group_id != by_date[dt.date(2024, 11, 15)].group_id


def test_dedupe_keeps_multi_place_groups_together():
    case = next(c for c in CASES if c["rule"].startswith("location: a list"))
    art1 = article_of(case, 1)
    art2 = Article(id="other", text="Drones targeting Moscow were shot down on Thursday.",
                   published=dt.date(2023, 9, 7), source="Other")
    events = extract_events(art1, fixture_mentions(art1.text)) + extract_events(art2, fixture_mentions(art2.text))
    merged = dedupe_events(events)
    assert sorted(e.place_name for e in merged) == ["Bryansk Oblast", "Moscow", "Rostov-on-Don"]
    assert len({e.group_id for e in merged}) == 1
    moscow = next(e for e in merged if e.place_name == "Moscow")
    assert moscow.sources == ("Other", "src-1")


def test_undated_events_are_not_merged_across_articles():
    text = "Russian drones hit Sumy on Monday."
    events = [e for i in range(2) for e in extract_events(Article(id=f"u{i}", text=text, source=f"s{i}"),
                                                           fixture_mentions(text))]
    assert all(e.event_date is None for e in events)
    assert len(dedupe_events(events)) == 2


def test_dedupe_content_does_not_depend_on_input_order():
    import random

    texts = ["Russian missiles struck Odesa on Thursday.", "Missiles hit Odesa on Thursday, killing four.",
             "Drones targeting Moscow, the southern city of Rostov and the Bryansk region were shot down on Thursday.",
             "Drones targeting Moscow were shot down on Thursday.", "Shelling hit Kherson on Friday."]
    events = []
    for i, text in enumerate(texts):
        art = Article(id=f"art{i}", text=text, published=dt.date(2024, 11, 18 - i % 2), source=f"S{i}")
        events += extract_events(art, fixture_mentions(text))
    def rows(evs):
        return sorted(json.dumps(e.to_dict(), sort_keys=True) for e in dedupe_events(evs))

    reference = rows(events)
    assert len(reference) == 5  # Odesa (2 reports), Moscow (2), Rostov, Bryansk, Kherson
    for seed in range(5):
        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        assert rows(shuffled) == reference
