"""Feeds built from what the user typed: search-engine news feeds for a query, YouTube channel feeds.

They are ordinary RSS/Atom once the address is built, read by the feed
parser with a conditional GET and the body-hash check.

* Google News: ``https://news.google.com/rss/search?q=…&hl=tr&gl=TR&ceid=TR:tr``
* Bing News: ``https://www.bing.com/news/search?q=…&format=rss&setlang=tr&cc=TR``
* YouTube: ``https://www.youtube.com/feeds/videos.xml?channel_id=UC…`` (24 characters, ``UC`` + 22)
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import parse_qs, urlencode, urlsplit

from pressdesk.monitoring import scheduling
from pressdesk.monitoring.models import Source
from pressdesk.monitoring.parsing import parse_feed
from pressdesk.monitoring.sources.base import Client, Collected

GOOGLE_NEWS = "google"
BING_NEWS = "bing"
ENGINES = (GOOGLE_NEWS, BING_NEWS)
CHANNEL_ID = re.compile(r"^UC[A-Za-z0-9_-]{22}$")
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}


def search_feed_url(engine: str, query: str) -> str:
    query = " ".join(query.split())
    if engine == BING_NEWS:
        return "https://www.bing.com/news/search?" + urlencode(
            {"q": query, "format": "rss", "setlang": "tr", "cc": "TR"}
        )
    return "https://news.google.com/rss/search?" + urlencode({"q": query, "hl": "tr", "gl": "TR", "ceid": "TR:tr"})


def youtube_channel_id(value: str) -> str | None:
    """The channel id in ``UC…``, ``https://www.youtube.com/channel/UC…`` or a channel feed address, else None.

    Handles (``@kanal``) and custom addresses cannot be resolved without
    YouTube's API: the form asks for the channel id instead.
    """
    value = (value or "").strip()
    if CHANNEL_ID.match(value):
        return value
    if not value.lower().startswith(("http://", "https://")):
        value = "https://" + value if value.lower().startswith(("youtube.com/", "www.youtube.com/")) else ""
    if not value:
        return None
    parts = urlsplit(value)
    if (parts.hostname or "").lower() not in YOUTUBE_HOSTS:
        return None
    ids = parse_qs(parts.query).get("channel_id", [])
    if ids and CHANNEL_ID.match(ids[0]):
        return ids[0]
    segments = [segment for segment in parts.path.split("/") if segment]
    if len(segments) >= 2 and segments[0] == "channel" and CHANNEL_ID.match(segments[1]):
        return segments[1]
    return None


def youtube_feed_url(channel_id: str) -> str:
    return "https://www.youtube.com/feeds/videos.xml?" + urlencode({"channel_id": channel_id})


def collect(source: Source, *, client: Client, now: datetime.datetime) -> Collected:
    """A built feed address: conditional GET, body hash, then the feed parser."""
    result = client.get(source.url, etag=source.etag, last_modified=source.last_modified)
    collected = Collected(
        status=result.status,
        etag=result.etag,
        last_modified=result.last_modified,
        body_hash=result.sha256,
        size=len(result.body),
        server_delay=scheduling.server_min_delay(
            retry_after=result.retry_after, max_age=result.max_age, expires=result.expires, now=now
        ),
    )
    if result.not_modified:
        collected.not_modified = True
    elif result.sha256 and result.sha256 == source.body_hash:
        collected.unchanged = True
    else:
        collected.entries = parse_feed(
            result.body, content_type=result.content_type, fetched_at=now, base_url=result.url or source.url
        ).entries
    return collected
