"""Events: every dated event of an article, attached to the place where it happened.

>>> events = extract_events(article, geoparse(article.text))   # one article
>>> events = dedupe_events(all_events)                          # across articles

Stages, one module each: :mod:`.segment` (sentences, quotations, clauses), :mod:`.classify`
(triggers, event types, modality), :mod:`.locate` (locative roles), :mod:`.dates`
(date phrases), :mod:`.dedupe` (same type + place + date across sources).

For each sentence (a sentence repeated verbatim in the article, such as a doubled photo
caption, is read once): quotations are masked; the sentence is cut into clauses; clauses
that state a plan, a hypothesis, a denial or a habit ("repeatedly") are dropped; each remaining clause with a
trigger word and located places becomes one event (one row per place, sharing a
``group_id``).  Places located in a clause without a trigger go to a trigger clause of the
same sentence that has none ("X meets Y, as ..., in Kyiv").  When no cue ties any place of the
sentence to its event, the one place the sentence names (a town or admin region; not a
country, river or part of a longer name) is where it happened ("killed two people who came
to the Kharkiv zoo"); several places leave the event unplaced.  A clause that reports an
attempt ("tried to capture X but were repelled") or the purpose of a reported act ("stormed X,
seeking to widen the bridgehead") is factual.  The date comes from the event's
clause, else from the whole sentence (explicit dates first, then the phrase nearest to the
trigger, else publication; a date inside parentheses ranks after those outside them).
"Later that day" / "the same day" takes the date of the last dated sentence before it.
Country-level places are not kept for visits and meetings (``diplomacy``): a visit "to
Ukraine" says nothing about where on the map it happened.

``event_type`` / ``sub_event_type`` are ACLED's (:mod:`.taxonomy` has the trigger -> type table);
``date_source`` says where the date comes from (text, dateline, published, unresolved);
``fatalities`` is the stated death count or None.  Wire datelines and headlines:
:mod:`.dateline`; qualifiers ("Lozova, Kharkiv"): :mod:`.qualify`; a village resolved to a
namesake far outside the region the article names: :mod:`.namesakes`; photo credits
("REUTERS/Name", "(AP Photo/Name)", "Source/Handout via REUTERS"), masked like a dateline:
:mod:`.credits`.  A caption's header line, a paragraph holding only places and a date
("Kherson, 3 March 2025."), gives its place and date to the place-less lines after it.
"""
from __future__ import annotations

from geomap.events.taxonomy import EVENT_TYPES, SUB_EVENT_TYPES
from geomap.events.dedupe import dedupe_events, iter_deduped_events
from geomap.events.extract import extract_events

__all__ = ["extract_events", "dedupe_events", "iter_deduped_events", "EVENT_TYPES", "SUB_EVENT_TYPES"]
