"""extract_events never crashes and always returns consistent rows, whatever the text."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

from geomap.events import dedupe_events, extract_events
from geomap.model import Article

from test_events_rules import fixture_mentions

PIECES = ["Drones hit ", "Kyiv", "Odesa", "Moscow", ", the southern city of ", "Rostov", " and ", "the Bryansk region",
          " on Thursday", " yesterday", " last week", " on Nov. 6, 2024", ". ", "\n", "\n\n", "“", "”", "\"", "‘", "’s ",
          "would ", "if ", "no evidence ", "near ", "in ", "Kremlin said ", "Russian ", "shelling ", "protest ",
          "(AP Photo) ", "U.S. ", "Mr. ", "…", "—", "; ", ", as ", "its territory ", "Romania", "Ukraine"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1))))
def test_random_articles(pieces, published):
    text = "".join(pieces)
    article = Article(id="fuzz", text=text, published=published, source="S")
    events = extract_events(article, fixture_mentions(text))
    for e in events:
        assert text[e.location_start:e.location_end] == e.location_text
        assert e.evidence and e.evidence in text
        assert e.event_type and e.trigger and e.location_reason
        assert (e.event_date is None) == (e.date_source == "unresolved")
        assert (e.date_source != "text") == (e.date_precision == "unresolved")
        if published is None:
            assert e.date_text or e.event_date is None  # no date is ever invented
    assert len(dedupe_events(events)) <= len(events)


def test_empty_and_odd_inputs():
    assert extract_events(Article(id="e", text=""), []) == []
    assert extract_events(Article(id="w", text="   \n\n  "), []) == []
    text = "Drones hit Kyiv."
    assert extract_events(Article(id="n", text=text, published=dt.date(2024, 1, 1)), []) == []
    assert dedupe_events([]) == []
