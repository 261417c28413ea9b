"""Cheap pre-checks for the costly patterns of event extraction.

Most sentences hold none of the words a pattern is about ("displayed", "repeatedly", "since"),
yet ``re`` tries every alternative of the pattern at every position to find that out.  Every
match of a pattern contains at least one of a few literal strings (its *needles*), read off the
pattern itself: ``\\b(?:since|repeatedly|every\\s+(?:day|night))\\b`` needs "since",
"repeatedly" or "every".  :class:`Gated` runs the pattern only when the lower-cased text holds a
needle, so it finds exactly the matches of the pattern, faster.

>>> gated = Gated(re.compile(r"\\b(?:on\\s+display|was\\s+displayed)\\b", re.I))
>>> sorted(gated.needles)
['display', 'displayed']
>>> gated.search("Tanks were put on display in Kyiv.") is not None
True

The needles are sound for any pattern: a literal run is taken only where the match must hold
it (not under a repeat that may be empty, a lookaround, or in one branch of an alternation
without a needle for each other branch); a pattern with no such literal has no needles and
is always run.  Matching is case-insensitive in the check whatever the pattern's flags (a
superset), and :func:`fold` maps the non-ASCII letters that ``re`` treats as ASCII ones under
``re.IGNORECASE`` ("İ", "ı", "ſ", the Kelvin sign) onto them.
"""
from __future__ import annotations

import re
import string
import unicodedata
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser as _p  # type: ignore[attr-defined]
from typing import Iterator

__all__ = ["Gated", "alternatives_by_first", "first_chars", "fold", "literal_alternation", "literal_prefixes", "needles",
           "split_alternatives"]

_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def fold(text: str) -> str:
    """``text`` lower-cased for the pre-checks: every match of a pattern, lower-cased, is in it."""
    return text.lower() if text.isascii() else text.translate(_FOLD).lower()


def _plain(code: int) -> str | None:
    """The needle character of a literal: ASCII lower-cased, or a caseless punctuation mark or
    symbol ("—", "«"); None for other characters (``re`` may fold them onto others)."""
    ch = chr(code)
    if code < 128:
        return ch.lower()
    if unicodedata.category(ch)[0] in "PSZ" and ch.lower() == ch == ch.upper():
        return ch
    return None


_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))


def _sequence(items: "_p.SubPattern | list") -> frozenset[str] | None:
    """Needles of a sequence of parsed items: the most selective of the literal runs and
    required parts it holds (None: nothing required)."""
    candidates: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        ch = _plain(av) if op is _c.LITERAL else None
        if ch is not None:
            run += ch
            continue
        if op is _c.AT:  # zero-width (\b, ^, $): the literals either side are adjacent in the text
            continue
        if run:
            candidates.append(frozenset((run,)))
            run = ""
        found: frozenset[str] | None = None
        if op is _c.SUBPATTERN:
            found = _sequence(av[-1])
        elif op is _c.BRANCH:
            parts = [_sequence(alt) for alt in av[1]]
            if all(part is not None for part in parts):
                found = frozenset().union(*parts)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            found = _sequence(av[2])
        elif op is _c.IN and all(kind is _c.LITERAL and _plain(code) is not None for kind, code in av):
            found = frozenset(_plain(code) for _, code in av)  # type: ignore[misc]
        if found:
            candidates.append(found)
    if run:
        candidates.append(frozenset((run,)))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(len(n) for n in c), -len(c)))


def needles(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``pattern`` contains, or None when the
    pattern requires no literal (then it must always be run)."""
    found = _sequence(_p.parse(pattern.pattern, pattern.flags))
    if not found or not all(found):
        return None
    # a needle holding another is redundant: the shorter one is in every text the longer is in
    return frozenset(n for n in found if not any(o != n and o in n for o in found))


class Gated:
    """``pattern`` run only on texts that hold one of its needles; same results as the pattern."""

    __slots__ = ("pattern", "needles")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.needles: tuple[str, ...] | None = None
        found = needles(pattern)
        if found is not None:
            self.needles = tuple(sorted(found, key=lambda n: (len(n), n)))

    def may_match(self, folded: str) -> bool:
        """False when the pattern cannot match the text whose :func:`fold` is ``folded``."""
        if self.needles is None:
            return True
        for needle in self.needles:
            if needle in folded:
                return True
        return False

    def search(self, text: str, folded: str | None = None) -> re.Match[str] | None:
        """``pattern.search(text)``; ``folded``: ``fold(text)`` when the caller has it."""
        if not self.may_match(fold(text) if folded is None else folded):
            return None
        return self.pattern.search(text)

    def match(self, text: str, folded: str | None = None) -> re.Match[str] | None:
        """``pattern.match(text)``."""
        if not self.may_match(fold(text) if folded is None else folded):
            return None
        return self.pattern.match(text)

    def finditer(self, text: str, folded: str | None = None) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``."""
        if not self.may_match(fold(text) if folded is None else folded):
            return iter(())
        return self.pattern.finditer(text)


def _first(items: "_p.SubPattern | list", fold_case: bool) -> tuple[frozenset[str] | None, bool]:
    """(the characters a match of ``items`` can start with, None: any; whether it can be empty)."""
    out: set[str] = set()
    for op, av in items:
        chars: frozenset[str] | None
        empty = False
        if op is _c.AT or op is _c.ASSERT or op is _c.ASSERT_NOT:
            continue  # zero-width: the next item gives the first character
        if op is _c.LITERAL:
            char = _first_char(av, fold_case)
            chars = None if char is None else frozenset((char,))
        elif op is _c.IN and all(kind is _c.LITERAL for kind, _ in av):
            found = [_first_char(code, fold_case) for _, code in av]
            chars = None if None in found else frozenset(found)  # type: ignore[arg-type]
        elif op is _c.SUBPATTERN:
            chars, empty = _first(av[-1], fold_case)
        elif op is _c.BRANCH:
            parts = [_first(alt, fold_case) for alt in av[1]]
            chars = None if any(f is None for f, _ in parts) else frozenset().union(*(f for f, _ in parts))  # type: ignore[arg-type]
            empty = any(e for _, e in parts)
        elif op in _REPEATS:
            chars, empty = _first(av[2], fold_case)
            empty = empty or av[0] == 0
        else:
            chars = None
        if chars is None:
            return None, False
        out |= chars
        if not empty:
            return frozenset(out), False
    return frozenset(out), True


def _first_char(code: int, fold_case: bool) -> str | None:
    """An ASCII first character as :func:`fold` gives it (ignoring case) or as it is; None otherwise."""
    if code >= 128:
        return None
    return chr(code).lower() if fold_case else chr(code)


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The ASCII characters a match of ``pattern`` can start with (lower case, as :func:`fold`
    gives them, when ``flags`` ignore case), or None when it may start with any character or
    match the empty string."""
    chars, empty = _first(_p.parse(pattern, flags), bool(flags & re.I))
    return None if chars is None or empty else chars


_State = tuple[str, bool]  # (literal letters read so far, whether the match may go on being literal)


def _prefix_states(items: "_p.SubPattern | list", fold_case: bool, max_len: int, max_count: int) -> set[_State] | None:
    """The literal starts of the matches of a sequence of parsed items (see :func:`literal_prefixes`);
    None when there are too many."""
    states: set[_State] = {("", True)}
    for op, av in items:
        if not any(open_ for _, open_ in states):
            break
        if op is _c.AT or op is _c.ASSERT or op is _c.ASSERT_NOT:
            continue  # zero-width: the next item gives the next character
        if op is _c.LITERAL and av < 128 and chr(av).isalpha():
            ch = chr(av).lower() if fold_case else chr(av)
            states = {(p + ch, len(p) + 1 < max_len) if open_ else (p, False) for p, open_ in states}
            continue
        sub: set[_State] | None = None
        if op is _c.SUBPATTERN and not av[1] and not av[2]:  # a group that changes no flags
            sub = _prefix_states(av[-1], fold_case, max_len, max_count)
            if sub is None:
                return None
        elif op is _c.BRANCH:
            sub = set()
            for alternative in av[1]:
                found = _prefix_states(alternative, fold_case, max_len, max_count)
                if found is None:
                    return None
                sub |= found
        elif op in _REPEATS:
            sub = _prefix_states(av[2], fold_case, max_len, max_count)
            if sub is None:
                return None
            if av[1] != 1:  # after a first repetition the count of them is unknown
                sub = {(q, False) for q, _ in sub}
            if av[0] == 0:  # or none at all: what follows starts the match
                sub.add(("", True))
        if sub is None:  # anything else (a class, a category, "."): the literal start ends here
            states = {(p, False) for p, _ in states}
            continue
        joined: set[_State] = set()
        for p, open_ in states:
            if not open_:
                joined.add((p, False))
                continue
            for q, q_open in sub:
                whole = p + q
                joined.add((whole[:max_len], q_open and len(whole) < max_len))
        if len(joined) > max_count:
            return None
        states = joined
    return states


def literal_prefixes(pattern: str, flags: int = 0, *, max_len: int = 8, max_count: int = 2000) -> frozenset[str] | None:
    """Strings of ASCII letters (lower case when ``flags`` ignore case), at most ``max_len``
    long, one of which every match of ``pattern`` starts with: ``r"\b(?:air\s?strikes?|drones?)"``
    gives {"air", "drone"}.  None when a match may start otherwise (with a character that is
    not an ASCII letter, a class, a category) or the strings would be more than ``max_count``.

    A match starts with the prefix in the sense of ``re`` under ``flags``: with IGNORECASE an
    ASCII letter also matches its other case (and "ſ", "İ", "ı", the Kelvin sign for "s", "i",
    "k": :func:`fold`); on an ASCII text lower-cased, the prefix is then a plain substring."""
    states = _prefix_states(_p.parse(pattern, flags), bool(flags & re.I), max_len, max_count)
    if states is None:
        return None
    found = frozenset(p for p, _ in states)
    return None if "" in found else found


def literal_alternation(strings: "set[str] | frozenset[str]") -> str:
    """A pattern matching, at a position, exactly where one of the non-empty ``strings``
    starts: a trie, so that ``re`` tries one branch per character instead of every string.
    A string that another one starts with makes the longer one redundant (dropped)."""
    kept: list[str] = []
    for s in sorted(strings):
        if not s:
            raise ValueError("empty string")
        if kept and s.startswith(kept[-1]):
            continue
        kept.append(s)
    return _trie(kept)


def _trie(strings: list[str]) -> str:
    by_first: dict[str, list[str]] = {}
    for s in strings:
        by_first.setdefault(s[0], []).append(s[1:])
    parts = [re.escape(ch) + (_trie(tails) if "" not in tails else "") for ch, tails in by_first.items()]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern`` (split at each ``|`` outside groups; a ``(``,
    ``)`` or ``|`` inside a character class is not expected: a wrong split then fails to parse)."""
    parts, depth, current, escaped = [], 0, "", False
    for ch in pattern:
        if escaped:
            current += ch
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>")


def alternatives_by_first(alternatives: str, flags: int) -> dict[str, str]:
    """For each first letter a match can start with, ``alternatives`` without the alternatives
    that cannot start with it (:func:`first_chars`; one that may start with anything is
    kept): a match tried at a word with that letter finds what the whole alternation finds there,
    with the same named groups.  Top-level named groups ("(?P<t3>a|b)") are filtered inside."""
    parts: list[tuple[str | None, list[tuple[str, frozenset[str] | None]]]] = []
    for part in split_alternatives(alternatives):
        group = _NAMED_GROUP.match(part)
        if group and part.endswith(")") and split_alternatives(part[group.end():-1]) and \
                _closes_at_end(part):
            inner = split_alternatives(part[group.end():-1])
            parts.append((group.group(1), [(alt, first_chars(alt, flags)) for alt in inner]))
        else:
            parts.append((None, [(part, first_chars(part, flags))]))
    # every letter a word may start with (as :func:`_word_heads` gives it: folded when ignoring case)
    letters = set(string.ascii_lowercase if flags & re.I else string.ascii_letters)
    out: dict[str, str] = {}
    for letter in letters:
        pieces = []
        for name, alts in parts:
            kept = "|".join(alt for alt, firsts in alts if firsts is None or letter in firsts)
            if name is not None:
                pieces.append(f"(?P<{name}>{kept or '(?!)'})")
            elif kept:
                pieces.append(kept)
        out[letter] = "|".join(pieces) or "(?!)"
    return out


def _closes_at_end(part: str) -> bool:
    """Whether the group opened at the start of ``part`` closes at its last character."""
    depth, escaped = 0, False
    for k, ch in enumerate(part):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return k == len(part) - 1
    return False
