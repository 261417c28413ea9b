"""The recogniser's fast paths give the same results as the general code they replace."""
from __future__ import annotations

import pytest

from geomap.geoparsing import tokens

SENTENCES = [
    "Officials in Kherson said the Sea of Azov port of Berdyansk was shelled on Monday.",
    "The U.S. and the UK met in Côte d'Ivoire; l'Aquila and d'Artagnan were mentioned.",
    "BEIRUT: Moscow's stance on Rostov-on-Don, St. Louis and Mt. Vernon (Ga.) changed.",
    "O'Brien told reporters in Port-au-Prince that the F-16s and B52 left, G7 said.",
    "rock'n'roll in the 'Big Apple', Dr. Caleb Chu of the Oakdale Fire Department said",
    "a\nb (of the) \"in Paris\" [near Lyon] {at Nice} <to Rome> x_y of Bern -- the end",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_ascii_patterns_match_the_general_ones(text: str) -> None:
    assert text.isascii() or "Côte" in text
    text = text.replace("ô", "o")
    assert text.isascii()
    for fast, general in [(tokens._NAME_WORD_ASCII, tokens._NAME_WORD),
                          (tokens._KEEP_AFTER_OTHER_ASCII, tokens._KEEP_AFTER_OTHER),
                          (tokens._ELIDED_NAME_ASCII, tokens._ELIDED_NAME)]:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in general.finditer(text)]


@pytest.mark.parametrize("text", SENTENCES)
def test_scan_is_the_same_for_ascii_and_non_ascii_texts(text: str) -> None:
    # a non-ASCII character at the end takes the general patterns; the tokens before it agree
    ascii_tokens, _ = tokens.scan_lazy(text.replace("ô", "o"))
    general, _ = tokens.scan_lazy(text.replace("ô", "o") + " \u2014")
    assert ascii_tokens == general
