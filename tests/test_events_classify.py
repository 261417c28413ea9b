"""geomap.events.classify: triggers, types and modality."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from geomap.events.classify import (EVENT_TYPES, _DENIAL, _PLAN, _TRIGGER_RE, trigger_word_matches, best_trigger,
                                    clause_modality, find_triggers)

FIXTURES = Path(__file__).parent / "fixtures" / "events"


def _fixture_texts() -> list[str]:
    with (FIXTURES / "rules.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


@pytest.mark.parametrize("text", _fixture_texts())
def test_fast_trigger_scan_equals_plain_regex(text):
    assert [m.span() for m in trigger_word_matches(text)] == [m.span() for m in _TRIGGER_RE.finditer(text)]


WORDS = ["drones", "hit", "the", "port", "of", "Izmail", "shot", "down", "air", "raid", "shelled", "would",
         "did", "not", "fighting", "continues", "as", "protesters", "rallied", "in", "May", "may", "Kyiv", ",", "."]


@given(st.lists(st.sampled_from(WORDS), max_size=25))
def test_fast_alternation_equals_plain_regex(words):
    text = " ".join(words)
    assert [m.span() for m in trigger_word_matches(text)] == [m.span() for m in _TRIGGER_RE.finditer(text)]
    for fast in (_PLAN, _DENIAL):
        plain = fast.regex
        got = fast.search(text)
        want = plain.search(text)
        assert (got.span() if got else None) == (want.span() if want else None)


@pytest.mark.parametrize("sentence, etype, trigger", [
    ("Drones hit the Danube river port of Izmail.", "strike", "Drones hit"),
    ("Air defence units shot down drones targeting Moscow.", "interception", "shot down"),
    ("A serviceman fires a Giatsint-B gun towards Russian positions.", "shelling", "fires a Giatsint-B gun"),
    ("Ukraine was making slow but steady gains in the region.", "ground_fighting", "gains"),
    ("An explosion damaged a pumping station.", "explosion", "explosion"),
    ("Civilians were killed when troops opened fire.", "attack_on_civilians", "Civilians were killed"),
    ("Thousands protested in the capital.", "protest", "protested"),
    ("Police arrested dozens of people.", "arrest", "arrested"),
    ("Zelenskiy meets with Stoltenberg in Kyiv.", "diplomacy", "meets"),
    ("Four people died in a stampede.", "other", "died"),
    ("Missiles killed seven people.", "missile", "killed"),
    ("A car bomb exploded outside a police station, killing five.", "explosion", "car bomb"),
    ("Russian forces attacked positions near the town.", "ground_fighting", "attacked"),
])
def test_types_and_triggers(sentence, etype, trigger):
    best = best_trigger(find_triggers(sentence))
    assert best is not None and (best.event_type, best.text) == (etype, trigger)
    assert best.event_type in EVENT_TYPES


@pytest.mark.parametrize("sentence", [
    "as Russia's attack on Ukraine continues",
    "18 months into an all-out invasion and the war",
    "She was booked into the Youth Detention Center.",
    "He appeared on a hit television show.",
    "He faces a sexual assault charge.",
    "For more information, visit www.example.org.",
    "The company is fighting AIDS in Europe.",
    "Four horses had been struck down by the virus.",
    "Aid reached the worst hit areas.",
])
def test_not_triggers(sentence):
    assert find_triggers(sentence) == []


@pytest.mark.parametrize("clause, modality", [
    ("Air defence units shot down drones targeting Moscow", "factual"),
    ("The Kremlin said strikes would lead to a rise in tension", "plan"),
    ("Putin is preparing to host Kim Jong-un", "plan"),
    ("Protesters may gather in the square", "plan"),
    ("Protests were held in May in the capital", "factual"),
    ("if the United States allowed Ukraine to strike", "hypothetical"),
    ("He said there was no evidence such strikes were a deliberate attack", "denial"),
    ("The Kremlin has declined to comment on reports", "denial"),
])
def test_modality(clause, modality):
    assert clause_modality(clause) == modality
