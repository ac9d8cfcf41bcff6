"""News sitemaps (``<urlset>`` with the ``news:`` namespace) and sitemap indexes.

* Parsed with defusedxml: DTDs, entity declarations and external entities
  are refused, so no document can expand in memory.
* A sitemap index: the child sitemaps (newest ``lastmod`` first, at most
  ``MAX_CHILDREN``) are fetched and read in turn.
* Each ``<url>`` is an entry: ``news:title``, ``news:publication_date``,
  ``image:loc``; a plain sitemap without the news block gives the address
  and ``lastmod`` only, and the title is made from the address's last segment.
"""

from __future__ import annotations

import datetime
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

import defusedxml
import defusedxml.ElementTree
from defusedxml.ElementTree import ParseError

from pressdesk.monitoring import charset, fetching, scheduling
from pressdesk.monitoring.models import Source
from pressdesk.monitoring.normalize import html_to_text, web_url
from pressdesk.monitoring.parsing import FeedParseError, ParsedEntry, UnsafeFeedError, looks_like_html
from pressdesk.monitoring.sources.base import Client, Collected, clamp_future, parse_iso

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
MAX_CHILDREN = 3
MAX_ENTRIES = 2000


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Element, namespace: str, name: str) -> Element | None:
    found = element.find(f"{{{namespace}}}{name}")
    if found is None:  # sitemaps written without the namespace
        found = element.find(name)
    return found


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def parse(
    body: bytes, *, content_type: str = "", base_url: str = ""
) -> tuple[str, list[ParsedEntry], list[tuple[str, str]]]:
    """``("urlset", entries, [])`` or ``("sitemapindex", [], [(loc, lastmod), …])``; raises ``FeedParseError``.

    Addresses are resolved against ``base_url`` (the sitemap's own, after redirects); an entry
    whose address is not http(s) is left out (a sitemap entry is nothing but its address).
    """
    if not body.strip():
        raise FeedParseError("The answer is empty.")
    if looks_like_html(body):
        raise FeedParseError("The address returned an HTML page, not a sitemap.")
    body, _content_type = charset.repair(body, content_type)
    try:
        root = defusedxml.ElementTree.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeFeedError(f"The sitemap is refused as unsafe XML: {exc}") from exc
    except (ParseError, ValueError) as exc:
        raise FeedParseError(f"The sitemap is not well-formed XML: {exc}") from exc
    kind = _local(root.tag)
    if kind == "sitemapindex":
        children = []
        for sitemap in root:
            loc = web_url(_text(_child(sitemap, SITEMAP_NS, "loc")), base_url)
            if loc:
                children.append((loc, _text(_child(sitemap, SITEMAP_NS, "lastmod"))))
        return kind, [], children
    if kind != "urlset":
        raise FeedParseError(f"The document is not a sitemap (root element {kind!r}).")
    entries = []
    for url in root:
        if _local(url.tag) != "url":
            continue
        loc = web_url(_text(_child(url, SITEMAP_NS, "loc")), base_url)
        if not loc:
            continue
        news = _child(url, NEWS_NS, "news")
        title = published = ""
        if news is not None:
            title = _text(_child(news, NEWS_NS, "title"))
            published = _text(_child(news, NEWS_NS, "publication_date"))
        image = _child(url, IMAGE_NS, "image")
        entries.append(
            ParsedEntry(
                url=loc[:2000],
                title=html_to_text(title)[:1000] or _title_from_url(loc),
                published_at=parse_iso(published or _text(_child(url, SITEMAP_NS, "lastmod"))),
                image_url=web_url(_text(_child(image, IMAGE_NS, "loc")), base_url)[:2000] if image is not None else "",
            )
        )
    entries.sort(key=lambda e: e.published_at or datetime.datetime.min.replace(tzinfo=datetime.UTC), reverse=True)
    return kind, entries[:MAX_ENTRIES], []


def _title_from_url(url: str) -> str:
    """``/saglik/il-saglik-mudurlugu-aciklama-12345.html`` → ``il saglik mudurlugu aciklama``."""
    segment = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    segment = segment.rsplit(".", 1)[0] if "." in segment[-6:] else segment
    words = [word for word in segment.replace("_", "-").split("-") if word and not word.isdigit()]
    return " ".join(words)[:1000]


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
    kind, entries, children = parse(result.body, content_type=result.content_type, base_url=result.url or source.url)
    if kind == "urlset":
        if result.sha256 and result.sha256 == source.body_hash:
            collected.unchanged = True
            return collected
        collected.entries = clamp_future(entries, now)
        return collected
    # An index: read the newest children; one broken child does not hide the others.
    children.sort(key=lambda child: child[1], reverse=True)
    errors = []
    for loc, _lastmod in children[:MAX_CHILDREN]:
        try:
            child = client.get(loc)  # already absolute: resolved against the index's address
            child_kind, child_entries, _ = parse(child.body, content_type=child.content_type, base_url=child.url or loc)
        except (fetching.FetchError, FeedParseError) as exc:
            errors.append(f"{loc}: {exc}")
            continue
        if child_kind == "urlset":
            collected.size += len(child.body)
            entries.extend(child_entries)
    if errors and not entries:
        raise FeedParseError("; ".join(errors)[:2000])
    # An index rarely changes when its children do: never "unchanged" by hash or validators.
    collected.body_hash = collected.etag = collected.last_modified = ""
    collected.entries = clamp_future(entries[:MAX_ENTRIES], now)
    return collected
