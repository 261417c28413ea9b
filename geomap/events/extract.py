"""``extract_events``: the dated, located events of one article (the stages and rules are
described in :mod:`geomap.events`)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from typing import TYPE_CHECKING, Sequence

from geomap.model import Article, Event, Mention
from geomap.events.classify import (Trigger, trigger_word_matches, best_trigger, clause_modality, find_triggers,
                       is_opinion)
from geomap.events.dates import DateMention, EventDate, find_dates, resolve_event_date
from geomap.events.dedupe import dedupe_events, iter_deduped_events
from geomap.events.locate import Located, drop_containers, geo_precision_of, locate, only_place
from geomap.events.qualify import apply_qualifiers, regions_for
from geomap.events.namesakes import recentre_far_namesakes
from geomap.events.credits import credit_spans
from geomap.events.dateline import find_dateline, headline_span
from geomap.events.fatalities import fatalities_in
from geomap.events.taxonomy import EVENT_TYPES, acled_type
from geomap.events.scan import Gated
from geomap.events.segment import Intervals, Span, clause_spans, quote_spans, split_sentences

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer import Gazetteer

__all__ = ["extract_events", "dedupe_events", "iter_deduped_events", "EVENT_TYPES"]

_TERRITORY_COREF = re.compile(r"\b(?:hit|struck|attacked|targeted|landed\s+(?:on|in)|fell\s+(?:on|in)|crashed\s+(?:on|in)|"
                              r"entered|violated)\s+(?P<np>(?:its|their)\s+(?:own\s+)?(?:territory|soil|airspace))", re.I)


_SINCE_CLAUSE = re.compile(r"\s*since\b", re.I)


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8", "replace")).hexdigest()[:16]


def _mask(text: str, spans: list[tuple[int, int]], offset: int) -> str:
    """``text`` (starting at article offset ``offset``) with quoted characters blanked."""
    if not spans:
        return text  # most sentences quote nothing
    chars = list(text)
    for a, b in spans:
        for i in range(max(a - offset, 0), min(b - offset, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


class _Dates:
    """The date phrases of the sentences of one article, each sentence read once: a sentence is
    read for its own events, and again as the context of the sentences after it ("later that
    day", a date carried on)."""

    __slots__ = ("published", "_found", "_resolved")

    def __init__(self, published: "dt.date | None") -> None:
        self.published = published
        self._found: dict[str, list[DateMention]] = {}
        self._resolved: dict[str, EventDate | None] = {}

    def find(self, text: str) -> list[DateMention]:
        """``find_dates(text, published)`` (the same list each time: not to be changed)."""
        found = self._found.get(text)
        if found is None:
            found = self._found[text] = find_dates(text, self.published)
        return found

    def of_sentence(self, text: str) -> EventDate | None:
        """The date of a sentence read as context (no anchor), or None when it has no date phrase."""
        if text in self._resolved:
            return self._resolved[text]
        dates = self.find(text)
        when = resolve_event_date(text, self.published, mentions=dates) if dates else None
        self._resolved[text] = when
        return when


class _Clause:
    __slots__ = ("span", "triggers", "located", "opinion")

    def __init__(self, span: Span, triggers: list[Trigger], located: list[Located], opinion: bool) -> None:
        self.span = span
        self.triggers = triggers
        self.located = located
        self.opinion = opinion


def extract_events(article: Article, mentions: Sequence[Mention], *, gazetteer: "Gazetteer | None" = None) -> list[Event]:
    """The located, dated events of one article (before cross-article deduplication).

    ``gazetteer`` re-picks same-name places named with a qualifier ("Kamianske, Zaporizhzhia");
    None: the default gazetteer, opened only when needed.
    """
    original = article
    dateline = find_dateline(article.text, article.published, title=article.title)
    text = article.text
    if dateline is not None:
        # the dateline is where and when the reporter filed: masked out of the text the events
        # are read from; its date is the filing date relative phrases count back from
        text = text[:dateline.start] + " " * (dateline.end - dateline.start) + text[dateline.end:]
        mentions = [m for m in mentions if not (m.start < dateline.end and dateline.start < m.end)]
    credits = credit_spans(text)
    if credits:
        # photo credits ("REUTERS/Name", "Press service of X/Handout via REUTERS") name
        # photographers and sources, not places of events
        pieces, pos = [], 0
        for a, b in credits:
            pieces += [text[pos:a], " " * (b - a)]
            pos = b
        text = "".join(pieces) + text[pos:]
        mentions = [m for m in mentions if text[m.start:m.end].strip()]
    reference = dateline.date if dateline is not None and dateline.date is not None else article.published
    fallback_source = "dateline" if dateline is not None and dateline.date is not None else "published"
    article = dataclasses.replace(article, text=text, published=reference)
    head = headline_span(text, original.title)
    quotes = quote_spans(text)
    quoted = Intervals(quotes)
    regions = regions_for(gazetteer)
    ordered = recentre_far_namesakes(text, apply_qualifiers(text, mentions, regions=regions), regions)
    events: list[Event] = []
    headline_events: list[Event] = []
    seen_sentences: set[str] = set()
    seen_keys: dict[tuple, str] = {}
    context: list[str] = []  # earlier sentences, for "later that day"
    m_index = 0
    last: list[Event] = []  # the events of the previous sentence (for "Two civilians were killed.")
    header: _Header | None = None  # a caption's "Kherson, 3 March 2025." line, for the lines after it
    dates = _Dates(article.published)
    for sentence in split_sentences(text, quotes):
        key = " ".join(sentence.text.split()).casefold()
        if key in seen_sentences:
            continue
        seen_sentences.add(key)
        while m_index < len(ordered) and ordered[m_index].end <= sentence.start:
            m_index += 1
        sent_mentions = []
        for k in range(m_index, len(ordered)):  # (no slice: a copy of the rest per sentence)
            m = ordered[k]
            if m.start >= sentence.end:
                break
            if m.end <= sentence.end and not quoted.contains(m.start):
                sent_mentions.append(m)
        in_headline = head is not None and sentence.end <= head[1]
        if any(m.role in ("toponym", "metonym") for m in sent_mentions):
            header = _caption_header(article, sentence, sent_mentions, dates)
            if header is not None:
                context.append(sentence.text)
                last = []
                continue
        elif header is not None and not in_headline:
            found = _sentence_events(article, sentence, sent_mentions, quotes, seen_keys, context, dates,
                                     header=header)
            if found:
                events.extend(found)
                last = found
                continue
            context.pop()  # appended by _sentence_events; appended again below
        if not sent_mentions:
            context.append(sentence.text)
            if last and not in_headline:
                _add_followup_fatalities(events, last, sentence.text)
            last = []
            continue
        found = _sentence_events(article, sentence, sent_mentions, quotes, {} if in_headline else seen_keys, context,
                                 dates)
        if in_headline:
            headline_events.extend(found)  # kept only when the body does not report the same
            continue
        events.extend(found)
        last = found
    if headline_events:
        told = {(e.event_type, e.sub_event_type, e.place_id) for e in events}
        events.extend(e for e in headline_events if (e.event_type, e.sub_event_type, e.place_id) not in told)
    return [_finish(e, original, fallback_source) for e in _drop_undated_retellings(events)]


_REMOTE_FAMILY = frozenset({"Explosions/Remote violence", "Disrupted weapons use"})


def _family(event: Event) -> str:
    """Types that one attack is told as ("drone attacks on Moscow" / "drones targeting Moscow were
    shot down") share a family."""
    return "remote" if event.event_type in _REMOTE_FAMILY or event.sub_event_type in _REMOTE_FAMILY else event.event_type


def _drop_undated_retellings(events: list[Event]) -> list[Event]:
    """An event told without a date of its own (dated by publication) at the place of an event
    of the same family the article tells with a date is a retelling ("On 24 February, fighting
    for X continued. Troops seized control in X."): the dated sentence is the evidence, and the
    publication date is not a second date of it."""
    dated = {(e.place_id, _family(e)) for e in events if e.date_source == "text"}
    if not dated:
        return events
    return [e for e in events if e.date_source == "text" or (e.place_id, _family(e)) not in dated]


def _finish(event: Event, original: Article, fallback_source: str) -> Event:
    """The row as the caller sees it: the publication date as given (or the dateline's, when
    the article has none); the source of the date."""
    changes: dict = {}
    if event.published != original.published:
        changes["published"] = original.published if original.published is not None else event.published
    if event.date_source == "published" and fallback_source == "dateline":
        changes["date_source"] = "dateline"
    return event.with_changes(**changes) if changes else event


def _add_followup_fatalities(events: list[Event], last: list[Event], sentence: str) -> None:
    """"Russian forces shelled X. Two civilians were killed.": the count belongs to the event
    told just before, when that event states none (rows of one event share the number)."""
    n = fatalities_in(sentence)
    if n is None or any(e.fatalities is not None for e in last):
        return
    ids = {e.event_id for e in last}
    for i in range(len(events) - 1, -1, -1):
        if events[i].event_id in ids:
            events[i] = events[i].with_changes(fatalities=n)
        elif i < len(events) - len(last):
            break


class _Header:
    """A caption's header line ("Kherson, 3 March 2025."): the place and date of the lines after it."""

    __slots__ = ("located", "when")

    def __init__(self, located: Located, when: EventDate | None) -> None:
        self.located = located
        self.when = when


_HEADER_FILLER = re.compile(r"[\s,.:;()/–—-]*")


def _without(text: str, sentence: Span, spans: list[tuple[int, int]]) -> str:
    """The sentence with ``spans`` (article offsets) cut out, the pieces joined by a space."""
    pieces, pos = [], sentence.start
    for a, b in sorted(spans):
        pieces.append(text[pos:a] if a > pos else "")
        pos = max(pos, b)
    pieces.append(text[pos:sentence.end])
    return " ".join(pieces)


def _caption_header(article: Article, sentence: Span, mentions: list[Mention], found: _Dates) -> _Header | None:
    """A sentence that opens a paragraph and holds nothing but places and a date ("Kherson,
    Ukraine, 3 March 2025.") heads a caption: the place-less lines after it tell what happened
    there.  (A wire dateline, "KHERSON, March 3 (Reuters) -", is another thing: masked before.)"""
    text = article.text
    before = text[:sentence.start].rstrip(" \t")
    if before and not before.endswith("\n") or len(sentence.text) > 120:
        return None
    rest = _without(text, sentence, [(m.start, m.end) for m in mentions])
    if not _HEADER_FILLER.fullmatch(rest) and (not re.search(r"\d", rest) or re.search(r"[a-z]{2,}\s+[a-z]{2,}", rest)):
        return None  # words besides places, and no date among them: an ordinary sentence
    dates = found.find(sentence.text)
    spans = [(m.start, m.end) for m in mentions] + [(d.start + sentence.start, d.end + sentence.start) for d in dates]
    if not _HEADER_FILLER.fullmatch(_without(text, sentence, spans)):
        return None
    places = [m for m in mentions if m.place is not None and m.place.kind not in ("country", "continent")
              and m.role in ("toponym", "metonym")]
    if len({m.place.place_id for m in places}) != 1:
        return None
    m = places[0]
    assert m.place is not None
    located = Located(m, f"caption header '{m.text}'", m.text, False,
                      geo_precision_of(m.place.kind, near=False, bbox=m.place.bbox))
    when = resolve_event_date(sentence.text, article.published, mentions=dates) if dates else None
    return _Header(located, when)


def _sentence_events(article: Article, sentence: Span, mentions: list[Mention], quotes: list[tuple[int, int]],
                     seen_keys: dict[tuple, str], context: list[str], found: _Dates, *,
                     header: _Header | None = None) -> list[Event]:
    text = article.text
    sent_quotes = [(a, b) for a, b in quotes if a < sentence.end and sentence.start < b]
    masked_sentence = _mask(sentence.text, sent_quotes, sentence.start)
    if next(trigger_word_matches(masked_sentence), None) is None:  # cheap exit: no trigger word at all
        context.append(sentence.text)
        return []
    clauses = _factual_clauses(text, sentence, masked_sentence, sent_quotes, mentions)
    if not clauses:
        context.append(sentence.text)
        return []
    if header is not None:
        takers = [c for c in clauses if c.triggers and not c.located]
        if takers and not any(c.located for c in clauses):
            takers[0].located = [header.located]
    dates = found.find(sentence.text)
    same_day = _SAME_DAY.search(sentence.text) if not dates else None
    previous = _previous_date(found, context) if same_day else None
    # a sentence with no date of its own that goes on from a dated one tells of that day
    # ("Drones hit Odesa on Tuesday. A warehouse caught fire in the Peresyp district."),
    # unless it is background ("has been shelled since 2022", "is regularly hit")
    may_carry = not dates and not same_day and header is None and len(context) > 0
    before = context[-1] if may_carry else ""
    carried: EventDate | None = None
    context.append(sentence.text)
    out: list[Event] = []
    sentence_deaths: object = _UNKNOWN
    for index, clause in enumerate(clauses):
        if not clause.triggers or not clause.located:
            continue
        located = drop_containers(clause.located)
        trigger = best_trigger(clause.triggers, near=min(loc.mention.start for loc in located) if located else None)
        assert trigger is not None
        if trigger.event_type == "diplomacy":
            located = [loc for loc in located if loc.geo_precision < 4]
        if not located:
            continue
        # dates of the event's own clause first ("Russia, which invaded on Feb. 24, 2022; drones hit
        # Kyiv on Monday"), else of the whole sentence
        lo, hi = clause.span.start - sentence.start, clause.span.end - sentence.start
        own = [d for d in dates if lo <= d.start and d.end <= hi]
        when = resolve_event_date(sentence.text, article.published, anchor=trigger.start - sentence.start,
                                  mentions=own or dates)
        if same_day and previous is not None and previous.date is not None:
            when = EventDate(previous.date, previous.precision, same_day.group(0), explicit=previous.explicit)
        elif not dates and header is not None and header.when is not None and header.when.date is not None:
            when = header.when  # the caption header's date
        elif may_carry:
            if carried is None:   # looked up once, for the first event that needs it
                may_carry = not _BACKGROUND_TENSE.search(sentence.text)
                carried = _carried_date(found, before) if may_carry else None
                may_carry = carried is not None
            if carried is not None:
                when = carried
        group_id = "g-" + _hash(article.id, sentence.start, index)
        deaths = fatalities_in(masked_sentence[lo:hi])
        if deaths is None:
            if sentence_deaths is _UNKNOWN:   # looked up once per sentence (linear in its clauses)
                sentence_deaths = _sentence_deaths(masked_sentence, clauses)
            deaths = sentence_deaths
        # an event told twice in one article (lead and detail) is one event: its rows join
        # the group of the first telling
        for loc in located:
            place = loc.mention.place
            assert place is not None
            earlier = seen_keys.get((trigger.event_type, place.place_id, when.date))
            if earlier is not None:
                group_id = earlier
                break
        for loc in located:
            place = loc.mention.place
            assert place is not None
            dedupe_key = (trigger.event_type, place.place_id, when.date)
            if dedupe_key in seen_keys:
                continue
            seen_keys[dedupe_key] = group_id
            out.append(_event_row(article, sentence, loc, trigger, when, group_id, opinion=clause.opinion,
                                   fatalities=deaths))
    return out


_UNKNOWN = object()


def _sentence_deaths(masked_sentence: str, clauses: list) -> int | None:
    """Deaths stated in a clause of the sentence that has no event of its own ("..., killing three")."""
    start = clauses[0].span.start
    for c in clauses:
        if not (c.triggers and c.located):
            n = fatalities_in(masked_sentence[c.span.start - start:c.span.end - start])
            if n is not None:
                return n
    return None


def _date_source(when: EventDate) -> str:
    if when.date is None:
        return "unresolved"
    return "published" if when.from_publication else "text"


def _event_row(article: Article, sentence: Span, loc: Located, trigger: Trigger, when: EventDate, group_id: str,
               *, opinion: bool, fatalities: int | None = None) -> Event:
    """One event row: one place of one event, every schema field filled."""
    place = loc.mention.place
    assert place is not None
    event_type, sub_event_type = acled_type(trigger.event_type)
    source = _date_source(when)
    return Event(
        event_id="e-" + _hash(article.id, sentence.start, place.place_id, loc.mention.start),
        group_id=group_id,
        article_id=article.id, source=article.source, url=article.url, title=article.title,
        published=article.published,
        # a publication-date fallback is not a day-precise event date
        event_date=when.date, date_precision=when.precision if source == "text" else "unresolved",
        date_text=when.date_text,
        event_type=event_type, trigger=trigger.text,
        location_text=loc.mention.text, location_start=loc.mention.start, location_end=loc.mention.end,
        place_id=place.place_id, place_name=place.name, kind=place.kind,
        country_code=place.country_code, admin1=place.admin1, lat=place.lat, lon=place.lon,
        geo_precision=loc.geo_precision,
        evidence=sentence.text,
        confidence=_confidence(loc, when, opinion, loc.mention.score),
        location_reason=loc.reason,
        sources=(article.source or article.url or article.id,),
        sub_event_type=sub_event_type, date_source=source, fatalities=fatalities,
    )


def _factual_clauses(text: str, sentence: Span, masked_sentence: str, sent_quotes: list[tuple[int, int]],
                     mentions: list[Mention]) -> list[_Clause]:
    """The factual clauses of a sentence with their triggers and located places; [] when the
    sentence reports no event (no trigger in a factual clause, or a running total)."""
    spans = clause_spans(sentence, sent_quotes)
    clause_texts = [masked_sentence[span.start - sentence.start:span.end - sentence.start] for span in spans]
    if any(_SINCE_CLAUSE.match(c) and clause_modality(c) == "habitual" for c in clause_texts):
        return []  # ", since the beginning of the year": a running total
    pending: list[tuple[Span, str, list[Trigger]]] = []
    for span, masked in zip(spans, clause_texts):
        if not masked.strip() or clause_modality(masked) != "factual":
            continue
        triggers = [Trigger(t.start + span.start, t.end + span.start, t.text, t.event_type, t.direct)
                    for t in find_triggers(masked)]
        pending.append((span, masked, triggers))
    if not any(triggers for _, _, triggers in pending):
        return []
    clauses: list[_Clause] = []
    for span, masked, triggers in pending:
        # weapon words anywhere in the sentence type a generic trigger ("most of which hit ...")
        triggers = [_retype(t, masked_sentence) for t in triggers]
        located = locate(text, span.start, span.end, mentions)
        if not located and triggers:
            located = _territory_fallback(text, span, masked, mentions)
        if not located and triggers:
            located = _town_fallback(sentence, span, masked, mentions)
        clauses.append(_Clause(span, triggers, located, bool(triggers) and is_opinion(masked)))
    # hand places of trigger-less clauses to a trigger clause without places
    orphans = [loc for c in clauses if not c.triggers for loc in c.located]
    takers = [c for c in clauses if c.triggers and not c.located]
    if orphans and takers:
        takers[0].located = orphans
    elif takers and not any(c.located for c in clauses if c.triggers):
        # no cue ties a place to the event: the one place the sentence names is where it happened
        only = only_place(text, sentence.start, sentence.end, mentions)
        if only is not None:
            takers[0].located = [only]
    return clauses


_SAME_DAY = Gated(re.compile(r"\b(?:later|earlier)\s+(?:that|the\s+same)\s+(?:day|morning|afternoon|evening|night)\b"
                             r"|\b(?:on\s+)?the\s+same\s+day\b|\bthat\s+(?:same\s+)?(?:day|night|evening|afternoon|morning)\b",
                             re.I))  # run only on sentences with its words (:mod:`.scan`)


_BACKGROUND_TENSE = re.compile(
    r"\b(?:has|have|had)\s+(?:been\s+|repeatedly\s+|regularly\s+|often\s+|long\s+)?\w+(?:ed|en|t)\b"
    r"|\b(?:since|regularly|often|repeatedly|frequently|usually|every|routinely|daily|nightly|weekly)\b", re.I)


def _carried_date(found: _Dates, before: str) -> EventDate | None:
    """The text date of the sentence ``before`` this one, or None (no date there, or only the
    publication date)."""
    when = _previous_date(found, [before])
    return when if when is not None and when.date is not None and not when.from_publication else None


def _previous_date(found: _Dates, earlier: list[str]) -> EventDate | None:
    """The date of the last dated sentence before this one (for "later that day")."""
    for text in reversed(earlier[-5:]):
        when = found.of_sentence(text)
        if when is not None:
            return when
    return None


def _retype(trigger: Trigger, sentence: str) -> Trigger:
    if trigger.event_type != "other":
        return trigger
    from geomap.events.classify import event_type_of

    etype = event_type_of(trigger.text, sentence)
    return trigger if etype == trigger.event_type else Trigger(trigger.start, trigger.end, trigger.text, etype,
                                                               trigger.direct)


def _territory_fallback(text: str, span: Span, masked: str, mentions: list[Mention]) -> list[Located]:
    """"Romania said a drone hit its territory" -> Romania (the country the clause is about)."""
    m = _TERRITORY_COREF.search(masked)
    if not m:
        return []
    countries = [x for x in mentions if x.place is not None and x.place.kind == "country" and x.role in ("toponym", "metonym")
                 and span.start <= x.start < span.start + m.start()]
    if not countries:
        return []
    country = countries[0]
    np = m.group("np")
    return [Located(country, f"'{np}' refers to {country.text}", np, False, 4)]


#: "the city was shelled", "struck the town overnight": a settlement named earlier in the sentence
_TOWN_COREF = re.compile(r"(?P<near>\b(?:near|outside|towards?|around)\s+)?"
                         r"\b(?P<np>the\s+(?P<head>city|town|village|settlement|capital))\b"
                         r"(?!\s+(?:of|and|council|hall|centre|center|region|district)\b)(?!['’])"
                         # "hit a block in the city's Saltivskyi district": a part of the town, not its mayor
                         r"|\b(?:in|at|on|across|hit|struck|shelled|targeted|attacked)\s+"
                         r"(?P<pnp>the\s+(?P<phead>city|town|village|settlement|capital))['’]s\s+"
                         r"(?:(?:[a-z-]+|[A-Z][\w’'-]+)\s+){0,2}?(?:district|neighbou?rhood|outskirts|suburbs?|centre|center|"
                         r"part|port|industrial\s+zone|area)\b", re.I)


def _town_fallback(sentence: Span, span: Span, masked: str, mentions: list[Mention]) -> list[Located]:
    """"Officials in Nikopol say the city was shelled overnight" -> Nikopol: 'the city' of an event
    clause refers to the one town named before it in the sentence (none when it names several);
    'the capital' only to a capital ("Moscow's mayor said drones flying towards the capital" ->
    near Moscow)."""
    m = _TOWN_COREF.search(masked)
    if not m:
        return []
    group = "np" if m.group("np") is not None else "pnp"
    anaphor = span.start + m.start(group)
    capital = (m.group("head") or m.group("phead")).lower() == "capital"
    towns = [x for x in mentions if x.place is not None and x.place.kind == "city" and x.role in ("toponym", "metonym")
             and sentence.start <= x.start and x.end <= anaphor
             and (not capital or (x.place.feature_code or "").startswith("PPLC"))]
    if len({x.place.place_id for x in towns}) != 1:
        return []
    np, near = m.group(group), m.group("near") is not None
    return [Located(towns[-1], f"'{np}' refers to {towns[-1].text}", np, near, 2 if near else 1)]


def _confidence(loc: Located, when, opinion: bool, score: float) -> float:
    value = 0.55
    if when.explicit:
        value += 0.2
    elif when.date_text:
        value += 0.15
    elif when.date is None:
        value -= 0.1
    if loc.reason.startswith("listed"):
        value -= 0.05
    elif loc.reason.startswith("object"):
        value += 0.1
    if loc.geo_precision == 4:
        value -= 0.15
    if opinion:
        value -= 0.1
    if score:
        value = value * (0.7 + 0.3 * min(max(score, 0.0), 1.0))
    return round(min(max(value, 0.05), 0.99), 3)
