"""``other_uses._make_word_before`` searches only the end of the window; it must name the
same car maker as searching the whole window does."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from geomap.geoparsing import other_uses

SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIECES = ["Dodge", "Hyundai", "Volkswagen", "Oldsmobile", "XVolkswagen", "volkswagen", "Lincoln",
          "a ", " ", "  ", "\n", "\t", "\u00a0", "-", "9", "Toyota", "Superlongwordhere", "the ", "é"]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=12).map("".join)


def _maker(match) -> str | None:
    word = match.group(1).lower() if match is not None else None
    return word if word in other_uses._MODEL_MAKES else None


@SETTINGS
@given(texts)
def test_make_word_before_finds_the_same_maker(before):
    assert _maker(other_uses._make_word_before(before)) == \
        _maker(other_uses._MAKE_WORD_BEFORE.search(before))


def test_make_word_before_examples():
    assert _maker(other_uses._make_word_before("drove a red Dodge ")) == "dodge"
    assert _maker(other_uses._make_word_before("a Volkswagen\n")) == "volkswagen"
    assert other_uses._make_word_before("drove a red Dodge") is None
    assert _maker(other_uses._make_word_before("XVolkswagen ")) is None
