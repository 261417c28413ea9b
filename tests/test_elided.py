"""Names shortened in a coordination ("North and South Korea"), on sentences of our own,
through the real gazetteer: end to end and on given spans."""
from __future__ import annotations

import pytest

from geomap.geoparsing import geoparse
from geomap.geoparsing.elided import elided_before, elided_key_after


def found(text, gazetteer, **kw):
    return [(m.text, m.place.name if m.place else None) for m in geoparse(text, gazetteer=gazetteer, **kw)]


@pytest.mark.parametrize("text, expected", [
    ("Talks between North and South Korea resumed.", [("North", "North Korea"), ("South Korea", "South Korea")]),
    ("Storms hit North and South Carolina overnight.",
     [("North", "North Carolina"), ("South Carolina", "South Carolina")]),
    ("Frogs die out across North, Central and South America.",
     [("North", "North America"), ("Central", "Central America"), ("South America", "South America")]),
    ("Flights to Central or Eastern Europe were cut.",
     [("Central", "Central Europe"), ("Eastern Europe", "Eastern Europe")]),
])
def test_a_direction_word_stands_for_the_name_after_it(gazetteer, text, expected):
    assert found(text, gazetteer) == expected


def test_no_mention_when_the_whole_name_is_no_place(gazetteer):
    # there is no West Korea, and "North" without a coordination stays a plain word
    assert found("Ties between the West and South Korea grew.", gazetteer) == [("South Korea", "South Korea")]
    assert found("Troops moved North. South Korea protested.", gazetteer) == [("South Korea", "South Korea")]


def test_a_given_span_of_a_direction_word_reads_the_name_after_it(gazetteer):
    text = "Bats are dying in Central and South America."
    spans = [(text.index("Central"), text.index("Central") + 7),
             (text.index("South"), text.index("South") + len("South America"))]
    assert found(text, gazetteer, spans=spans) == [("Central", "Central America"), ("South America", "South America")]


def test_the_look_arounds_read_a_bounded_window():
    text = "North and " + "x" * 200 + " South Korea"
    assert elided_before(text, text.index("South"), "South Korea") == []
    long = "North" + " and" * 10_000 + " South Korea"
    assert elided_key_after(long, 0, 5) == []
    assert elided_before("North and South Korea", 10, "South Korea") == [(0, 5, "north korea")]
