"""``geomap run``: the main job, as one function over the stage functions."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .model import Place

STORE_NAME = "events.sqlite"
MAP_NAME = "index.html"
GEOJSON_NAME = "events.geojson"


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a run read and wrote."""

    articles: int
    new_events: int
    events: int
    places: int
    unresolved: int
    out_dir: Path
    outputs: tuple[Path, ...] = field(default_factory=tuple)

    def to_text(self, *, warnings: int = 0) -> str:
        lines = [
            f"articles read:     {self.articles}",
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
    from .engine import process_articles
    from .events import dedupe_events
    from .export import write_events
    from .filters import filter_events
    from .ingest import read_articles
    from .maps import render_map
    from .pipeline import default_gazetteer
    from .store import EventStore

    out_dir = Path(out_dir)
    counter = _Counter()
    gazetteer = default_gazetteer()
    articles = counter.count(read_articles(list(inputs), published=published, strict=strict))
    analyses = process_articles(articles, jobs=jobs, engine=engine, scheduler=scheduler, fn=_analyse,
                                gazetteer_path=str(gazetteer.path), progress=progress)
    new_events: list = []
    unresolved = 0
    mentioned: dict[str, list] = {}  # place_id -> [Place, mention count]
    for analysis in analyses:
        new_events.extend(analysis.events)
        unresolved += len(analysis.unresolved)
        for place in analysis.places:
            mentioned.setdefault(place.place_id, [place, 0])[1] += 1
    with EventStore.open(out_dir / STORE_NAME) as store:
        added = store.add(new_events)
        stored = dedupe_events(filter_events(store.events(), since=since, until=until))
    map_path = render_map(stored, out_dir / MAP_NAME, title=title, since=since, until=until,
                          offline=offline, gazetteer=gazetteer, places=_places_layer(mentioned, stored))
    geojson_path = out_dir / GEOJSON_NAME
    write_events(stored, geojson_path)
    places = {(e.place_id or e.place_name) for e in stored if e.lat is not None}
    return RunSummary(articles=counter.n, new_events=added, events=len(stored), places=len(places),
                      unresolved=unresolved, out_dir=out_dir,
                      outputs=(Path(map_path), geojson_path, out_dir / STORE_NAME))


def _places_layer(mentioned: dict[str, list], events) -> list[tuple[Place, int]]:
    """Places for the map's "all places mentioned" layer: every place this run's articles
    mention (with its mention count), plus the places of stored events from earlier runs."""
    rows = {pid: (place, n) for pid, (place, n) in mentioned.items()}
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
    from .pipeline import analyse_article

    return [analyse_article(article, gazetteer=gazetteer)]


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def count(self, items):
        for item in items:
            self.n += 1
            yield item
