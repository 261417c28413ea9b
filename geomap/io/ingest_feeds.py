"""RSS 2.0, RSS 1.0 and Atom feeds: one article per ``<item>``/``<entry>``, parsed incrementally.

Item bodies (``content:encoded``, ``content``, ``description``, ``summary``) are stripped of
markup; the feed's own title is the articles' default source.
"""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, Iterator

from geomap.errors import GeomapWarning
from geomap.io.ingest_bytes import open_input
from geomap.io.ingest_html import html_to_record, read_html
from geomap.io.ingest_records import ReadContext
from geomap.model import Article

__all__ = ["read_feed"]


def _local(tag: str) -> str:
    """An XML tag without its namespace, lower-cased."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _strip_markup(value: str) -> str:
    """The text of a feed field that may hold (escaped) HTML."""
    if "<" not in value and "&" not in value:
        return value.strip()
    return html_to_record(f"<html><body>{value}</body></html>")["text"]


def read_feed(path: Path, ctx: ReadContext) -> Iterator[Article]:
    """Articles of an RSS or Atom feed, item by item (an HTML page named ``.xml`` is read as HTML)."""
    import xml.etree.ElementTree as ET

    feed_title = ""
    index = 0
    stream = open_input(path)
    with stream:
        depth = 0
        try:
            for event, elem in ET.iterparse(stream, events=("start", "end")):
                name = _local(elem.tag)
                if event == "start":
                    depth += 1
                    if depth == 1 and name in {"html", "xhtml"}:
                        stream.seek(0)
                        yield from read_html(path, ctx)
                        return
                    continue
                depth -= 1
                if name == "title" and not feed_title and depth <= 2:
                    feed_title = (elem.text or "").strip()
                if name not in {"item", "entry"}:
                    continue
                index += 1
                record = _feed_record(elem)
                elem.clear()
                record.setdefault("source", feed_title)
                article = ctx.make(f"{path} (item {index})", record, default_source=feed_title)
                if article is not None:
                    yield article
        except ET.ParseError as exc:
            ctx.problem(f"{path}:{exc.position[0]}", f"malformed XML ({exc.msg if hasattr(exc, 'msg') else exc})")
    if index == 0:
        warnings.warn(f"{path}: no RSS <item> or Atom <entry> found", GeomapWarning, stacklevel=2)


def _feed_record(item: Any) -> dict[str, Any]:
    """A loose record from an ``<item>``/``<entry>`` element; the headline is kept in the text."""
    fields: dict[str, str] = {}
    link = ""
    for child in item:
        name = _local(child.tag)
        value = "".join(child.itertext()) if len(child) else (child.text or "")
        if name == "link":
            link = link or child.get("href") or value.strip()
            continue
        fields.setdefault(name, value)
    body = fields.get("encoded") or fields.get("content") or fields.get("description") or fields.get("summary") or ""
    text = _strip_markup(body)
    date = (fields.get("pubdate") or fields.get("published") or fields.get("date") or fields.get("updated")
            or fields.get("issued") or "")
    record: dict[str, Any] = {"title": _strip_markup(fields.get("title", "")), "text": text,
                              "published": date or None, "url": link}
    guid = fields.get("guid") or fields.get("id")
    if guid:
        record["id"] = guid.strip()
    title = record["title"]
    if title and text and not text.startswith(title):
        # keep the headline in the text: headlines often carry the place and the event
        record["text"] = f"{title}\n\n{text}"
    return record
