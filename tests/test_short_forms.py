"""Short forms of the features an article names ("the Neches" after "the Neches River"),
on sentences written for these tests."""
from __future__ import annotations

from geomap.geoparsing import geoparse
from geomap.geoparsing.short_forms import SHORT_FORM_SCORE, short_forms
from geomap.model import Mention


def test_an_unknown_short_form_reads_as_the_feature_named_in_full(gazetteer, spans_of):
    # "Neches" alone is no gazetteer name; the Neches River is
    text = ("Paddlers launched on the Neches River near Beaumont. The Neches was high after "
            "the storms, and rangers closed the Neches access at dawn.")
    assert gazetteer.candidates("Neches") == []
    names = ("Neches River", "Beaumont", "Neches", "Neches")
    spans = spans_of(text, "Neches River", "Beaumont")
    spans += [(i, i + 6) for i in (text.index("The Neches") + 4, text.index("the Neches access") + 4)]
    got = geoparse(text, gazetteer=gazetteer, spans=spans)
    assert [m.text for m in got] == list(names)
    river = got[0].place
    assert river.kind == "river"
    for m in got[2:]:
        assert m.place.place_id == river.place_id and m.score <= SHORT_FORM_SCORE


def test_only_unknown_names_and_feature_names_count():
    from gazetteer.record import Place

    river = Place("r", "Neches River", "river", 30.08, -94.1, "US")
    town = Place("t", "Neches", "city", 31.87, -95.5, "US", "Texas", "US.TX", 200)
    text = "Neches River ... Neches ... Neches"
    ms = [Mention(0, 12, "Neches River", river, 0.8, "toponym"),
          Mention(17, 23, "Neches", None, 0.0, "toponym"),
          Mention(28, 34, "Neches", town, 0.6, "toponym")]
    got = short_forms(ms, {1})
    assert set(got) == {1} and got[1].place is river       # the known town keeps its reading
    ms[0] = Mention(0, 12, "Neches River", town, 0.8, "toponym")   # read as no feature
    assert short_forms(ms, {1}) == {}
