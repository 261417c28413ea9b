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
    assert gz.asked == ["xyzzy"]                   # unknown names are asked again (cheap in the store)


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
