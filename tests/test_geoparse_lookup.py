"""Name lookups: candidate lists are remembered per gazetteer for the whole process."""
from __future__ import annotations

from geomap.geoparsing import spans
from geomap.geoparsing.spans import Lookup


class _CountingGazetteer:
    """A stand-in gazetteer that counts the names it is asked about."""

    def __init__(self, table: dict[str, list]):
        self.table = table
        self.asked: list[str] = []

    def lookup_many(self, names):
        names = list(names)
        self.asked += names
        return {n: list(self.table[n]) for n in names if n in self.table}


def test_candidate_lists_are_shared_by_the_articles_of_a_process():
    gz = _CountingGazetteer({"paris": ["Paris, FR", "Paris, TX"]})
    first = Lookup(gz)(["paris", "xyzzy"])
    assert first == {"paris": ("Paris, FR", "Paris, TX")}
    assert sorted(gz.asked) == ["paris", "xyzzy"]
    gz.asked.clear()
    second = Lookup(gz)(["paris", "xyzzy"])       # a new article
    assert second["paris"] is first["paris"]       # the same read-only tuple, no new query
    assert gz.asked == []                          # names without places are remembered too
    assert Lookup(gz)(["xyzzy"]) == {}


def test_each_gazetteer_has_its_own_memory():
    a = _CountingGazetteer({"paris": ["Paris, FR"]})
    b = _CountingGazetteer({"paris": ["Paris, TX"]})
    assert Lookup(a)(["paris"]) == {"paris": ("Paris, FR",)}
    assert Lookup(b)(["paris"]) == {"paris": ("Paris, TX",)}


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(spans, "SHARED_NAMES", 3)
    gz = _CountingGazetteer({f"n{i}": [i] for i in range(10)})
    for i in range(10):
        Lookup(gz)([f"n{i}"])
    gz.asked.clear()
    Lookup(gz)(["n0"])        # forgotten when the memory was cleared: asked again
    assert gz.asked == ["n0"]


def test_names_without_places_are_forgotten_when_the_memory_is_full(monkeypatch):
    monkeypatch.setattr(spans, "SHARED_NAMES", 3)
    gz = _CountingGazetteer({})
    for i in range(10):
        assert Lookup(gz)([f"m{i}", ""]) == {}      # the empty key is never asked
    assert "" not in gz.asked and len(gz.asked) == 10
    gz.asked.clear()
    Lookup(gz)(["m0", "m9"])   # m0 was forgotten when the memory was cleared; m9 is remembered
    assert gz.asked == ["m0"]


def test_an_article_sees_the_names_it_asked_about_in_earlier_calls():
    gz = _CountingGazetteer({"paris": ["Paris, FR"], "lyon": ["Lyon, FR"]})
    lookup = Lookup(gz)
    lookup(["paris", "nowhere"])
    view = lookup(["lyon", "paris"])
    assert dict(view) == {"paris": ("Paris, FR",), "lyon": ("Lyon, FR",)}
    assert lookup.missing == {"nowhere"}
    assert sorted(gz.asked) == ["lyon", "nowhere", "paris"]   # each name asked once
