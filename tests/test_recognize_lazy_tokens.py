"""The recogniser's fast scanner (``tokens.scan_lazy`` + ``tokens.initial_at``) gives the
same tokens, sentence-initial flags and n-gram keys as the documented scanner.

The expected flags and keys below were read off the scanner before ``initial`` became lazy
(the rule: a capitalised word begins a sentence when the punctuation after the last word
before it ends one -- "." "!" "?" ":" ";" a quote, "(", a line break, a spaced dash --
except ". " after "St", "Mr", an initial or an initialism; at the text start it does).
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from geomap.geoparsing.tokens import initial_at, ngram_keys, scan, scan_lazy

CASES = [
    ("Shelling hit Kherson. Residents of St. Louis fled to Mt. Vernon on Monday.",
     [("Shelling", True, False), ("Kherson", False, False), ("Residents", True, False),
      ("St", False, False), ("Louis", False, False), ("Mt", False, False),
      ("Vernon", False, False), ("Monday", False, False)],
     ["kherson", "louis", "monday", "mt", "mt vernon", "mt vernon on monday", "residents",
      "residents of st", "residents of st louis", "shelling", "st", "st louis", "vernon",
      "vernon on monday"]),
    ("KYIV, Ukraine (AP) — Russian forces shelled Kharkiv's outskirts; U.S. officials said.",
     [("KYIV", True, False), ("Ukraine", False, False), ("AP", True, False),
      ("Russian", True, False), ("Kharkiv", False, True), ("U.S.", True, False)],
     ["ap", "kharkiv", "kyiv", "russian", "u s", "ukraine"]),
    ("Mr. Smith met J. Smith in Rostov-on-Don and Port-au-Prince.",
     [("Mr", True, False), ("Smith", False, False), ("J", False, False), ("Smith", False, False),
      ("Rostov", False, False), ("Don", False, False), ("Port", False, False),
      ("Prince", False, False)],
     ["don", "don and port", "don and port au prince", "j", "mr", "port", "port au prince",
      "prince", "rostov", "rostov on don", "rostov on don and port", "smith"]),
    ("\"Odesa is calm,\" she said. 'Lviv too.'\nDnipro — Zaporizhzhia",
     [("Odesa", True, False), ("Lviv", True, False), ("Dnipro", True, False),
      ("Zaporizhzhia", True, False)],
     ["dnipro", "lviv", "odesa", "zaporizhzhia"]),
    ("Côte d'Ivoire, São Paulo and Île-de-France; Київ. Éire",
     [("Côte", True, False), ("d'Ivoire", False, False), ("São", False, False),
      ("Paulo", False, False), ("Île", False, False), ("France", False, False),
      ("Київ", True, False), ("Éire", True, False)],
     ["cote", "cote divoire", "divoire", "eire", "france", "ile", "ile de france", "kyiv",
      "paulo", "paulo and ile", "paulo and ile de france", "sao", "sao paulo",
      "sao paulo and ile"]),
    ("They won't. Paris", [("They", True, False), ("Paris", True, False)], ["paris", "they"]),
    ("Moscow's. Kyiv", [("Moscow", True, True), ("Kyiv", True, False)], ["kyiv", "moscow"]),
    ("the Sea of Azov near Bryansk region (Bryansk Oblast) - Sumy",
     [("Sea", False, False), ("Azov", False, False), ("Bryansk", False, False),
      ("Bryansk", True, False), ("Oblast", False, False), ("Sumy", True, False)],
     ["azov", "bryansk", "bryansk oblast", "bryansk region", "oblast", "sea", "sea of azov",
      "sumy"]),
    ("U.S.. Kyiv", [("U.S.", True, False), ("Kyiv", False, False)], ["kyiv", "u s"]),
    ("Kyiv", [("Kyiv", True, False)], ["kyiv"]),
    ("  Kyiv said", [("Kyiv", True, False)], ["kyiv"]),
]


@pytest.mark.parametrize("text,caps,keys", CASES)
def test_flags_and_keys_on_written_sentences(text, caps, keys):
    tokens, _ = scan(text)
    assert [(t.text, t.initial, t.possessive) for t in tokens if t.cap] == caps
    assert sorted(set(ngram_keys(text, tokens, max_tokens=5).values())) == keys
    lazy, _ = scan_lazy(text)
    assert [(t.text, initial_at(text, lazy, i), t.possessive)
            for i, t in enumerate(lazy) if t.cap] == caps
    assert sorted(set(ngram_keys(text, lazy, max_tokens=5).values())) == keys


PIECES = ["Kyiv", "KYIV", "U.S.", "St. ", "Mr. ", "J. ", "of ", "the ", "said ", "region",
          "won't", "Moscow's", "Kharkiv’s", "d'Ivoire", "Côte", "épizootie", "Київ", " — ", "-",
          ". ", ", ", "; ", "\n", " ", "(", "\"", "'", "“", "in ", "Sea of Azov", "3M", "x"]
texts = st.lists(st.sampled_from(PIECES), max_size=20).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_lazy_tokens_are_the_tokens_without_their_flags(text):
    full, _ = scan(text)
    lazy, _ = scan_lazy(text)
    assert [t._replace(initial=None) if t.cap else t for t in full] == lazy
    assert [t.initial for t in full if t.cap] == [initial_at(text, lazy, i)
                                                  for i, t in enumerate(lazy) if t.cap]
    assert ngram_keys(text, full, max_tokens=4) == ngram_keys(text, lazy, max_tokens=4)
