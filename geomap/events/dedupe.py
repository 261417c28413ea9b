"""Merge reports of the same event: same type, same place, same date.

One row is kept per ``(event_type, sub_event_type, place, event_date)``: the earliest published report (then
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
import os
import pickle
from typing import Iterable, Iterator

from geomap.model import Event

__all__ = ["dedupe_events", "iter_deduped_events", "event_key", "source_of", "SPILL_AFTER"]

#: Unique events :func:`iter_deduped_events` merges in memory before it moves to a SQLite file.
SPILL_AFTER = 200_000


def source_of(event: Event) -> str:
    """What to list in ``sources`` for one report: source name, else URL, else article id."""
    return event.source or event.url or event.article_id


def event_key(event: Event) -> tuple:
    """The identity of an event for deduplication."""
    if event.place_id:
        place: tuple = ("id", event.place_id)
    elif event.lat is not None and event.lon is not None:
        place = ("pt", round(event.lat, 3) + 0.0, round(event.lon, 3) + 0.0)  # + 0.0: -0.0 becomes 0.0
    else:
        place = ("name", event.place_name.casefold() or event.location_text.casefold())
    when: tuple = ("date", event.event_date.isoformat()) if event.event_date else ("article", event.article_id)
    return (event.event_type, event.sub_event_type, place, when)


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
    state = _MemoryState()
    for ev in events:
        state.add(ev)
    return list(state.results())


def iter_deduped_events(events: Iterable[Event], *, spill_after: int = SPILL_AFTER,
                        tmp_dir: str | os.PathLike[str] | None = None) -> Iterator[Event]:
    """The rows of :func:`dedupe_events`, in the same order, in flat memory.

    Up to ``spill_after`` unique events are merged in memory; past that the state moves to a
    temporary SQLite file (in ``tmp_dir``, default the system's temporary directory, removed
    at the end) and the rest of the stream is merged there, so a corpus of any size needs a
    bounded amount of memory.  The rows are produced when ``events`` is exhausted.
    """
    memory = _MemoryState()
    stream = iter(events)
    for ev in stream:
        memory.add(ev)
        if len(memory.kept) > spill_after:
            break
    else:
        yield from memory.results()
        return
    with _DiskState(tmp_dir) as disk:
        disk.load(memory)
        del memory
        for ev in stream:
            disk.add(ev)
        yield from disk.results()


def _group_of(ev: Event) -> str:
    return ev.group_id or ev.event_id


class _MemoryState:
    """The merge state in dicts: kept report, sources and confidence per key; group union-find."""

    def __init__(self) -> None:
        self.kept: dict[tuple, Event] = {}
        self.sources: dict[tuple, set[str]] = {}
        self.confidence: dict[tuple, float] = {}
        self.groups = _Groups()

    def add(self, ev: Event) -> None:
        key = event_key(ev)
        gid = _group_of(ev)
        self.groups.find(gid)
        srcs = set(ev.sources) | {source_of(ev)}
        first = self.kept.get(key)
        if first is None:
            self.kept[key] = ev
            self.sources[key] = srcs
            self.confidence[key] = ev.confidence
            return
        self.groups.union(_group_of(first), gid)
        self.sources[key] |= srcs
        self.confidence[key] = max(self.confidence[key], ev.confidence)
        if _report_order(ev) < _report_order(first):
            self.kept[key] = ev

    def results(self) -> Iterator[Event]:
        for key, ev in self.kept.items():
            yield _merged(ev, self.groups.find(_group_of(ev)), self.sources[key], self.confidence[key])


def _merged(ev: Event, root: str, sources: set[str], confidence: float) -> Event:
    return ev.with_changes(group_id=_group_name(root), sources=tuple(sorted(s for s in sources if s)),
                           confidence=confidence)


def _blob(text: str) -> bytes:
    # UTF-8 keeps code point order, so SQLite's byte comparison orders these as Python orders str;
    # "surrogatepass" keeps lone surrogates (from untrusted input) from failing the encoding.
    return text.encode("utf-8", "surrogatepass")


class _DiskState:
    """The merge state in a temporary SQLite file: one row per key (first-seen rank, kept report,
    sources, confidence) and one row per group union; components are found at the end by
    propagating the smallest group id, which is the root :class:`_Groups` picks."""

    def __init__(self, tmp_dir: str | os.PathLike[str] | None) -> None:
        import sqlite3
        import tempfile

        self._dir = tempfile.TemporaryDirectory(prefix="geomap-dedupe-", dir=tmp_dir)
        self.db = sqlite3.connect(os.path.join(self._dir.name, "dedupe.sqlite"), isolation_level=None)
        self.db.executescript("""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA temp_store = FILE;
            CREATE TABLE report (key TEXT PRIMARY KEY, seq INTEGER NOT NULL, gid BLOB NOT NULL,
                                 state BLOB NOT NULL) WITHOUT ROWID;
            CREATE TABLE edge (a BLOB NOT NULL, b BLOB NOT NULL);
            BEGIN;
        """)
        self.seq = 0

    def __enter__(self) -> "_DiskState":
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.close()
        self._dir.cleanup()

    def _insert(self, key: str, ev: Event, sources: set[str], confidence: float) -> None:
        self.db.execute("INSERT INTO report VALUES (?, ?, ?, ?)",
                        (key, self.seq, _blob(_group_of(ev)), pickle.dumps((ev, sources, confidence), protocol=5)))
        self.seq += 1

    def load(self, memory: _MemoryState) -> None:
        for key, ev in memory.kept.items():
            self._insert(repr(key), ev, memory.sources[key], memory.confidence[key])
        unions = ((gid, memory.groups.find(gid)) for gid in list(memory.groups.parent))
        self.db.executemany("INSERT INTO edge VALUES (?, ?)",
                            ((_blob(gid), _blob(root)) for gid, root in unions if gid != root))

    def add(self, ev: Event) -> None:
        key = repr(event_key(ev))  # repr escapes what UTF-8 cannot hold
        srcs = set(ev.sources) | {source_of(ev)}
        row = self.db.execute("SELECT state FROM report WHERE key = ?", (key,)).fetchone()
        if row is None:
            self._insert(key, ev, srcs, ev.confidence)
            return
        first, sources, confidence = pickle.loads(row[0])
        if _group_of(first) != _group_of(ev):
            self.db.execute("INSERT INTO edge VALUES (?, ?)", (_blob(_group_of(first)), _blob(_group_of(ev))))
        if _report_order(ev) < _report_order(first):
            first = ev
        state = pickle.dumps((first, sources | srcs, max(confidence, ev.confidence)), protocol=5)
        self.db.execute("UPDATE report SET gid = ?, state = ? WHERE key = ?", (_blob(_group_of(first)), state, key))

    def results(self) -> Iterator[Event]:
        db = self.db
        db.executescript("""
            CREATE TABLE link AS SELECT a, b FROM edge UNION SELECT b, a FROM edge;
            CREATE INDEX link_a ON link (a);
            CREATE TABLE label (gid BLOB PRIMARY KEY, root BLOB NOT NULL) WITHOUT ROWID;
            INSERT INTO label SELECT DISTINCT a, a FROM link;
        """)
        while True:  # every group takes the smallest label among its neighbours until none changes
            db.executescript("""
                CREATE TEMP TABLE best (gid BLOB PRIMARY KEY, root BLOB NOT NULL) WITHOUT ROWID;
                INSERT INTO best SELECT link.a, min(label.root) FROM link JOIN label ON label.gid = link.b
                    GROUP BY link.a;
            """)
            changed = db.execute("UPDATE label SET root = (SELECT root FROM best WHERE best.gid = label.gid) "
                                 "WHERE root > (SELECT root FROM best WHERE best.gid = label.gid)").rowcount
            db.execute("DROP TABLE best")
            if not changed:
                break
        rows = db.execute("SELECT report.state, label.root FROM report LEFT JOIN label ON label.gid = report.gid "
                          "ORDER BY report.seq")
        for state, root in rows:
            ev, sources, confidence = pickle.loads(state)
            yield _merged(ev, root.decode("utf-8", "surrogatepass") if root is not None else _group_of(ev),
                          sources, confidence)


def _report_order(ev: Event) -> tuple:
    """Which report of an event is kept: the earliest published, then by article and event id."""
    return (ev.published or _FAR_FUTURE, ev.article_id, ev.event_id)


_FAR_FUTURE = dt.date.max


def _group_name(root: str) -> str:
    return root if root.startswith("g-") else "g-" + hashlib.sha1(_blob(root)).hexdigest()[:16]
