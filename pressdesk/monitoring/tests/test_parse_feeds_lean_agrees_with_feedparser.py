"""The lean RSS/Atom reader gives the same entries as feedparser, and hands it what it does not read."""

import contextlib
import datetime
import json
from unittest import mock

import pytest

from pressdesk.monitoring import parsing

FETCHED = datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC)

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title> Yerel Gazete </title>
<link>https://gazete.example/</link>
<item><guid>g-1</guid><link> https://gazete.example/haber/1?utm_source=rss </link>
<title>İl Sağlık Müdürlüğü&apos;nden açıklama</title>
<description><![CDATA[<p onclick="x()">Kocaeli Şehir Hastanesi'nde</p><script>alert(1)</script>]]></description>
<pubDate>Sun, 22 Nov 2026 07:15:00 GMT</pubDate>
<media:content url="https://gazete.example/img/1.jpg" medium="image"/></item>
<item><guid>g-2</guid><link>https://gazete.example/haber/2</link><title>İkinci &amp; son</title>
<pubDate>22 Kasım 2026 10:15</pubDate></item>
<item><guid isPermaLink="true">https://gazete.example/haber/3</guid><title>Bağlantısız</title>
<dc:date>2026-11-21T09:30:00.250+03:00</dc:date>
<description>&lt;p&gt;Acil servis &lt;b&gt;yoğun&lt;/b&gt;&lt;/p&gt;</description>
<content:encoded><![CDATA[<p>Uzun metin: 112 Acil Çağrı Merkezi</p>]]></content:encoded>
<enclosure url="https://gazete.example/3.jpg" type="image/jpeg" length="1"/></item>
<item><guid isPermaLink="false">yerel-4</guid><title>Kalıcı bağlantı değil</title>
<pubDate>Pzt, 23 Kas 2026 08:00</pubDate><media:thumbnail url="https://gazete.example/4.jpg"/></item>
<item><title>Tarihsiz ve kimliksiz</title><link>https://gazete.example/5</link>
<pubDate>Sun, 22 Nov 2026 07:15:00 +0300</pubDate><pubDate>garbage</pubDate></item>
<item><title>Saat dilimi adı</title><link>https://gazete.example/6</link>
<pubDate>Sun, 22 Nov 2026 07:15:00 EST</pubDate></item>
<item><title>Gelecek</title><link>https://gazete.example/7</link><pubDate>Tue, 01 Jan 2030 00:00:00 GMT</pubDate></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">&lt;b&gt;Ajans&lt;/b&gt;</title>
<link href="https://ajans.example/"/><link rel="self" href="https://ajans.example/atom"/>
<entry><id>urn:1</id><title type="html">&lt;b&gt;Son dakika&lt;/b&gt;</title>
<link href="https://ajans.example/1"/><link rel="enclosure" type="image/png" href="https://ajans.example/1.png"/>
<updated>2026-11-21T08:00:00+03:00</updated><published>2026-11-21T07:00:00Z</published>
<content type="html">&lt;p&gt;Metin&lt;/p&gt;</content></entry>
<entry><id>urn:2</id><title>Düz metin</title><link rel="alternate" type="text/html" href="https://ajans.example/2"/>
<link rel="alternate" href="https://ajans.example/2b"/><summary>Özet metni</summary>
<updated>2026-11-21T08:00:00Z</updated></entry>
</feed>"""


def _both(body: bytes, content_type: str = "") -> tuple[parsing.ParsedFeed, parsing.ParsedFeed]:
    root = parsing._safe_tree(body)
    assert root is not None
    lean = parsing._parse_lean(root, body, content_type)
    assert lean is not None, "the lean path should read this feed"
    return lean, parsing._parse_xml_feed(body, content_type)


@pytest.mark.parametrize("document", [RSS, ATOM], ids=["rss", "atom"])
def test_lean_entries_equal_feedparser_entries(document: str) -> None:
    lean, reference = _both(document.encode())
    assert (lean.title, lean.link) == (reference.title, reference.link)
    assert [vars(entry) for entry in lean.entries] == [vars(entry) for entry in reference.entries]


def test_benchmark_feed_is_read_alike() -> None:
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
    try:
        from bench_ingest import make_feed
    finally:
        sys.path.pop(0)
    lean, reference = _both(make_feed(random.Random(3), 60, 0))
    assert [vars(entry) for entry in lean.entries] == [vars(entry) for entry in reference.entries]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (
            b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            b' xmlns="http://purl.org/rss/1.0/"><item><title>x</title><link>https://a/1</link></item></rdf:RDF>',
            "",
        ),
        (b'<rss version="0.91"><channel><title>t</title><item><title>x</title></item></channel></rss>', ""),
        (
            b'<rss version="2.0"><channel><item><title>x</title><description><p>raw</p></description></item>'
            b"</channel></rss>",
            "",
        ),
        (b'<rss version="2.0" xml:base="https://a/"><channel><item><link>1</link></item></channel></rss>', ""),
        (
            b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/'
            b'xhtml">x</div></title></entry></feed>',
            "",
        ),
    ],
    ids=["rss1.0", "rss0.91", "raw-xhtml-description", "xml-base", "atom-xhtml"],
)
def test_what_the_lean_path_does_not_read_goes_to_feedparser(body: bytes, content_type: str) -> None:
    root = parsing._safe_tree(body)
    assert root is not None
    assert parsing._parse_lean(root, body, content_type) is None
    with (
        mock.patch.object(parsing, "_parse_xml_feed", wraps=parsing._parse_xml_feed) as fallback,
        contextlib.suppress(parsing.FeedParseError),
    ):
        parsing.parse_feed(body, content_type=content_type, fetched_at=FETCHED)
    fallback.assert_called_once()


def test_a_charset_that_disagrees_with_the_document_is_not_read_lean() -> None:
    # parse_feed's charset repair normally settles the disagreement first; the lean reader still refuses it.
    body = b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><item><title>x</title></item>'
    body += b"</channel></rss>"
    root = parsing._safe_tree(body)
    assert root is not None
    assert parsing._parse_lean(root, body, "application/rss+xml; charset=windows-1254") is None
    assert parsing._parse_lean(root, body, "application/rss+xml; charset=UTF-8") is not None


def test_broken_xml_goes_to_feedparser() -> None:
    body = '<rss version="2.0"><channel><item><title>Kırık & bozuk</title></item></channel></rss>'.encode()
    assert parsing._safe_tree(body) is None
    (entry,) = parsing.parse_feed(body, fetched_at=FETCHED).entries
    assert entry.title == "Kırık & bozuk"


def test_json_feed_is_not_affected() -> None:
    body = json.dumps({"items": [{"id": "1", "title": "Başlık"}]}).encode()
    assert parsing.parse_feed(body, fetched_at=FETCHED).entries[0].title == "Başlık"
