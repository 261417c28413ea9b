"""Words of a text for the toponym recogniser, and the candidate names they form.

:func:`tokenize` keeps capitalised words (and the few lower-case words the rules need) with
exact offsets and a sentence-initial flag; :func:`ngram_keys` joins adjacent tokens into the
folded lookup keys of candidate multi-word names ("Sea of Azov", "Rostov-on-Don").
"""
from __future__ import annotations

import re
from typing import NamedTuple

from gazetteer.normalize import fold as _fold

from geomap.geoparsing.lexicon.words import (
    ADMIN_GENERICS,
    CITY_CUES,
    METONYM_NOUNS,
    METONYM_VERBS,
    NAME_ABBREVIATIONS,
    NAME_CONNECTORS,
    PERSON_TITLES,
    PREPOSITIONS,
    SPEECH_VERBS,
)

__all__ = ["Token", "tokenize", "scan", "joinable", "is_name_token", "ngram_keys"]

_POSSESSIVE = ("'s", "’s", "'S", "’S")
_SENTENCE_END = re.compile(r"[.!?:;\n\"“”(]|\s[-–—]\s")


class Token(NamedTuple):
    """A word of the text; ``end`` excludes a possessive "'s" (then ``possessive``).

    ``initial`` (first word of a sentence, line or quotation) is only computed for
    capitalised words; it is False for lower-case ones.
    """

    start: int
    end: int
    text: str
    cap: bool          # starts with an upper-case letter
    upper: bool        # all capitals (two letters or more)
    initial: bool
    possessive: bool = False


_KEEP_LOWER = sorted(NAME_CONNECTORS | frozenset(ADMIN_GENERICS) | CITY_CUES | METONYM_VERBS
                     | METONYM_NOUNS | SPEECH_VERBS | PREPOSITIONS
                     | {"of", "the", "a"},
                     key=len, reverse=True)
_KEEP_LOWER_SET = frozenset(_KEEP_LOWER)
_WORD = re.compile(r"(?:[A-Z][a-z]?\.){2,}|[^\W_](?:\w|['’](?=\w))*")


def tokenize(text: str) -> list[Token]:
    """Capitalised words (and the few lower-case words the rules need) of ``text``.

    Other words are skipped: two tokens are adjacent only if the text between them is
    just a space, a hyphen or ". " (the rules check that gap).
    """
    return scan(text)[0]


def scan(text: str) -> tuple[list[Token], set[str]]:
    """(tokens, the set of all-lower-case words of the text)."""
    tokens: list[Token] = []
    lower_words: set[str] = set()
    append = tokens.append
    add_lower = lower_words.add
    keep = _KEEP_LOWER_SET
    prev_end = 0
    prev_text = ""
    sentence_end = _SENTENCE_END.search
    for m in _WORD.finditer(text):
        word = m.group()
        if not word[0].isupper() and not (len(word) > 2 and word[1] in "'’" and word[2].isupper()):
            if word.islower():
                add_lower(word)
                if word in keep:
                    start, end = m.span()
                    append(Token(start, end, word, False, False, False, False))
                    prev_end = end
                    prev_text = word
            continue
        start, end = m.span()
        possessive = False
        if len(word) > 2 and word.endswith(_POSSESSIVE):
            word = word[:-2]
            end -= 2
            possessive = True
        if not tokens and not text[:start].strip():
            initial = True
        else:
            gap = text[prev_end:start]
            if gap == " ":
                initial = False
            else:
                # the punctuation after the gap's last word, and that word
                k = len(gap)
                while k and not (gap[k - 1].isalnum() or gap[k - 1] == "_"):
                    k -= 1
                tail = gap[k:]
                b = k
                while b and (gap[b - 1].isalnum() or gap[b - 1] == "_"):
                    b -= 1
                last_word = gap[b:k] if k else prev_text
                if not tokens and not last_word:
                    initial = True
                elif sentence_end(tail):
                    # "St. Louis", "Mr. Smith", "J. Smith", "U.S. troops" do not end a sentence.
                    low_prev = last_word.lower()
                    initial = not (
                        tail.startswith(". ") and "\n" not in tail and (
                            low_prev in NAME_ABBREVIATIONS or low_prev in PERSON_TITLES
                            or len(last_word) == 1 or (last_word == prev_text and prev_text.endswith("."))
                        )
                    )
                else:
                    initial = False
        append(Token(start, end, word, True, len(word) > 1 and word.isupper(), initial, possessive))
        prev_end = m.end()
        prev_text = word
    return tokens, lower_words


def joinable(text: str, left: Token, right: Token) -> bool:
    """May ``left`` and ``right`` belong to one multi-word name?"""
    if left.possessive:
        return False
    gap = text[left.end:right.start]
    if gap in (" ", "-"):
        return True
    if gap == ". " and left.text.lower() in NAME_ABBREVIATIONS:
        return True  # "St. Louis", "Mt. Vernon"
    return False


def is_name_token(tok: Token) -> bool:
    return tok.cap and not tok.text[0].isdigit()


def ngram_keys(text: str, tokens: list[Token], *, max_tokens: int) -> dict[tuple[int, int], str]:
    """Folded lookup keys of every candidate n-gram: ``(i, j) -> key`` (tokens i..j)."""
    keys: dict[tuple[int, int], str] = {}
    n = len(tokens)
    for i in range(n):
        first = tokens[i]
        if not is_name_token(first):
            continue
        j = i
        while j < n and j - i < max_tokens:
            tok = tokens[j]
            if j > i:
                if not joinable(text, tokens[j - 1], tok):
                    break
                if not tok.cap and tok.text.lower() not in NAME_CONNECTORS \
                        and tok.text.lower() not in ADMIN_GENERICS:
                    break
            if tok.cap or (j > i and tok.text.lower() in ADMIN_GENERICS):
                keys[(i, j)] = _fold(text[first.start:tok.end])
            j += 1
    return keys
