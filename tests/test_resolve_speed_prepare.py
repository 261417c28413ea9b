"""The cheap tests in front of the preparation steps' patterns decide as the patterns do:
a name used as a town (:func:`.local_use._local`) against the plain reading of its window."""
from __future__ import annotations

import random

from geomap.geoparsing import local_use
from geomap.geoparsing.local_use import _ADDRESS_BEFORE, _ARTICLE_BEFORE, _WINDOW, _WORD_AFTER, PERSON_NOUNS
from geomap.geoparsing.recognized import Recognized


def _plain_local(text: str, r: Recognized) -> bool:
    before = text[max(0, r.start - _WINDOW):r.start]
    if _ADDRESS_BEFORE.search(before):
        return True
    if _ARTICLE_BEFORE.search(before[-4:]):
        after = _WORD_AFTER.match(text, r.end, min(len(text), r.end + 30))
        return bool(after and after.group(1) in PERSON_NOUNS)
    return False


PIECES = ["a ", "an ", "A ", "An  ", "the ", "2517 Memphis St., ", "420 N. Augusta Ave.,\n",
          "1935 Orchard Street,\u00a0 ", "12 Main Rd ,", ",", ", ", " ", "\t", "\n", "\u2003",
          "visited ", "in ", "woman ", "x" * 50, "9 ", "Oak Lane,  \n "]


def test_local_is_the_plain_reading():
    rng = random.Random(1)
    hits = 0
    for _ in range(4000):
        prefix = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 5)))
        text = prefix + "Lebanon" + rng.choice([" woman said", " man", "", " residents", ", Ohio"])
        r = Recognized(len(prefix), len(prefix) + 7, "Lebanon", "lebanon")
        got = local_use._local(text, r)
        assert got == _plain_local(text, r), text
        hits += got
    assert hits > 100
