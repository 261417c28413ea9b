"""geomap.io.ingest: every input format, warnings for bad records, one-line errors."""
from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from geomap.errors import GeomapWarning, InputError
from geomap.io.ingest import parse_published, read_articles

TEXT = "Russian missiles struck Odesa on Thursday, officials said."


def _read(paths, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        articles = list(read_articles(paths, **kw))
    return articles, [str(w.message) for w in caught if issubclass(w.category, GeomapWarning)]


def test_jsonl_fields_and_streaming(tmp_path):
    path = tmp_path / "a.jsonl"
    rows = [{"id": "x1", "title": "T1", "text": TEXT, "published": "2024-03-15", "url": "https://e.org/1",
             "source": "Wire"},
            {"id": 7, "text": "Second article.", "published": "2024-03-16T08:00:00Z"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    stream = read_articles([path])
    first = next(stream)  # a generator: articles come one at a time
    assert (first.id, first.title, first.text, first.published, first.url, first.source) == (
        "x1", "T1", TEXT, dt.date(2024, 3, 15), "https://e.org/1", "Wire")
    second = next(stream)
    assert second.id == "7" and second.published == dt.date(2024, 3, 16)
    assert list(stream) == []


def test_malformed_jsonl_line_warns_with_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "ok", "text": TEXT, "published": "2024-01-01"}) + "\n{not json\n"
                    + json.dumps({"id": "ok2", "text": TEXT, "published": "2024-01-02"}) + "\n", encoding="utf-8")
    articles, messages = _read([path])
    assert [a.id for a in articles] == ["ok", "ok2"]
    assert any(f"{path}:2" in m and "malformed JSON" in m for m in messages)
    with pytest.raises(InputError, match=r"bad.jsonl:2"):
        list(read_articles([path], strict=True))


def test_missing_date_warns_once_per_article_and_published_fills_in(tmp_path):
    path = tmp_path / "nodate.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"n{i}", "text": TEXT}) for i in range(2)), encoding="utf-8")
    articles, messages = _read([path])
    assert all(a.published is None for a in articles)
    assert len([m for m in messages if "no publication date" in m]) == 2
    articles, messages = _read([path], published=dt.date(2024, 5, 1))
    assert all(a.published == dt.date(2024, 5, 1) for a in articles)
    assert not messages


def test_invalid_utf8_is_replaced_with_a_warning(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Title: Caf\xe9\nDate: 2024-02-02\n\nShelling hit Kherson.".encode("latin-1"))
    articles, messages = _read([path])
    assert articles[0].title == "Caf\ufffd" and articles[0].text == "Shelling hit Kherson."
    assert any("invalid UTF-8" in m for m in messages)
    jpath = tmp_path / "bad.jsonl"
    jpath.write_bytes(b'{"id": "b", "text": "Kyiv \xff", "published": "2024-01-01"}\n')
    articles, messages = _read([jpath])
    assert articles[0].text == "Kyiv \ufffd" and any("invalid UTF-8" in m for m in messages)


def test_txt_headers(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Title: Drones hit Sumy\nDate: 2024-11-18\nURL: https://e.org/s\nSource: Wire\n\n"
                    "Drones struck Sumy on Sunday.\n", encoding="utf-8")
    (article,), _ = _read([path])
    assert (article.title, article.published, article.url, article.source, article.text) == (
        "Drones hit Sumy", dt.date(2024, 11, 18), "https://e.org/s", "Wire", "Drones struck Sumy on Sunday.")
    assert article.id.startswith("a-")
    (again,), _ = _read([path])
    assert again.id == article.id  # stable content id


def test_txt_with_several_articles_and_no_headers(tmp_path):
    path = tmp_path / "two.txt"
    path.write_text("First headline\n\nBody one. It has text.\n\n\n\nSecond headline\n\nBody two.\n", encoding="utf-8")
    articles, messages = _read([path], published=dt.date(2024, 1, 1))
    assert [a.title for a in articles] == ["First headline", "Second headline"]
    assert articles[0].text == "First headline\n\nBody one. It has text."
    assert len({a.id for a in articles}) == 2


def test_csv(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('id,title,text,published,url,source\nc1,Head,"Shelling hit Kherson, officials said.",'
                    "2024-10-12,https://e.org/c,Daily\nc2,,,2024-10-12,,\n", encoding="utf-8")
    articles, messages = _read([path])
    assert [(a.id, a.text, a.published, a.source) for a in articles] == [
        ("c1", "Shelling hit Kherson, officials said.", dt.date(2024, 10, 12), "Daily")]
    assert any("no 'text'" in m and "a.csv:3" in m for m in messages)
    bad = tmp_path / "notext.csv"
    bad.write_text("id,title\n1,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="needs a 'text' column"):
        list(read_articles([bad]))


RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Example Feed</title>
<item><title>Strike on Lviv</title><link>https://e.org/lviv</link><guid>lviv-1</guid>
<pubDate>Wed, 04 Sep 2024 09:00:00 +0000</pubDate>
<description>&lt;p&gt;A missile strike killed seven people in &lt;b&gt;Lviv&lt;/b&gt;.&lt;/p&gt;</description></item>
<item><title>Second</title><link>https://e.org/2</link><content:encoded><![CDATA[<p>Drones hit Odesa.</p>]]></content:encoded>
<pubDate>Thu, 05 Sep 2024 09:00:00 GMT</pubDate></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Example</title>
<entry><title>Protest in Tbilisi</title><link href="https://e.org/t"/><id>urn:t1</id>
<published>2024-11-17T10:00:00Z</published><summary>Thousands rallied in Tbilisi.</summary></entry></feed>"""


def test_rss_and_atom(tmp_path):
    (tmp_path / "feed.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "feed.atom").write_text(ATOM, encoding="utf-8")
    articles, _ = _read([tmp_path / "feed.rss", tmp_path / "feed.atom"])
    assert [a.id for a in articles] == ["lviv-1", articles[1].id, "urn:t1"]
    lviv, odesa, tbilisi = articles
    assert lviv.text == "Strike on Lviv\n\nA missile strike killed seven people in Lviv."
    assert (lviv.published, lviv.url, lviv.source) == (dt.date(2024, 9, 4), "https://e.org/lviv", "Example Feed")
    assert odesa.text.endswith("Drones hit Odesa.") and odesa.published == dt.date(2024, 9, 5)
    assert (tbilisi.url, tbilisi.published, tbilisi.source) == ("https://e.org/t", dt.date(2024, 11, 17), "Atom Example")


HTML = """<!doctype html><html><head><title>Site | Kherson shelled</title>
<meta property="og:title" content="Kherson shelled">
<meta property="article:published_time" content="2024-10-12T07:00:00Z">
<meta property="og:site_name" content="Example Daily"><link rel="canonical" href="https://e.org/k">
<script>var x = "Moscow";</script><style>p {color: red}</style></head>
<body><nav>Home | World | Kyiv</nav><header>Menu</header>
<article><h1>Kherson shelled</h1><p>Russian forces shelled <a href="#">Kherson</a> on Friday &amp; wounded six.</p>
<figure><figcaption>A damaged bus stop.</figcaption></figure></article>
<footer>Copyright Bucharest Media</footer></body></html>"""


def test_html_main_text_and_meta_date(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    (article,), _ = _read([path])
    assert article.title == "Kherson shelled"
    assert article.published == dt.date(2024, 10, 12)
    assert article.source == "Example Daily" and article.url == "https://e.org/k"
    assert "Russian forces shelled Kherson on Friday & wounded six." in article.text
    assert "A damaged bus stop." in article.text
    for boilerplate in ("Moscow", "color", "Home | World", "Copyright", "Menu"):
        assert boilerplate not in article.text


def test_html_time_element_date(tmp_path):
    path = tmp_path / "t.htm"
    path.write_text("<html><body><p>Posted <time datetime='2023-09-07'>Sept 7</time></p>"
                    "<p>Drones hit the Danube river port of Izmail.</p></body></html>", encoding="utf-8")
    (article,), _ = _read([path])
    assert article.published == dt.date(2023, 9, 7)


def test_directories_globs_and_sniffing(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b", "text": TEXT, "published": "2024-01-01"}), encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text("Date: 2024-01-02\n\nShelling hit Kherson.", encoding="utf-8")
    (tmp_path / ".hidden.jsonl").write_text(json.dumps({"id": "h", "text": TEXT}), encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    articles, _ = _read([tmp_path])
    assert [a.published for a in articles] == [dt.date(2024, 1, 1), dt.date(2024, 1, 2)]  # sorted walk
    articles, _ = _read([str(tmp_path / "*.jsonl")])
    assert [a.id for a in articles] == ["b"]
    sniff = tmp_path / "noext"
    sniff.write_text(json.dumps({"id": "s", "text": TEXT, "published": "2024-01-03"}) + "\n", encoding="utf-8")
    articles, _ = _read([sniff])
    assert articles[0].id == "s"


def test_missing_inputs_raise_before_reading(tmp_path):
    good = tmp_path / "ok.jsonl"
    good.write_text(json.dumps({"id": "ok", "text": TEXT}), encoding="utf-8")
    with pytest.raises(InputError, match="no such file or directory: .*missing.jsonl"):
        read_articles([good, tmp_path / "missing.jsonl"])
    with pytest.raises(InputError, match="no input matches"):
        read_articles([str(tmp_path / "*.csv")])


def test_stdin_jsonl():
    code = ("import sys, warnings; warnings.simplefilter('ignore');"
            "from geomap.io.ingest import read_articles;"
            "print([(a.id, str(a.published)) for a in read_articles(['-'])])")
    data = json.dumps({"id": "s1", "text": TEXT, "published": "2024-02-02"}) + "\n"
    out = subprocess.run([sys.executable, "-c", code], input=data.encode(), capture_output=True, check=True)
    assert out.stdout.decode().strip() == "[('s1', '2024-02-02')]"


@pytest.mark.parametrize("value, expected", [
    ("2024-11-18", dt.date(2024, 11, 18)), ("2024-11-18T23:59:00+02:00", dt.date(2024, 11, 18)),
    ("Mon, 18 Nov 2024 10:00:00 GMT", dt.date(2024, 11, 18)), ("Nov. 6, 2024", dt.date(2024, 11, 6)),
    ("6 November 2024", dt.date(2024, 11, 6)), ("", None), (None, None)])
def test_parse_published(value, expected):
    assert parse_published(value) == expected


def test_unreadable_date_warns_and_is_ignored(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "d", "text": TEXT, "published": "soon"}), encoding="utf-8")
    (article,), messages = _read([path], published=dt.date(2024, 1, 5))
    assert article.published == dt.date(2024, 1, 5)
    assert any("unreadable publication date" in m for m in messages)


def test_json_array_is_streamed_across_chunks(tmp_path, monkeypatch):
    import geomap.io.ingest_json as ingest_json

    monkeypatch.setattr(ingest_json, "CHUNK", 7)  # force many chunk boundaries inside records
    records = [{"id": f"j{i}", "text": f"Drones hit Sumy, report {i} — “quoted”.", "published": "2024-11-18",
                "n": 12345.5} for i in range(5)]
    path = tmp_path / "arr.json"
    path.write_text(" [\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n", encoding="utf-8")
    articles, messages = _read([path])
    assert [a.id for a in articles] == [r["id"] for r in records]
    assert [a.text for a in articles] == [r["text"] for r in records]
    assert not messages


def test_json_single_object_wrapper_and_errors(tmp_path):
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"id": "o", "text": TEXT, "published": "2024-01-01"}), encoding="utf-8")
    wrapped = tmp_path / "wrap.json"
    wrapped.write_text(json.dumps({"articles": [{"id": "w", "text": TEXT, "published": "2024-01-01"}, 5]}),
                       encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "b1", "text": "ok", "published": "2024-01-01"}, {"id": ', encoding="utf-8")
    articles, messages = _read([single, wrapped, broken])
    assert [a.id for a in articles] == ["o", "w", "b1"]
    assert any("wrap.json[1]" in m and "not a JSON object" in m for m in messages)
    assert any("broken.json" in m and "malformed JSON" in m for m in messages)
    with pytest.raises(InputError, match="broken.json"):
        list(read_articles([broken], strict=True))


def test_html_date_from_json_ld_and_from_url(tmp_path):
    ld = tmp_path / "ld.html"
    ld.write_text('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
                  '"datePublished": "2024-06-03T05:00:00Z"}</script></head><body><p>Drones attacked Belgorod.</p>'
                  "</body></html>", encoding="utf-8")
    by_url = tmp_path / "url.html"
    by_url.write_text('<html><head><link rel="canonical" href="https://e.org/world/2023/09/07/izmail-drones/">'
                      "</head><body><p>Drones hit Izmail.</p></body></html>", encoding="utf-8")
    articles, messages = _read([ld, by_url])
    assert [a.published for a in articles] == [dt.date(2024, 6, 3), dt.date(2023, 9, 7)]
    assert articles[1].url.endswith("/izmail-drones/")
    assert not messages


def test_txt_with_headers_splits_only_at_new_headers(tmp_path):
    path = tmp_path / "multi.txt"
    path.write_text("Title: One\nDate: 2024-01-01\n\nFirst paragraph.\n\n\n\nStill article one.\n"
                    "\n---\nTitle: Two\nDate: 2024-01-02\n\nSecond article.\n", encoding="utf-8")
    articles, _ = _read([path])
    assert [(a.title, a.published) for a in articles] == [("One", dt.date(2024, 1, 1)), ("Two", dt.date(2024, 1, 2))]
    assert articles[0].text == "First paragraph.\n\nStill article one."


def test_html_declared_charset(tmp_path):
    path = tmp_path / "latin.html"
    path.write_bytes('<html><head><meta charset="iso-8859-1"><meta name="date" content="2024-02-02"></head>'
                     "<body><p>Explosions in Mykolaïv, café damaged.</p></body></html>".encode("latin-1"))
    (article,), messages = _read([path])
    assert "Mykolaïv, café damaged" in article.text and not messages


def test_html_boilerplate_blocks_by_class_are_dropped(tmp_path):
    path = tmp_path / "b.html"
    path.write_text('<html><body><div class="story-body"><p>Shelling hit Kherson on Friday.</p>'
                    '<div class="related-stories"><div><a href="#">Drones hit Moscow</a></div></div>'
                    '<p>Six people were wounded.</p><div id="cookie-banner">We use cookies</div></div>'
                    '<ul class="share-tools"><li>Share on X</li></ul></body></html>', encoding="utf-8")
    (article,), _ = _read([path], published=dt.date(2024, 1, 1))
    assert article.text == "Shelling hit Kherson on Friday.\n\nSix people were wounded."


def test_html_story_inside_a_boilerplate_looking_class_is_kept(tmp_path):
    path = tmp_path / "c.html"
    story = "Russian forces shelled Kherson on Friday, hitting a bus stop and wounding six civilians, officials said."
    path.write_text(f'<html><body><div class="story share-enabled"><p>{story}</p></div></body></html>',
                    encoding="utf-8")
    (article,), _ = _read([path], published=dt.date(2024, 1, 1))
    assert article.text == story
