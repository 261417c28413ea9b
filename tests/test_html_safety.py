"""HTML safety end to end: script payloads in every article field go through the real
``geomap run --offline`` and the map is opened in headless Chromium with the network cut.

Nothing may run (no dialog, no page error), the payloads must show as plain text, and
only http(s) URLs may become links.  (tests/test_maps_browser.py checks the renderer with
hand-made events; this one starts from article text, through ingest, events and the store.)
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from geomap.jobs import STORE_NAME
from test_robustness_support import geojson_props, geomap, write_jsonl

CHROMIUM = "/usr/bin/chromium"

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "'><svg onload=alert(3)>",
    "</script><script>alert(4)</script>",
    "<!--<script>alert(5)//-->",
    "\u2028\u2029",
    "${alert(6)}{{constructor.constructor('alert(7)')()}}",
]
PAYLOAD = " ".join(PAYLOADS)
TITLE = "<img src=t onerror=alert('title')></title><script>alert('title2')</script>"

ARTICLES = [
    {"id": "id-" + PAYLOAD, "title": "Title " + PAYLOAD, "published": "2024-03-15", "url": "javascript:alert(8)",
     "source": "Source " + PAYLOAD, "text": f"Missiles struck Odesa on Monday {PAYLOAD} killing four people."},
    {"id": "id2</script>", "title": "</script><script>alert(9)</script>", "published": "2024-03-14",
     "url": 'https://example.org/a?q="><script>alert(10)</script>', "source": "</script>\u2028",
     "text": f"Drones hit Kharkiv on Tuesday {PAYLOAD}."},
    {"id": "id3", "title": "data url", "published": "2024-03-14", "url": "data:text/html,<script>alert(11)</script>",
     "source": "<b>bold</b>", "text": 'Shelling hit Kherson on Wednesday "><img src=x onerror=alert(12)>.'},
    {"id": "id4", "title": "vbscript", "published": "2024-03-14", "url": " JaVaScRiPt:alert(13)",
     "source": "x", "text": "Protesters gathered in Sumy on Sunday <iframe src=javascript:alert(14)>."},
]


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, gazetteer_store) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    inputs = write_jsonl(root / "hostile.jsonl", ARTICLES)
    result = geomap("run", inputs, "--out", root / "maps", "--offline", "-j", "1", "--title", TITLE)
    if result.code == 5:  # AssetError: the pinned JS/CSS could not be fetched once from the npm registry
        pytest.skip(f"offline assets unavailable: {result.err.strip()}")
    assert result.code == 0, result.err
    assert result.summary("articles read") == str(len(ARTICLES))
    return root / "maps"


def test_outputs_keep_the_payloads_as_data(hostile_run):
    props = geojson_props(hostile_run / "events.geojson")
    assert {p["place_name"] for p in props} == {"Odesa", "Kharkiv", "Kherson", "Sumy"}
    odesa = next(p for p in props if p["place_name"] == "Odesa")
    assert odesa["title"] == "Title " + PAYLOAD and odesa["source"] == "Source " + PAYLOAD
    assert odesa["article_id"] == "id-" + PAYLOAD and odesa["url"] == "javascript:alert(8)"
    assert PAYLOADS[0] in odesa["evidence"]


def test_kml_export_escapes_the_payloads(hostile_run, tmp_path):
    out = tmp_path / "events.kml"
    result = geomap("export", hostile_run / STORE_NAME, "-o", out)
    assert result.code == 0, result.err
    root = ET.parse(out).getroot()  # well-formed XML whatever the text held
    texts = "\n".join(t for t in root.itertext())
    assert "Title " + PAYLOADS[0] in texts


@pytest.fixture(scope="module")
def page(hostile_run):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        pg = browser.new_page(viewport={"width": 1280, "height": 800})
        pg.dialogs, pg.errors = [], []
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
        pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
        pg.route("**/*", lambda route: route.abort() if route.request.url.startswith("http")
                 else route.continue_())
        pg.goto((hostile_run / "index.html").as_uri())
        pg.wait_for_function("window.geomap && window.geomap.ready", timeout=30000)
        yield pg
        browser.close()


def test_nothing_runs_payloads_show_as_text_and_only_http_links(page):
    assert page.title() == TITLE
    assert page.inner_text(".geomap-title") == TITLE
    listing = page.inner_text(".geomap-list")
    for payload in PAYLOADS[:5]:
        assert payload in listing  # the evidence shows the payload verbatim, as text
    n = page.locator(".geomap-list li[data-gi]").count()
    assert n == 4
    popups, links = [], []
    for i in range(n):
        page.evaluate(f"geomap.openEvent({i}, true)")
        popups.append(page.inner_text(".leaflet-popup-content"))
        links += page.evaluate("[...document.querySelectorAll('.leaflet-popup-content [href]')].map(a => a.href)")
    shown = "\n".join(popups)
    assert "Title " + PAYLOAD in shown and "Source " + PAYLOAD in shown
    assert "</script><script>alert(9)</script>" in shown
    assert "data:text/html,<script>alert(11)</script>" in shown  # shown as text, not linked
    assert "JaVaScRiPt:alert(13)" in shown
    # only the one https article URL became a link
    assert links == ['https://example.org/a?q=%22%3E%3Cscript%3Ealert(10)%3C/script%3E']
    hrefs = page.evaluate("[...document.querySelectorAll('[href]')].map(a => a.href)")
    for href in hrefs:
        assert href.split(":", 1)[0] in ("http", "https", "file"), href
    page.wait_for_timeout(300)
    assert page.dialogs == [] and page.errors == []
    # no element was injected by a payload
    injected = page.evaluate("""() => ({
        elements: document.querySelectorAll('img[src=x], img[src=t], svg[onload], iframe, b').length,
        scripts: [...document.scripts].filter(s => /^\\s*alert/.test(s.textContent)).length,
        handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(
            a => a.name.startsWith('on') && /alert/.test(a.value))).length,
    })""")
    assert injected == {"elements": 0, "scripts": 0, "handlers": 0}


def test_search_box_and_hash_keep_payloads_as_text(page):
    """The search box and the URL hash (item 6) only ever set input values: nothing runs."""
    page.fill(".geomap-search", PAYLOADS[1])
    page.press(".geomap-search", "Enter")
    page.wait_for_timeout(200)
    import urllib.parse

    hostile = "#q=" + urllib.parse.quote(PAYLOADS[0]) + "&from=" + urllib.parse.quote(PAYLOADS[2]) + \
        "&layers=" + urllib.parse.quote(PAYLOADS[3]) + "&view=" + urllib.parse.quote(PAYLOADS[4])
    page.evaluate(f"location.hash = {hostile!r}; 0")
    page.wait_for_timeout(300)
    assert page.input_value(".geomap-search") == PAYLOADS[0]
    assert page.dialogs == [] and page.errors == []
    assert page.evaluate("document.querySelectorAll('img[src=x], svg[onload], iframe').length") == 0


def test_new_event_fields_never_run(page, tmp_path):
    """sub_event_type, date_source and fatalities reach the popup and list as text only."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from samples import seed_events

    from geomap.errors import AssetError
    from geomap.maps import render_map

    base = seed_events()[0]
    hostile = [base.with_changes(event_id=f"h{i}", sub_event_type=p, date_source=p, date_text=p,
                                 event_type=p, fatalities=3) for i, p in enumerate(PAYLOADS[:5])]
    try:
        out = render_map(hostile, tmp_path / "h.html", offline=True)
    except AssetError as exc:
        pytest.skip(f"offline assets unavailable: {exc}")
    if True:  # a new page of the module's browser (one Playwright per module)
        pg = page.context.browser.new_page()
        dialogs, errors = [], []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.route("**/*", lambda r: r.abort() if r.request.url.startswith("http") else r.continue_())
        pg.goto(out.as_uri())
        pg.wait_for_function("window.geomap && window.geomap.ready", timeout=30000)
        texts = []
        for i in range(len(hostile)):
            pg.evaluate(f"geomap.openEvent({i}, false); 0")
            texts.append(pg.inner_text(".leaflet-popup-content"))
        assert PAYLOADS[0] in "\n".join(texts) and "fatalities: 3" in texts[0]
        assert PAYLOADS[1] in pg.inner_text(".geomap-legend")
        pg.wait_for_timeout(200)
        assert dialogs == [] and errors == []
        assert pg.evaluate("document.querySelectorAll('img[src=x], svg[onload], iframe').length") == 0
        pg.close()
