"""Context cues around a candidate name, read from the tokens: persons ("Dr. Caleb Chu"),
streets ("Dublin Road"), title-case headlines, datelines ("BEIRUT:"), "the city of X" and
metonyms ("Kyiv said", "Moscow's stance").
"""
from __future__ import annotations

from geomap.geoparsing.lexicon.persons import FIRST_NAMES
from geomap.geoparsing.lexicon.words import (
    CITY_CUES,
    METONYM_NOUNS,
    METONYM_VERBS,
    PERSON_TITLES,
    PREPOSITIONS,
    STREET_SUFFIXES,
)
from geomap.geoparsing.tokens import Token, initial_at

__all__ = ["dateline", "person_context", "title_case_line", "titled_full_name", "street_after",
           "city_cue", "metonym", "CapitalisedWords", "full_name_after"]


def dateline(text: str, tokens: list[Token], i: int, j: int, initial: bool | None = None) -> bool:
    """All-caps words followed by ",", ":", "(" or a dash: a dateline ("BEIRUT:", "NEWARK --").
    ``initial``: token i begins a sentence (read from the text when not given)."""
    after = text[tokens[j].end:tokens[j].end + 4].lstrip(" ")
    if after[:1] not in (",", ":", "(", "-", "—", "–", "\x97"):
        return False
    if initial is None:
        initial = initial_at(text, tokens, i)
    if initial:
        return True
    before = text[max(0, tokens[i].start - 12):tokens[i].start].rstrip(" ")
    return not before or before[-1].isdigit() or before[-1] in "\n.:" or before.isupper()


def person_context(text: str, tokens: list[Token], i: int) -> bool:
    """Is token i (a name candidate's first token) preceded by a given name/title/initial?"""
    if i == 0:
        return False
    prev = tokens[i - 1]
    gap = text[prev.end:tokens[i].start]
    if gap not in (" ", ". "):
        return False
    low = prev.text.lower()
    if gap == ". ":
        return low in PERSON_TITLES or (len(prev.text) == 1 and prev.cap)
    if not prev.cap or prev.upper and len(prev.text) > 1:
        return low in PERSON_TITLES
    if low in FIRST_NAMES or low in PERSON_TITLES or (len(prev.text) == 1 and prev.cap and prev.text != "A"):
        return True
    # a title, then a given name we do not know: "Dr. Caleb Chu", "Commissioner Wade McKinney"
    if i >= 2 and not prev.upper:
        title = tokens[i - 2]
        return title.text.lower() in PERSON_TITLES and text[title.end:prev.start] in (" ", ". ")
    return False


class CapitalisedWords:
    """Which capitalised words of a text stand alone as a name somewhere: not right after or
    before another capitalised word, nor after "the" ("Ching said", not "the Observer" or
    "Superior Court").  Each word is looked up once, by a C-speed search of the text, and
    at most :attr:`LIMIT` words per text (then the answer is no): linear time."""

    __slots__ = ("_text", "_memo")
    LIMIT = 64

    def __init__(self, text: str) -> None:
        self._text = text
        self._memo: dict[str, bool] = {}

    def alone(self, word: str) -> bool:
        """Does ``word`` stand alone as a name somewhere in the text?"""
        hit = self._memo.get(word)
        if hit is None:
            hit = False if len(self._memo) >= self.LIMIT else self._search(word)
            self._memo[word] = hit
        return hit

    def _search(self, word: str) -> bool:
        text, n = self._text, len(word)
        p = text.find(word)
        while p >= 0:
            e = p + n
            if (p == 0 or not (text[p - 1].isalnum() or text[p - 1] in "'’-")) \
                    and not text[e:e + 1].isalnum():
                if text[e:e + 2] in ("'s", "’s"):
                    e += 2
                if not (text[e:e + 1] == " " and text[e + 1:e + 2].isupper()) \
                        and not _name_or_the_before(text, p):
                    return True
            p = text.find(word, p + n)
        return False


def _name_or_the_before(text: str, p: int) -> bool:
    """Is the word ending one space before ``p`` capitalised, or "the"?"""
    if p < 2 or text[p - 1] != " ":
        return False
    k = p - 1
    stop = max(0, k - 40)
    while k > stop and (text[k - 1].isalnum() or text[k - 1] in "'’-"):
        k -= 1
    prev = text[k:p - 1]
    return bool(prev) and (prev[0].isupper() or prev == "the")


def full_name_after(text: str, tokens: list[Token], j: int, words: CapitalisedWords,
                    name_words) -> bool:
    """Is the one-word name tokens[j] a given name: before a middle initial and a surname
    ("Milton J. Little"), or before a capitalised word that the article also uses alone as
    a name ("Brent Ching, his wife ... Ching said")?  ``name_words``: lower-case words that
    continue a place's or an institution's name instead ("Tyler Junior College"); a
    possessive ("the DeKalb Lowe's store") is a shop's name, not a surname."""
    if j + 1 >= len(tokens):
        return False
    name, nxt = tokens[j], tokens[j + 1]
    if name.possessive or text[name.end:nxt.start] != " " or not nxt.cap or nxt.upper \
            or nxt.possessive:
        return False
    if len(nxt.text) == 1:   # a middle initial, then the surname: "Milton J. Little"
        return (nxt.text != "A" and text[nxt.end:nxt.end + 2] == ". " and j + 2 < len(tokens)
                and tokens[j + 2].start == nxt.end + 2 and tokens[j + 2].cap
                and len(tokens[j + 2].text) > 1)
    return nxt.text.lower() not in name_words and words.alone(nxt.text)


def title_case_line(text: str, pos: int) -> bool:
    """Is the line around ``pos`` a title-case headline ("Kupiansk Residents Flee Shelling")?
    (Most of its words of four letters or more are capitalised.)"""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start:end if end >= 0 else len(text)]
    if len(line) > 200:
        return False
    words = [w for w in line.split() if len(w) >= 4 and w[0].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def titled_full_name(text: str, tokens: list[Token], i: int) -> bool:
    """Is token i the surname of "Title Given Surname" ("Dr. Caleb Chu")?"""
    if i < 2:
        return False
    prev, title = tokens[i - 1], tokens[i - 2]
    return (prev.cap and not prev.upper and text[prev.end:tokens[i].start] == " "
            and title.text.lower() in PERSON_TITLES and text[title.end:prev.start] in (" ", ". "))


def street_after(text: str, tokens: list[Token], j: int) -> bool:
    if j + 1 >= len(tokens):
        return False
    nxt = tokens[j + 1]
    return (nxt.cap and nxt.text.lower() in STREET_SUFFIXES
            and text[tokens[j].end:nxt.start] == " " and not tokens[j].possessive)


def city_cue(text: str, tokens: list[Token], i: int) -> str:
    """"city of X", "the port of X", "the southern city of X" -> "city"."""
    if i >= 2 and tokens[i - 1].text == "of" and tokens[i - 2].text.lower() in CITY_CUES \
            and not tokens[i - 2].cap and text[tokens[i - 2].end:tokens[i - 1].start] == " " \
            and text[tokens[i - 1].end:tokens[i].start] == " ":
        return "city"
    return ""


def metonym(text: str, tokens: list[Token], j: int) -> bool:
    """Is the name ending at token j the speaker or owner: "Kyiv said", "Moscow's stance"
    (not after a preposition: "officials in Paris condemned")?"""
    tok = tokens[j]
    if j + 1 >= len(tokens):
        return False
    nxt = tokens[j + 1]
    low = nxt.text.lower()
    gap = text[tok.end:nxt.start]
    if tok.possessive:
        if not (low in METONYM_NOUNS and gap in ("'s ", "’s ")):
            return False
    elif not (gap == " " and low in METONYM_VERBS):
        return False
    # "officials in Paris condemned": a place after a preposition is not the speaker
    k = j
    floor = max(0, j - 8)  # a name is a few capitalised words: bounded, so long capitalised runs stay linear
    while k > floor and text[tokens[k - 1].end:tokens[k].start] == " " and tokens[k - 1].cap:
        k -= 1
    return not (k > 0 and tokens[k - 1].text in PREPOSITIONS
                and text[tokens[k - 1].end:tokens[k].start] == " ")
