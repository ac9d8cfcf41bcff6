"""Parse feeds (RSS, Atom, JSON Feed) into plain ``ParsedEntry`` rows.

* XML is checked with defusedxml first: entity declarations (billion laughs)
  and external entities are refused with ``UnsafeFeedError``.
* A well-formed RSS 2.0 or Atom 1.0 document is read straight from that
  defusedxml tree (the lean path, about ten times faster than feedparser);
  anything else — broken XML, RSS 1.0/0.9x, Atom 0.3, XHTML content,
  ``xml:base``, an HTTP charset that disagrees with the document — goes to
  feedparser, which tolerates the usual breakage.  Both give the same entries
  (``tests/test_parse_feeds_lean_agrees_with_feedparser.py``, and the fixture feeds in
  ``tests/feeds/`` through ``tests/test_parse_feeds_fixture_constructs_agree.py``): the
  lean path reads elements in document order with feedparser's rules — the first
  non-empty ``title``/``dc:title``, ``description``/``dc:description`` (a second one
  before any content is the content), ``content:encoded``, Atom's ``link``/``id``/dates
  inside RSS items, ``<item>`` inside Atom, an entry linked by its ``id`` when it has no
  link, the last of several dates of a kind — and hands XHTML bodies and other rare
  constructs to feedparser.
* An HTML page served as a feed, an empty body or an unparseable document
  raises ``FeedParseError``; nothing here crashes on bad input.
* Turkish dates (``22 Kasım 2026 10:15``, ``22 Kas 2026``, with or without a
  day name) are registered with feedparser and used as a fallback.
* Dates in the future are clamped to the fetch time; the original is kept.
"""

from __future__ import annotations

import codecs
import datetime
import email.utils
import io
import json
import re
import time
import zoneinfo
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

import defusedxml
import defusedxml.ElementTree
import feedparser
from defusedxml.ElementTree import ParseError
from feedparser.datetimes import _parse_date as _feedparser_parse_date

from pressdesk.lib import turkish
from pressdesk.monitoring import charset
from pressdesk.monitoring.normalize import html_to_text, web_url

ISTANBUL = zoneinfo.ZoneInfo("Europe/Istanbul")
MAX_ENTRIES = 20_000


class FeedParseError(ValueError):
    """The body is not a feed we can read."""


class UnsafeFeedError(FeedParseError):
    """The XML declares entities or refers to external ones."""


@dataclass
class ParsedEntry:
    guid: str = ""
    url: str = ""
    title: str = ""
    summary_html: str = ""  # as received: sanitise before storing (normalize.sanitize_html)
    text: str = ""
    published_at: datetime.datetime | None = None
    published_at_original: datetime.datetime | None = None  # set when a future date was clamped
    image_url: str = ""
    author: str = ""  # the byline's name (never an e-mail address), at most AUTHOR_LENGTH characters


@dataclass
class ParsedFeed:
    title: str = ""
    link: str = ""
    entries: list[ParsedEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- Bylines --------------------------------------------------------------------

AUTHOR_LENGTH = 200
_EMAIL = re.compile(r"[^\s()<>@,;:]+@[^\s()<>@,;:]+")


def byline(value: str) -> str:
    """The author's name from a feed's author field: ``ayse@x.example (Ayşe Gündoğdu)`` gives the name;
    an address alone gives nothing (only the name is kept: the address is not needed for a byline)."""
    name = _EMAIL.sub(" ", html_to_text(value or ""))
    name = " ".join(name.replace("(", " ").replace(")", " ").replace("<", " ").replace(">", " ").split())
    return name[:AUTHOR_LENGTH]


# --- Turkish dates ------------------------------------------------------------

_MONTHS = {
    "ocak": 1,
    "oca": 1,
    "subat": 2,
    "sub": 2,
    "mart": 3,
    "mar": 3,
    "nisan": 4,
    "nis": 4,
    "mayis": 5,
    "may": 5,
    "haziran": 6,
    "haz": 6,
    "temmuz": 7,
    "tem": 7,
    "agustos": 8,
    "agu": 8,
    "agt": 8,
    "eylul": 9,
    "eyl": 9,
    "ekim": 10,
    "eki": 10,
    "kasim": 11,
    "kas": 11,
    "aralik": 12,
    "ara": 12,
}
_DAYS = "pazartesi|sali|carsamba|persembe|cumartesi|cuma|pazar|pzt|sal|car|per|cum|cmt|paz"
_TURKISH_DATE = re.compile(
    rf"^\s*(?:(?:{_DAYS})\.?,?\s+)?"
    r"(?P<day>\d{1,2})[\s./-]+(?P<month>[a-z]+)\.?[\s./-]+(?P<year>\d{4})"
    rf"(?:[\s,]+(?:(?:{_DAYS}),?\s+)?(?:saat\s+)?(?P<hour>\d{{1,2}})[:.](?P<minute>\d{{2}})(?:[:.](?P<second>\d{{2}}))?)?"
    r"(?:\s*(?P<tz>z|gmt|utc|trt|[+-]\d{2}:?\d{2}))?\s*$"
)


def parse_turkish_date(value: str) -> datetime.datetime | None:
    """``22 Kasım 2026 10:15``, ``Pazar, 22 Kas 2026``, ``22 Kasim 2026 10:15:00 +0300`` → aware datetime.

    Without a time zone the time is Istanbul's.
    """
    if not value or len(value) > 80:
        return None
    match = _TURKISH_DATE.match(turkish.ascii_fold(value))
    if match is None:
        return None
    month = _MONTHS.get(match["month"])
    if month is None:
        return None
    tz: datetime.tzinfo = ISTANBUL
    if match["tz"] in ("z", "gmt", "utc"):
        tz = datetime.UTC
    elif match["tz"] and match["tz"][0] in "+-":
        digits = match["tz"][1:].replace(":", "")
        offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        tz = datetime.timezone(offset if match["tz"][0] == "+" else -offset)
    try:
        return datetime.datetime(
            int(match["year"]),
            month,
            int(match["day"]),
            int(match["hour"] or 0),
            int(match["minute"] or 0),
            int(match["second"] or 0),
            tzinfo=tz,
        )
    except ValueError:
        return None


def _feedparser_turkish_date(value: str) -> time.struct_time | None:
    parsed = parse_turkish_date(value)
    return parsed.astimezone(datetime.UTC).timetuple() if parsed else None


feedparser.registerDateHandler(_feedparser_turkish_date)


# --- Sniffing and safety ------------------------------------------------------

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _strip_bom(body: bytes) -> bytes:
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if body.startswith(bom):
            return body[len(bom) :] if bom == b"\xef\xbb\xbf" else body
    return body


def looks_like_html(body: bytes) -> bool:
    return bool(_HTML_START.match(body[:4096]))


def check_xml_safety(body: bytes) -> None:
    """Refuse entity declarations and external entities before any parser expands them.

    A malformed document is not an error here: feedparser's tolerant parser
    gets its chance afterwards.
    """
    _safe_tree(body)


def _safe_tree(body: bytes) -> ElementTree.Element | None:
    """The document's root element, or ``None`` when it is not well-formed XML; unsafe XML raises."""
    if _ENTITY_DECL.search(body):
        raise UnsafeFeedError("The document declares XML entities; it is refused as unsafe.")
    try:
        return defusedxml.ElementTree.fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeFeedError(f"The document is refused as unsafe XML: {exc}") from exc
    except (ParseError, ValueError, LookupError):
        return None


# --- Entry point --------------------------------------------------------------


def parse_feed(
    body: bytes, *, content_type: str = "", fetched_at: datetime.datetime | None = None, base_url: str = ""
) -> ParsedFeed:
    """Parse ``body`` as a JSON Feed or an RSS/Atom document.

    ``base_url`` is the address the body was read from (after redirects): relative links
    are resolved against it (and against ``xml:base``). Every entry's address and image is
    an http(s) address or empty (``normalize.web_url``).
    """
    fetched_at = fetched_at or datetime.datetime.now(datetime.UTC)
    body = _strip_bom(body)
    if not body.strip():
        raise FeedParseError("The answer is empty.")
    body, content_type = charset.repair(body, content_type)  # Windows-1254 declared as UTF-8/Latin-1 or not at all
    head = body.lstrip()[:1]
    if "json" in content_type.lower() or head in (b"{", b"["):
        feed = _parse_json_feed(body)
    else:
        if looks_like_html(body):
            raise FeedParseError("The address returned an HTML page, not a feed.")
        root = _safe_tree(body)
        lean = _parse_lean(root, body, content_type) if root is not None else None
        feed = lean if lean is not None else _parse_xml_feed(body, content_type, base_url)
    feed.link = web_url(feed.link, base_url)
    for entry in feed.entries:
        entry.url = web_url(entry.url, base_url)
        entry.image_url = web_url(entry.image_url, base_url)
        if entry.published_at and entry.published_at > fetched_at:
            entry.published_at_original = entry.published_at
            entry.published_at = fetched_at
    return feed


def _parse_xml_feed(body: bytes, content_type: str, base_url: str = "") -> ParsedFeed:
    headers = {"content-type": content_type} if content_type else {}
    if base_url:
        headers["content-location"] = base_url  # feedparser's base for xml:base and relative links
    try:
        # A stream, never bytes or str: feedparser would treat those as a URL or a file name to open.
        parsed = feedparser.parse(
            io.BytesIO(body), response_headers=headers, resolve_relative_uris=False, sanitize_html=False
        )
    except Exception as exc:  # feedparser is defensive, but never let a feed crash the worker
        raise FeedParseError(f"The feed could not be parsed: {exc.__class__.__name__}: {exc}") from exc
    version = parsed.get("version", "")
    if not parsed.entries and (parsed.get("bozo") or not version):
        reason = parsed.get("bozo_exception") or "no feed elements"
        raise FeedParseError(f"The document is not a readable feed: {reason}")
    feed = ParsedFeed(
        title=html_to_text(parsed.feed.get("title", "")),
        link=parsed.feed.get("link", ""),
    )
    if parsed.get("bozo"):
        feed.warnings.append(str(parsed.get("bozo_exception", "")))
    for raw in parsed.entries[:MAX_ENTRIES]:
        feed.entries.append(_xml_entry(raw))
    return feed


# --- Lean path: well-formed RSS 2.0 and Atom 1.0 ------------------------------

_ATOM = "{http://www.w3.org/2005/Atom}"
_CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
_MEDIA = "{http://search.yahoo.com/mrss/}"
_DC_DATE = "{http://purl.org/dc/elements/1.1/}date"
_DCTERMS = "{http://purl.org/dc/terms/}"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._-]+)", re.IGNORECASE)
# feedparser's names for the dates of an entry, by element
_RSS_DATES = {
    "pubDate": "published",
    _DC_DATE: "updated",
    _DCTERMS + "issued": "published",
    _DCTERMS + "modified": "updated",
    _DCTERMS + "created": "created",
}
_ATOM_DATES = {_ATOM + "published": "published", _ATOM + "updated": "updated", _ATOM + "created": "created"}
# Atom's dates inside an RSS item, and the same names without a namespace, are read as feedparser reads them.
_RSS_DATES.update(_ATOM_DATES)
_RSS_DATES.update(
    {"published": "published", "issued": "published", "updated": "updated", "modified": "updated", "created": "created"}
)
_DC = "{http://purl.org/dc/elements/1.1/}"
_RSS_TITLES = frozenset({"title", _DC + "title"})
_RSS_DESCRIPTIONS = frozenset({"description", _DC + "description"})
_RSS_CONTENTS = frozenset({_CONTENT_ENCODED, "fullitem"})
_RSS_IDS = frozenset({"guid", "id", _ATOM + "id"})
_RSS_AUTHORS = frozenset({"author", _DC + "creator"})
# Elements of an RSS item that feedparser reads by rules the lean path does not copy.
_RSS_NOT_LEAN = frozenset(
    {
        "{http://www.w3.org/1999/xhtml}body",
        "body",
        "content",
        "summary",
        "abstract",
        _ATOM + "title",
        _ATOM + "summary",
        _ATOM + "content",
    }
)
_ATOM_ENTRIES = frozenset({_ATOM + "entry", _ATOM + "item"})
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class _NotLean(Exception):
    """Something the lean path does not read exactly like feedparser: let feedparser do it."""


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.lower()


def _charset_agrees(body: bytes, content_type: str) -> bool:
    """False when the HTTP charset differs from the document's own (feedparser weighs the two)."""
    charset = _CHARSET.search(content_type or "")
    if charset is None:
        return True
    declared = _DECLARED_ENCODING.match(body[:200])
    return _codec(charset.group(1)) == _codec(declared.group(1).decode() if declared else "utf-8")


def _text(element: ElementTree.Element | None) -> str:
    """The stripped text of an element that holds only text (child elements go to feedparser)."""
    if element is None:
        return ""
    if len(element) or element.get(_XML_BASE) is not None:
        raise _NotLean
    return (element.text or "").strip()


def _date(value: str) -> datetime.datetime | None:
    """The date as feedparser reads it: UTC, whole seconds; its own parsers when ours are unsure."""
    if not value:
        return None
    parsed: datetime.datetime | None = None
    try:
        if value[:1].isdigit() and "-" in value[:10]:
            parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        else:
            parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None and parsed.tzinfo is not None and parsed.year >= 1900:
        return parsed.astimezone(datetime.UTC).replace(microsecond=0)
    struct = _feedparser_parse_date(value)  # the registered Turkish handler first, then feedparser's own
    return _from_struct(struct) if struct else None


def _first_date(dates: dict[str, str]) -> datetime.datetime | None:
    for key in ("published", "updated", "created"):
        if key in dates:
            parsed = _date(dates[key])
            if parsed is not None:
                return parsed
    return None


def _media_image(item: ElementTree.Element) -> str:
    for tag in ("content", "thumbnail"):
        for media in item.iter(_MEDIA + tag):
            kind = media.get("type") or media.get("medium") or "image"
            if media.get("url") and kind.startswith("image"):  # not a video player (YouTube's media:content)
                return media.get("url", "").strip()
    return ""


def _parse_lean(root: ElementTree.Element, body: bytes, content_type: str) -> ParsedFeed | None:
    """The feed read from the defusedxml tree, or ``None`` when feedparser should read it."""
    if root.get(_XML_BASE) is not None or not _charset_agrees(body, content_type):
        return None
    try:
        if root.tag == "rss" and root.get("version", "").startswith("2"):
            return _lean_rss(root)
        if root.tag == _ATOM + "feed":
            return _lean_atom(root)
    except _NotLean:
        return None
    return None


class _LeanEntry:
    """One entry's fields as feedparser keeps them, filled element by element in document order."""

    __slots__ = ("author", "contents", "dates", "guid", "has_content", "image", "link", "summary", "title")

    def __init__(self) -> None:
        self.title: str | None = None  # the first non-empty title wins (feedparser's title_depth)
        self.link: str | None = None  # a later link replaces an earlier one; an id only fills a gap
        self.guid = ""
        self.summary: str | None = None
        self.contents: list[str] = []
        self.has_content = False
        self.dates: dict[str, str] = {}  # the last of each kind wins
        self.image = ""
        self.author = ""  # the last author element wins, as feedparser's ``author``

    def add_author(self, value: str) -> None:
        self.author = byline(value) or self.author

    def add_title(self, value: str) -> None:
        if not self.title:
            self.title = value

    def add_id(self, value: str, is_link: bool) -> None:
        self.guid = value
        if is_link and self.link is None:
            self.link = value

    def add_description(self, value: str) -> None:
        # A second description before any content becomes the content (feedparser's _start_description).
        if self.summary is not None and not self.has_content:
            self.add_content(value)
        else:
            self.summary = value

    def add_content(self, value: str) -> None:
        self.has_content = True
        self.contents.append(value)
        if self.summary is None:
            self.summary = value

    def add_image(self, value: str) -> None:
        if not self.image:
            self.image = value

    def entry(self, item: ElementTree.Element) -> ParsedEntry:
        summary = next((content for content in self.contents if content), "") or self.summary or ""
        return ParsedEntry(
            guid=self.guid[:2000],
            url=(self.link or "")[:2000],
            title=html_to_text(self.title or "")[:1000],
            summary_html=summary,
            text=html_to_text(summary),
            published_at=_first_date(self.dates),
            image_url=(_media_image(item) or self.image)[:2000],
            author=self.author,
        )


def _lean_atom_link(element: ElementTree.Element, entry: _LeanEntry) -> None:
    """An Atom ``<link>``: the alternate HTML address replaces the link, an image enclosure is the image."""
    href = element.get("href")
    if href is None:
        raise _NotLean  # a link given as text: feedparser reads it
    rel = element.get("rel", "alternate")
    kind = element.get("type") or ("application/atom+xml" if rel == "self" else "text/html")
    if rel == "alternate" and kind in _HTML_TYPES:
        entry.link = href.strip()
    elif rel == "enclosure" and kind.startswith("image/"):
        entry.add_image(href.strip())


def _lean_rss(root: ElementTree.Element) -> ParsedFeed | None:
    channel = root.find("channel")
    if channel is None or root.find("item") is not None:
        return None
    feed = ParsedFeed(title=html_to_text(_text(channel.find("title"))), link=_text(channel.find("link")))
    for item in channel.iterfind("item"):
        if len(feed.entries) >= MAX_ENTRIES:
            break
        if item.get(_XML_BASE) is not None:
            raise _NotLean
        entry = _LeanEntry()
        for child in item:
            tag = child.tag
            if tag in _RSS_TITLES:
                entry.add_title(_text(child))
            elif tag == "link":
                entry.link = _text(child)
            elif tag in _RSS_IDS:
                entry.add_id(_text(child), child.get("isPermaLink", "true") == "true")
            elif tag in _RSS_DESCRIPTIONS:
                entry.add_description(_text(child))
            elif tag in _RSS_CONTENTS:
                entry.add_content(_text(child))
            elif tag in _RSS_DATES:
                entry.dates[_RSS_DATES[tag]] = _text(child)
            elif tag == _ATOM + "link":
                _lean_atom_link(child, entry)
            elif tag == "enclosure":
                if child.get("type", "").startswith("image/"):
                    entry.add_image(child.get("url", "").strip())
            elif tag in _RSS_AUTHORS:
                entry.add_author(_text(child))
            elif tag in _RSS_NOT_LEAN:
                raise _NotLean  # XHTML bodies, Atom text constructs, summaries: feedparser's rules
        feed.entries.append(entry.entry(item))
    return feed


def _atom_text(element: ElementTree.Element | None) -> str:
    if element is not None and element.get("type", "text") not in ("text", "html"):
        raise _NotLean  # xhtml and media types: feedparser
    return _text(element)


def _atom_link(parent: ElementTree.Element) -> tuple[str, str]:
    """(feedparser's ``link``: the last alternate HTML link, the first image enclosure)."""
    link = image = ""
    for element in parent.iterfind(_ATOM + "link"):
        rel = element.get("rel", "alternate")
        kind = element.get("type") or ("application/atom+xml" if rel == "self" else "text/html")
        href = element.get("href", "").strip()
        if rel == "alternate" and kind in _HTML_TYPES:
            link = href
        elif rel == "enclosure" and kind.startswith("image/") and not image:
            image = href
    return link, image


def _lean_atom(root: ElementTree.Element) -> ParsedFeed:
    feed_link, _image = _atom_link(root)
    feed = ParsedFeed(title=html_to_text(_atom_text(root.find(_ATOM + "title"))), link=feed_link)
    for element in root:
        if element.tag not in _ATOM_ENTRIES:  # feedparser reads an <item> in Atom as an entry too
            continue
        if len(feed.entries) >= MAX_ENTRIES:
            break
        if element.get(_XML_BASE) is not None:
            raise _NotLean
        entry = _LeanEntry()
        summaries = 0
        for child in element:
            tag = child.tag
            if tag == _ATOM + "title":
                entry.add_title(_atom_text(child))
            elif tag == _ATOM + "id":
                entry.add_id(_text(child), True)  # an entry without a link is linked by its id
            elif tag == _ATOM + "link":
                _lean_atom_link(child, entry)
            elif tag == _ATOM + "content":
                if child.get("src") is None:
                    entry.add_content(_atom_text(child))
            elif tag == _ATOM + "summary":
                summaries += 1
                if summaries > 1 or entry.has_content:
                    raise _NotLean  # a summary after content or another summary: feedparser's rules
                entry.summary = _atom_text(child)
            elif tag in _ATOM_DATES:
                entry.dates[_ATOM_DATES[tag]] = _text(child)
            elif tag == _ATOM + "author":
                entry.add_author(_text(child.find(_ATOM + "name")))
        feed.entries.append(entry.entry(element))
    return feed


def _xml_entry(raw: Any) -> ParsedEntry:
    content = ""
    for part in raw.get("content") or []:
        if part.get("value"):
            content = part["value"]
            break
    summary = content or raw.get("summary", "") or raw.get("description", "")
    published = None
    for key in ("published", "updated", "created"):
        struct = raw.get(f"{key}_parsed")
        if struct:
            published = _from_struct(struct)
            break
        if raw.get(key):
            published = parse_turkish_date(raw[key])
            if published:
                break
    url = raw.get("link", "")
    guid = raw.get("id", "")
    image = ""
    for media in (raw.get("media_content") or []) + (raw.get("media_thumbnail") or []):
        kind = str(media.get("type") or media.get("medium") or "image")
        if media.get("url") and kind.startswith("image"):  # not a video player (YouTube's media:content)
            image = media["url"]
            break
    if not image:
        for link in raw.get("links") or []:
            if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
                image = link.get("href", "")
                break
    return ParsedEntry(
        guid=str(guid)[:2000],
        url=str(url)[:2000],
        title=html_to_text(raw.get("title", ""))[:1000],
        summary_html=summary,
        text=html_to_text(summary),
        published_at=published,
        image_url=str(image)[:2000],
        author=byline(str(raw.get("author") or "")),
    )


def _parse_json_feed(body: bytes) -> ParsedFeed:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise FeedParseError(f"The JSON feed could not be read: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise FeedParseError("The JSON document is not a JSON Feed (no items list).")
    feed = ParsedFeed(title=html_to_text(str(data.get("title", ""))), link=str(data.get("home_page_url", "")))
    for raw in data["items"][:MAX_ENTRIES]:
        if not isinstance(raw, dict):
            continue
        content_html = str(raw.get("content_html") or raw.get("summary") or "")
        content_text = str(raw.get("content_text") or "")
        published = None
        for key in ("date_published", "date_modified"):
            if raw.get(key):
                published = _parse_any_date(str(raw[key]))
                if published:
                    break
        feed.entries.append(
            ParsedEntry(
                guid=str(raw.get("id", ""))[:2000],
                url=str(raw.get("url") or raw.get("external_url") or "")[:2000],
                title=html_to_text(str(raw.get("title", "")))[:1000],
                summary_html=content_html,
                text=html_to_text(content_html) if content_html else content_text,
                published_at=published,
                image_url=str(raw.get("image") or raw.get("banner_image") or "")[:2000],
            )
        )
    return feed


def _from_struct(struct: time.struct_time) -> datetime.datetime:
    return datetime.datetime(
        struct.tm_year, struct.tm_mon, struct.tm_mday, struct.tm_hour, struct.tm_min, struct.tm_sec, tzinfo=datetime.UTC
    )


def _parse_any_date(value: str) -> datetime.datetime | None:
    try:
        parsed = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        struct = _feedparser_parse_date(value)  # RFC 822, W3CDTF and the registered Turkish handler
        return _from_struct(struct) if struct else None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ISTANBUL)
