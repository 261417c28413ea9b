"""``geomap run`` and ``geomap.run()``: the main job, as one function over the stage functions."""
from __future__ import annotations

import collections
import contextlib
import datetime as dt
import itertools
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

from geomap.errors import Interrupted
from geomap.io.store import DEFAULT_STORE_NAME as STORE_NAME
from geomap.jobs.articles import analyse_article, process_articles
from geomap.jobs.gazetteers import default_gazetteer, gazetteer_errors
from geomap.model import Place

__all__ = ["run", "RunSummary", "STORE_NAME", "MAP_NAME", "GEOJSON_NAME"]


MAP_NAME = "index.html"
GEOJSON_NAME = "events.geojson"


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a run read and wrote."""

    articles: int
    skipped: int
    new_events: int
    events: int
    places: int
    unresolved: int
    out_dir: Path
    outputs: tuple[Path, ...] = field(default_factory=tuple)

    def to_text(self, *, warnings: int = 0) -> str:
        lines = [
            f"articles read:     {self.articles}"
            + (f" ({self.skipped} already in the store, skipped)" if self.skipped else ""),
            f"events extracted:  {self.new_events} new, {self.events} in the map",
            f"places on the map: {self.places}",
            f"unresolved names:  {self.unresolved}",
            f"warnings:          {warnings}",
        ]
        lines += [f"wrote {p}" for p in self.outputs]
        return "\n".join(lines)


def run(inputs: Sequence[str | Path], *, out_dir: str | Path = "maps", title: str = "geomap events",
        offline: bool = False, since: dt.date | None = None, until: dt.date | None = None,
        published: dt.date | None = None, strict: bool = False, jobs: int | None = None,
        engine: str = "local", scheduler: str | None = None, progress: bool | None = None) -> RunSummary:
    """Read ``inputs``, add their events to ``out_dir``'s store, and redraw the map and GeoJSON."""
    from geomap.events import dedupe_events
    from geomap.io.formats import write_events
    from geomap.io.ingest import read_articles
    from geomap.io.store import EventStore
    from geomap.io.store_places import places_rows, stored_places
    from geomap.maps import render_map

    out_dir = Path(out_dir)
    counter = _Counter()
    gazetteer = default_gazetteer()
    articles = counter.count(read_articles(list(inputs), published=published, strict=strict))
    first = next(articles, None)  # bad inputs fail here, before anything is created or written
    articles = itertools.chain([first] if first is not None else [], articles)
    unresolved = 0
    added = 0
    stored_articles = 0
    store_path = out_dir / STORE_NAME
    with EventStore.open(store_path) as store:
        fresh = _NotYetStored(store)
        analyses = process_articles(fresh.filter(articles), jobs=jobs, engine=engine, scheduler=scheduler,
                                    fn=_analyse, gazetteer_path=str(gazetteer.path), progress=progress)
        batch_events: list = []
        batch_articles: list = []
        batch_places: dict[str, tuple] = {}
        try:
            for analysis in analyses:
                batch_articles.append(fresh.done(analysis.article_id))
                batch_events.extend(analysis.events)
                batch_places[analysis.article_id] = analysis.places
                unresolved += len(analysis.unresolved)
                if len(batch_articles) >= _STORE_BATCH:  # committed as we go: Ctrl-C keeps finished work
                    with _sigint_deferred():
                        added += store.add(batch_events, articles=batch_articles, also=places_rows(batch_places))
                    stored_articles += len(batch_articles)
                    batch_events, batch_articles, batch_places = [], [], {}
            with _sigint_deferred():
                added += store.add(batch_events, articles=batch_articles, also=places_rows(batch_places))
            stored_articles += len(batch_articles)
        except KeyboardInterrupt:
            if not stored_articles:
                raise
            raise Interrupted(f"{out_dir / MAP_NAME} and {out_dir / GEOJSON_NAME} are left as they were, but "
                              f"{stored_articles} articles ({added} new events) were already added to the event "
                              f"store {store_path}: run the same command again to finish (stored articles are "
                              "skipped)") from None
        stored = dedupe_events(store.events(since=since, until=until))
    mentioned = stored_places(store_path)
    with gazetteer_errors():  # the map's country outlines come from the gazetteer
        map_path = render_map(stored, out_dir / MAP_NAME, title=title, since=since, until=until,
                              offline=offline, gazetteer=gazetteer, places=_places_layer(mentioned, stored))
    geojson_path = out_dir / GEOJSON_NAME
    write_events(stored, geojson_path)
    places = {(e.place_id or e.place_name) for e in stored if e.lat is not None}
    return RunSummary(articles=counter.n, skipped=fresh.skipped, new_events=added, events=len(stored),
                      places=len(places), unresolved=unresolved, out_dir=out_dir,
                      outputs=(Path(map_path), geojson_path, out_dir / STORE_NAME))


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Ctrl-C during a store transaction takes effect once it is committed: a KeyboardInterrupt
    raised inside one of SQLite's Python functions would surface as a database error instead."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


#: Articles per store transaction during a run.
_STORE_BATCH = 256


class _NotYetStored:
    """Passes on only the articles the store has not seen (same id and content), and hands
    each back, in order, once the engine has analysed it (the engine keeps input order)."""

    def __init__(self, store) -> None:
        self.store = store
        self.pending: collections.deque = collections.deque()
        self.skipped = 0

    def filter(self, articles):
        chunk: list = []
        for article in articles:
            chunk.append(article)
            if len(chunk) >= _STORE_BATCH:
                yield from self._unseen(chunk)
                chunk = []
        yield from self._unseen(chunk)

    def _unseen(self, chunk):
        seen = self.store.articles_seen(chunk) if chunk else set()
        for article in chunk:
            if article.id in seen:
                self.skipped += 1
                continue
            self.pending.append(article)
            yield article

    def done(self, article_id: str):
        article = self.pending.popleft()
        assert article.id == article_id, "the engine must keep input order"
        return article


def _places_layer(mentioned: list[tuple[Place, int]], events) -> list[tuple[Place, int]]:
    """Places for the map's "all places mentioned" layer: every place the stored articles
    mention (with its mention count), plus the places of stored events not among them."""
    rows = {place.place_id: (place, n) for place, n in mentioned}
    for e in events:
        if e.lat is None or e.lon is None:
            continue
        key = e.place_id or f"{e.place_name}@{e.lat:.4f},{e.lon:.4f}"
        if key not in rows:
            rows[key] = (Place(key, e.place_name or e.location_text, e.kind, e.lat, e.lon,
                               country_code=e.country_code, admin1=e.admin1), 1)
    return list(rows.values())


def _analyse(article, gazetteer):
    """The engine's per-article function for runs: one ``ArticleAnalysis`` per article."""
    return [analyse_article(article, gazetteer=gazetteer)]


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def count(self, items):
        for item in items:
            self.n += 1
            yield item
