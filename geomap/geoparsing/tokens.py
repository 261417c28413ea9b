"""Words of a text for the toponym recogniser, and the candidate names they form.

:func:`tokenize` keeps capitalised words (and the few lower-case words the rules need) with
exact offsets and a sentence-initial flag; :func:`ngram_spans` joins adjacent tokens into the
folded lookup keys of candidate multi-word names ("Sea of Azov", "Rostov-on-Don").

The scanner never walks every word in Python: regexes find the words that may be
capitalised and the rule words (``_WORD`` stays the definition of a word; both give the same
offsets, which ``tests/test_geoparse_tokens.py`` checks against it), and only capitalised
words go through the Python loop.  "Is this word also written in lower case in the article?"
is answered on demand (:class:`LowerWords`), and so is "does this word begin a sentence?":
the recogniser scans with :func:`scan_lazy` (no ``initial`` flags) and asks
:func:`initial_at` about the few candidates whose rules read the flag; :func:`scan` fills
every flag the same way.
"""
from __future__ import annotations

import re
from itertools import compress
from operator import itemgetter, methodcaller
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

__all__ = ["Token", "LowerWords", "tokenize", "scan", "scan_lazy", "initial_at", "cap_indices", "joinable",
           "is_name_token", "ngram_keys", "ngram_spans"]

_POSSESSIVE = ("'s", "’s", "'S", "’S")
_Match = re.Match
_START1 = methodcaller("start", 1)
_START = itemgetter(0)
_CAP = itemgetter(3)   # Token.cap
_SENTENCE_END = re.compile(r"[.!?:;\n\"“”(]|\s[-–—]\s")
#: On a reversed gap between two words: its trailing non-word characters, then its last
#: word (``\w`` is exactly ``str.isalnum()`` or "_").
_GAP_END = re.compile(r"(\W*)(\w*)")


class Token(NamedTuple):
    """A word of the text; ``end`` excludes a possessive "'s" (then ``possessive``).

    ``initial`` (first word of a sentence, line or quotation) is only computed for
    capitalised words; it is False for lower-case ones (and None on the capitalised tokens
    of :func:`scan_lazy`: ask :func:`initial_at`).
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
#: The words of a text: runs of letters and digits with apostrophes inside ("O'Brien"), and
#: initialisms with their periods ("U.S.", "L.A.").  This is the definition of a word; the
#: scanner below finds only the words it keeps, at the same offsets.
#: (The rest of a word, ``(?:\w|['’](?=\w))*``, is written ``_CONT``: the same strings, a
#: run of word characters and then apostrophes each followed by more of them, matched
#: faster -- the regex engine runs ``\w*`` as one tight loop instead of an alternation per
#: character.)
_CONT = r"\w*(?:['’]\w+)*"
_WORD = re.compile(r"(?:[A-Z][a-z]?\.){2,}|[^\W_]" + _CONT)
#: Placed after a word's first character: that character starts a word of ``_WORD`` (the
#: character before it is no word character, nor an apostrophe inside a word).  Exact except
#: after an underscore (a word character that cannot start a word): texts with "_" take the
#: general path.
_STARTS = r"(?<!\w\w)(?<!\w['’]\w)"
#: Words that may be capitalised: an upper-case first letter (non-ASCII letters are checked
#: in Python).  A plain character class (A-Z or non-ASCII) comes first so that the regex
#: engine skips other characters quickly; the word-character test runs only after it.
_NAME_WORD = re.compile(r"[A-Z\x80-\U0010ffff](?<=[^\W\d_a-z])" + _STARTS
                        + r"(?:(?<=[A-Z])[a-z]?\.(?:[A-Z][a-z]?\.)+|" + _CONT + ")")
#: ``_NAME_WORD`` for ASCII texts: the first class without its non-ASCII range is one
#: range check per character (a class reaching beyond U+00FF is a list of ranges for the
#: regex engine to walk at every character); same matches on any ASCII text.
_NAME_WORD_ASCII = re.compile(r"[A-Z]" + _STARTS
                              + r"(?:(?<=[A-Z])[a-z]?\.(?:[A-Z][a-z]?\.)+|" + _CONT + ")")
#: "d'Ivoire", "l'Aquila": a lower-case letter or digit, an apostrophe, a capital (matched
#: from the apostrophe: the word starts one character earlier).
_ELIDED_NAME = re.compile(r"['’](?<=[a-z\d]['’])(?<!\w\w['’])(?<!\w['’]\w['’])[^\W\d_a-z]" + _CONT)
#: ``_ELIDED_NAME`` for ASCII texts: its first character is a plain "'" (a literal the regex
#: engine finds by a fast search, not a class tested at every character).
_ELIDED_NAME_ASCII = re.compile(r"'(?<=[a-z\d]')(?<!\w\w')(?<!\w'\w')[^\W\d_a-z]" + _CONT)


def _trie_pattern(words: list[str]) -> str:
    """A regex alternation of ``words`` factored by common prefixes (much faster to match)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        if "" in node:   # a word ends here, or goes on: an empty last alternative (the
            return "(?:" + "|".join(alts) + "|)"   # engine runs it faster than an optional group)
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie)


_KEEP_TRIE = _trie_pattern(_KEEP_LOWER)
_KEEP_END = r"(?!\w|['’]\w)"
#: The lower-case words the rules need, as whole words of ``_WORD``, found by the character
#: before them (the regex engine skips quickly to given characters; a pattern starting with
#: a word boundary would test every position): after a space (nearly all), after any other
#: non-word character (ASCII punctuation and controls, or a non-ASCII character then checked
#: to be no word character) that does not end an elision ("l'"), at the start of the text.
#: Group 1 is the word.
_KEEP_AFTER_SPACE = re.compile(r" (" + _KEEP_TRIE + ")" + _KEEP_END)
_KEEP_AFTER_OTHER = re.compile(r"[\x00-\x1f\x21-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\U0010ffff](?=[a-z])(?<=\W)"
                               r"(?<!\w['’])(" + _KEEP_TRIE + ")" + _KEEP_END)
#: ``_KEEP_AFTER_OTHER`` for ASCII texts (a bitmap class: one test per character).  (Both
#: look ahead for a lower-case letter first, as every rule word starts with one: most
#: punctuation is followed by a space, and is then passed over without the look-behinds.)
_KEEP_AFTER_OTHER_ASCII = re.compile(r"[\x00-\x1f\x21-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f](?=[a-z])(?<=\W)"
                                     r"(?<!\w['’])(" + _KEEP_TRIE + ")" + _KEEP_END)
_KEEP_AT_START = re.compile("(" + _KEEP_TRIE + ")" + _KEEP_END)


class LowerWords:
    """``word in LowerWords(text)``: does ``text`` contain ``word`` as a whole all-lower-case
    word?  Answered on demand (the recogniser asks about a few words per article): by
    looking at the word's occurrences, or, when they are many or inside very long runs
    without whitespace, from the set of all lower-case words (made once)."""

    __slots__ = ("text", "_memo", "_all")

    def __init__(self, text: str) -> None:
        self.text = text
        self._memo: dict[str, bool] = {}
        self._all: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        hit = self._memo.get(word)
        if hit is None:
            hit = _has_lower_word(self.text, word) if self._all is None else None
            if hit is None:
                if self._all is None:
                    self._all = {w for w in _WORD.findall(self.text)
                                 if w.islower() and not _capitalised(w)}
                hit = word in self._all
            self._memo[word] = hit
        return hit


#: Occurrences of a word, and characters back to a whitespace, looked at before
#: :class:`LowerWords` falls back to the set of all words (bounded work on any input).
_MAX_OCCURRENCES = 16
_MAX_BACK = 64


def _has_lower_word(text: str, word: str) -> bool | None:
    """Is ``word`` a whole all-lower-case word of ``text``?  None: too costly to tell here."""
    if not word or not word.islower() or _capitalised(word):
        return False
    pos = text.find(word)
    seen = 0
    while pos >= 0:
        seen += 1
        if seen > _MAX_OCCURRENCES:
            return None
        # words never contain whitespace: tokenising from the last one before ``pos`` gives
        # the same words as tokenising the whole text
        q = pos
        while q and not text[q - 1].isspace():
            q -= 1
            if pos - q > _MAX_BACK:
                return None
        for m in _WORD.finditer(text, q):
            if m.start() >= pos:
                if m.start() == pos and m.group() == word:
                    return True
                break
        pos = text.find(word, pos + 1)
    return False


def _capitalised(word: str) -> bool:
    return word[0].isupper() or (len(word) > 2 and word[1] in "'’" and word[2].isupper())


def tokenize(text: str) -> list[Token]:
    """Capitalised words (and the few lower-case words the rules need) of ``text``.

    Other words are skipped: two tokens are adjacent only if the text between them is
    just a space, a hyphen or ". " (the rules check that gap).
    """
    return scan(text)[0]


def _kept_words(text: str) -> tuple[list[tuple[int, int, str]], list[Token]]:
    """(start, end, word) of the words that may be capitalised, and the rule words as
    tokens, each in text order."""
    if "_" in text:   # the general path: every word, filtered
        names, keeps = [], []
        for m in _WORD.finditer(text):
            word = m.group()
            if word in _KEEP_LOWER_SET:
                keeps.append(tuple.__new__(Token, (*m.span(), word, False, False, False, False)))
            elif _capitalised(word):
                names.append((*m.span(), word))
        return names, keeps
    ascii = text.isascii()
    found = list((_NAME_WORD_ASCII if ascii else _NAME_WORD).finditer(text))
    names = list(zip(map(_Match.start, found), map(_Match.end, found), map(_Match.group, found)))
    if "'" in text or "’" in text:
        elided = [(m.start() - 1, m.end(), text[m.start() - 1:m.end()])
                  for m in (_ELIDED_NAME_ASCII if ascii else _ELIDED_NAME).finditer(text)]
        if elided:
            names = sorted(names + elided)
    found = list(_KEEP_AFTER_SPACE.finditer(text))
    others = list((_KEEP_AFTER_OTHER_ASCII if ascii else _KEEP_AFTER_OTHER).finditer(text))
    first = _KEEP_AT_START.match(text)
    if others or first:
        found = sorted(found + others + ([first] if first else []), key=_START1)
    new = tuple.__new__
    keeps = [new(Token, (m.start(1), m.end(1), m.group(1), False, False, False, False))
             for m in found]
    return names, keeps


def scan(text: str) -> tuple[list[Token], LowerWords]:
    """(tokens, the all-lower-case words of the text as a :class:`LowerWords`)."""
    tokens, lower = scan_lazy(text)
    for i in [i for i, tok in enumerate(tokens) if tok.cap]:
        tokens[i] = tokens[i]._replace(initial=initial_at(text, tokens, i))
    return tokens, lower


def scan_lazy(text: str) -> tuple[list[Token], LowerWords]:
    """:func:`scan` without the ``initial`` flags (None on capitalised tokens): the
    recogniser asks :func:`initial_at` about the few tokens whose flag a rule reads.

    Each token is made by one comprehension step; only possessives are looked at again.
    """
    names, keeps = _kept_words(text)
    if not text.isascii():   # a non-ASCII name word may start with a lower-case letter
        names = [n for n in names if n[2][0].isupper() or _capitalised(n[2])]
    if not names:
        return keeps, LowerWords(text)
    new = tuple.__new__
    caps = [new(Token, (s, e, w, True, len(w) > 1 and w.isupper(), None, False))
            for s, e, w in names]
    if "'" in text or "’" in text:
        for k in [k for k, n in enumerate(names) if n[2].endswith(_POSSESSIVE) and len(n[2]) > 2]:
            word = names[k][2][:-2]
            caps[k] = tuple.__new__(Token, (caps[k][0], caps[k][1] - 2, word, True,
                                            len(word) > 1 and word.isupper(), None, True))
    if not keeps:
        return caps, LowerWords(text)
    tokens = caps + keeps
    tokens.sort(key=_START)   # by start alone (no two tokens start alike): int comparisons
    return tokens, LowerWords(text)




def initial_at(text: str, tokens: list[Token], i: int) -> bool:
    """Does capitalised token i begin a sentence, a line or a quotation?  (Read from the
    text back to the previous token; a possessive "'s" belongs to that gap.)"""
    start = tokens[i].start
    if i == 0:
        if not text[:start].strip():
            return True
        gap = text[:start]
        prev_text = ""
    else:
        prev = tokens[i - 1]
        prev_end = prev.end + 2 if prev.possessive else prev.end
        gap = text[prev_end:start]
        if gap == " ":
            return False
        prev_text = prev.text
    # the punctuation after the gap's last word, and that word (read backwards)
    m = _GAP_END.match(gap[::-1])
    k = len(gap) - m.end(1)
    tail = gap[k:]
    last_word = gap[k - (m.end(2) - m.end(1)):k] if k else prev_text
    if i == 0 and not last_word:
        return True
    if not _SENTENCE_END.search(tail):
        return False
    # "St. Louis", "Mr. Smith", "J. Smith", "U.S. troops" do not end a sentence.
    low_prev = last_word.lower()
    return not (
        tail.startswith(". ") and "\n" not in tail and (
            low_prev in NAME_ABBREVIATIONS or low_prev in PERSON_TITLES
            or len(last_word) == 1 or (last_word == prev_text and prev_text.endswith("."))
        )
    )


def cap_indices(tokens: list[Token]) -> list[int]:
    """Indices of the capitalised tokens, found at C speed (reading ``tok.cap`` from Python
    costs a generic attribute look-up per token: a NamedTuple's fields are not among the
    attributes the interpreter reads fast)."""
    return list(compress(range(len(tokens)), map(_CAP, tokens)))


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
    return {(i, j): key for i, ends in ngram_spans(text, tokens, max_tokens=max_tokens).items()
            for j, key in ends}


def ngram_spans(text: str, tokens: list[Token], *, max_tokens: int) -> dict[int, list[tuple[int, str]]]:
    """The candidate n-grams by first token: ``i -> [(j, key), ...]`` (tokens i..j, j
    ascending), ``key`` the folded text of tokens i..j.

    A key is the folded tokens joined by single spaces: the gaps inside a name (" ", "-",
    ". ") fold to one space and folding is character by character, so this equals folding
    the whole span, at one fold per token.
    """
    out: dict[int, list[tuple[int, str]]] = {}
    n = len(tokens)
    connectors = NAME_CONNECTORS
    generics = ADMIN_GENERICS
    abbreviations = NAME_ABBREVIATIONS
    fold = _fold
    for i in cap_indices(tokens):
        first = tokens[i]
        word = first.text
        if word[0].isdigit():
            continue
        key = fold(word)
        ends = out[i] = [(i, key)]
        # most names are one word: the next token is not joined to this one
        if i + 1 == n or first.possessive or max_tokens < 2:
            continue
        tok = tokens[i + 1]
        gap = text[first.end:tok.start]
        if gap != " " and gap != "-" and not (gap == ". " and word.lower() in abbreviations):
            continue
        left = first
        for j in range(i + 1, min(n, i + max_tokens)):
            tok = tokens[j]
            if j > i + 1:
                if left.possessive:
                    break
                gap = text[left.end:tok.start]
                if gap != " " and gap != "-" and not (gap == ". " and left.text.lower() in abbreviations):
                    break
            if not tok.cap:
                low = tok.text.lower()
                if low not in connectors and low not in generics:
                    break
            part = fold(tok.text)
            if part:
                key = f"{key} {part}" if key else part
            if tok.cap or low in generics:
                ends.append((j, key))
            left = tok
    return out
