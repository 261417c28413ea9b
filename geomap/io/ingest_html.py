"""Saved HTML pages: the main text, title, publication date, URL and site name.

The text is that of ``<article>`` (or ``<body>``) without scripts, navigation, headers/footers
outside the article and boilerplate containers ("related stories", share bars, cookie
banners...).  The date comes from ``<meta>`` tags, JSON-LD ``datePublished``, the first
``<time datetime>`` or a dated URL.  Pages are UTF-8 or in the charset their ``<meta>`` declares.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator

from geomap.io.ingest_bytes import decode_utf8, read_bytes
from geomap.io.ingest_records import ReadContext
from geomap.model import Article

__all__ = ["html_to_record", "read_html"]

_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
               "article", "blockquote", "figcaption", "figure", "tr", "table", "pre", "header", "footer",
               "main", "dd", "dt", "hr"}
_SKIP_TAGS = {"script", "style", "noscript", "nav", "aside", "form", "svg", "iframe", "button",
              "template", "select", "head"}
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"}
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "date", "pubdate",
              "publishdate", "publish-date", "dc.date", "dc.date.issued", "dcterms.created",
              "parsely-pub-date", "sailthru.date", "article.published", "og:updated_time",
              "article:modified_time")


_BOILER_CONTAINERS = frozenset({"div", "section", "ul", "ol", "aside", "nav", "footer", "header", "form", "span", "p"})
_BOILER_CLASS = re.compile(r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|footer|sidebar|related|share|sharing|social|"
                           r"comments?|cookies?|newsletter|promo|advert|advertisement|ads?|subscribe|subscription|"
                           r"breadcrumbs?|most-read|popular|recommended|signup|paywall|banner)(?:$|[\s_-])", re.I)


class _HTMLText(HTMLParser):
    """Collects visible text (block tags -> newlines), metadata and ``<time>`` dates."""

    def __init__(self, *, skip_boilerplate_classes: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_boilerplate_classes = skip_boilerplate_classes
        self.parts: list[str] = []
        self.article_parts: list[str] = []
        self.skip_depth = 0
        self.boiler: list[list] = []  # [tag, nesting] of skipped boilerplate containers
        self.article_depth = 0
        self.in_title = False
        self.in_h1 = False
        self.title = ""
        self.h1 = ""
        self.meta: dict[str, str] = {}
        self.times: list[str] = []
        self.canonical = ""
        self.jsonld: list[str] = []
        self.in_jsonld = False
        self.in_footer_like = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower():
            self.canonical = a.get("href", "")
            return
        if tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"])
        if tag == "script" and "ld+json" in a.get("type", ""):
            self.in_jsonld = True
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.in_h1 = True
        if self.boiler and tag == self.boiler[-1][0]:
            self.boiler[-1][1] += 1
        elif self.skip_boilerplate_classes and tag in _BOILER_CONTAINERS and _BOILER_CLASS.search(f"{a.get('class', '')} {a.get('id', '')}"):
            self.boiler.append([tag, 1])  # "related stories", share bars, cookie banners...
            self.skip_depth += 1
        if tag in _SKIP_TAGS or (tag in {"header", "footer"} and not self.article_depth):
            if tag not in _VOID_TAGS:
                self.skip_depth += 1
            return
        if tag == "article":
            self.article_depth += 1
        if tag in _BLOCK_TAGS:
            self._emit("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_jsonld = False
        if tag == "title":
            self.in_title = False
        if tag == "h1":
            self.in_h1 = False
        if self.boiler and tag == self.boiler[-1][0]:
            self.boiler[-1][1] -= 1
            if self.boiler[-1][1] == 0:
                self.boiler.pop()
                self.skip_depth = max(0, self.skip_depth - 1)
        if tag in _SKIP_TAGS or (tag in {"header", "footer"} and not self.article_depth):
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag in _BLOCK_TAGS:
            self._emit("\n")
        if tag == "article":
            self.article_depth = max(0, self.article_depth - 1)

    def handle_data(self, data: str) -> None:
        if self.in_jsonld:
            self.jsonld.append(data)
            return
        if self.in_title:
            self.title += data
            return
        if self.skip_depth:
            return
        if self.in_h1:
            self.h1 += data
        self._emit(data)

    def _emit(self, data: str) -> None:
        if self.skip_depth:
            return
        self.parts.append(data)
        if self.article_depth:
            self.article_parts.append(data)


def _clean_text(parts: list[str]) -> str:
    """Collected text with runs of spaces collapsed and at most one blank line in a row."""
    text = "".join(parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line:
            out.append(line)
        elif out and out[-1] != "":
            out.append("")
    return "\n".join(out).strip()


def html_to_record(markup: str) -> dict[str, Any]:
    """``{"title", "text", "published", "url", "source"}`` from an HTML page."""
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    text = _clean_text(parser.article_parts) if parser.article_parts else ""
    if len(text) < 80:
        text = _clean_text(parser.parts)
    if len(text) < 80:  # the class filter may have hidden the story itself ("story share-enabled")
        plain = _HTMLText(skip_boilerplate_classes=False)
        plain.feed(markup)
        plain.close()
        alt = _clean_text(plain.article_parts) if plain.article_parts else ""
        alt = alt if len(alt) >= 80 else _clean_text(plain.parts)
        if len(text) < 0.2 * len(alt):
            text = alt
    meta = parser.meta
    published = next((meta[k] for k in _DATE_META if meta.get(k)), None)
    if not published:
        for block in parser.jsonld:
            m = re.search(r'"datePublished"\s*:\s*"([^"]+)"', block)
            if m:
                published = m.group(1)
                break
    if not published and parser.times:
        published = parser.times[0]
    url = meta.get("og:url") or parser.canonical
    if not published and url:  # news URLs often carry the date: /2024/11/18/
        m = re.search(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|\b)", url)
        if m:
            published = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    title = meta.get("og:title") or parser.h1.strip() or parser.title.strip()
    return {"title": html.unescape(title).strip(), "text": text, "published": published,
            "url": url, "source": meta.get("og:site_name", "")}


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def _decode_html(data: bytes, where: str) -> str:
    """UTF-8, else the charset the page declares in a ``<meta>`` tag, else UTF-8 with replacement."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_utf8(data, where)


def read_html(path: Path, ctx: ReadContext) -> Iterator[Article]:
    """The Article of a saved HTML page."""
    record = html_to_record(_decode_html(read_bytes(path), str(path)))
    article = ctx.make(str(path), record)
    if article is not None:
        yield article
