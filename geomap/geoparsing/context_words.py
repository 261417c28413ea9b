"""Words around a name that decide how resolution reads it (:mod:`.resolve`).

* "Russian forces", "Ukrainian troops": a demonym of armed forces names whose the forces
  are, not where the event is; it counts little as context (:func:`military_demonym`).
  So does a demonym of a power acting abroad: "Russian-installed officials", "Iranian-backed
  militias", "Israeli-occupied" name who rules or backs, not where.
* "Grad rockets", "Ural trucks": a single name right before a word of weapons or vehicles
  is the weapon's or vehicle's name, not a place (:func:`hardware_name`).
* "the Dnipro river", "the river Dnipro": the generic word gives the kind
  (:func:`named_kind`).
"""
from __future__ import annotations

import re

from geomap.geoparsing.recognized import Recognized

__all__ = ["MILITARY_DEMONYM_INFLUENCE", "MILITARY_NOUNS", "ACTOR_NOUNS", "HARDWARE_NOUNS", "military_demonym",
           "hardware_name", "named_kind"]

#: How much a demonym of armed forces ("Russian forces", "Ukrainian troops") counts as
#: context for its country, against 1 for a place name: armies fight abroad, so it names
#: whose the forces are, not where the event is.
MILITARY_DEMONYM_INFLUENCE = 0.05
#: Words after a name that make it a weapon's or a vehicle's ("Grad rockets", "Ural trucks").
HARDWARE_NOUNS = frozenset("""
rocket rockets missile missiles launcher launchers mlrs truck trucks lorry lorries howitzer
howitzers mortar mortars drones systems
""".split())
_HARDWARE_MODIFIERS = frozenset({"multiple", "military", "army", "rocket", "missile", "cruise",
                                 "ballistic", "artillery", "launch", "combat", "armoured",
                                 "armored", "attack", "fighter", "kamikaze", "air", "defence",
                                 "defense"})
#: Words after a demonym that make it one of armed forces.
MILITARY_NOUNS = frozenset("""
forces force troops army armed military soldiers servicemen service units unit positions
artillery shelling strikes strike missiles missile rockets aircraft jets warplanes drones
drone navy naval occupiers occupation invaders tanks militants fighters paratroopers marines
tank soldier jet warplane helicopter helicopters bomber bombers vehicle vehicles convoy
column armour armor warship warships submarine submarines fleet battalion brigade regiment
infantry sniper snipers bombs bomb shells shell howitzer howitzers mortar mortars assault
""".split())
#: Words after a demonym that make it a state's actors, who speak and act far from home
#: ("Russian officials in Donetsk said", "Russian state media reported"): they count as
#: little as armed forces ("the Russian government" is the state at home and counts in full).
ACTOR_NOUNS = frozenset("""
officials official authorities media diplomats diplomat officers
""".split())
_WORD = re.compile(r"[a-z]+")
_GENERIC_KINDS = ("river", "lake", "sea")


#: Participles that, hyphenated after a demonym, make it a power acting abroad:
#: "Russian-installed", "Iranian-backed", "Turkish-controlled".
PROXY_PARTICIPLES = frozenset("""
installed backed occupied controlled appointed held led annexed administered allied
sponsored supported funded armed trained imposed run
""".split())
_PROXY = re.compile(r"[-‑–]([a-z]+)")


def military_demonym(span: Recognized, text: str) -> bool:
    """A demonym followed (within a word, or "and DPR") by a word of armed forces:
    "Russian forces", "Russian military units", "Russian and DPR forces"; or hyphenated to
    a participle of a power acting abroad: "Russian-installed officials"."""
    if span.role != "demonym" or not text:
        return False
    m = _PROXY.match(text, span.end)
    if m is not None and m.group(1).lower() in PROXY_PARTICIPLES:
        return True
    words = _WORD.findall(text[span.end:span.end + 40].lower())[:3]
    return any(w in MILITARY_NOUNS or w in ACTOR_NOUNS for w in words)


def _next_words(text: str, end: int, n: int = 2) -> list[str]:
    return _WORD.findall(text[end:end + 30].lower())[:n]


def hardware_name(span: Recognized, text: str) -> bool:
    """A single name right before a word of weapons or vehicles is the weapon's or the
    vehicle's name, not a place: "Grad rockets", "Ural trucks", "Tornado launchers"."""
    if span.role != "toponym" or not text or " " in span.text.strip():
        return False
    if text[span.end:span.end + 1] not in (" ", "-"):
        return False
    words = _next_words(text, span.end, 3)
    return bool(words) and (
        words[0] in HARDWARE_NOUNS or (words[0] in _HARDWARE_MODIFIERS and len(words) > 1
                                       and words[1] in HARDWARE_NOUNS))


def named_kind(span: Recognized, text: str) -> str | None:
    """The kind a generic word after the name gives it: "the Dnipro river" is the river."""
    if not text:
        return None
    around = text[max(0, span.start - 12):span.end + 30].lower()
    if "river" not in around and "lake" not in around and "sea" not in around:
        return None   # neither word is near (lower-casing keeps ASCII words whole)
    after = _WORD.search(text[span.end:span.end + 30].lower())
    if after and after.group() in _GENERIC_KINDS:
        return after.group()
    before = _WORD.findall(text[max(0, span.start - 12):span.start].lower())[-1:]
    if before and before[0] in _GENERIC_KINDS:
        return before[0]
    return None
