"""The recogniser's scanner finds exactly the words of the word definition it documents.

``tokens.scan`` finds capitalised words and the few lower-case words the rules need with
dedicated regexes (fast path) and every word then filters (general path, taken by texts
with an underscore).  Both must give the same tokens: appending " _" to a text adds no
token and switches it to the general path.  ``LowerWords`` must agree with the set of all
lower-case words of the text.
"""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings, strategies as st

from geomap.geoparsing.tokens import LowerWords, Token, scan, tokenize

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: The documented word definition (``tokens._WORD``), restated here on purpose.
WORD = re.compile(r"(?:[A-Z][a-z]?\.){2,}|[^\W_](?:\w|['’](?=\w))*")
PIECES = ["U.S.", "U.S.A.", "St. ", "Mr. ", "J. ", "of ", "the ", "said ", "region", "Sea of Azov",
          "d'Ivoire", "l’Aquila", "O'Brien's", "Moscow’s", "won't", "wouldn't", "Rostov-on-Don",
          "épizootie", "École", "İstanbul", "ǅemal", "Ⅻ", "½", "中国", "3M", "x_Paris", " _Paris",
          "'Paris'", "Ga.", "W.Va.", "a", "A", "y", "e", "in", ". ", ", ", "\n", " ", "-", "—",
          "'", "’", "_", "(", "\"", "“", "é", "\u0301", "\u00a0", "×", "·", "\u2028", "of", "the"]
texts = st.one_of(st.text(max_size=60),
                  st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)),
                           max_size=25).map("".join))


def _lower_words(text: str) -> set[str]:
    out = set()
    for word in WORD.findall(text):
        capital = word[0].isupper() or (len(word) > 2 and word[1] in "'’" and word[2].isupper())
        if not capital and word.islower():
            out.add(word)
    return out


@SETTINGS
@given(texts)
def test_fast_scanner_equals_general_path(text):
    fast, _ = scan(text)
    general, _ = scan(text + " _")
    assert fast == general


@SETTINGS
@given(texts)
def test_tokens_are_words_of_the_text(text):
    words = {m.start(): m.group() for m in WORD.finditer(text)}
    for tok in tokenize(text):
        word = words.get(tok.start)
        assert word is not None, (text, tok)
        if tok.possessive:
            assert word[-2:] in ("'s", "’s", "'S", "’S") and word[:-2] == tok.text, (text, tok)
        else:
            assert word == tok.text, (text, tok)
        assert text[tok.start:tok.end] == tok.text


@SETTINGS
@given(texts, st.lists(st.sampled_from(["paris", "the", "won't", "a", "é", "bath", "épizootie",
                                        "ivoire", "x_paris", "s"]), max_size=4))
def test_lower_words_agree_with_the_word_set(text, probes):
    expected = _lower_words(text)
    lower = LowerWords(text)
    for word in list(expected)[:10] + probes:
        assert (word in lower) == (word in expected), (text, word)


def test_scanner_examples():
    toks = tokenize("Officials in Côte d'Ivoire said the U.S. and O'Brien's team met in l’Aquila.")
    assert [(t.text, t.cap, t.possessive) for t in toks if t.cap] == [
        ("Officials", True, False), ("Côte", True, False), ("d'Ivoire", True, False),
        ("U.S.", True, False), ("O'Brien", True, True), ("l’Aquila", True, False)]
    assert [t.text for t in toks if not t.cap] == ["in", "said", "the", "and", "in"]
    assert all(isinstance(t, Token) for t in toks)
    lower = scan("The bath was cold. Bath is a city; batheless")[1]
    assert "bath" in lower and "city" in lower and "cold" in lower
    assert "bathe" not in lower and "the" not in lower   # "The" is capitalised; no "the"


@SETTINGS
@given(texts)
def test_ngram_keys_fold_the_whole_span(text):
    from gazetteer.normalize import fold
    from geomap.geoparsing.tokens import ngram_keys

    tokens = tokenize(text)
    for (i, j), key in ngram_keys(text, tokens, max_tokens=5).items():
        assert key == fold(text[tokens[i].start:tokens[j].end]), (text, i, j)


def test_lower_words_on_long_runs_and_many_occurrences():
    glued = "Bath" + "bath" * 5000                        # no whitespace at all
    assert "bath" not in LowerWords(glued)                 # one word "Bathbathbath...", capitalised
    many = "Bath. " + "the bath, " * 100                  # more occurrences than looked at one by one
    lower = LowerWords(many)
    assert "bath" in lower and "the" in lower and "baths" not in lower
    assert "bat" not in LowerWords("x" * 200 + "bat" + "Bat")  # deep inside a long word
