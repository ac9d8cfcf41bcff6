"""parsing.parse_feed: RSS, Atom, JSON Feed, Turkish dates and bad input."""

import datetime
import json
import time

import pytest

from pressdesk.monitoring import parsing

FETCHED = datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC)

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Yerel Gazete</title>
<link>https://gazete.example/</link>
<item><guid>g-1</guid><link>https://gazete.example/haber/1?utm_source=rss</link>
<title>İl Sağlık Müdürlüğü&apos;nden açıklama</title>
<description><![CDATA[<p onclick="x()">Kocaeli Şehir Hastanesi'nde</p><script>alert(1)</script>]]></description>
<pubDate>Sun, 22 Nov 2026 07:15:00 GMT</pubDate>
<media:content url="https://gazete.example/img/1.jpg" medium="image"/></item>
<item><guid>g-2</guid><link>https://gazete.example/haber/2</link><title>İkinci</title>
<pubDate>22 Kasım 2026 10:15</pubDate></item>
</channel></rss>"""


def test_rss_entries_are_read() -> None:
    feed = parsing.parse_feed(RSS.encode(), fetched_at=FETCHED)
    assert feed.title == "Yerel Gazete"
    first, second = feed.entries
    assert first.guid == "g-1"
    assert first.url == "https://gazete.example/haber/1?utm_source=rss"
    assert first.title == "İl Sağlık Müdürlüğü'nden açıklama"
    assert "Kocaeli Şehir Hastanesi'nde" in first.text
    assert "alert" not in first.text
    assert first.published_at == datetime.datetime(2026, 11, 22, 7, 15, tzinfo=datetime.UTC)
    assert first.image_url == "https://gazete.example/img/1.jpg"
    # "22 Kasım 2026 10:15" is Istanbul time (UTC+3).
    assert second.published_at == datetime.datetime(2026, 11, 22, 7, 15, tzinfo=datetime.UTC)


def test_atom_entries_are_read() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ajans</title>
<entry><id>urn:1</id><title type="html">&lt;b&gt;Son dakika&lt;/b&gt;</title>
<link href="https://ajans.example/1"/><updated>2026-11-21T08:00:00+03:00</updated>
<content type="html">&lt;p&gt;Metin&lt;/p&gt;</content></entry></feed>"""
    (entry,) = parsing.parse_feed(atom, fetched_at=FETCHED).entries
    assert (entry.guid, entry.url, entry.title, entry.text) == (
        "urn:1",
        "https://ajans.example/1",
        "Son dakika",
        "Metin",
    )
    assert entry.published_at == datetime.datetime(2026, 11, 21, 5, 0, tzinfo=datetime.UTC)


def test_json_feed_entries_are_read() -> None:
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "JSON Gazete",
            "items": [
                {
                    "id": "j1",
                    "url": "https://j.example/1",
                    "title": "Başlık",
                    "content_html": "<p>Gövde</p>",
                    "date_published": "2026-11-20T10:00:00Z",
                    "image": "https://j.example/1.jpg",
                },
                {"id": "j2", "content_text": "Sadece metin", "date_published": "20 Kas 2026"},
                "not an object",
            ],
        }
    ).encode()
    feed = parsing.parse_feed(body, content_type="application/feed+json", fetched_at=FETCHED)
    first, second = feed.entries
    assert (first.guid, first.title, first.text, first.image_url) == (
        "j1",
        "Başlık",
        "Gövde",
        "https://j.example/1.jpg",
    )
    assert first.published_at == datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)
    assert second.text == "Sadece metin"
    assert second.published_at == datetime.datetime(2026, 11, 19, 21, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("22 Kasım 2026 10:15", (2026, 11, 22, 10, 15)),
        ("22 Kas 2026", (2026, 11, 22, 0, 0)),
        ("Pazar, 22 Kasım 2026 10:15", (2026, 11, 22, 10, 15)),
        ("PAZARTESİ 23 KASIM 2026 09:05:30", (2026, 11, 23, 9, 5)),
        ("1 Şubat 2026", (2026, 2, 1, 0, 0)),
        ("1 Subat 2026 saat 14.30", (2026, 2, 1, 14, 30)),
        ("31 Ağustos 2026 Çarşamba 08:00", (2026, 8, 31, 8, 0)),
        ("3 Eylül 2026 23:59 +0000", (2026, 9, 3, 23, 59)),
        ("19 Mayıs 2026 10:00 TRT", (2026, 5, 19, 10, 0)),
        ("30 Şubat 2026", None),
        ("22 Foo 2026", None),
        ("", None),
    ],
)
def test_turkish_dates(value: str, expected: tuple[int, ...] | None) -> None:
    parsed = parsing.parse_turkish_date(value)
    if expected is None:
        assert parsed is None
    else:
        assert parsed is not None
        assert (parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute) == expected


def test_turkish_date_with_offset_is_converted() -> None:
    parsed = parsing.parse_turkish_date("3 Eylül 2026 23:59 +0000")
    assert parsed is not None and parsed.utcoffset() == datetime.timedelta(0)
    local = parsing.parse_turkish_date("3 Eylül 2026 23:59")
    assert local is not None and local.utcoffset() == datetime.timedelta(hours=3)


def test_future_dates_are_clamped_to_the_fetch_time() -> None:
    body = RSS.replace("Sun, 22 Nov 2026 07:15:00 GMT", "Tue, 01 Jan 2030 00:00:00 GMT").encode()
    first = parsing.parse_feed(body, fetched_at=FETCHED).entries[0]
    assert first.published_at == FETCHED
    assert first.published_at_original == datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)


def test_html_page_served_as_a_feed_is_a_clear_error() -> None:
    with pytest.raises(parsing.FeedParseError, match="HTML page"):
        parsing.parse_feed(b"<!DOCTYPE html><html><head><title>x</title></head><body>404</body></html>")
    with pytest.raises(parsing.FeedParseError):
        parsing.parse_feed(b"<html><body><p>no feed</p></body></html>", content_type="application/rss+xml")


@pytest.mark.parametrize(
    "body",
    [
        b"<rss><channel><item><title>unterminated",
        b"\x00\x01\x02 binary junk",
        b"<?xml version='1.0'?><notafeed><x/></notafeed>",
        b"{not json",
        b'{"items": 5}',
        b"   ",
    ],
)
def test_malformed_input_is_an_error_not_a_crash(body: bytes) -> None:
    try:
        feed = parsing.parse_feed(body)
    except parsing.FeedParseError:
        return
    # feedparser's tolerant parser may recover entries from a half-broken feed; that is fine too.
    assert isinstance(feed.entries, list)


def test_broken_xml_without_entries_is_an_error() -> None:
    with pytest.raises(parsing.FeedParseError):
        parsing.parse_feed(b"<?xml version='1.0'?><notafeed><x/></notafeed>")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title><item><title>x</title></item></channel></rss>"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL])
def test_entity_bombs_and_external_entities_are_refused(body: bytes) -> None:
    with pytest.raises(parsing.UnsafeFeedError):
        parsing.parse_feed(body)


def test_body_that_looks_like_a_path_is_not_opened_as_a_file() -> None:
    with pytest.raises(parsing.FeedParseError):
        parsing.parse_feed(b"/etc/passwd")


def test_ten_thousand_items_are_handled() -> None:
    items = "".join(
        f"<item><guid>g{i}</guid><link>https://x.example/{i}</link><title>Haber {i}</title>"
        f"<description>Metin {i}</description><pubDate>22 Kasım 2026 10:15</pubDate></item>"
        for i in range(10_000)
    )
    body = f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    started = time.monotonic()
    feed = parsing.parse_feed(body.encode(), fetched_at=FETCHED)
    assert len(feed.entries) == 10_000
    assert feed.entries[-1].guid == "g9999"
    assert feed.entries[-1].published_at is not None
    assert time.monotonic() - started < 30


def test_wrong_declared_encoding_still_reads_turkish() -> None:
    body = RSS.replace('encoding="UTF-8"', 'encoding="ISO-8859-9"').encode("iso-8859-9", errors="replace")
    feed = parsing.parse_feed(body, fetched_at=FETCHED)
    assert feed.entries[0].title == "İl Sağlık Müdürlüğü'nden açıklama"
