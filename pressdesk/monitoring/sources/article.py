"""One article page: fetched through the safe fetcher, its title, text, date and image extracted.

Extraction is trafilatura's (main text without menus and comments, metadata
from Open Graph, JSON-LD and the page). The text is plain text; nothing of
the page's HTML is kept.
"""

from __future__ import annotations

import datetime
import logging

from django.utils import timezone

from pressdesk.monitoring import charset
from pressdesk.monitoring.normalize import html_to_text
from pressdesk.monitoring.parsing import FeedParseError, ParsedEntry, looks_like_html
from pressdesk.monitoring.sources.base import Client, parse_iso

log = logging.getLogger(__name__)

ARTICLE_MAX_BYTES = 5 * 1024 * 1024
ARTICLE_DEADLINE = 15.0  # seconds for one linked article, so that a poll stays within the task's time limit
DATE_PARAMS = {"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}


def extract(body: bytes, *, url: str, content_type: str = "") -> ParsedEntry:
    """Title, text, date and image of an HTML article; ``FeedParseError`` when it is not a readable page."""
    import trafilatura

    if "html" not in content_type.lower() and not looks_like_html(body) and b"<html" not in body[:4096].lower():
        raise FeedParseError("The address did not return a web page.")
    document = trafilatura.bare_extraction(
        charset.to_text(body, content_type),
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        date_extraction_params=DATE_PARAMS,
    )
    if document is None:
        raise FeedParseError("No article text could be found on the page.")
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    title = html_to_text(str(data.get("title") or ""))[:1000]
    text = str(data.get("text") or "").strip()
    if title and text.startswith(title):  # trafilatura repeats the heading as the first line
        text = text[len(title) :].lstrip()
    image = str(data.get("image") or "")
    return ParsedEntry(
        url=url,
        title=title,
        text=text,
        published_at=parse_iso(data.get("date")),
        image_url=image[:2000] if image.startswith(("http://", "https://")) else "",
    )


def page_metadata(body: bytes, *, url: str, content_type: str = "") -> dict[str, str]:
    """What a page says about itself when no article text can be extracted: title, date, site name.

    For pre-filling the hand-entry form (a paywalled article still has its title and date).
    Empty values are left out; never raises.
    """
    import trafilatura

    try:
        metadata = trafilatura.extract_metadata(charset.to_text(body, content_type), default_url=url)
    except Exception:  # a page we cannot read tells us nothing
        log.info("No metadata could be read from %.200s", url, exc_info=True)
        return {}
    if metadata is None:
        return {}
    data = metadata.as_dict()
    published = parse_iso(data.get("date"))
    found = {
        "title": html_to_text(str(data.get("title") or ""))[:1000],
        "site_name": html_to_text(str(data.get("sitename") or ""))[:200],
        "published_on": timezone.localtime(published).date().isoformat() if published else "",
        "text": html_to_text(str(data.get("description") or ""))[:5000],
    }
    return {key: value for key, value in found.items() if value}


def fetch_article(url: str, *, client: Client, deadline: float | None = None) -> ParsedEntry:
    """Fetch ``url`` (redirects followed, each hop checked) and extract the article; raises on failure."""
    extra = {"deadline": deadline} if deadline else {}
    result = client.get(url, max_bytes=ARTICLE_MAX_BYTES, **extra)
    entry = extract(result.body, url=result.url or url, content_type=result.content_type)
    entry.url = url
    return entry


def enrich(entry: ParsedEntry, *, client: Client, now: datetime.datetime) -> bool:
    """Fill ``entry`` from its article page when time allows; keep what it had when the page fails.

    Returns whether the page was read.
    """
    from pressdesk.monitoring import fetching

    if client.time_left() <= 0:
        return False
    try:
        article = fetch_article(entry.url, client=client, deadline=min(ARTICLE_DEADLINE, max(5.0, client.time_left())))
    except (fetching.FetchError, FeedParseError) as exc:
        log.info("Article %s not read: %s", entry.url, exc)
        return False
    entry.title = article.title or entry.title
    entry.text = article.text or entry.text
    entry.image_url = article.image_url or entry.image_url
    if article.published_at:  # the page's own date beats the date of the e-mail or listing that linked it
        entry.published_at = min(article.published_at, now)
    return True
