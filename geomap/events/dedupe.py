"""Merge reports of the same event: same type, same place, same date.

One row is kept per ``(event_type, place, event_date)``: the earliest published report (then
by article id), with ``sources`` listing every source that reported it (sorted, unique) and
the highest confidence of the reports.  Rows come out in the order their event was first
seen; their content does not depend on the input order.  Rows that shared a ``group_id`` before (the places of one
multi-place event) still share one after; when two groups have a row in common the groups
are joined.  Events without a date are only merged with reports of the same article, since
"unresolved" is no evidence that two reports speak of the same day.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Iterable

from ..model import Event

__all__ = ["dedupe_events", "event_key", "source_of"]


def source_of(event: Event) -> str:
    """What to list in ``sources`` for one report: source name, else URL, else article id."""
    return event.source or event.url or event.article_id


def event_key(event: Event) -> tuple:
    """The identity of an event for deduplication."""
    if event.place_id:
        place: tuple = ("id", event.place_id)
    elif event.lat is not None and event.lon is not None:
        place = ("pt", round(event.lat, 3), round(event.lon, 3))
    else:
        place = ("name", event.place_name.casefold() or event.location_text.casefold())
    when: tuple = ("date", event.event_date.isoformat()) if event.event_date else ("article", event.article_id)
    return (event.event_type, place, when)


class _Groups:
    """Union-find over group ids."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.order: dict[str, int] = {}

    def find(self, item: str) -> str:
        if item not in self.parent:
            self.parent[item] = item
            self.order[item] = len(self.order)
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller id names the joined group: the result does not depend on input order
            if ra < rb:
                self.parent[rb] = ra
            else:
                self.parent[ra] = rb


def dedupe_events(events: Iterable[Event]) -> list[Event]:
    """One row per (type, place, date), listing every source; groups kept together."""
    kept: dict[tuple, Event] = {}
    sources: dict[tuple, set[str]] = {}
    confidence: dict[tuple, float] = {}
    groups = _Groups()
    for ev in events:
        key = event_key(ev)
        gid = ev.group_id or ev.event_id
        groups.find(gid)
        srcs = set(ev.sources) | {source_of(ev)}
        if key in kept:
            first = kept[key]
            groups.union(first.group_id or first.event_id, gid)
            sources[key] |= srcs
            confidence[key] = max(confidence[key], ev.confidence)
            if _report_order(ev) < _report_order(first):
                kept[key] = ev
            continue
        kept[key] = ev
        sources[key] = srcs
        confidence[key] = ev.confidence
    out: list[Event] = []
    for key, ev in kept.items():
        root = groups.find(ev.group_id or ev.event_id)
        srcs = tuple(sorted(s for s in sources[key] if s))
        out.append(ev.with_changes(group_id=_group_name(root), sources=srcs, confidence=confidence[key]))
    return out


def _report_order(ev: Event) -> tuple:
    """Which report of an event is kept: the earliest published, then by article and event id."""
    return (ev.published or _FAR_FUTURE, ev.article_id, ev.event_id)


_FAR_FUTURE = dt.date.max


def _group_name(root: str) -> str:
    return root if root.startswith("g-") else "g-" + hashlib.sha1(root.encode()).hexdigest()[:16]
