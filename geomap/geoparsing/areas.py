"""Area names the gazetteer spells otherwise: a region called after its main city, and a
Ukrainian hromada (territorial community) called by an adjective of its centre's name.

* "Zaporizhia region", "Mykolaiv oblast": the recogniser keys the span by the city's name
  with ``kind="admin1"``; when no admin region bears that spelling but a town of 20,000+
  people does, the key becomes the name of the town's own first-level region
  (:func:`region_of_city_keys`), so "Zaporizhia region" is Zaporizhzhia Oblast and not the
  city.
* "the Bashtanska hromada", "Velykopysarivska territorial community": a hromada is named by
  the adjective of its centre ("Bashtanka" -> "Bashtanska", "Velyka Pysarivka" ->
  "Velykopysarivska", "Mezhyrich" -> "Mezhyritska").  :func:`hromada_centres` turns the
  adjective back into the names its centre may bear; the region that qualifies the
  mention ("..., Mykolaiv region") then picks among the towns so named, as for any name.
"""
from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Sequence

from gazetteer.normalize import fold

from geomap.geoparsing.recognized import Recognized

if TYPE_CHECKING:  # pragma: no cover
    from geomap.geoparsing.spans import Lookup

__all__ = ["REGION_CITY_MIN", "HROMADA_WORDS", "HROMADA_CONFIDENCE", "region_of_city_keys",
           "hromada_centres", "hromada_key", "hromada_spans"]

#: A town whose name (with "region") names its first-level region has this many people.
REGION_CITY_MIN = 20_000
#: Words after a hromada's adjective.
HROMADA_WORDS = ("hromada", "territorial community", "community", "amalgamated hromada",
                 "united territorial community", "amalgamated territorial community")
#: Confidence of a hromada mention: the town stands for the community around it.
HROMADA_CONFIDENCE = 0.7
_AREA_KINDS = ("admin1", "admin2")
_HROMADA = re.compile(r"\b([A-Z][a-z\u2019'-]{2,40}ska)\s+(?:(?:amalgamated|united)\s+)?"
                      r"(?:hromada|territorial\s+community|community)\b")
#: Compound adjectives join an adjective to the noun: "Velyka Pysarivka" -> "Velykopysarivska".
_COMPOUND_HEADS = {"velyko": ("velyka", "velykyi", "velyki", "velyke"),
                   "malo": ("mala", "malyi", "mali", "male"),
                   "novo": ("nova", "novyi", "novi", "nove"),
                   "staro": ("stara", "staryi", "stari", "stare"),
                   "verkhnio": ("verkhnia", "verkhnii"), "nyzhnio": ("nyzhnia", "nyzhnii")}


def region_of_city_keys(recs: Sequence[Recognized], lookup: "Lookup") -> list[Recognized]:
    """``recs`` with each "X region" span (``kind="admin1"``) whose key no admin region
    bears re-keyed to the first-level region of the biggest town of 20,000+ called X."""
    asks = [r.key for r in recs if r.kind == "admin1" and r.key]
    if not asks:
        return list(recs)
    found = lookup(asks)
    regions: dict[str, str] = {}
    for key in dict.fromkeys(asks):
        places = found.get(key, ())
        if not places or any(p.kind in _AREA_KINDS for p in places):
            continue
        towns = [p for p in places if p.kind == "city" and p.admin1
                 and (p.population or 0) >= REGION_CITY_MIN]
        if towns:
            town = max(towns, key=lambda p: p.population or 0)
            regions[key] = fold(town.admin1)
    if not regions:
        return list(recs)
    known = lookup(list(regions.values()))
    out = []
    for r in recs:
        region = regions.get(r.key) if r.kind == "admin1" else None
        if region and any(p.kind == "admin1" for p in known.get(region, ())):
            r = dataclasses.replace(r, key=region)
        out.append(r)
    return out


def hromada_centres(adjective: str) -> list[str]:
    """The folded names the centre of a hromada called ``adjective`` may bear, most likely
    first: "Bashtanska" -> bashtanka, ...; "Mezhyritska" -> mezhyrich, ...;
    "Velykopysarivska" -> velyka pysarivka, ...; [] when it is no such adjective."""
    word = fold(adjective)
    if " " in word or not word.endswith("ska") or len(word) < 6 or word[-4] in "aeiouy":
        return []   # -ska after a consonant ("Kupianska"), not "Alaska"
    stems: list[str] = []
    if word.endswith("tska"):       # Marhanets -> Marhanetska, Mezhyrich -> Mezhyritska
        base = word[:-4]
        stems += [base + "ts", base + "ch", base + "tsk"]
    base = word[:-3]
    stems += [base + "ka", base + "sk", base, base + "e", base + "ske", base + "ia"]
    if base.endswith("il"):         # Huliaipole -> Huliaipilska, Vysokopillia -> Vysokopilska
        stems += [base[:-2] + "ole", base[:-2] + "olia", base + "lia"]
    out: list[str] = []
    for stem in stems:
        out.append(stem)
        for head, forms in _COMPOUND_HEADS.items():
            if stem.startswith(head) and len(stem) > len(head) + 3:
                out += [f"{form} {stem[len(head):]}" for form in forms]
    return list(dict.fromkeys(out))


def hromada_key(adjective: str, lookup: "Lookup") -> str | None:
    """The first of :func:`hromada_centres` that names a town in the gazetteer, or None."""
    names = hromada_centres(adjective)
    if not names:
        return None
    found = lookup(names)
    for name in names:
        if any(p.kind == "city" for p in found.get(name, ())):
            return name
    return None


def hromada_spans(text: str, recs: Sequence[Recognized], lookup: "Lookup") -> list[Recognized]:
    """``recs`` plus a span for each "<Adjective>ska hromada / territorial community" of
    ``text`` that no recognised span overlaps and whose centre the gazetteer knows
    (:func:`hromada_key`), keyed by the centre's name.  Sorted by start."""
    if "ska" not in text:
        return list(recs)
    out = list(recs)
    for m in _HROMADA.finditer(text):
        start, end = m.start(1), m.end()
        if any(r.start < end and start < r.end for r in out):
            continue    # the recogniser read it already
        key = hromada_key(m.group(1), lookup)
        if key is not None:
            out.append(Recognized(start, end, text[start:end], key, "toponym", "city", None,
                                  "", HROMADA_CONFIDENCE))
    out.sort(key=lambda r: r.start)
    return out
