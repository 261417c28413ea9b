"""The scanner's regexes are written for the regex engine's speed; each must match exactly
what its plain form matches (the forms the docstrings of ``geomap.geoparsing.tokens`` give)."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings, strategies as st

from geomap.geoparsing import tokens

SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIECES = ["O'Brien", "won't", "d'Ivoire", "l’Aquila", "'s", "’s", "''", "'", "’", "_", "a", "the",
          "then", "there", "of", "off", "in", "inside", "into", " ", ".", "-", "é", "3", "Paris",
          "U.S.", "said", "sai", "saw", "region", "regions", "town", "townships", "\n"]
texts = st.one_of(st.text(max_size=40),
                  st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)),
                           max_size=20).map("".join))

PLAIN_CONT = r"(?:\w|['’](?=\w))*"


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@SETTINGS
@given(texts)
def test_word_rest_matches_its_plain_form(text):
    assert _spans(re.compile("[^\\W_]" + tokens._CONT), text) == \
        _spans(re.compile("[^\\W_]" + PLAIN_CONT), text)
    assert _spans(tokens._WORD, text) == \
        _spans(re.compile(r"(?:[A-Z][a-z]?\.){2,}|[^\W_]" + PLAIN_CONT), text)


def _plain_alternation(words: list[str]) -> re.Pattern:
    """The words as a plain alternation, longest first (what the trie stands for)."""
    return re.compile(" (" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"
                      + tokens._KEEP_END)


@SETTINGS
@given(texts)
def test_rule_word_trie_matches_its_plain_alternation(text):
    plain = _plain_alternation(tokens._KEEP_LOWER)
    assert [m.span(1) for m in tokens._KEEP_AFTER_SPACE.finditer(text)] == \
        [m.span(1) for m in plain.finditer(text)]


def test_trie_pattern_examples():
    trie = re.compile("(?:" + tokens._trie_pattern(["a", "an", "and", "at", "the", "then"]) + r")\b")
    for word in ["a", "an", "and", "at", "the", "then"]:
        assert trie.fullmatch(word), word
    for word in ["ant", "th", "thee", "x", ""]:
        assert not trie.fullmatch(word), word
