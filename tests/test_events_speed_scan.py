"""The literal-start scan of :class:`geomap.events.classify._FastAlternation`: the literal starts
(:func:`geomap.events.scan.literal_prefixes`) begin every match, and the scanned path finds
exactly what the word-by-word path finds."""
from __future__ import annotations

import re

from geomap.events import classify
from geomap.events.scan import fold, literal_alternation, literal_prefixes

from test_events_scan import _fixture_texts

ALTERNATIONS = (classify._HYPOTHETICAL, classify._OPINION, classify._DENIAL, classify._PLAN, classify._TRIGGERS)
ODD = ["claſh with police", "ſhelled the town", "İntercepted; ınterception", "Kdrones hit", "re-captured it",
       "A \u212aILLED man; killed", "drone\u2019s strike, air\u00a0raid", "5drones hit 2 towns", "_hit the port"]


def test_literal_prefixes_of_simple_patterns() -> None:
    assert literal_prefixes(r"\b(?:air\s?strikes?|drones?)", re.I) == {"air", "airstrik", "drone", "drones"}
    assert literal_prefixes(r"(?:re)?capture|seize", re.I) == {"recaptur", "capture", "seize"}
    assert literal_prefixes(r"x?y*z+w") == {"xy", "y", "z", "xz"}
    assert literal_prefixes(r"Kyiv|odesa") == {"Kyiv", "odesa"}  # case kept without IGNORECASE
    # a match may start with something that is not a literal letter: no prefixes
    assert literal_prefixes(r"a|\d+") is None
    assert literal_prefixes(r"(?:\u2019s)?x") is None


def test_literal_alternation_is_a_trie() -> None:
    assert literal_alternation({"air", "airstrik", "drone", "dro", "bomb"}) == "(?:air|bomb|dro)"
    rx = re.compile(literal_alternation({"shell", "shot", "strike"}))
    assert [bool(rx.match(w)) for w in ("shelling", "shots", "strikes", "sho", "stroke")] == [True, True, True, False, False]


def test_every_match_starts_with_a_literal_prefix() -> None:
    for alt in ALTERNATIONS:
        prefixes = literal_prefixes(alt.regex.pattern, alt.regex.flags)
        assert prefixes is not None
        for text in _fixture_texts() + ODD:
            for m in alt.regex.finditer(text):
                assert any(fold(m.group(0)).startswith(p) for p in prefixes), m.group(0)


def test_scanned_path_is_the_word_by_word_path() -> None:
    """Bit for bit the former path, on odd letters too (a match of the plain regex at "ſhelled"
    is found by neither: no word starts at "ſ")."""
    for alt in ALTERNATIONS:
        for text in _fixture_texts() + ODD:
            slow = [(m.span(), m.groupdict()) for m in alt._word_by_word(text)]
            assert [(m.span(), m.groupdict()) for m in alt._scanned(text)] == slow, text
