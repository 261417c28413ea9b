"""The pre-checks of :mod:`geomap.events.scan`: a pattern's needles never reject a text the
pattern matches, and the gated patterns of event extraction find what the plain ones find."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from geomap.events import classify, dates, fatalities, segment
from geomap.events.scan import Gated, alternatives_by_first, fold, needles

FIXTURES = Path(__file__).parent / "fixtures" / "events"
REPO = Path(__file__).resolve().parents[1]

SENTENCES = [
    "Destroyed Russian tanks are displayed in central Kyiv.",
    "Tanks were put ON PUBLIC DISPLAY near the cathedral.",
    "The town has been shelled repeatedly since the start of the war.",
    "The war in Sudan has displaced millions.",
    "Russian forces tried to capture the village but were repelled.",
    "Troops stormed the bridgehead, seeking to widen it.",
    "The ministry denied that its drones hit the port.",
    "If the talks fail, strikes will resume.",
    "Drones hit Odesa YESTERDAY, two days ago and last week.",
    "On 2024-11-06 a missile hit the plant; three people were killed.",
    "Two civilians were killed and five wounded — officials said.",
    "The death toll rose to 9 overnight.",
    "He said: “We will not leave.” «Never», she said, ‘quietly’.",
    "It was 'Operation X' -- or so they said; nobody knew.",
    # letters ``re`` folds onto ASCII ones under IGNORECASE
    "Tanks were DİSPLAYED in Kyiv.",
    "Rockets hit the town, repeatedly hitting the ſchool.",
    "A drone struck the WEEK-old camp (\u212aharkiv).",
    "Nothing happened here.",
    "",
]


def _gated_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Every pattern of event extraction that runs behind a pre-check."""
    out: list[tuple[str, re.Pattern[str]]] = []
    for module in (classify, dates, fatalities, segment):
        for name, value in vars(module).items():
            if isinstance(value, Gated):
                out.append((f"{module.__name__}.{name}", value.pattern))
            elif isinstance(value, classify._FastAlternation):
                out.append((f"{module.__name__}.{name}", value.regex))
    out += [(f"classify._WEAPON_TYPES[{etype}]", rx.pattern) for etype, rx in classify._WEAPON_TYPES]
    return out


def _fixture_texts() -> list[str]:
    texts = list(SENTENCES)
    for path in sorted(FIXTURES.glob("*.jsonl")) + sorted((REPO / "examples").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts += [record.get("text", ""), record.get("title", "")]
    for path in sorted((REPO / "examples").glob("*.txt")):
        texts.append(path.read_text(encoding="utf-8"))
    # clause-sized pieces too: the patterns run on sentences and clauses
    return texts + [piece for t in texts for piece in re.split(r"(?<=[.,;])\s+", t)]


def test_needles_of_simple_patterns() -> None:
    assert needles(re.compile(r"\b(?:since|repeatedly|every\s+(?:day|night))\b", re.I)) == {"since", "repeatedly", "every"}
    assert needles(re.compile(r"kill|dead|lost\s+their\s+li", re.I)) == {"kill", "dead", "their"}  # the longest literal of a branch
    assert needles(re.compile(r"\bMay\b")) == {"may"}
    # a literal under a repeat that may be empty is not required; a class is a set of needles
    assert needles(re.compile(r"(?:very\s+)?big")) == {"big"}
    assert needles(re.compile(r"\s+[—–]\s+")) == {"—", "–"}
    # a branch without a literal: nothing is required
    assert needles(re.compile(r"foo|\d+")) is None
    assert needles(re.compile(r"[a-z]+")) is None
    # a needle holding another is dropped
    assert needles(re.compile(r"common|commonplace")) == {"common"}


def test_gated_search_is_the_pattern_search() -> None:
    rx = re.compile(r"\b(?:on\s+display|were\s+displayed)\b", re.I)
    gated = Gated(rx)
    for text in SENTENCES:
        assert bool(gated.search(text)) == bool(rx.search(text)), text
        assert [m.span() for m in gated.finditer(text)] == [m.span() for m in rx.finditer(text)]
    assert gated.search("Tanks were DİSPLAYED in Kyiv.") is not None  # 'İ' matches 'i' under re.I


def test_fold_covers_every_letter_re_folds_onto_ascii() -> None:
    """Every character that a case-insensitive ASCII letter matches folds onto that letter."""
    letters = re.compile(r"[a-z]", re.I)
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if code < 128 or not letters.fullmatch(ch):
            continue
        matched = [a for a in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(a, ch, re.I)]
        assert matched and fold(ch) in matched, (hex(code), matched, fold(ch))
        assert len(fold(ch)) == 1


def test_needle_marks_have_no_case() -> None:
    """No character lower-cases onto a punctuation mark or symbol (those are needles as they are)."""
    import unicodedata

    for code in range(sys.maxunicode + 1):
        low = chr(code).lower()
        if len(low) == 1 and low != chr(code):
            assert unicodedata.category(low)[0] not in "PSZ" or low.upper() != low, hex(code)


@pytest.mark.parametrize("name,rx", _gated_patterns(), ids=lambda v: v if isinstance(v, str) else "")
def test_pre_check_never_rejects_a_match(name: str, rx: re.Pattern[str]) -> None:
    """Property: over the repo's fixtures and the sentences above, a text the pattern matches
    always passes the pre-check, and the gated search finds the same match."""
    gated = Gated(rx)
    matched = 0
    for text in _fixture_texts():
        m = rx.search(text)
        if m is None:
            continue
        matched += 1
        assert gated.may_match(fold(text)), (name, text)
        assert gated.may_match(fold(m.group(0))), (name, m.group(0))
        assert gated.search(text).span() == m.span()


def test_fast_alternations_find_the_plain_matches() -> None:
    for alt in (classify._HYPOTHETICAL, classify._OPINION, classify._DENIAL, classify._PLAN, classify._TRIGGERS):
        for text in _fixture_texts():
            plain = [(m.span(), m.groupdict()) for m in alt.regex.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in alt.finditer(text)] == plain, text


def test_alternatives_by_first_letter_keep_the_groups() -> None:
    """Each first-letter variant of the trigger alternation has the named groups of the whole,
    and keeps every alternative that can start with its letter."""
    whole = classify._TRIGGERS.regex
    for letter, match in classify._TRIGGERS.by_first.items():
        assert match.__self__.groupindex == whole.groupindex, letter
    assert classify._TRIGGERS.by_first["c"]("captured and recapture", 0).group(0) == "captured"
    assert classify._TRIGGERS.by_first["r"]("recapture", 0).group(0) == "recapture"
    variants = alternatives_by_first(r"(?P<a>(?:re)?capture|seize)|hit", re.I)
    assert variants["c"] == "(?P<a>(?:re)?capture)" and variants["r"] == "(?P<a>(?:re)?capture)"
    assert variants["h"] == "(?P<a>(?!))|hit"


def test_quote_starts_are_found_at_their_marks() -> None:
    for text in _fixture_texts() + ["a'b 'c' \"d\" “e” l'x ‘y’ 'Z", "'", "x'"]:
        starts, pos = [], 0
        while (m := segment._QUOTE_START.search(text, pos)) is not None:
            starts.append(m.span())
            pos = m.start() + 1
        fast, pos = [], 0
        while (m := segment._quote_start(text, pos)) is not None:
            fast.append(m.span())
            pos = m.start() + 1
        assert fast == starts, text


def test_date_hints_keep_every_date() -> None:
    """The split and gated hints of ``find_dates`` let through every sentence the old one did."""
    old = re.compile(r"day|\d{4}-\d|night|week|month|ago|tonight|morning|afternoon|evening", re.I)
    for text in _fixture_texts():
        folded = fold(text)
        new = bool(dates._OTHER_HINT.search(text, folded) or dates._ISO_HINT.search(text, folded))
        assert new == bool(old.search(text)), text
