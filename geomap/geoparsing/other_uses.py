"""Single words that look like place names but name something else, read from the text
around them (the recogniser drops them, :func:`other_use`):

* a language: "spoke only French and Farsi", "English language learners", "aired in English
  and Spanish", "learned English";
* a people of another place: "Native Americans", "African-American families";
* a vehicle: "a 1992 Toyota Corolla", "a red Dodge Durango" (a maker of
  :data:`CAR_MAKES` and its model), "the Toyota failed to yield";
* a person: "Bush Jr", "the Bush administration", "the Clinton and Bush administrations"
  (a head of government's surname, :data:`HEADS_OF_GOVERNMENT`: "the Kherson
  administration" is the city's), a demonym that speaks ("French said": a surname);
  and, throughout an article, a name the article itself calls a person
  (:func:`appositive_persons`: "Fairfield, a Lebanon woman accused of ...", "Melton Lewis
  Paris, 51,");
* an organisation: "United Russia" (a party; "United States" is a name of its own); a
  chain of shops or restaurants named with a possessive ("McDonald's", "Lowe's", "Macy's":
  :data:`CHAIN_NAMES`, whose names are also towns'; "Macy" alone stays the town).

Each rule reads at most a few dozen characters on either side of the word (linear time).
"""
from __future__ import annotations

import re

from geomap.geoparsing.lexicon.persons import FIRST_NAMES
from geomap.geoparsing.recognized import Recognized
from geomap.model import Mention

__all__ = ["LANGUAGE_NAMES", "HEADS_OF_GOVERNMENT", "CAR_MAKES", "CHAIN_NAMES", "other_use",
           "appositive_persons", "given_name_alone"]

#: Languages whose names are also place names but no demonym ("Farsi" is a village).
LANGUAGE_NAMES = frozenset("""
farsi persian dari pashto urdu hindi punjabi bengali tamil telugu swahili hebrew yiddish
mandarin cantonese tagalog esperanto gaelic creole latin amharic somali yoruba igbo hausa
""".split())

_LEAD = r"(?:only|mostly|mainly|fluent|fluently|some|little|broken|perfect|both|no)\s+"
_LIST = r"(?:[A-Z][a-z]+(?:,\s*|\s+and\s+|\s+or\s+))*"
#: Before a language: a verb of speaking, learning or writing (and a list before it).
_LANGUAGE_BEFORE = re.compile(
    r"\b(?:speak|speaks|spoke|spoken|speaking|learn|learns|learned|learnt|learning|teach|teaches|"
    r"taught|teaching|fluent\s+in|translated\s+(?:in)?to|written\s+in|dubbed\s+in|subtitled\s+in)"
    rf"\s+(?:{_LEAD})?{_LIST}$")
#: "in English and Spanish.", "in Russian," : "in" and the language(s) closing a phrase.
_IN_BEFORE = re.compile(rf"\b(?:in|into)\s+(?:both\s+)?{_LIST}$")
_IN_AFTER = re.compile(r"(?:(?:,\s*|\s+and\s+|\s+or\s+)[A-Z][a-z]+)*\s*(?:[.,;:)!?]|$)")
#: After a language: "English language learners", "French-speaking", "French immersion".
_LANGUAGE_AFTER = re.compile(
    r"[\s-](?:language|languages|speaking|speaker|speakers|immersion|translation|translations|"
    r"translator|translators|interpreter|interpreters|subtitles|lessons|dialect)\b")

#: Surnames of heads of government that news writes as "the X administration" and that
#: places also bear: the US presidents, and a few others.
HEADS_OF_GOVERNMENT = frozenset("""
washington adams jefferson madison monroe jackson van buren harrison tyler polk taylor
fillmore pierce buchanan lincoln johnson grant hayes garfield arthur cleveland mckinley
roosevelt taft wilson harding coolidge hoover truman eisenhower kennedy nixon ford carter
reagan bush clinton obama trump biden yeltsin putin medvedev zelensky poroshenko yanukovych
""".split())

#: Car makers whose names are also place names or that precede models named after places
#: ("Toyota", "Dodge Durango", "Hyundai Tucson").
CAR_MAKES = frozenset("""
toyota honda nissan ford chevrolet chevy dodge jeep chrysler buick cadillac pontiac gmc
lincoln mercury plymouth oldsmobile saturn mazda subaru mitsubishi hyundai kia volkswagen
audi bmw mercedes lexus acura infiniti volvo tesla isuzu suzuki lada skoda renault peugeot
fiat opel dacia
""".split())
#: Makers whose names are as often places ("Lincoln", "Plymouth"): a vehicle only after a
#: year or a colour ("a 2001 Cadillac"), never just before a capitalised word ("Lincoln Club").
PLACE_LIKE_MAKES = frozenset({"lincoln", "mercury", "plymouth", "saturn", "cadillac"})
#: Capitalised words after a place name that are no car model ("Toyota City Hall").
_NOT_MODELS = frozenset("""
county city township town village park police fire mayor council hall high school airport
station street road avenue university college hospital district
""".split())
_COLOUR = r"(?:red|blue|white|black|silver|gr[ae]y|green|gold|maroon|tan|brown|beige)"
#: Before a car make: "a 1992 Toyota", "a red Dodge".
_MAKE_BEFORE = re.compile(
    rf"\b(?:(?:[Aa]n?|[Hh]is|[Hh]er|[Tt]heir)\s+(?:19|20)\d\d|{_COLOUR}|[Hh]is|[Hh]er|[Tt]heir)\s+$")
_MODEL_AFTER = re.compile(r"\s+([A-Z][A-Za-z0-9-]*[a-z0-9])\b")
_MAKE_WORD_BEFORE = re.compile(r"\b([A-Z][A-Za-z]+)\s+$")

#: "The Toyota failed to yield": a make after "the" and before a verb in the past tense
#: is the car (a town takes no article).
_THE_ONLY_BEFORE = re.compile(r"\b(?:the|The)\s+$")
_VERB_AFTER = re.compile(r"\s+(?:was\s+|had\s+|then\s+)?[a-z]+ed\b")

#: "Bush Jr", "Bush Jr.": a person.
_SUFFIX_AFTER = re.compile(r",?\s+(?:Jr|Sr)\b")
#: "the Bush administration", "the Clinton and Bush Jr administrations".
_ADMINISTRATION_AFTER = re.compile(
    r"(?:\s+(?:and|or)\s+[A-Z][a-z]+(?:\s+(?:Jr|Sr)\.?)?)?(?:\s+(?:Jr|Sr)\.?)?\s+administrations?\b")
_THE_BEFORE = re.compile(r"\b(?:the|The)\s+(?:[A-Z][a-z]+\s+(?:and|or)\s+)?$")
_NAME_BEFORE = re.compile(r"\b(?!The\b)[A-Z][a-z]+\.?\s+$")
_SPEAKS_AFTER = re.compile(r"\s+(?:said|says|told|added|noted|explained|wrote)\b")
_ETHNIC_BEFORE = re.compile(r"(?:\bNative\s+|\b[A-Z][a-z]+-)$")
_ETHNIC_WORDS = frozenset({"american", "americans", "canadian", "canadians", "australian",
                           "australians"})

_WINDOW = 60

#: Chains of shops and restaurants named with a possessive whose names are also towns
#: somewhere (McDonald, Kansas; Macy, Indiana; Chili, New York): "ate at a McDonald's".
CHAIN_NAMES = frozenset("""
mcdonald lowe macy kohl dillard wendy hardee arby denny chili applebee culver domino
sainsbury albertson friendly boscov zaxby bojangle wegman kroger meijer
""".split())


#: Makers whose models' names read as places ("Dodge Durango"): the word before the model.
_MODEL_MAKES = CAR_MAKES - PLACE_LIKE_MAKES
_LONGEST_MAKE = max(map(len, CAR_MAKES))


def _make_word_before(before: str) -> re.Match | None:
    """``_MAKE_WORD_BEFORE.search(before)`` where it may find a car maker: the word must
    end where ``before``'s trailing whitespace starts, and a word longer than any maker's
    name (or none) gives no maker, so only the last characters are searched -- not every
    position of the window (the search is tried for nearly every recognised name)."""
    end = len(before.rstrip())
    if end == len(before):
        return None
    return _MAKE_WORD_BEFORE.search(before, max(0, end - _LONGEST_MAKE - 1))


def other_use(text: str, rec: Recognized) -> str | None:
    """Why the single-word span ``rec`` names no place ("language", "people", "vehicle",
    "person", "organisation"), or None."""
    if " " in rec.text or not text or rec.role not in ("toponym", "demonym"):
        return None
    before = text[max(0, rec.start - _WINDOW):rec.start]
    after = text[rec.end:rec.end + _WINDOW]
    low = rec.text.lower()
    if rec.role == "demonym" or low in LANGUAGE_NAMES:
        if _LANGUAGE_BEFORE.search(before) or _LANGUAGE_AFTER.match(after) \
                or (_IN_BEFORE.search(before) and _IN_AFTER.match(after)):
            return "language"
    if rec.role == "demonym":
        if low in _ETHNIC_WORDS and _ETHNIC_BEFORE.search(before):
            return "people"
        if _SPEAKS_AFTER.match(after) and _NAME_BEFORE.search(before):
            return "person"   # "Monica French said" (not "officials from the Philippines said")
        return None
    if low in CAR_MAKES:
        model = _MODEL_AFTER.match(after)
        if _MAKE_BEFORE.search(before) or (model is not None and low not in PLACE_LIKE_MAKES
                                           and model.group(1).lower() not in _NOT_MODELS):
            return "vehicle"    # "a 1992 Toyota Corolla", "a white Toyota", "Toyota Camry"
        if low not in PLACE_LIKE_MAKES and _THE_ONLY_BEFORE.search(before) and _VERB_AFTER.match(after):
            return "vehicle"    # "The Toyota failed to yield", "the Honda swerved"
    make = _make_word_before(before)
    if make is not None and make.group(1).lower() in _MODEL_MAKES:
        return "vehicle"    # the model: "Dodge Durango", "Hyundai Tucson"
    if _SUFFIX_AFTER.match(after):
        return "person"
    if low in CHAIN_NAMES and after[:2] in ("'s", "’s"):
        return "organisation"   # "McDonald's", "the Lowe's store"
    if before.endswith("United ") and rec.role == "toponym":
        return "organisation"   # "United Russia" (a party): "United States" is matched whole
    if low in HEADS_OF_GOVERNMENT and _ADMINISTRATION_AFTER.match(after) and _THE_BEFORE.search(before):
        return "person"
    return None


#: After a name in apposition to a person noun: ", a Lebanon woman", ", husband of", ", 51,".
#: (It starts with ", " so that the regex engine scans for it fast.)
_PERSON_AFTER = re.compile(
    r", (?:(?:an? |the )?(?:\d{1,3}-year-old )?(?:[A-Z][a-z]+(?: [A-Z][a-z]+)? )?(?:woman|man|resident|"
    r"teen|teenager|boy|girl|mother|father|wife|husband|student|employee|worker|lawyer|attorney|"
    r"officer|deputy|veteran|retiree|widow|widower|son|daughter)\b|(\d{1,2}),)")
#: The name before it, and the word before the name.
_NAME_BEFORE_COMMA = re.compile(r"(?:^|(\S+) )([A-Z][a-z]+)$")
#: Words before the name that make it a place: "in Pokrovsk, a resident said", "a
#: 30-year-old Calgary, Alberta man".
_PLACE_LEADS = frozenset({"in", "at", "of", "from", "near", "to", "a", "an", "old", "the"})


def appositive_persons(text: str) -> frozenset[str]:
    """Single names that ``text`` itself calls a person: in apposition to a person noun
    ("Fairfield, a Lebanon woman") or after a given name and before an age ("Melton Lewis
    Paris, 51,").  Not after a preposition ("in Pokrovsk, a resident said") nor inside a
    description ("a 30-year-old Calgary, Alberta man").  Linear time: one scan for the
    comma and its person noun, then at most 40 characters before each."""
    found = set()
    for m in _PERSON_AFTER.finditer(text):
        before = _NAME_BEFORE_COMMA.search(text, max(0, m.start() - 40), m.start())
        if before is None:
            continue
        lead = (before.group(1) or "").lower()
        if m.group(1) is not None:   # an age: only after a given name ("Lewis Paris, 51,")
            if not lead or not lead[0].isalpha() or lead in _PLACE_LEADS or not before.group(1)[0].isupper():
                continue
        elif lead.rsplit("-", 1)[-1] in _PLACE_LEADS:
            continue
        found.add(before.group(2))
    return frozenset(found)


_PLACE_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|near|at|from|to|of|outside|into|toward|towards|around|across)\s+$", re.IGNORECASE)
_LIST_BEFORE = re.compile(r"(?:,|\band|\bor)\s+$")
_LIST_AFTER = re.compile(r"(?:,|\s+and|\s+or)\s+[A-Z]")


def given_name_alone(text: str, mention: Mention) -> bool:
    """Is ``mention`` a given name standing alone ("Martha was the widow of ...", "Alan, 79,",
    "Billy's served comfort food") rather than the small town it was resolved to?  Only
    for a one-word name of :data:`FIRST_NAMES` (which leaves out names of big places:
    Sofia, Madison) resolved to a town, not after a preposition of place ("moved to
    Martha") and not in a list of places ("Becker, Clay, Douglas and Grant")."""
    p = mention.place
    if p is None or p.kind != "city" or mention.role != "toponym" or " " in mention.text \
            or mention.text.lower() not in FIRST_NAMES:
        return False
    before = text[max(0, mention.start - 16):mention.start]
    return not (_PLACE_PREPOSITION_BEFORE.search(before) or _LIST_BEFORE.search(before[-6:])
                or _LIST_AFTER.match(text, mention.end))
