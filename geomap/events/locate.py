"""Which place mentions of a clause say *where* something happened.

A resolved toponym is an event location when it has a locative role in the clause:

* after a locative preposition - in, at, near, outside, towards, around, over, across,
  inside, into, along, close to, outskirts of, "north of"... ("locative 'near'");
* as the object of an attack or movement verb or noun - "drones targeting Moscow",
  "hit the Danube river port of Izmail", "attacks on Moscow", "visit to Kyiv",
  "recaptured Robotyne" ("object of 'targeting'");
* listed after such a place - "Moscow, the southern city of Rostov and the southwestern
  Bryansk region" (``listed with Moscow``), also "Kyiv, Ukraine" (the container is dropped).

Between the cue and the name only determiners, lower-case modifiers ("the southern"),
demonyms ("the Sudanese capital"), a head noun with "of" ("city of", "river port of") and
modifier toponyms ("the *Danube* river port of") may stand.  Never locations: demonyms and metonyms (as tagged by the
geoparser), possessives other than geographic ones ("Moscow's delusions" but not
"Ukraine's border"), names followed by a speech verb ("Kyiv said") or by an organisation
word ("Kyiv Post"), and unresolved mentions.

"A column advancing from X to Y" locates near Y (the destination; X is no cue).
A place an attack came from ("fired at X from their positions in Y") is located only when the
clause locates nothing else.  A town in a parenthesis right after a located area lies in that area and names it ("shelled
the X community, Sumy region (Y)": Y).  "Near X" after a region ("in the Kharkiv region near
X") locates X; after a town it only says where that town is.  A town named as its district
("the Beryslav district", coded to the district's centre town by :mod:`.qualify`) or as a
front sector ("the Kupiansk direction") is near the town (``geo_precision`` 2).
:func:`only_place` is the fallback of :mod:`.extract` when no cue applies.

When several places remain, a place that contains another one of the same event is
dropped ("in Kyiv, Ukraine" -> Kyiv): a country containing a city/region of it, an
admin-1 region containing a city of it, a river, lake or sea whose box holds a town of it
("on the Dnipro river bank near Kherson" -> near Kherson).

``geo_precision`` (ACLED): 1 a town; 2 near a town ("near", "outside", "towards"...) or an
admin-2 unit; 3 an admin-1 region, a river, sea or other region; 4 a country.  Admin units
no bigger than a city (city-regions such as Kyiv) count as towns.
"""
from __future__ import annotations

import collections
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Sequence

from geomap.model import Mention, Place
from geomap.events.qualify import QUALIFIER_ROLE

__all__ = ["Located", "locate", "geo_precision_of", "drop_containers", "only_place"]


@dataclass(frozen=True, slots=True)
class Located:
    """A mention in a locative role, with why and how precisely."""

    mention: Mention
    reason: str
    cue: str
    near: bool
    geo_precision: int


_HEADS = frozenset("""city town village port region province oblast district capital settlement area
outskirts suburb suburbs community municipality county state territory coast island peninsula hamlet
republic raion enclave town's city's harbour harbor base airport airfield region's districts neighbourhood
neighbourhoods neighborhood neighborhoods areas villages towns cities regions parts part centre center
outskirts suburbs settlements communities streets hometown homeland""".split())
_DETERMINERS = frozenset("the a an its their his her our this that these those".split())
_STOP = frozenset("""from by with to for of about against between through via under after before during since
on in at near where which that who whom whose and or but nor said says told say it he she they we you
i is are was were be been being has have had not no as than then when while if also""".split())
_SPEECH_AFTER = re.compile(r"^[’']?s?\s*(?:,\s*)?(?:(?:defen[cs]e\s+|foreign\s+|interior\s+|state\s+|news\s+|"
                           r"emergency\s+|health\s+)?(?:military|army|forces|government|officials|authorities|ministry|"
                           r"president|leader|police|media|governor|mayor|spokes(?:man|woman|person)|agency|embassy|navy|"
                           r"air\s+force|command|prosecutors?|services?)\s+)?"
                           r"(?:has\s+|have\s+|had\s+)?(?:said|says|say|told|tells|claimed|claims|"
                           r"announced|announces|stated|denied|denies|accused|accuses|warned|warns|insisted|insists|"
                           r"responded|reported|confirmed|declared|demanded|urged)\b")
_ORG_AFTER = re.compile(r"^\s+(?:University|Times|Post|Herald|Airlines?|Air\b|Railways?|Dynamo|Metro(?:politan)?\b|FC\b|Club|"
                        r"Ministry|Bank|Institute|Council|Guard|Group|News|Observer|Independent|Telegraph|Mail|Tribune|"
                        r"Journal|Gazette|Radio|TV|Television|Patriarchate|Stock\s+Exchange|Philharmonic|Orchestra|"
                        r"Accords?|Agreements?|Protocol|Format|Declaration|Convention|Summit|Process)\b")
_GEO_POSSESSED = re.compile(r"^[’']s\s+(?:(?:[a-z-]+)\s+){0,2}?(?:border|borders|territory|territories|coast|coastline|"
                            r"outskirts|capital|south|north|east|west|centre|center|region|regions|airspace|frontier|"
                            r"port|ports|city|cities|towns?|villages?|suburbs|districts?|soil|front|frontline|front\s+line|"
                            r"side|shore|shores|waters|border\s+areas?|countryside|heartland|interior|skies)\b")
#: a country's institution, not its territory: "a source in Ukraine's SBU security service told"
_ORG_POSSESSED = re.compile(r"[’']s\s+(?:[A-Za-z-]+\s+){0,2}?(?:SBU|FSB|GUR|security\s+service|intelligence|"
                            r"(?:defen[cs]e|foreign|interior|emergencies)\s+ministry|ministry\s+of|general\s+staff|"
                            r"armed\s+forces|air\s+force|navy|government|parliament|prosecutor(?:'s|’s)?(?:\s+office)?|"
                            r"(?:national|border)\s+guard|emergency\s+service|president|embassy|news\s+agency)"
                            r"(?![\w-])(?!\s+(?:base|bases|airfield|airfields|headquarters|building|buildings|facility|"
                            r"facilities|depot|depots|positions?)\b)")
_NEAR_CUES = frozenset({"near", "outside", "around", "towards", "toward", "close to", "next to", "nearby", "along", "across",
                        "outskirts of", "suburbs of", "suburb of", "off the coast of", "on the outskirts of",
                        "on the edge of"})
#: "north of", "south-eastern of"...: a direction relative to a reference place.
_DIRECTION_OF = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of"
_LOCATIVE = re.compile(
    r"(?:^|[\s(])(?P<cue>in|at|near|outside|towards?|around|across|inside|into|over|throughout|within|along|close\s+to|"
    r"next\s+to|nearby|(?:in\s+(?:the\s+)?)?directions?\s+of|(?:on\s+the\s+)?outskirts\s+of|suburbs?\s+of|off\s+the\s+coast\s+of|on\s+the\s+edge\s+of|"
    + _DIRECTION_OF + r"|residents\s+of|"
    r"inhabitants\s+of|streets\s+of|"
    # "shelled 10 communities along the border, including X and Y": the places the object names
    r"including|"
    # "a column advancing from X to Y": the destination (X, the origin, is no cue)
    r"(?:coming|advancing|moving|heading|marching|pushing|driving)\s+from\s+[\w’'-]+(?:\s+[\w’'-]+)?\s+to)\s*$", re.I)
_OBJECT = re.compile(
    r"(?:^|[\s(])(?P<cue>target(?:ing|ed|s)?|hit|hits|struck|strikes?\s+(?:on|against)|attack(?:s|ed|ing)?(?:\s+(?:on|against))?|"
    r"shell(?:ed|ing)?(?:\s+of)?|bomb(?:ed|ing)?(?:\s+of)?|raids?\s+on|raided|captur(?:ed|ing|e)\b|recaptur(?:ed|ing)|retook|"
    r"seized|liberat(?:ed|ing|ion\s+of)|(?:took|taken|taking|take|regained|gained|established|seized|retook)\s+(?:full\s+)?control\s+(?:of|over)|"
    r"(?:air\s?)?strikes?\s+(?:on|at)|airstrikes?\s+(?:on|at)|air\s+attacks?\s+(?:on|at)|"
    r"(?:fired|launched|dropped|opened\s+fire|conducted|carried\s+out)\s+(?:[\w'’-]+\s+){0,4}?(?:on|at|against|into)|"
    r"(?:evacuated|withdr(?:ew|awn)|retreated|departed|fled|expelled|deported)\s+from|pulled\s+out\s+of|leave|left|"
    r"set\s+fire\s+to|crashed\s+(?:in|into|on)|fire\s+(?:at|in)|destruction\s+in|took|stormed|entered|visit(?:ed|ing|s)?(?:\s+to)?|trip\s+to|toured|arrived\s+(?:in|at)|"
    r"pounded|advanc(?:ed|es|ing)\s+(?:on|towards?)|(?:fight(?:ing|s)?|battles?|struggle)\s+for(?:\s+(?:full\s+)?control\s+(?:of|over))?|"
    r"gain(?:ed|ing)?(?:\s+(?:full\s+)?control\s+(?:of|over))?|assaults?\s+on|offensive\s+(?:on|against)|fired?\s+(?:on|at)|"
    r"evacuated|surrounded|encircled|reached|struck\s+at|strikes\s+in|blasts?\s+in|explosions?\s+in|"
    r"protests?\s+in|rall(?:y|ies)\s+in|travell?ed\s+to|rocked|shook|hammered)\s*$", re.I)
_DIRECTIONAL = re.compile(_DIRECTION_OF)
_FROM_TO = re.compile(r"\sfrom\s.*\sto$")  # "advancing from X to": near the destination
_APPOSITION_REFERENCE = re.compile(
    r"^\s*,\s+(?:an?\s+|the\s+)?(?:[a-z-]+\s+){0,3}(?:town|city|village|settlement|port|hamlet|suburb|base)\s+"
    r"(?:(?:just|some|about|\d+\s+(?:km|kilometres|kilometers|miles))\s+)?"
    r"(?:near|outside|close\s+to|" + _DIRECTION_OF + r"|"
    r"on\s+the\s+outskirts\s+of)\s+(?:the\s+)?(?:city\s+of\s+)?$", re.I)
_PASSIVE_AFTER = re.compile(
    r"\s+(?:(?:was|were|is|are|has\s+been|have\s+been|had\s+been|is\s+being|was\s+being)\s+(?:\w+\s+)?"
    r"(?P<verb>hit|struck|shelled|attacked|bombed|targeted|rocked|shaken|pounded|captured|liberated|recaptured|"
    r"retaken|seized|stormed|encircled|surrounded|evacuated|raided|damaged)"
    r"|(?P<under>came\s+under\s+(?:\w+\s+)?(?:fire|attack|shelling|bombardment)))\b", re.I)
#: "shelled with multiple rocket launchers, mortars and artillery Zolote": the object after the instrument
_FRONTED_OBJECT = re.compile(r"\b(?P<verb>shelled|attacked|struck|hit|bombed|targeted|pounded|fired\s+(?:at|on))\s+with\s+"
                             r"(?:[a-z0-9][\w’'-]*(?:\s+|,\s*)|[A-Z0-9-]{2,}(?:\s+|,\s*)){1,10}$")
_TOKEN = re.compile(r"[\w’'-]+|[^\w\s]")
#: between two listed places: ", ", " and ", also over names the geoparser did not know
#: ("Levadne, Bilozerka, Darivka and Stara Zburivka" with Darivka unknown)
_UNKNOWN_ITEM = r"[A-Z][\w’'-]*[a-z][\w’'-]*(?:[ -][A-Z][\w’'-]*[a-z][\w’'-]*)?"
_LIST_GAP = re.compile(r"^\s*(?:,\s*(?:" + _UNKNOWN_ITEM + r",\s*){0,3}(?:" + _UNKNOWN_ITEM + r"\s*,?\s+)?(?:and\s+|or\s+)?"
                       r"|(?:and|or|&)\s+)$")
#: unknown names listed before a place, after the cue ("struck Levadne, Bilozerka")
_UNKNOWN_ITEMS_END = re.compile(r"(?:\s" + _UNKNOWN_ITEM + r",){1,3}\s*$")
_MODIFIER_GAP = re.compile(r"^\s+(?:[a-z-]+\s+){0,1}(?:river\s+|sea\s+|black\s+sea\s+)?(?:port|city|town|village|region|"
                           r"province|oblast|district|capital|settlement|island|harbour|harbor|base)\s+of\s+(?:the\s+)?$")
_DISTANCE_BEFORE = re.compile(
    r"\b\d[\d,.]*\s*(?:km|kilometres|kilometers|miles|mi)\s+(?:\(\d+\s*\w+\)\s+)?"
    + _DIRECTION_OF + r"\s+"
    r"(?:(?:the|a)\s+)?(?:[\w’'-]+\s+){0,3}$", re.I)
_POSSESSIVE_MODIFIER_GAP = re.compile(r"^[’']s\s+(?:[a-z-]+\s+){0,2}$")
_PLACEHOLDER = "xx"
_WINDOW = 240


#: first 4 letters of every word in a cue: a cue can only end at such a word
_CUE_HEADS = frozenset(w[:4] for w in re.findall(r"[a-z]{2,}", _LOCATIVE.pattern + _OBJECT.pattern))


def geo_precision_of(kind: str, *, near: bool, bbox: tuple[float, float, float, float] | None = None) -> int:
    """ACLED-style precision of a place kind (1 town ... 4 country).

    An admin unit or region no bigger than a city (a bbox under 0.6 degrees each way, such as
    the city-region "Kyiv" or "Sevastopol") counts as a town.
    """
    if kind in ("admin1", "admin2", "region") and bbox is not None and \
            bbox[2] - bbox[0] < 0.6 and bbox[3] - bbox[1] < 0.6:
        kind = "city"
    if kind == "city":
        return 2 if near else 1
    if kind == "admin2":
        return 2
    if kind in ("country", "continent"):
        return 4
    return 3


def _find_cue(left: str) -> tuple[str, str] | None:
    """Scan back from the end of ``left`` over fillers to a cue: ``(kind, cue)`` or None."""
    tokens = list(_TOKEN.finditer(left))
    k = len(tokens)
    fillers = 0
    while True:
        prefix = left[:tokens[k - 1].end()] if k else ""
        if len(prefix) > 48:  # cues are short: search only the tail, cut at a word boundary
            cut = prefix.find(" ", len(prefix) - 48)
            prefix = prefix[cut:] if cut != -1 else prefix[-48:]
        last = tokens[k - 1].group(0).lower()[:4] if k else ""
        for kind, rx in (("locative", _LOCATIVE), ("object", _OBJECT)) if last in _CUE_HEADS else ():
            m = rx.search(prefix)
            if m:
                return kind, re.sub(r"\s+", " ", m.group("cue").lower())
        if k == 0:
            return None
        tok = tokens[k - 1].group(0)
        low = tok.lower()
        if low == "of" and k >= 2 and tokens[k - 2].group(0).lower() in _HEADS:
            pass
        elif low in _DETERMINERS or tok == _PLACEHOLDER or (low in _HEADS and tok.islower()):
            pass
        elif (tok.islower() and low not in _STOP and tok[0].isalpha()) or _HYPHEN_ADJ.fullmatch(tok):
            fillers += 1
            if fillers > 3:
                return None
        else:
            return None
        k -= 1


_HYPHEN_ADJ = re.compile(r"[A-Z][a-z]+-(?:held|occupied|controlled|backed)")


def _skip_reason(text: str, m: Mention) -> str | None:
    """Why a mention can never be an event location, or None."""
    if m.place is None:
        return "unresolved"
    if m.role != "toponym":
        return m.role
    after = text[m.end:m.end + 80]
    if after[:2] in ("'s", "’s") or after[:1] in ("'", "’") and not after[1:2].isalpha():
        if not _GEO_POSSESSED.match(after if after[:2] in ("'s", "’s") else "’s" + after[1:]):
            return "possessive"
    if _SPEECH_AFTER.match(after.lstrip() if not after[:1] in "'’" else after):
        return "speaker"
    if _ORG_AFTER.match(after):
        return "organisation"
    return None


def _list_filler_start(text: str, start: int, lower_bound: int) -> int:
    """Start of the filler words before ``start`` ("the southern city of ")."""
    left = text[lower_bound:start]
    tokens = list(_TOKEN.finditer(left))
    k = len(tokens)
    fillers = 0
    pos = start
    while k:
        tok = tokens[k - 1].group(0)
        low = tok.lower()
        if low in _DETERMINERS or (low in _HEADS and tok.islower()) or low == "of":
            pass
        elif tok.islower() and low not in _STOP and tok[0].isalpha():
            fillers += 1
            if fillers > 3:
                break
        else:
            break
        pos = lower_bound + tokens[k - 1].start()
        k -= 1
    return pos


def _start(m: Mention) -> int:
    return m.start


def locate(text: str, clause_start: int, clause_end: int, mentions: Sequence[Mention]) -> list[Located]:
    """The located mentions of one clause ``text[clause_start:clause_end]`` (mentions sorted)."""
    # the clause's mentions, found by bisection (a sentence of thousands of clauses stays linear)
    lo = bisect_left(mentions, clause_start, key=_start)
    hi = bisect_left(mentions, clause_end, lo, key=_start)
    ms = [m for m in mentions[lo:hi] if m.end <= clause_end]
    modifiers: set[int] = set()
    for a, b in zip(ms, ms[1:]):
        gap = text[a.end:b.start]
        if _MODIFIER_GAP.match(gap) or (_POSSESSIVE_MODIFIER_GAP.match(gap) and a.place is not None
                                        and a.place.kind == "country"):
            modifiers.add(id(a))  # "the Danube river port of Izmail", "Russia's Krasnodar region"
    maskable = collections.deque(o for o in ms if id(o) in modifiers or o.role == "demonym")
    out: list[Located] = []
    origins: list[Located] = []
    previous: Located | None = None
    previous_end = clause_start  # end of the previous located place and of its qualifier
    for m in ms:
        if m.role == QUALIFIER_ROLE:
            if previous is not None and re.fullmatch(r"\s*(?:,|\(|in\s+the)?\s*", text[previous_end:m.start]):
                previous_end = m.end  # "Lozova, Kharkiv, and Izium": the list goes on
            continue
        if id(m) in modifiers:
            continue
        skip = _skip_reason(text, m)
        if skip is not None and skip != "possessive":
            continue
        # only a window before the place is read (cues are short): linear in long lists
        ws = max(clause_start, m.start - _WINDOW)
        left = text[ws:m.start]
        while maskable and maskable[0].end <= ws:
            maskable.popleft()
        for other in maskable:
            if other.end > m.start:
                break
            if other.start >= ws:
                a, b = other.start - ws, other.end - ws
                if left[b:b + 2] in ("'s", "’s"):
                    b += 2
                left = left[:a] + _PLACEHOLDER.ljust(b - a) + left[b:]
        left = left.rstrip()
        left = re.sub(r"(?<=xx) +(?= )", "", left)
        found = _find_cue(left + " ") if left else None
        listed_after_unknown = False
        if found is None and previous is None and left and (items := _UNKNOWN_ITEMS_END.search(left)) is not None:
            found = _find_cue(left[:items.start()] + " ")  # "struck Levadne, Bilozerka": the list began with an unknown name
            listed_after_unknown = found is not None
        near = False
        if found is not None:
            kind, cue = found
            near = cue in _NEAR_CUES or bool(_DIRECTIONAL.fullmatch(cue)) or bool(_FROM_TO.search(cue))
            reason = f"locative '{cue}'" if kind == "locative" else f"object of '{cue}'"
            if listed_after_unknown:
                reason = f"listed after unknown names ({reason})"
        elif previous is not None and _LIST_GAP.match(
                text[previous_end:_list_filler_start(text, m.start, previous_end)]):
            cue = previous.cue
            near = previous.near
            reason = (previous.reason if previous.reason.startswith("listed with")
                      else f"listed with {previous.mention.text} ({previous.reason})")
        elif (fronted := _FRONTED_OBJECT.search(text, max(clause_start, m.start - 120), m.start)) is not None:
            cue = re.sub(r"\s+", " ", fronted.group("verb").lower())
            near = False
            reason = f"object of '{cue}' (after its instrument)"
            found = ("object", cue)
        elif (passive := _PASSIVE_AFTER.match(text, m.end, clause_end)) is not None:
            cue = re.sub(r"\s+", " ", (passive.group("verb") or passive.group("under")).lower())
            near = False
            reason = f"subject of '{cue}'"
            found = ("subject", cue)
        elif previous is not None and _is_area(previous.mention.place) and \
                _PAREN_AFTER.fullmatch(text, previous.mention.end, m.start) and _inside_area(m.place, previous.mention.place):
            # "shelled the X community, Sumy region (coded to Y)": the parenthesis names the
            # town inside the area the event was placed in
            cue, near = previous.cue, previous.near
            reason = f"in parentheses after {previous.mention.text} ({previous.reason})"
            found = ("object", cue)
        else:
            continue
        if skip == "possessive" and (found is None or cue.startswith(_NOT_BEFORE_POSSESSIVE)
                                     or _ORG_POSSESSED.match(text, m.end)):
            continue  # "Moscow's delusions", "a source in Ukraine's SBU"; "strikes on Ukraine's power grid" is located
        if near and previous is not None and _DISTANCE_BEFORE.search(text, max(clause_start, m.start - 80), m.start):
            continue  # "in Matara district, 160km south of Colombo": Colombo is a reference point
        if near and previous is not None and _APPOSITION_REFERENCE.match(text[previous.mention.end:m.start]):
            continue  # "Avdiivka, an industrial town north of Donetsk": Donetsk is a reference point
        if near and previous is not None and _is_town(previous.mention.place) and re.fullmatch(r"\W*\s*" + re.escape(cue).replace(r"\ ", r"\s+") + r"\s+(?:the\s+)?(?:city\s+of\s+)?",
                                                          text[previous.mention.end:m.start], flags=re.I):
            continue  # "the village of Bilozerka outside Kherson": Kherson only says where Bilozerka is
        kind_of_place = m.place.kind if m.place else "other"
        if kind_of_place == "city" and (_AREA_WORD_END.search(m.text) or _FRONT_AFTER.match(text, m.end)):
            # "the Beryslav district" coded to its centre town, "the Bakhmut direction": near a town (2)
            near = True
        located = Located(m, reason, cue, near, geo_precision_of(kind_of_place, near=near,
                                                                 bbox=m.place.bbox if m.place else None))
        if found is not None and found[0] == "locative" and _ORIGIN_BEFORE.search(text, max(clause_start, m.start - 60), m.start):
            origins.append(located)  # "fired at X from their positions in Y": Y is where the fire came from
            continue
        out.append(located)
        previous = located
        previous_end = m.end
    return out or origins


_CAPITAL_AFTER = re.compile(r"\s+[A-Z]")
#: "from their positions in", "from the territory of": the place an attack came from
_ORIGIN_BEFORE = re.compile(r"\bfrom\s+(?:(?:their|its|his|the|our|firing|launch|artillery|occupied)\s+){0,2}"
                            r"(?:positions?|territory|bases?|launch\s+sites?|airfields?)\s+(?:in|near|at|of|around)\s+"
                            r"(?:the\s+)?(?:[a-z-]+\s+){0,2}$", re.I)
_OFFICIAL_AFTER = re.compile(r"\s+(?:regional\s+|city\s+|military\s+)?(?:governor|mayor|officials?|authorities|"
                             r"administration|police|prosecutors?|council|spokes(?:man|woman|person))\b", re.I)
_FEATURE_AFTER = re.compile(r"\s+(?:river|sea|lake|bay|gulf|strait|mountains?|valley|reservoir|canal|delta|estuary)\b", re.I)


def only_place(text: str, start: int, end: int, mentions: Sequence[Mention]) -> Located | None:
    """The one place a sentence ``text[start:end]`` names, when no cue ties any place to its event
    ("killed two people who came to the Kharkiv zoo", "exported grain from Melitopol"): the
    town or admin region (not a country, river or mountain range) that is not a speaker, organisation, possessive, modifier or
    qualifier (places contained in it, such as its own region, do not count).  None when the
    sentence names none or several."""
    found: list[Located] = []
    named = 0  # places named at all (a speaker "Nikopol says" is named too): more than one is ambiguous
    for m in mentions:
        if not (start <= m.start and m.end <= end) or m.place is None or m.role not in ("toponym", "metonym"):
            continue
        if m.place.kind in ("country", "continent"):
            continue
        skip = _skip_reason(text, m)
        if skip not in (None, "speaker") or _part_of_name(text, m):
            continue  # "Kharkiv Governor ...", "the Danube port of ...", "the Dnipro river"
        named += 1
        if skip is None and m.place.kind in ("city", "admin1", "admin2") and not _OFFICIAL_AFTER.match(text, m.end):
            # not "Odesa governor Oleh Kiper said": an official speaks for a whole region
            found.append(Located(m, "the only place named in the sentence", "", False,
                                 geo_precision_of(m.place.kind, near=False, bbox=m.place.bbox)))
    found = drop_containers(found)
    return found[0] if len(found) == 1 and named - len(found) <= _contained(text, found[0], mentions, start, end) else None


def _part_of_name(text: str, m: Mention) -> bool:
    """A name that modifies a longer name or a feature: "Kharkiv Governor", "the Danube port of",
    "the Dnipro river"."""
    return bool(_CAPITAL_AFTER.match(text, m.end) or _MODIFIER_GAP.match(text, m.end) or _FEATURE_AFTER.match(text, m.end))


def _contained(text: str, only: Located, mentions: Sequence[Mention], start: int, end: int) -> int:
    """How many other mentions of ``text[start:end]`` name ``only``'s place or a place containing it."""
    count = 0
    for m in mentions:
        if start <= m.start and m.end <= end and m is not only.mention and m.place is not None and \
                m.role in ("toponym", "metonym") and m.place.kind not in ("country", "continent") and \
                _skip_reason(text, m) in (None, "speaker") and not _part_of_name(text, m) and \
                (m.place.place_id == only.mention.place.place_id or _contains(m, only.mention)):
            count += 1
    return count


#: a parenthesis opened after an area ("the X district (", "X community, Sumy, with mortars (coded to ")
_PAREN_AFTER = re.compile(r"(?:\s*,?\s+[a-z][\w-]*){0,4}\s*\([^()]*")


#: cues whose object is a cause or a goal when possessed ("fighting for Moscow's delusions")
_NOT_BEFORE_POSSESSIVE = ("fight", "battle", "struggle", "gain", "including")  # "including Poland's foreign minister"
_FRONT_AFTER = re.compile(r"\s+(?:axis|direction|front|sector)\b", re.I)
_AREA_WORD_END = re.compile(r"\s(?:district|raion|rayon|community|hromada)$", re.I)


def _is_area(place: Place | None) -> bool:
    return place is not None and place.kind in ("admin1", "admin2", "region")


def _inside_area(place: Place | None, area: Place | None) -> bool:
    """Is town ``place`` inside ``area`` (its admin-1 code or, for other areas, its box)?"""
    if place is None or area is None or place.kind != "city":
        return False
    if area.kind == "admin1" and area.admin1_code:
        return place.admin1_code == area.admin1_code
    if area.bbox is None:
        return False
    west, south, east, north = area.bbox
    return west <= place.lon <= east and south <= place.lat <= north


def _is_town(place: Place | None) -> bool:
    """A settlement (not a region that could contain the next place: "in the Kharkiv region near X")."""
    return place is not None and place.kind == "city"


def _contains(big: Mention, small: Mention) -> bool:
    b, s = big.place, small.place
    if b is None or s is None or b.place_id == s.place_id:
        return False
    if b.kind in ("country",) and s.kind != "country" and s.country_code and s.country_code == b.country_code:
        return True
    if b.kind == "admin1" and s.kind in ("city", "admin2") and (
            (b.admin1_code and s.admin1_code == b.admin1_code)
            or (s.country_code == b.country_code and s.admin1 and s.admin1 == b.name)):
        return True
    if b.kind in _BOX_CONTAINERS and s.kind == "city" and b.bbox is not None:
        west, south, east, north = b.bbox
        return west <= s.lon <= east and south <= s.lat <= north
    return False


#: areas known by their box that give way to a town of the same event inside it: "at the Dnipro
#: river bank near Kherson", "warships in the Black Sea fired at Odesa" are one place, the town
_BOX_CONTAINERS = frozenset({"admin2", "region", "river", "lake", "sea"})


def drop_containers(located: list[Located]) -> list[Located]:
    """Drop places that contain another place of the same event; drop repeats of one place.
    A river, lake or sea whose box holds a town of the event gives way to the town.

    Linear: the places are indexed by country and admin-1 once; only admin-2 units and regions
    (few per event) are tested against the cities' points."""
    countries: set[str] = set()
    admin1_codes: set[str] = set()
    admin1_names: set[tuple[str | None, str]] = set()
    cities: list[Place] = []
    for loc in located:
        s = loc.mention.place
        if s is None:
            continue
        if s.kind != "country" and s.country_code:
            countries.add(s.country_code)
        if s.kind in ("city", "admin2"):
            if s.admin1_code:
                admin1_codes.add(s.admin1_code)
            if s.admin1:
                admin1_names.add((s.country_code, s.admin1))
        if s.kind == "city":
            cities.append(s)
    keep: list[Located] = []
    seen: set[str] = set()
    for loc in located:
        b = loc.mention.place
        if b is not None and _contains_any(b, countries, admin1_codes, admin1_names, cities):
            continue
        pid = b.place_id if b else ""
        if pid in seen:
            continue
        seen.add(pid)
        keep.append(loc)
    return keep


def _contains_any(b: Place, countries: set[str], admin1_codes: set[str], admin1_names: set, cities: list) -> bool:
    if b.kind == "country":
        return bool(b.country_code) and b.country_code in countries
    if b.kind == "admin1":
        return (bool(b.admin1_code) and b.admin1_code in admin1_codes) or (b.country_code, b.name) in admin1_names
    if b.kind in _BOX_CONTAINERS and b.bbox is not None:
        west, south, east, north = b.bbox
        return any(s.place_id != b.place_id and west <= s.lon <= east and south <= s.lat <= north for s in cities)
    return False
