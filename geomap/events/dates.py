"""Dates in news sentences: find the date phrases with patterns, resolve them against the
publication date, pick the one that dates an event.

Rules (DESIGN.md section 4, ``../shared/notes/dates-and-events.md``):

* Calendar dates - "Wednesday, Nov. 6, 2024", "September 28, 2023", "6 November 2024",
  "2024-11-06" - are explicit and win over relative phrases.  A date without a year
  ("on Nov. 6") takes the publication year, or the year before when it would otherwise
  fall more than 45 days after publication; a year-less date shortly after publication is
  a future reference ("talks on Nov. 20") and is not an event date.
* A weekday ("on Thursday", "early on Sunday", "in the early hours of Thursday",
  "Monday night") is the most recent such day on or before publication:
  ``pub - ((pub.weekday() - wd) % 7)``; "last Monday" excludes the publication day itself.
* "yesterday", "last night" = publication - 1; "today", "this morning", "tonight" =
  publication; "N days ago"; "the day before yesterday"; "two weeks ago" (precision week).
* "last week" / "this week" / "over the weekend" have precision ``week`` (date: the Monday
  of that week, the Saturday for weekends); "last month", "this month", "in September",
  "in September 2023" have precision ``month`` (date: the 1st).
* Resolved dates after publication are dropped unless the text states the year.
* No publication date: relative phrases and year-less dates are ``unresolved`` (date None);
  nothing is ever invented.

Only the matched span is interpreted, and only with the standard library; phrases such as
"18 months into the war" or "25 of 33 drones" are never dates here.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from geomap.events.scan import Gated, fold

__all__ = ["DateMention", "EventDate", "find_dates", "resolve_event_date", "weekday_on_or_before"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WD_ABBR = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MON_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
             "oct": 10, "nov": 11, "dec": 12}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "a": 1}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date phrase at ``text[start:end]``; ``date`` None when it cannot be resolved."""

    start: int
    end: int
    text: str
    date: dt.date | None
    precision: str
    explicit: bool


@dataclass(frozen=True, slots=True)
class EventDate:
    """The date given to an event: ``date_text`` is "" when it fell back to publication."""

    date: dt.date | None
    precision: str
    date_text: str
    explicit: bool = False
    from_publication: bool = False


def weekday_on_or_before(published: dt.date, weekday: int, *, exclude_same_day: bool = False) -> dt.date:
    """The most recent ``weekday`` (0 = Monday) on or before ``published``."""
    delta = (published.weekday() - weekday) % 7
    if delta == 0 and exclude_same_day:
        delta = 7
    return published - dt.timedelta(days=delta)


# --------------------------------------------------------------------------- patterns

_WD_FULL = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WD_ANY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)"
_MON_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MON_ANY = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
            r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)")
_ORD = r"(?:st|nd|rd|th)?"
_WD_PREFIX = rf"(?:(?P<wd>{_WD_ANY})\.?,?\s+)?"

_EXPLICIT_PATTERNS = [
    re.compile(rf"\b{_WD_PREFIX}(?:the\s+)?(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{_MON_ANY})\b\.?,?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b{_WD_PREFIX}(?P<mon>{_MON_ANY})\b\.?\s+(?P<day>\d{{1,2}}){_ORD}(?:,\s*|\s+)(?P<year>\d{{4}})\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<mon>\d{2})-(?P<day>\d{2})\b"),
    # "03.03.2025": day first, as footage captions and European agencies write it (slashes are
    # ambiguous between day-first and month-first, and left alone)
    re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>(?:19|20)\d{2})\b(?!\.\d)"),
    re.compile(rf"\b{_WD_PREFIX}(?P<mon>{_MON_ANY})\b\.?\s+(?P<day>\d{{1,2}}){_ORD}\b(?![\d:,.]\d)"),
    re.compile(rf"\b{_WD_PREFIX}(?:the\s+)?(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{_MON_ANY})\b\.?"),
]
_MONTH_YEAR = re.compile(rf"\b(?:(?:in|during|since|by|until|from|early|late|mid-?)\s+)?(?P<mon>{_MON_FULL})\s+(?P<year>(?:19|20)\d{{2}})\b")
_MONTH_ONLY = re.compile(
    rf"\b(?P<lead>in|during|since|until|by|last|this|early|late|mid-|(?:in\s+)?(?:early|late|mid)-?)\s*(?P<mon>{_MON_FULL})\b(?!\s+\d)")
_WEEKDAY = re.compile(
    r"\b(?P<pre>(?:(?:early|late)\s+(?:on\s+)?|on\s+|(?:in\s+)?the\s+(?:early\s+hours|small\s+hours|morning|evening|"
    r"night|afternoon)\s+of\s+|overnight\s+(?:on|into|to)\s+|since\s+|from\s+|by\s+|until\s+|(?P<last>last|this\s+past|past)\s+)?)"
    rf"(?P<wd>{_WD_FULL})(?:\s+(?:morning|afternoon|evening|night))?\b(?!\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Mail)\b)")
_NEXT_BEFORE = re.compile(r"\b(?:next|coming|following)\s+$", re.I)
_RELATIVE = re.compile(
    r"\b(?P<phrase>the\s+day\s+before\s+yesterday|yesterday|last\s+night|earlier\s+today|today|this\s+morning|"
    r"this\s+afternoon|this\s+evening|tonight|(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(?P<unit>days?|weeks?)\s+ago|"
    r"(?:earlier\s+)?this\s+week|last\s+week|(?:over|at|during)\s+the\s+weekend|last\s+weekend|"
    r"(?:earlier\s+)?this\s+month|last\s+month)\b", re.I)


# cheap pre-checks: most sentences hold no date phrase at all (themselves run only when the
# lower-cased sentence holds one of their words, :mod:`.scan`)
_MONTH_HINT = Gated(re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"))
_DOTTED_HINT = re.compile(r"\.\d{1,2}\.[12]\d{3}")
_OTHER_HINT = Gated(re.compile(r"day|night|week|month|ago|tonight|morning|afternoon|evening", re.I))
_ISO_HINT = Gated(re.compile(r"\d{4}-\d"))


_WEEKDAY_NAME = Gated(re.compile(rf"\b{_WD_FULL}\b"))
_RELATIVE_HINT = Gated(re.compile(r"yesterday|today|tonight|night|morning|afternoon|evening|ago|week|month", re.I))


def _weekday_matches(text: str, folded: str | None = None):
    """``_WEEKDAY`` matches, searched only in a window around each weekday name (``folded``:
    ``fold(text)`` when the caller has it)."""
    for name in _WEEKDAY_NAME.finditer(text, folded):
        for m in _WEEKDAY.finditer(text, max(0, name.start() - 45), min(len(text), name.end() + 12)):
            if m.span("wd") == name.span():
                yield m
                break


def _month_number(token: str) -> int | None:
    token = token.lower().rstrip(".")
    if token.isdigit():
        value = int(token)
        return value if 1 <= value <= 12 else None
    if token in MONTHS:
        return MONTHS.index(token) + 1
    return _MON_ABBR.get(token)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _week_monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < b and a < end for a, b in taken)


_PUBLISHED_RANGE = (dt.date(2, 1, 1), dt.date(9998, 12, 31))


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Every date phrase of ``text``, in text order, resolved against ``published``."""
    if published is not None and not _PUBLISHED_RANGE[0] <= published <= _PUBLISHED_RANGE[1]:
        published = None  # year 1 or 9999: date arithmetic would overflow; resolve nothing relative
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    folded = fold(text)
    has_month = _MONTH_HINT.search(text, folded) is not None
    dotted = "." in text and _DOTTED_HINT.search(text) is not None
    if not has_month and not dotted and not _OTHER_HINT.search(text, folded) and not _ISO_HINT.search(text, folded):
        return found

    def add(m: re.Match[str], date: dt.date | None, precision: str, explicit: bool, start: int | None = None) -> None:
        s = m.start() if start is None else start
        taken.append((s, m.end()))
        found.append(DateMention(s, m.end(), text[s:m.end()].strip(), date, precision if date else "unresolved",
                                 explicit))

    for index, pattern in enumerate(_EXPLICIT_PATTERNS if has_month else _EXPLICIT_PATTERNS[2:4]):
        index = index if has_month else index + 2
        if index == 3 and not dotted:
            continue
        for m in pattern.finditer(text):
            if _overlaps(taken, m.start(), m.end()):
                continue
            month = _month_number(m.group("mon"))
            day = int(m.group("day"))
            if month is None:
                continue
            has_year = index < 4
            if has_year:
                date = _safe_date(int(m.group("year")), month, day)
                if date is None:
                    continue
                add(m, date, "day", True)
                continue
            if published is None:
                if _safe_date(2000, month, day) is not None:
                    add(m, None, "unresolved", True)
                continue
            date = _safe_date(published.year, month, day)
            if date is None:
                continue
            if date > published:
                if (date - published).days <= 45:
                    taken.append((m.start(), m.end()))  # a future reference: not an event date
                    continue
                date = _safe_date(published.year - 1, month, day)
                if date is None:
                    continue
            add(m, date, "day", True)

    for m in (_MONTH_YEAR.finditer(text) if has_month else ()):
        if _overlaps(taken, m.start(), m.end()):
            continue
        month = _month_number(m.group("mon"))
        if month:
            add(m, dt.date(int(m.group("year")), month, 1), "month", True)

    for m in (_MONTH_ONLY.finditer(text) if has_month else ()):
        if _overlaps(taken, m.start(), m.end()):
            continue
        month = _month_number(m.group("mon"))
        if not month:
            continue
        if published is None:
            add(m, None, "unresolved", False)
            continue
        year = published.year if month <= published.month else published.year - 1
        if m.group("lead").strip().lower() == "last" and month == published.month:
            year -= 1
        add(m, dt.date(year, month, 1), "month", False)

    for m in _weekday_matches(text, folded):
        if _overlaps(taken, m.start(), m.end()) or _NEXT_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
            continue
        if published is None:
            add(m, None, "unresolved", False)
            continue
        wd = WEEKDAYS.index(m.group("wd").lower())
        add(m, weekday_on_or_before(published, wd, exclude_same_day=bool(m.group("last"))), "day", False)

    for m in (_RELATIVE.finditer(text) if _RELATIVE_HINT.search(text, folded) else ()):
        if _overlaps(taken, m.start(), m.end()):
            continue
        if published is None:
            add(m, None, "unresolved", False)
            continue
        phrase = re.sub(r"\s+", " ", m.group("phrase").lower())
        date, precision = _relative(phrase, m.group("n"), published, m.group("unit"))
        add(m, date, precision, False)

    found.sort(key=lambda d: d.start)
    return found


def _relative(phrase: str, n: str | None, pub: dt.date, unit: str | None = None) -> tuple[dt.date, str]:
    if phrase == "the day before yesterday":
        return pub - dt.timedelta(days=2), "day"
    if phrase in ("yesterday", "last night"):
        return pub - dt.timedelta(days=1), "day"
    if phrase.endswith("ago") and n:
        count = int(n) if n.isdigit() else _NUMBER_WORDS[n.lower()]
        if unit and unit.lower().startswith("week"):
            return _week_monday(pub - dt.timedelta(weeks=count)), "week"
        return pub - dt.timedelta(days=count), "day"
    if "weekend" in phrase:
        saturday = weekday_on_or_before(pub, 5, exclude_same_day=phrase.startswith("last") and pub.weekday() == 5)
        return saturday, "week"
    if phrase.endswith("this week"):
        return _week_monday(pub), "week"
    if phrase == "last week":
        return _week_monday(pub) - dt.timedelta(days=7), "week"
    if phrase.endswith("this month"):
        return pub.replace(day=1), "month"
    if phrase == "last month":
        return (pub.replace(day=1) - dt.timedelta(days=1)).replace(day=1), "month"
    return pub, "day"  # today, this morning, tonight...


def _in_parentheses(text: str, offsets: list[int]) -> set[int]:
    """Those of ``offsets`` that lie inside a parenthesis of ``text`` (one pass)."""
    if "(" not in text:
        return set()
    wanted = sorted(set(offsets))
    inside: set[int] = set()
    depth, k = 0, 0
    for i, ch in enumerate(text):
        while k < len(wanted) and wanted[k] <= i:
            if depth > 0:
                inside.add(wanted[k])
            k += 1
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        if k == len(wanted):
            break
    return inside


def resolve_event_date(text: str, published: dt.date | None, *, anchor: int | None = None,
                       mentions: list[DateMention] | None = None) -> EventDate:
    """The date of an event told in ``text`` (a sentence).

    Explicit calendar dates win over relative phrases; among equals the phrase nearest to
    ``anchor`` (the trigger offset in ``text``) wins.  No phrase: the publication date
    (``from_publication``), or unresolved when there is none.  Resolved dates after the
    publication date are only kept when the year is written out.
    """
    if mentions is None:
        mentions = find_dates(text, published)
    usable: list[DateMention] = []
    for d in mentions:
        if d.date is not None and published is not None and d.date > published:
            if not (d.explicit and re.search(r"\d{4}", d.text)):
                continue
        usable.append(d)
    if usable:
        where = anchor if anchor is not None else 0
        # a date inside parentheses qualifies the one before it ("Around 13 July (between 27 June
        # - 27 July)", "(updated Nov 5)"): it ranks after the dates outside parentheses
        bracketed = _in_parentheses(text, [d.start for d in usable])

        def distance(d: DateMention) -> tuple[int, int, int, int]:
            return (0 if d.explicit and d.date else 1 if d.date else 2, d.start in bracketed,
                    min(abs(d.start - where), abs(d.end - where)), d.start)

        best = min(usable, key=distance)
        return EventDate(best.date, best.precision if best.date else "unresolved", best.text, explicit=best.explicit)
    if published is not None:
        return EventDate(published, "day", "", from_publication=True)
    return EventDate(None, "unresolved", "")
