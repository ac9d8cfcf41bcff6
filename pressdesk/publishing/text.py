"""Story text for each channel: the safe body HTML, the post text, and how each network counts it.

* The body is sanitised with nh3 to a small tag set before it is stored.
* X counts every link as 23 characters (t.co); Bluesky counts graphemes
  (a flag or a family emoji is one); the others count characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import escape

import lxml.html
import nh3

from pressdesk.channels.limits import LIMITS
from pressdesk.channels.models import Channel
from pressdesk.monitoring.normalize import html_to_text

BODY_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "a", "ul", "ol", "li", "h2", "h3", "blockquote"}
BODY_ATTRIBUTES = {"a": {"href", "title"}}
X_URL_LENGTH = 23
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_ZWJ = "\u200d"


_DIV_OPEN = re.compile(r"<div\b[^>]*>", re.IGNORECASE)
_DIV_CLOSE = re.compile(r"</div\s*>", re.IGNORECASE)
_BLOCKS = {"p", "ul", "ol", "h2", "h3", "blockquote"}


def _paragraphs(html: str) -> str:
    """Top-level text and inline elements gathered into ``<p>``; empty paragraphs dropped."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    out: list[str] = []
    run: list[str] = [escape(root.text or "", quote=False)]

    def flush() -> None:
        text = "".join(run).strip()
        run.clear()
        if text and re.sub(r"<br\s*/?>|\s|&nbsp;", "", text):
            out.append(f"<p>{text}</p>")

    for child in root:
        tail, child.tail = escape(child.tail or "", quote=False), None
        markup = lxml.html.tostring(child, encoding="unicode")
        if child.tag in _BLOCKS:
            flush()
            if child.tag != "p" or child.text_content().strip() or any(el.tag != "br" for el in child):
                out.append(markup)
        else:
            run.append(markup)
        run.append(tail)
    flush()
    return "".join(out)


def sanitize_body(value: str) -> str:
    """Editor HTML reduced to paragraphs, emphasis, lists, headings, quotes and http(s)/mailto links.

    A browser's editor makes a ``<div>`` for each Enter (Chrome's default): each
    becomes a paragraph, so lines never run together once the tags are cleaned.
    """
    if not value:
        return ""
    value = _DIV_CLOSE.sub("</p>", _DIV_OPEN.sub("<p>", value))
    cleaned = nh3.clean(
        value,
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
    return _paragraphs(cleaned) if cleaned else ""


def body_text(value: str) -> str:
    return html_to_text(value)


def grapheme_count(text: str) -> int:
    """User-perceived characters: combining marks, variation selectors, skin tones and ZWJ sequences join."""
    count = 0
    previous = ""
    regional = 0
    for ch in unicodedata.normalize("NFC", text):
        code = ord(ch)
        joins = (
            unicodedata.combining(ch)
            or 0xFE00 <= code <= 0xFE0F
            or 0x1F3FB <= code <= 0x1F3FF
            or 0xE0020 <= code <= 0xE007F
            or ch == _ZWJ
            or previous == _ZWJ
        )
        if 0x1F1E6 <= code <= 0x1F1FF:  # regional indicators pair into one flag
            regional += 1
            joins = joins or regional % 2 == 0
        else:
            regional = 0
        if not joins:
            count += 1
        previous = ch
    return count


def count_for(kind: str, text: str) -> int:
    """Length of ``text`` as the channel counts it."""
    if kind == Channel.Kind.X:
        return len(_URL.sub("x" * X_URL_LENGTH, text))
    if kind == Channel.Kind.BLUESKY:
        return grapheme_count(text)
    return len(text)


def default_social_text(title: str, spot: str) -> str:
    return f"{title}\n\n{spot}".strip()


def post_text(story_title: str, spot: str, social_text: str, kind: str, link: str) -> str:
    """The text posted on a channel: the social text (or title + spot), then the newsroom link."""
    text = (social_text or default_social_text(story_title, spot)).strip()
    if kind in (Channel.Kind.WORDPRESS, Channel.Kind.WEBHOOK, Channel.Kind.YOUTUBE):
        return text
    if kind == Channel.Kind.INSTAGRAM:  # Instagram does not link captions
        return text
    return f"{text}\n\n{link}" if link else text


@dataclass(frozen=True)
class LengthCheck:
    kind: str
    count: int
    limit: int

    @property
    def over(self) -> bool:
        return self.count > self.limit


def check_length(kind: str, text: str) -> LengthCheck:
    limits = LIMITS[kind]
    return LengthCheck(kind, count_for(kind, text), limits.max_text)
