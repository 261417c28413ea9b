"""Capitals that stand for governments, and datelines.

The rule (documented in :mod:`.resolve`): a name used for a government -- a metonym
("Washington said", "Moscow's stance"), or a name next to words of diplomacy and
government ("relations between Cairo and Washington", "talks in Washington", "Washington
officials"), or a name coordinated with the capital of another country ("disputes between
Washington and Moscow", "Washington and Cairo should act": two governments, see
:func:`coordinated_capitals`) -- reads as the national capital when the name is shared by that capital and
a region of the same country: "Washington" is Washington, D.C., not Washington State
(a capital of another country is not favoured: "Victoria" in an Australian story stays
the state, not Hong Kong's Victoria).  A dateline ("WASHINGTON (AP) --", "KARAK, Jordan --") names a
city by the press convention, so a name used as a dateline reads as a city.

A national capital whose country the article names is that capital, not a small namesake
abroad that the other names pulled the reading to (:func:`capitals_of_named_countries`):
"helps Damascus distance itself from Tehran", in a story naming Syria and Washington, is
not Damascus, Maryland.

These uses are marked per mention (:func:`government_use`, :func:`dateline_use`); the
ranker's ``political`` feature carries the first to the capital cities among the
candidates, with a weight kept by hand (the development sets have too few such mentions to
learn it); a dateline keeps only the name's city readings (a rule in :mod:`.resolve`).
"""
from __future__ import annotations

import re

from typing import Callable, Sequence

from gazetteer.record import Place

from geomap.geoparsing.recognized import Recognized

__all__ = ["GOVERNMENT_WORDS", "government_use", "dateline_use", "coordinated_capitals",
           "CAPITAL_NAMESAKE_MAX", "capitals_of_named_countries"]

#: Words of diplomacy and government that make a nearby capital's name its government.
GOVERNMENT_WORDS = frozenset("""
administration administrations ambassador ambassadors bilateral diplomacy diplomat diplomats
diplomatic embassy embassies envoy envoys government governments negotiators negotiations
policy policies regime relations sanctions summit talks treaty ties lawmakers congress
parliament pentagon kremlin cabinet ministry minister ministers president officials
cooperated cooperate cooperation alliance allies ally pressured pressure accused warned urged
""".split())

#: Words that make the name a region, not a government ("Washington State", "state of").
_REGION_WORDS = frozenset({"state", "state's", "county", "province", "region", "territory",
                           "governor", "legislature", "statewide"})

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_WINDOW = 60
_DATELINE_AFTER = re.compile(r"^(?:,[^\n,.()\-—–]{2,30})?\s*(?:\([A-Za-z .&-]{1,25}\)\s*)?[-—–]{1,2}\s")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def government_use(span: Recognized, text: str) -> bool:
    """Is this mention used for a government?  A metonym, or a name within a few words of
    diplomacy/government words and not of region words ("Washington State")."""
    if span.role == "metonym":
        return True
    if not text or span.role != "toponym":
        return False
    before = _words(text[max(0, span.start - _WINDOW):span.start])[-6:]
    after = _words(text[span.end:span.end + _WINDOW])[:6]
    near = before + after
    if any(w in _REGION_WORDS for w in after[:2]) or any(w in _REGION_WORDS for w in before[-3:]):
        return False
    return any(w in GOVERNMENT_WORDS for w in near)


def dateline_use(span: Recognized, text: str) -> bool:
    """Does the mention open a paragraph as a dateline: upper-case name at the start of a
    line (or of the text), then an optional ", Region" and "(Agency)", then a dash?"""
    if not text or not span.text.isupper() or len(span.text) < 3:
        return False
    line_start = text.rfind("\n", 0, span.start) + 1
    lead = text[line_start:span.start].strip()
    # news texts often run a headline into the first line: "Council to vote. MANSFIELD --"
    if lead and not lead.endswith((".", "!", "?")):
        return False
    return bool(_DATELINE_AFTER.match(text[span.end:span.end + 60]))


#: What joins two coordinated names: "Washington and Moscow", "Beijing-Washington talks".
_COORDINATORS = frozenset({" and ", " or ", "-", "–", "—", " & ", "/"})
#: What ties a place to the place containing it ("Pullman, Washington and Moscow, Idaho").
_CONTAINER_GAPS = (",", " in ")


def _national_capitals(places: Sequence[Place]) -> set[str]:
    return {p.country_code for p in places if p.feature_code == "PPLC" and p.country_code}


def coordinated_capitals(spans: Sequence[Recognized], text: str,
                         candidates_of: Callable[[int], Sequence[Place]]) -> set[int]:
    """Indices of the spans used for a government by coordination: two names joined by
    "and" / "or" / a hyphen, each of which can be the national capital of a *different*
    country ("between Washington and Moscow", "Washington and Cairo should", "the
    Beijing-Washington summit").  A name tied to a container on either side ("Pullman,
    Washington and Moscow, Idaho") is an address, not a government, and is left alone.
    Linear in the number of spans."""
    out: set[int] = set()
    if not text:
        return out

    def tied(i: int) -> bool:
        if i > 0 and text[spans[i - 1].end:spans[i].start].startswith(_CONTAINER_GAPS) \
                and spans[i].start - spans[i - 1].end <= 4:
            return True
        if i + 1 < len(spans) and text[spans[i].end:spans[i + 1].start].startswith(_CONTAINER_GAPS) \
                and spans[i + 1].start - spans[i].end <= 4:
            return True
        return False

    for i in range(len(spans) - 1):
        a, b = spans[i], spans[i + 1]
        if a.role != "toponym" or b.role != "toponym" or b.start - a.end > 5:
            continue
        if text[a.end:b.start] not in _COORDINATORS:
            continue
        ca, cb = _national_capitals(candidates_of(i)), _national_capitals(candidates_of(i + 1))
        if not ca or not cb or (len(ca | cb) < 2) or tied(i) or tied(i + 1):
            continue
        out.update((i, i + 1))
    return out


#: A reading of a town smaller than this yields to the capital of a country the article
#: names (:func:`capitals_of_named_countries`).
CAPITAL_NAMESAKE_MAX = 50_000


def capitals_of_named_countries(recs: Sequence[Recognized], places: Sequence[Place | None],
                                candidates: dict[str, Sequence[Place]]) -> dict[int, Place]:
    """{index: capital} for the mentions read as a town of under
    :data:`CAPITAL_NAMESAKE_MAX` people while the name is also the national capital of a
    country the article names (as a country or by its demonym, "Syrians") more often than
    the town's own country: "Damascus" in a story about Syria and Iran.
    Linear in the number of mentions."""
    named: dict[str, int] = {}
    for r, p in zip(recs, places):
        if p is not None and p.kind == "country" and p.country_code \
                and r.role in ("toponym", "demonym", "metonym"):
            named[p.country_code] = named.get(p.country_code, 0) + 1
    if not named:
        return {}
    out: dict[int, Place] = {}
    for k, (r, p) in enumerate(zip(recs, places)):
        if p is None or p.kind != "city" or p.feature_code == "PPLC" \
                or (p.population or 0) >= CAPITAL_NAMESAKE_MAX or r.role == "demonym":
            continue
        own = named.get(p.country_code or "", 0)
        capital = next((c for c in candidates.get(r.key, ())
                        if c.feature_code == "PPLC" and c.kind == "city"
                        and named.get(c.country_code or "", 0) > own), None)
        if capital is not None:
            out[k] = capital
    return out
