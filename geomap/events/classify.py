"""Event triggers and the event-type taxonomy; modality (is this clause a real event?).

Taxonomy (``event_type`` values; after ACLED's event types, kept small):

==========================  =====================================================================
``strike``                  air, drone or missile strike: "drones targeting", "missile hit",
                            "air raid", "shot down drones", "bombed"; bare "strikes" in war news
``shelling``                shelling or artillery: "shelled", "artillery", "mortar", "fires a gun"
``ground_fighting``         fighting, clashes, advances, captures: "fighting", "advanced",
                            "gains", "recaptured", "assault", "battle"
``explosion``               explosions not attributed to a strike: "explosion", "blast", "landmine"
``attack_on_civilians``     "massacre", "civilians were killed", "executed", "abducted"
``protest``                 "protest", "demonstration", "rally", "riot"
``arrest``                  "arrested", "detained", "raid" by police
``diplomacy``               visits and meetings: "visit to", "met", "meets", "talks", "summit"
``other``                   casualties or damage without a weapon word: "killed", "wounded",
                            "damaged", "fire broke out"
==========================  =====================================================================

A generic attack word ("attack", "hit", "struck", "targeted") or a casualty/damage word
("killed", "damaged") takes the type of
the weapon named in the same clause (drone/missile -> ``strike``, artillery/shell ->
``shelling``), else ``strike`` for "strike(s)" and ``other`` for the rest.  The trigger
word reported in the event is the word that decided the type.

Not events (the clause is skipped, see :func:`clause_modality`): reported plans and
intentions ("plans to", "is preparing to", "would", "could", "threatened to"),
hypotheticals ("if"), denials and non-statements ("no evidence", "denied", "declined to
comment"), habitual or cumulative statements ("repeatedly", "since the start of the war",
"the war in X has killed"), background phrases ("as the war continues", "18 months into
the invasion"), and wrecks on display ("destroyed tanks are displayed in Kyiv").

Footage and photo captions tell events in the present, as gerunds or participles: "a drone
hitting a tank", "missile slams into", "troops storm positions", "jets bomb X", "shoots down",
"tank destroyed near X" are events; "an air raid alert" is not a raid.  Bare caption verbs that
also have everyday senses ("destroy", "repel", "capture", "storm") count only with arms or troops
named.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from geomap.events.scan import (Gated, alternatives_by_first, fold, literal_alternation, literal_prefixes, needles,
                                split_alternatives)

__all__ = ["EVENT_TYPES", "Trigger", "find_triggers", "clause_modality", "event_type_of"]

#: Trigger kinds (the classifier's own, fine-grained types); :mod:`.taxonomy` maps each to ACLED's
#: ``event_type`` / ``sub_event_type``.  Order = priority when a clause holds several.
TRIGGER_KINDS: tuple[str, ...] = ("strike", "missile", "shelling", "ground_fighting", "explosion", "attack_on_civilians",
                                  "abduction", "interception", "defusal", "weapons_seizure", "territory_transfer", "base",
                                  "looting", "arson", "riot", "protest", "arrest", "mass_grave", "displacement", "crash",
                                  "diplomacy", "other")
EVENT_TYPES = TRIGGER_KINDS  # the classifier's name for them (kept for callers of this module)

#: Human-readable labels (for maps and legends).
EVENT_TYPE_LABELS: dict[str, str] = {
    "strike": "Air/drone strike", "missile": "Missile attack", "shelling": "Shelling/artillery", "ground_fighting": "Ground fighting",
    "explosion": "Explosion", "attack_on_civilians": "Attack on civilians", "protest": "Protest",
    "arrest": "Arrest", "diplomacy": "Diplomacy/visit", "other": "Other",
    "abduction": "Abduction", "interception": "Interception", "defusal": "Defusal", "weapons_seizure": "Weapons seizure",
    "territory_transfer": "Territory transfer", "base": "Base established", "looting": "Looting", "arson": "Arson",
    "riot": "Riot", "mass_grave": "Mass grave", "displacement": "Displacement", "crash": "Crash",
}

# priority: lower wins when a clause holds several triggers
_PRIORITY = {t: i for i, t in enumerate(TRIGGER_KINDS)}

_W = r"(?:[\w’'-]+)"
#: what a weapon does to its target, in any tense ("a drone hitting a tank", "missile slams into")
#: ("drones targeting Moscow were shot down" stays an interception: only the past "targeted" counts)
_HITTING = r"(?:hit|hits|hitting|struck|strikes?|striking|slam(?:s|med|ming)|attacked|targeted)"

# (type, regex).  Verb forms are past/present tense; bare infinitives are caught by modality.
_LEXICON: list[tuple[str, str]] = [
    # before the fighting words, so that "clashed with police" is a protest, not combat
    ("protest", r"clash(?:ed|es)?\s+with\s+(?:riot\s+)?(?:police|security\s+forces|counter-protesters)"),
    ("explosion", r"suicide\s+(?:bomb(?:ing|ings|er|ers|s)?|attacks?|blasts?)"),
    ("arrest", r"captured\s+by\s+(?:[\w-]+\s+)?(?:police|authorities|officers|deputies|agents|marshals)"),
    ("interception", r"(?:shot|shoots?|shooting)\s+down|downed|intercept(?:ed|ion|ions|s)?|air\s+defen[cs]es?\s+(?:destroyed|repelled)"),
    ("defusal", r"defus(?:ed|ing|al)|demin(?:ed|ing)|sappers|mine\s+clearance|cleared\s+(?:[\w-]+\s+){0,8}?"
                r"(?:of\s+)?(?:(?:[\w-]+\s+)?mines|explosives|explosive\s+(?:devices|objects|ordnance)|ordnance)"),
    ("weapons_seizure", r"(?:seized|confiscated|found|discovered|uncovered)\s+(?:[\w-]+\s+){0,3}?(?:weapons|arms\s+cache|"
                        r"ammunition|explosives|weapons\s+cache|grenades|firearms)|(?:weapons|arms)\s+caches?"),
    ("territory_transfer", r"withdr(?:ew|awn)\s+from|retreated\s+from|departed\s+from|pulled\s+out\s+of|abandoned"
                           r"|left\s+(?:their|its|the)\s+positions"),
    ("base", r"(?:set\s+up|established|built)\s+(?:an?\s+|their\s+|new\s+)?(?:military\s+)?(?:base|headquarters|"
             r"command\s+post|checkpoints?)"),
    ("strike", r"air\s?strikes?|air[\s-]raids?(?![\s-](?:alerts?|sirens?|warnings?|shelters?|alarms?)\b)|air\s+attacks?|airstrikes?"
               r"|drone\s+(?:attacks?|strikes?|raids?)|bombed|bombing|bombardment|struck\s+by\s+(?:an?\s+)?drones?"
               # caption forms: "drone hitting a tank", "jets bomb Kharkiv"
               rf"|(?:drones?|bombs?|shaheds?|uavs?)\s+{_HITTING}|(?:jets?|warplanes?|bombers?)\s+(?:bombs?|bombing|attacking|targeting|{_HITTING})"
               # ("a plane hit a bird", "the helicopter hit power lines" are accidents, not strikes)
               r"|(?:aircraft|planes?|aviation|helicopters?)\s+(?:bombs?|bombing|attacking|targeting)"),
    ("missile", r"missile\s+(?:attacks?|strikes?)|rocket\s+(?:attacks?|strikes?)|struck\s+by\s+(?:an?\s+)?(?:missiles?|rockets?)"
                rf"|missiles?\s+{_HITTING}|rockets?\s+{_HITTING}"),
    ("shelling", r"shell(?:ed|ing|s)|artillery|mortar(?:s|\s+fire)?|howitzers?|barrages?|fires?\s+(?:an?\s+)?[\w-]+\s+(?:gun|howitzer|cannon)"
                 r"|fired\s+(?:an?\s+)?[\w-]+\s+(?:gun|howitzer|cannon)"
                 # a bare "shell" is a verb in captions ("forces shell Nikopol") or the shell itself
                 r"|shell(?!\s+(?:compan(?:y|ies)|corporation|casings?|shock|game|script|station|of)\b)|multiple\s+rocket\s+launchers?|grads?|himars|mlrs"),
    ("ground_fighting", r"fighting|fought|clash(?:es|ed)?|armed\s+clash(?:es)?|battles?|battled|advanc(?:ed|es|ing|e)|gains|gained\s+ground"
                        r"|captur(?:ed|es)|recaptur(?:ed|es)|retook|seized|liberat(?:ed|es)|stormed|assaults?|assaulted|counterattack(?:ed|s)?"
                        r"|repel(?:led|s)|repuls(?:ed|es)|encircled|pushed\s+back|took\s+(?:full\s+)?control|taken\s+(?:full\s+)?control"
                        r"|(?:regained|gained|established|establish|establishing|taking|seized|retaken)\s+(?:full\s+)?control|ground\s+attacks?"
                        r"|offensive(?:\s+operations?)?\s+(?:near|on|in|towards?|against)|counter-?offensive|ambush(?:ed)?|firefights?"
                        r"|exchanged\s+fire|gunfights?|skirmish(?:es|ed)?"
                        # caption verbs in the present: "troops storm positions near X", "repel an assault"
                        # (with troops as their subject, see _ARMED_BEFORE)
                        r"|storm(?:s|ing)?|(?:re)?capture|seize|retake|liberate|repel"),
    ("explosion", r"explosions?|explod(?:ed|es)|blasts?|detonat(?:ed|ion)|landmines?|car\s+bomb|ied"),
    ("abduction", r"abducted|abduction|kidnapp?(?:ed|ing)|kidnapping|forcibly\s+disappeared|taken\s+hostage"),
    ("attack_on_civilians", r"massacre[sd]?|executed\s+(?:\d+\s+|\w+\s+)?(?:civilians|prisoners|people|men|women|hostages|villagers)"
                            r"|were\s+executed|tortur(?:ed|ing)|civilians?\s+(?:were|was)\s+(?:killed|wounded|injured)"
                            r"|killed\s+(?:\d+|\w+)\s+civilians|raped"),
    ("looting", r"loot(?:ed|ing)|plunder(?:ed|ing)?|pillag(?:ed|ing)|stole|stolen|appropriated|ransacked"),
    ("arson", r"set\s+(?:on\s+)?fire(?:\s+to)?|torched|arson|burn(?:ed|t)\s+down|vandali[sz]ed"),
    ("riot", r"riots?|rioted|rioters|violent\s+demonstrations?|mob\s+attacked"),
    ("protest", r"protest(?:ed|s|ers|ing)?|took\s+to\s+the\s+streets|demonstrat(?:ion|ions|ors|ed)|rall(?:y|ies|ied)|marched|strikers|sit-in"),
    ("arrest", r"arrest(?:ed|s)?|detain(?:ed|s)|detention|taken\s+into\s+custody|charged\s+with"),
    ("mass_grave", r"mass\s+graves?|bodies\s+(?:were\s+|had\s+been\s+)?(?:found|discovered|exhumed)|exhum(?:ed|ation)"),
    ("displacement", r"evacuat(?:ed|ion)|forced\s+(?:[\w-]+\s+){0,3}?to\s+leave|deported|deportation|displaced|fled"),
    ("crash", r"crash(?:ed|es)?|crash-landed|went\s+down"),
    ("diplomacy", r"visit(?:ed|s|ing)?|met|meets|meeting|talks|summit|held\s+talks|arrived\s+in|trip\s+to|toured|signed"
                  r"|travell?ed\s+to"
                  r"|press\s+conference"),
    ("other", r"killed|killing|wounded|injured|injuring|dead|died|casualties|damag(?:ed|ing|es)|destroy(?:ed|ing|s)?|destruction"
              r"|fires?\s+broke\s+out|caught\s+fire|fires?\s+(?:at|in)|blaze"
              # "drone debris fell on an oil depot": typed by the weapon named nearby
              r"|debris\s+(?:fell|falling|hit|struck|landed|damaged|sparked)|falling\s+debris"),
]
# generic attack words: typed by the weapon named nearby
_GENERIC = r"attack(?:ed|s)?|hit|hits|struck|strikes?|targeted|targeting|raids?|pounded|slammed|launched|fired|opened\s+fire" \
    r"|pound(?:s|ing)?"  # with a force as subject, see _ARMED_BEFORE
_WEAPON_TYPES = [
    # "Drone footage of a HIMARS strike": the camera's drone is no weapon
    ("strike", Gated(re.compile(r"\b(?:drones?(?![\s-](?:footage|videos?|images?|views?|shots?|photos?|cameras?)\b)|air(?:craft|\s+force)?|jets?|warplanes?|bombs?|shaheds?|uavs?|aviation|"
                          r"glide\s+bombs?|kamikaze|helicopters?|fpvs?|(?<!the\s)lancets?|gerans?)\b", re.I))),
    ("missile", Gated(re.compile(r"\b(?:missiles?|rockets?|cruise|ballistic|iskanders?|kalibrs?|himars)\b", re.I))),
    ("shelling", Gated(re.compile(r"\b(?:artillery|shells?|shelling|mortars?|howitzers?|tanks?\s+fire)\b", re.I))),
    ("ground_fighting", Gated(re.compile(r"\b(?:troops|forces|soldiers|infantry|units|tanks|armou?red|assault\s+groups?|"
                                   r"fighters|militants|paratroopers|marines|"
                                   # armour ("a Russian tank destroyed near X"): "T-72", "BMP", a battle tank
                                   r"T-\d\d\w*|BMPs?|BTRs?|APCs?|IFVs?|(?:battle|enemy|russian|ukrainian)\s+tanks?)\b", re.I))),
]

_TRIGGER_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<t{i}>{rx})" for i, (_, rx) in enumerate(_LEXICON)) + rf"|(?P<generic>{_GENERIC}))\b",
    re.I)

# a trigger followed by one of these is background, not an event
_BACKGROUND_AFTER = Gated(re.compile(r"^\W{0,3}(?:\w+\s+){0,4}?(?:continues?|continued|goes\s+on|drags\s+on|entered\s+its|"
                                     r"enters\s+its|is\s+in\s+its)\b", re.I))
_BACKGROUND_BEFORE = Gated(re.compile(r"(?:\b(?:months?|years?|weeks?|days?)\s+into\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$"
                                r"|\bsince\s+the\s+(?:start|beginning)\s+of\s+(?:the\s+)?$|\bamid\s+(?:the\s+)?(?:[\w-]+\s+)?$)",
                                re.I))


_SUBORDINATE = re.compile(r"\b(?:as|while|amid|since|with)\b", re.I)


@dataclass(frozen=True, slots=True)
class Trigger:
    """A trigger word at ``start:end`` of the text searched, with its event type."""

    start: int
    end: int
    text: str
    event_type: str
    direct: bool = True  # False when typed by a weapon word nearby ("killed" in a missile strike)


def event_type_of(word: str, context: str) -> str:
    """The type of one trigger word; generic attack words are typed by the weapon in ``context``."""
    m = _TRIGGER_RE.fullmatch(word) or _TRIGGER_RE.match(word)
    if m is None:
        return "other"
    return _type_of_match(m, context)


def _type_of_match(m: re.Match[str], context: str) -> str:
    if m.group("generic") is None:
        for i, (etype, _) in enumerate(_LEXICON):
            if m.group(f"t{i}") is not None:
                if etype != "other":
                    return etype
                break  # casualties and damage: typed by the weapon, like generic words
    folded = _folded(context)
    for etype, rx in _WEAPON_TYPES:
        if rx.search(context, folded):
            return etype
    word = m.group(0).lower()
    return "strike" if word.startswith(("strike", "raid")) else "other"


def _leading_words(pattern: str) -> set[str]:
    """The literal first letters (up to 3) of each top-level alternative ("air", "drone");
    an alternative may start with a group of literal alternatives ("(?:is|are)\\s+...")."""
    leads: set[str] = set()
    for part in split_alternatives(pattern):
        group = re.match(r"\((?:\?:|\?P<\w+>)", part)
        if group:
            depth, k = 0, 0
            for k, ch in enumerate(part):
                depth += ch == "("
                depth -= ch == ")"
                if depth == 0:
                    break
            leads |= _leading_words(part[group.end():k])
            continue
        lead = re.match(r"[a-z]+", part)
        if lead is None:
            raise ValueError(f"alternative needs a literal start: {part!r}")
        leads.add(lead.group(0)[:3])
    return leads


_WORD = re.compile(r"[A-Za-z]+")


@functools.lru_cache(maxsize=16)
def _word_heads(text: str) -> tuple[tuple[int, str, str], ...]:
    """(start, first 3 letters, folded) of every word; shared by the scans of one clause."""
    return tuple((w.start(), h, h.lower()) for w in _WORD.finditer(text) for h in (w.group(0)[:3],))


_folded = functools.lru_cache(maxsize=16)(fold)  # shared by the pre-checks of one clause


class _FastAlternation:
    """``\\b(?:alternatives)\\b`` tried only at words whose first letters can start a match.

    Python's ``re`` tries every alternative at every position; trying them only where a word
    starts with a known prefix, and there only the alternatives that can start with its first
    letter, gives the same matches several times faster.

    The words worth trying are found by one more ``re`` scan, not word by word in Python: a
    trie of the literal starts every match has (:func:`.scan.literal_prefixes`: "intercept",
    "shot" of "shot down", up to 8 letters), run on the folded text (:func:`.scan.fold`) at the
    starts of words.  Most words that share a first three letters with a trigger ("for", "con",
    "were") never reach the alternatives.
    """

    #: past this many needles (:mod:`.scan`) the pre-check costs more than it saves
    MAX_NEEDLES = 16

    def __init__(self, alternatives: str, flags: int = 0) -> None:
        self.regex = re.compile(rf"\b(?:{alternatives})\b", flags)
        self.starts = frozenset(_leading_words(alternatives))
        self.fold = bool(flags & re.I)
        found = needles(self.regex)
        self.needles = tuple(sorted(found)) if found is not None and len(found) <= self.MAX_NEEDLES else None
        self.by_first = {letter: re.compile(rf"\b(?:{alts})\b", flags).match
                         for letter, alts in alternatives_by_first(alternatives, flags).items()}
        prefixes = literal_prefixes(self.regex.pattern, flags)
        #: the word starts (after no ASCII letter) that begin with a literal start of a match
        self.word_scan = None if prefixes is None else \
            re.compile(r"(?<![A-Za-z])" + literal_alternation(prefixes)).finditer

    def finditer(self, text: str):
        """The matches of ``regex.finditer(text)``."""
        if self.needles is not None:
            folded = _folded(text)
            for needle in self.needles:
                if needle in folded:
                    break
            else:
                return iter(())
        if self.word_scan is not None:
            return self._scanned(text)
        return self._word_by_word(text)

    def _word_by_word(self, text: str):
        end = 0
        starts, by_first, fold_case = self.starts, self.by_first, self.fold
        for pos, head, folded in _word_heads(text):
            key = folded if fold_case else head
            if pos < end or key not in starts:
                continue
            m = by_first[key[0]](text, pos)
            if m is not None:
                end = m.end()
                yield m

    def _scanned(self, text: str):
        """:meth:`_word_by_word`, trying only the words :attr:`word_scan` finds (the same
        words, less those no match can start at)."""
        end = 0
        starts, by_first, fold_case = self.starts, self.by_first, self.fold
        # :func:`fold` keeps every offset (one character for one) and folds every character
        # ``re`` matches as an ASCII letter onto it: a match's letters are in the folded text
        for word in self.word_scan(_folded(text) if fold_case else text):
            pos = word.start()
            if pos < end:
                continue
            head = text[pos:pos + 3]
            if not (head.isascii() and head.isalpha()):  # a short word, or "ſ" (no word start)
                found = _WORD.match(text, pos)
                if found is None:
                    continue
                head = found.group(0)[:3]
            key = head.lower() if fold_case else head
            if key not in starts:
                continue
            m = by_first[key[0]](text, pos)
            if m is not None:
                end = m.end()
                yield m

    def search(self, text: str):
        return next(self.finditer(text), None)


_TRIGGERS = _FastAlternation("|".join(f"(?P<t{i}>{rx})" for i, (_, rx) in enumerate(_LEXICON)) + f"|(?P<generic>{_GENERIC})",
                             re.I)


def trigger_word_matches(text: str):
    """Same matches as ``_TRIGGER_RE.finditer(text)``, only tried at plausible words."""
    return _TRIGGERS.finditer(text)


def find_triggers(text: str, *, masked: list[tuple[int, int]] = ()) -> list[Trigger]:
    """Trigger words of ``text`` outside the ``masked`` spans (quotations), typed."""
    out: list[Trigger] = []
    headline = _is_title_case(text)
    for m in trigger_word_matches(text):
        if any(a <= m.start() < b for a, b in masked):
            continue
        word = m.group(0)
        if word.lower() == "ied" and word != "IED":
            continue
        if word == "Shell" and not headline:
            continue  # the oil company; the verb and the shell are lower case
        if word.lower() in ("grad", "grads") and not word[0].isupper():
            continue
        if word[0].isupper() and not headline and not (len(word) > 2 and word.isupper()) \
                and _in_proper_name(text, m.start(), m.end()):
            continue  # "Youth Detention Center", "Protest Committee"
        low = word.lower()
        if low in ("raid", "raids") and _ALERT_AFTER.match(text, m.end()):
            continue  # "an air raid alert": a warning, not a strike
        if low == "hit" and (_DETERMINER_BEFORE.search(text, 0, m.start()) or _DEGREE_BEFORE.search(text, 0, m.start())):
            continue  # "a hit television show", "the worst hit areas"
        if low in ("fighting", "fought", "battled", "battling", "battle", "battles", "struck", "hit") and \
                _NONCOMBAT_AFTER.match(text, m.end()):
            continue  # "fighting AIDS", "struck down by the virus"
        if low in ("hit", "hits", "struck", "slammed", "slams") and (
                _MEASURE_AFTER.match(text, m.end())
                or (_NATURAL_SUBJECT.search(text, max(0, m.start() - 50), m.start())
                    and _type_of_match(m, text) == "other")):
            continue  # "a storm hit Odesa", "inflation hit a record" (but "a missile hit the bus")
        if low.startswith("assault") and (_CRIME_BEFORE.search(text, 0, m.start()) or _CHARGE_AFTER.match(text, m.end())):
            continue  # "sexual assault charge": a crime, not combat
        if low.startswith("visit") and (_INFO_BEFORE.search(text, 0, m.start()) or _WEB_AFTER.match(text, m.end())):
            continue  # "for more information, visit www..."
        if word.lower() == "met" and re.match(r"\s+(?:with\s+)?(?:criticism|resistance|skepticism|scepticism|approval)", text[m.end():]):
            continue
        if _BACKGROUND_BEFORE.search(text[max(0, m.start() - 60):m.start()]):
            continue
        if _BACKGROUND_AFTER.match(text[m.end():m.end() + 60]) and _SUBORDINATE.search(text[:m.start()]):
            continue  # "as Russia's attack on Ukraine continues" (but "fighting continued near X" is news)
        if low in _NEEDS_SUBJECT and not _ARMED_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue  # "a storm hit", "capture the moment", "ten pounds": only "troops storm", "forces pound"
        if low in ("destroy", "destroys", "repel") and not any(rx.search(text) for _, rx in _WEAPON_TYPES):
            continue  # caption verbs count with a weapon or troops named: "Liverpool destroy Chelsea" is sport
        out.append(Trigger(m.start(), m.end(), word, _type_of_match(m, text), _is_direct(m)))
    return out


def _is_direct(m: re.Match[str]) -> bool:
    """Does the word name its event type itself (not generic, not a casualty word)?"""
    if m.group("generic") is not None:
        return False
    return m.group(f"t{len(_LEXICON) - 1}") is None


_NEEDS_SUBJECT = frozenset({"storm", "storms", "storming", "capture", "recapture", "seize", "retake", "liberate",
                            "pound", "pounds", "pounding"})
_ARMED_BEFORE = re.compile(r"\b(?:troops|forces|soldiers|servicemen|units|fighters|militants|infantry|marines|"
                           r"paratroopers|brigades?|commandos|army|rebels|military|artillery|aviation|jets|drones|missiles)"
                           r"\s+$", re.I)
_ALERT_AFTER = re.compile(r"[\s-](?:alerts?|sirens?|warnings?|shelters?|alarms?)\b", re.I)
_DETERMINER_BEFORE = re.compile(r"\b(?:a|an|the|his|her|its|their|this|that|biggest|big|latest)\s+$", re.I)
_DEGREE_BEFORE = re.compile(r"\b(?:worst|hardest|badly|heavily|hard)[-\s]+$", re.I)
_NONCOMBAT_AFTER = re.compile(
    r"\s+(?:down\s+by|(?:back\s+)?(?:against\s+)?(?:the\s+|a\s+)?(?:AIDS|HIV|disease|diseases|corruption|crime|fires?|"
    r"wildfires?|blazes?|flames|cancer|poverty|inflation|drugs|pandemic|virus|viruses|malaria|hunger|illness|climate|"
    r"epidemic|outbreak|infections?|obesity|tears|flu|addiction|unemployment|racism|discrimination)\b)")
#: What hits without being an attack: weather, quakes, the economy, a plane's birds ("a storm
#: hit Odesa", "inflation hit a record", "the plane hit a flock of birds").
_NATURAL_SUBJECT = re.compile(
    r"\b(?:storms?|snow(?:storms?|fall)?|blizzards?|rain(?:s|fall|storms?)?|winds?|gales?|hurricanes?|typhoons?|"
    r"cyclones?|tornado(?:e)?s?|earthquakes?|quakes?|tremors?|floods?|flooding|heat\s*waves?|heat|frosts?|"
    r"droughts?|lightning|hail(?:storms?)?|tsunamis?|waves?|inflation|prices?|unemployment|sales|shares|stocks|"
    r"markets?|demand|temperatures?|recession|crisis|pandemic|outbreak|plane|airliner|jet\s*liner|"
    r"bus|car|truck|lorry|train|vehicle|driver|ball)\b(?:\s+\w+){0,3}\s+$", re.I)
#: "hit a record", "hit an all-time high", "hit the shelves": no attack.
_MEASURE_AFTER = re.compile(
    r"\s+(?:a\s+|an\s+|the\s+|its\s+|their\s+)?(?:new\s+|fresh\s+|all-time\s+|record\s+|\d+-year\s+)*"
    r"(?:records?|highs?|lows?|peaks?|shelves|headlines|milestones?|targets?\s+of|levels?|mark|bottom)\b", re.I)
_CRIME_BEFORE = re.compile(r"\b(?:sexual|aggravated|indecent|domestic|simple|felony|misdemeanor|alleged)\s+$", re.I)
_CHARGE_AFTER = re.compile(r"\s+(?:charges?|case|conviction|suspect|victim)", re.I)
_INFO_BEFORE = re.compile(r"\b(?:information|details|tickets|info),?\s+(?:please\s+)?$", re.I)
_WEB_AFTER = re.compile(r"\s+(?:www\.|https?:|our\s+website|the\s+website|online|\w+\.(?:com|org|net|gov)\b)", re.I)
_CAP_AFTER = re.compile(r"\s+(?:of\s+)?[A-Z][a-z]")
_CAP_BEFORE = re.compile(r"[A-Z][\w.’']*\s+$")


def _is_title_case(text: str) -> bool:
    """A Title Case headline ("Missiles Strike Odesa Port"): capitals say nothing about names."""
    words = [w for w in _WORD.findall(text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _in_proper_name(text: str, start: int, end: int) -> bool:
    """A capitalised trigger inside a name: a capitalised word right before (not at the start)
    or right after it."""
    before = text[max(0, start - 30):start]
    at_start = not before.strip() or before.rstrip()[-1:] in ".!?:;\"“(\n"
    if at_start:
        return False
    return bool(_CAP_BEFORE.search(before) or _CAP_AFTER.match(text, end))


def best_trigger(triggers: list[Trigger], *, near: int | None = None) -> Trigger | None:
    """The trigger that names the event type of a clause: words that name a type themselves
    first ("exploded" over "killing"), then the most specific type, then the one closest
    before offset ``near`` (the first located place), then the first."""
    if not triggers:
        return None

    def distance(t: Trigger) -> int:
        if near is None:
            return 0
        return near - t.end if t.end <= near else 1_000_000 + t.start - near

    return min(triggers, key=lambda t: (not t.direct, _PRIORITY[t.event_type], distance(t), t.start))


# --------------------------------------------------------------------------- modality

_PLAN = _FastAlternation(
    r"would|could|might|will|shall|should|(?:is|are|was|were)\s+(?:preparing|planning|going|expected|set|due|about|poised)\s+to"
    r"|plans?\s+to|planned\s+to|intends?\s+to|intended\s+to|aims?\s+to|vow(?:ed|s)?\s+to|threaten(?:ed|s)?\s+to|promised\s+to"
    r"|pledged\s+to|wants?\s+to|wanted\s+to|seeks?\s+to|seeking\s+to|decided\s+to|agreed\s+to|allow(?:ed|s)?\s+\w+\s+to"
    r"|ready\s+to|prepared\s+to|hopes?\s+to|to\s+(?:strike|attack|hit|target|bomb|shell|capture|visit|host|meet|destroy|storm"
    r"|repel|seize|shoot\s+down)"
    r"|(?:told|ordered|asked|urged|advised|called\s+on\s+\w+)\s+(?:\w+\s+)?to|aimed\s+at|in\s+order\s+to|designed\s+to"
    r"|meant\s+to|possible|potential|planned|proposed|scheduled|upcoming|future|would-be|next\s+(?:week|month|year)", re.I)
_ATTEMPT = Gated(re.compile(r"\b(?:tried|attempted|trying|attempting)\s+to\b", re.I))
#: a purpose adjunct after the act it explains (", seeking to ...", "in an attempt to ...")
_PURPOSE = Gated(re.compile(r",\s*(?:seeking|aiming|hoping|looking|trying|attempting|intending)\s+to\b"
                      r"|\b(?:in\s+order|in\s+an?\s+(?:attempt|bid|effort)|so\s+as)\s+to\b", re.I))
_MAY = Gated(re.compile(r"\bmay\b"))  # lower case only: "in May" is a date
_HYPOTHETICAL = _FastAlternation(r"if|unless|whether|in\s+case", re.I)
_DENIAL = _FastAlternation(
    r"no\s+evidence|not\s+(?:a\s+)?(?:deliberate|intentional)|denied|denies|deny|declined\s+to\s+comment|"
    r"refused\s+to\s+comment|did\s+not|didn't|didn’t|has\s+not|hasn't|hasn’t|have\s+not|was\s+not|were\s+not|never|"
    r"no\s+(?:information|indication|confirmation|sign)|rejected\s+(?:claims|reports)|false\s+claims?|fake|unconfirmed|"
    r"disinformation|nothing\s+to\s+do\s+with", re.I)
_OPINION = _FastAlternation(r"condemn(?:ed|s)|branded|called\s+(?:it|the)|described|accus(?:ed|es)|warned|hailed|dismissed|"
                            r"criticis(?:ed|es)|criticiz(?:ed|es)|blamed", re.I)


_HABITUAL = Gated(re.compile(
    r"\b(?:since\s+the\s+(?:start|beginning|outbreak)\s+of|since\s+(?:(?:early|late|mid-?)\s*)?(?:19|20)\d\d\b|"
    r"since\s+(?:the\s+)?(?:fighting|war|conflict|clashes|violence|invasion|hostilities)\s+(?:began|broke\s+out|erupted|started)|"
    r"over\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years?|months?|weeks?)|repeatedly|regularly|routinely|frequently|"
    r"every\s+(?:day|night|week)|(?:are|is|were|was|remain|remains)\s+(?:\w+\s+)?(?:frequent|common|commonplace|routine)\b|(?:war|conflict|invasion)\b[^.;]{0,40}\b(?:has|have|had)\s+(?:\w+\s+)?"
    r"(?:killed|displaced|destroyed|damaged|devastated|wounded|left))", re.I))


#: wrecks shown as trophies: "destroyed Russian tanks are displayed in central Kyiv" is no event there
_DISPLAY = Gated(re.compile(r"\b(?:(?:is|are|was|were|being)\s+(?:put\s+)?(?:displayed|exhibited)|on\s+(?:public\s+)?display)\b",
                            re.I))


def clause_modality(clause: str) -> str:
    """``"factual"``, ``"plan"``, ``"hypothetical"``, ``"denial"``, ``"habitual"`` or ``"display"`` for
    one clause (quotes masked out).  Habitual: "since the start of the war", "repeatedly", "the war
    in X has killed..." - true, but not one dated event.  Display: wrecks put on show."""
    folded = fold(clause)  # for the pre-checks of the patterns (:mod:`.scan`)
    if _DISPLAY.search(clause, folded):
        return "display"
    if _DENIAL.search(clause):
        return "denial"
    if _HABITUAL.search(clause, folded):
        return "habitual"
    if _HYPOTHETICAL.search(clause):
        return "hypothetical"
    # an attempt happened ("tried to capture X but were repelled"): not a plan
    if _ATTEMPT.may_match(folded):
        clause = _ATTEMPT.pattern.sub(lambda m: " " * len(m.group(0)), clause)
        folded = fold(clause)
    purpose = _PURPOSE.search(clause, folded)
    if purpose is not None and find_triggers(clause[:purpose.start()]):
        # "stormed X, seeking to widen the bridgehead": the purpose of a reported act is no plan
        clause = clause[:purpose.start()]
    if _PLAN.search(clause) or _MAY.search(clause, folded):
        return "plan"
    return "factual"


def is_opinion(clause: str) -> bool:
    """A clause of comment ("condemned", "accused") - events in it get a lower confidence."""
    return _OPINION.search(clause) is not None
