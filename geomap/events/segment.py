"""Sentences, quotations and clauses of a news text, as character spans of the text.

* :func:`split_sentences` - rule-based and offset-preserving.  A period ends a sentence
  unless it closes an abbreviation ("Nov. 6", "U.S.", "Mr.", "Gen."), an initial ("J. Smith")
  or is followed by a lower-case word or a digit; a line break ends a sentence unless it
  only wraps a line in the middle of one.  Sentences never end inside a quotation, so a
  quoted passage of two sentences stays with its "he said" attribution.
* :func:`quote_spans` - text inside quotation marks (“…” "…" ‘…’ «…»); a typographic
  apostrophe (Ukraine’s) is not a quotation mark.  An unclosed quotation runs to the end of
  its paragraph, the newspaper convention for quotations continued in the next paragraph.
* :func:`clause_spans` - a sentence cut at clause boundaries (", as", ", but", "; ",
  ", while", ", which", ", after", dashes) so that a modal or a denial in one clause does not
  cancel an event reported in another.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from geomap.events.scan import Gated

__all__ = ["Span", "Intervals", "split_sentences", "quote_spans", "clause_spans"]


@dataclass(frozen=True, slots=True)
class Span:
    """``text[start:end]`` of the article text."""

    start: int
    end: int
    text: str


ABBREVIATIONS = frozenset("""
mr mrs ms dr prof gen lt col sgt capt cpt maj adm cmdr gov sen rep rev st mt ft pres
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
no nos vs inc ltd co corp jr sr approx dept est fig al univ ave blvd rd sq
""".split())

_END = re.compile(r"[.!?…]+")
_OPEN_Q = "“«„"
_CLOSE_Q = "”»"
_CLOSERS = "”’\"»)]'"


def _is_boundary(text: str, i: int, j: int) -> bool:
    """Is the terminal punctuation text[i:j] (closers included) the end of a sentence?"""
    k = j
    n = len(text)
    if k >= n:
        return True
    if not text[k].isspace():
        return False
    while k < n and text[k] in " \t":
        k += 1
    if k >= n or text[k] == "\n":
        return True
    nxt = text[k]
    if nxt.islower():
        return False
    if text[i] == "." and j - i == 1:
        token = _token_before(text, i)
        low = token.lower()
        if low in ABBREVIATIONS:
            return False
        if len(token) == 1 and token.isupper():  # initial, or the last letter of U.S.
            prev = text[i - 2] if i >= 2 else " "
            if prev == "." and nxt.isupper():
                # "U.S. officials" vs "...in the U.S. The" - keep together unless a common
                # sentence opener follows
                following = re.match(r"[A-Za-z]+", text[k:])
                word = following.group(0) if following else ""
                return word in {"The", "It", "He", "She", "They", "We", "I", "In", "On", "But", "A"}
            return False
        if "." in token:  # a.m., e.g.
            return nxt.isupper() and not token.lower() in {"e.g", "i.e"}
    return nxt.isupper() or nxt.isdigit() or nxt in "“\"‘'«(["


def _token_before(text: str, i: int) -> str:
    k = i
    while k > 0 and (text[k - 1].isalnum() or text[k - 1] == "."):
        k -= 1
    return text[k:i]


_QUOTE_START = re.compile(r"[“«„\"‘]|(?<![\w])'(?=[A-Za-z])")
_QUOTE_MARK = re.compile(r"[“«„\"‘']")  # where a _QUOTE_START match can start: found much faster


def _quote_start(text: str, pos: int) -> re.Match[str] | None:
    """``_QUOTE_START.search(text, pos)``, tried only at quotation marks."""
    while True:
        mark = _QUOTE_MARK.search(text, pos)
        if mark is None:
            return None
        m = _QUOTE_START.match(text, mark.start())
        if m is not None:
            return m
        pos = mark.start() + 1
_CLOSE_DOUBLE = re.compile(r"[”»“]|\n\s*\n")
_CLOSE_STRAIGHT = re.compile(r"\"|\n\s*\n")
_CLOSE_GUILLEMET = re.compile(r"»|\n\s*\n")
# a closing single quote is not between two letters (Ukraine’s, don’t are apostrophes)
_CLOSE_CURLY_SINGLE = re.compile(r"(?<![A-Za-z])’|’(?![A-Za-z])|\n")
_CLOSE_STRAIGHT_SINGLE = re.compile(r"(?<![A-Za-z])'|'(?![A-Za-z])|\n")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every quotation, marks included."""
    spans: list[tuple[int, int]] = []
    pos = 0
    memo: dict = {}  # closer -> (searched from, match): linear even with thousands of unmatched quotes

    def find(closer: re.Pattern[str], start: int) -> re.Match[str] | None:
        hit = memo.get(closer)
        if hit is not None and hit[0] <= start and (hit[1] is None or hit[1].start() >= start):
            return hit[1]  # the first match after ``start`` is the one found before
        found = closer.search(text, start)
        memo[closer] = (start, found)
        return found

    while True:
        m = _quote_start(text, pos)
        if m is None:
            return spans
        i = m.start()
        ch = text[i]
        closer = {"“": _CLOSE_DOUBLE, "„": _CLOSE_DOUBLE, "«": _CLOSE_GUILLEMET, "\"": _CLOSE_STRAIGHT,
                  "‘": _CLOSE_CURLY_SINGLE}.get(ch, _CLOSE_STRAIGHT_SINGLE)
        c = find(closer, i + 1)
        if c is not None and not c.group(0).startswith("\n"):
            end = c.end()
        elif closer is _CLOSE_CURLY_SINGLE or closer is _CLOSE_STRAIGHT_SINGLE:
            pos = i + 1  # an unmatched single quote is an apostrophe
            continue
        else:
            end = c.start() if c is not None else len(text)  # unclosed: to the end of the paragraph
        spans.append((i, end))
        pos = max(end, i + 1)


_FUNCTION_WORD_END = re.compile(r"\b(?:of|the|a|an|in|at|to|on|for|with|from|by|near|and|or|that|which|its|their)$")


def split_sentences(text: str, quotes: list[tuple[int, int]] | None = None) -> list[Span]:
    """Sentence spans of ``text`` (leading/trailing whitespace trimmed)."""
    if quotes is None:
        quotes = quote_spans(text)
    inside = Intervals(quotes)
    cuts: list[int] = []
    for m in _END.finditer(text):
        i, j = m.start(), m.end()
        while j < len(text) and text[j] in _CLOSERS:
            j += 1
        if inside.contains(i) and not _quote_ends_at(quotes, j):
            continue  # never end a sentence inside a quotation
        if _is_boundary(text, i, j):
            cuts.append(j)
    for m in re.finditer(r"\n", text):
        k = m.start()
        if inside.contains(k) and not (k + 1 < len(text) and text[k + 1] == "\n"):
            continue
        # text[:b] / text[a:] are the text before / after with spaces and tabs trimmed; looked at
        # in place (not sliced), so texts with many line breaks stay linear
        b, a = k, k + 1
        while b > 0 and text[b - 1] in " \t":
            b -= 1
        while a < len(text) and text[a] in " \t":
            a += 1
        if b > 0 and a < len(text) and ((text[b - 1].isalpha() and text[b - 1].islower() or text[b - 1] in ",;-")
                                        and text[a].islower()
                                        or _FUNCTION_WORD_END.search(text, max(0, b - 20), b)):
            continue  # a hard-wrapped line
        cuts.append(k)
    cuts = sorted(set(cuts))
    spans: list[Span] = []
    start = 0
    for cut in cuts + [len(text)]:
        a, b = start, cut
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append(Span(a, b, text[a:b]))
        start = cut
    return spans


def _quote_ends_at(quotes: list[tuple[int, int]], pos: int) -> bool:
    return any(end == pos for _, end in quotes)


class Intervals:
    """Point-in-intervals test for sorted, disjoint intervals."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def contains(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and self.spans[k][0] <= pos < self.spans[k][1]


_CLAUSE_CUT = Gated(re.compile(
    r",\s+(?=(?:as|but|while|whereas|although|though|which|after|before|when|because|since|"
    r"most of which|some of which|one of which|none of which|meanwhile)\b)"
    r"|;\s+|\s+[—–]\s+|\s+--\s+|:\s+(?=[A-Z“\"])"))  # run only on sentences with one of its marks


def clause_spans(sentence: Span, quotes: list[tuple[int, int]] | None = None) -> list[Span]:
    """The clauses of one sentence, as article-text spans (never cut inside a quotation)."""
    out: list[Span] = []
    text = sentence.text
    inside = Intervals(quotes or [])
    start = 0
    for m in _CLAUSE_CUT.finditer(text):
        if inside.contains(sentence.start + m.start()):
            continue
        if m.start() > start:
            out.append(Span(sentence.start + start, sentence.start + m.start(), text[start:m.start()]))
        start = m.end()
    if start < len(text):
        out.append(Span(sentence.start + start, sentence.end, text[start:]))
    return out or [sentence]
