"""A web page without a feed: watch it for new article links.

* The page is fetched like a feed (conditional GET, body hash: an unchanged
  page costs no parsing).
* Links to the same site whose path looks like an article (a long slug with
  hyphens, a numeric id, ``.html``; not a category, tag, author or paging
  address) are candidates; ``config["link_contains"]`` narrows them to a path
  part such as ``/haber/``.
* A link not stored before becomes an item titled with its link text. On the
  first check every link on the page is stored that way (the baseline); on
  later checks each new article is also fetched for its text, date and image,
  within a time budget, and links beyond the budget wait for the next check.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

from pressdesk.monitoring import charset, normalize, scheduling
from pressdesk.monitoring.models import Item, Source
from pressdesk.monitoring.parsing import FeedParseError, ParsedEntry
from pressdesk.monitoring.sources import article
from pressdesk.monitoring.sources.base import Client, Collected, clamp_future, site_host

MAX_LINKS = 300
MAX_ARTICLES_PER_CHECK = 10
NOT_ARTICLES = re.compile(
    r"/(?:kategori|category|etiket|tag|tags|yazar|yazarlar|author|authors|page|sayfa|arama|search|giris|login|"
    r"uye|kayit|iletisim|contact|hakkimizda|about|kunye|gizlilik|privacy|cerez|rss|feed|video-galeri|foto-galeri)"
    r"(?:/|$)",
    re.IGNORECASE,
)
FILES = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|pdf|zip|mp3|mp4|css|js|xml|json)$", re.IGNORECASE)
SLUG = re.compile(r"[a-z0-9çğıöşü]+(?:-[a-z0-9çğıöşü]+){3,}", re.IGNORECASE)
NUMERIC_ID = re.compile(r"(?:^|[-/_])\d{4,}(?:[-/_.]|$)")


def looks_like_article(url: str) -> bool:
    path = urlsplit(url).path
    if not path or path == "/" or FILES.search(path) or NOT_ARTICLES.search(path):
        return False
    return bool(SLUG.search(path) or NUMERIC_ID.search(path) or path.endswith((".html", ".htm", ".php")))


def extract_links(body: bytes, *, base_url: str, content_type: str = "", contains: str = "") -> list[ParsedEntry]:
    """Same-site article links of a page, each once, with the longest link text found for it."""
    text = charset.to_text(body, content_type)
    if not text.strip():
        raise FeedParseError("The answer is empty.")
    try:
        document = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise FeedParseError(f"The page could not be read: {exc}") from exc
    base = document.find(".//base[@href]")
    if base is not None:
        base_url = urljoin(base_url, base.get("href", ""))
    titles: dict[str, str] = {}
    base_host = site_host(base_url)
    for anchor in document.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urljoin(base_url, href)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not base_host or site_host(url) != base_host:
            continue
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
        if contains and contains not in url:
            continue
        if not contains and not looks_like_article(url):
            continue
        label = normalize.html_to_text(" ".join(anchor.text_content().split())) or (anchor.get("title") or "").strip()
        if len(label) > len(titles.get(url, "")):
            titles[url] = label[:1000]
        elif url not in titles:
            titles[url] = ""
        if len(titles) >= MAX_LINKS:
            break
    return [ParsedEntry(url=url, title=title) for url, title in titles.items()]


def _known_urls(source: Source, entries: list[ParsedEntry]) -> set[str]:
    hashes = dict(zip(normalize.identity_hashes(entries), (entry.url for entry in entries), strict=True))
    stored = Item.objects.filter(source=source, identity_hash__in=list(hashes)).values_list("identity_hash", flat=True)
    return {hashes[identity] for identity in stored}


def collect(source: Source, *, client: Client, now: datetime.datetime) -> Collected:
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
        return collected
    if result.sha256 and result.sha256 == source.body_hash:
        collected.unchanged = True
        return collected
    contains = str((source.config or {}).get("link_contains", "")).strip()
    links = extract_links(
        result.body, base_url=result.url or source.url, content_type=result.content_type, contains=contains
    )
    known = _known_urls(source, links) if links else set()
    new = [entry for entry in links if entry.url not in known]
    baseline = not Item.objects.filter(source=source).exists()
    fetch_articles = (source.config or {}).get("fetch_articles", True)
    entries: list[ParsedEntry] = []
    deferred = 0
    for entry in new:
        if baseline or not fetch_articles:
            if entry.title:
                entries.append(entry)
            continue
        if len(entries) >= MAX_ARTICLES_PER_CHECK or client.time_left() <= 0:
            deferred += 1
            continue
        article.enrich(entry, client=client, now=now)
        if entry.title:
            entries.append(entry)
    if deferred:
        # Come back to the links left for the next check even if the page stays the same.
        collected.body_hash = collected.etag = collected.last_modified = ""
    collected.entries = clamp_future(entries, now)
    return collected
