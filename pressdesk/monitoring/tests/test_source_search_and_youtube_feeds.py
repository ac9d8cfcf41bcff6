"""Search-engine news feeds and YouTube channel feeds: addresses built from a query or a channel, read as feeds."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from pressdesk.monitoring import polling
from pressdesk.monitoring.models import Item, Source
from pressdesk.monitoring.sources.feeds import search_feed_url, youtube_channel_id, youtube_feed_url
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.monitoring.tests.factories import SourceFactory
from pressdesk.monitoring.tests.servers import FakeServer

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC)
CHANNEL = "UCaBcDeFgHiJkLmNoPqRsTuV"

# The shape of https://www.youtube.com/feeds/videos.xml?channel_id=… (Atom with yt: and media: namespaces).
YOUTUBE_FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/"
      xmlns="http://www.w3.org/2005/Atom">
 <link rel="self" href="http://www.youtube.com/feeds/videos.xml?channel_id={CHANNEL}"/>
 <id>yt:channel:{CHANNEL}</id><yt:channelId>{CHANNEL}</yt:channelId>
 <title>Kocaeli İl Sağlık Müdürlüğü</title>
 <entry>
  <id>yt:video:dQw4w9WgXcQ</id><yt:videoId>dQw4w9WgXcQ</yt:videoId><yt:channelId>{CHANNEL}</yt:channelId>
  <title>Şehir Hastanesi tanıtım filmi</title>
  <link rel="alternate" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"/>
  <author><name>Kocaeli İl Sağlık Müdürlüğü</name></author>
  <published>2026-11-21T12:00:00+00:00</published><updated>2026-11-21T12:30:00+00:00</updated>
  <media:group>
   <media:title>Şehir Hastanesi tanıtım filmi</media:title>
   <media:content url="https://www.youtube.com/v/dQw4w9WgXcQ?version=3" type="application/x-shockwave-flash"/>
   <media:thumbnail url="https://i2.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg" width="480" height="360"/>
   <media:description>Kocaeli Şehir Hastanesi'nin bölümleri &lt;img src=x onerror=alert(1)&gt;</media:description>
  </media:group>
 </entry>
</feed>"""

GOOGLE_NEWS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>"Kocaeli Şehir Hastanesi" - Google Haberler</title><link>https://news.google.com/search?q=x</link>
<item><title>Kocaeli Şehir Hastanesi'nde rekor ameliyat - Körfez Gazetesi</title>
<link>https://news.google.com/rss/articles/CBMiS2h0dHBzOi8va29yZmV6LmV4YW1wbGUvaGFiZXI?oc=5</link>
<guid isPermaLink="false">CBMiS2h0dHBzOi8va29yZmV6LmV4YW1wbGUvaGFiZXI</guid>
<pubDate>Sat, 21 Nov 2026 18:00:00 GMT</pubDate>
<description>&lt;a href="https://news.google.com/rss/articles/CBMi" target="_blank"&gt;Kocaeli Şehir
Hastanesi'nde rekor ameliyat&lt;/a&gt;</description>
<source url="https://korfez.example">Körfez Gazetesi</source></item></channel></rss>"""


def test_search_feed_addresses() -> None:
    google = urlsplit(search_feed_url("google", ' "Kocaeli Şehir  Hastanesi" 112 '))
    assert (google.scheme, google.hostname, google.path) == ("https", "news.google.com", "/rss/search")
    assert parse_qs(google.query) == {
        "q": ['"Kocaeli Şehir Hastanesi" 112'], "hl": ["tr"], "gl": ["TR"], "ceid": ["TR:tr"]
    }  # fmt: skip
    bing = urlsplit(search_feed_url("bing", "İl Sağlık Müdürlüğü"))
    assert bing.hostname == "www.bing.com" and parse_qs(bing.query)["format"] == ["rss"]
    assert parse_qs(bing.query)["q"] == ["İl Sağlık Müdürlüğü"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (CHANNEL, CHANNEL),
        (f"https://www.youtube.com/channel/{CHANNEL}", CHANNEL),
        (f"youtube.com/channel/{CHANNEL}/videos", CHANNEL),
        (f"https://www.youtube.com/feeds/videos.xml?channel_id={CHANNEL}", CHANNEL),
        ("https://www.youtube.com/@kocaelisaglik", None),  # a handle needs YouTube's API
        ("UC123", None),
        (f"https://evil.example/channel/{CHANNEL}", None),
        ("", None),
    ],
)
def test_youtube_channel_ids(value: str, expected: str | None) -> None:
    assert youtube_channel_id(value) == expected


def test_youtube_feed_is_read_as_a_feed(server: FakeServer) -> None:
    assert youtube_feed_url(CHANNEL) == f"https://www.youtube.com/feeds/videos.xml?channel_id={CHANNEL}"
    server.serve("/feeds/videos.xml", YOUTUBE_FEED.encode(), content_type="text/xml; charset=UTF-8")
    source = SourceFactory(
        kind=Source.Kind.YOUTUBE,
        url=server.url(f"/feeds/videos.xml?channel_id={CHANNEL}"),
        config={"channel_id": CHANNEL},
        allowed_private=True,
    )
    result = polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    assert result is not None and result.new_items == 1
    video = Item.objects.get()
    assert (video.title, video.url) == ("Şehir Hastanesi tanıtım filmi", "https://youtube.com/watch?v=dQw4w9WgXcQ")
    assert video.image_url == "https://i2.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"
    assert "onerror" not in video.summary_html and "<img" not in video.summary_html


def test_google_news_search_feed_is_read_as_a_feed(server: FakeServer) -> None:
    server.serve("/rss/search", GOOGLE_NEWS.encode(), content_type="application/xml; charset=utf-8")
    source = SourceFactory(
        kind=Source.Kind.SEARCH_FEED,
        url=server.url("/rss/search?q=x"),
        config={"engine": "google", "query": '"Kocaeli Şehir Hastanesi"'},
        allowed_private=True,
    )
    result = polling.poll_source(source_id=source.pk, now=NOW, engines=STUB_ENGINES)
    assert result is not None and result.new_items == 1
    assert Item.objects.get().title == "Kocaeli Şehir Hastanesi'nde rekor ameliyat - Körfez Gazetesi"
    assert source.target == 'google: "Kocaeli Şehir Hastanesi"'
