"""Links to addresses that came from outside (feed items, sources, channels, staff input).

Every such address is rendered through this module so a ``javascript:``,
``data:`` or ``vbscript:`` value stored before ingest checked it (or typed by
a person) never reaches an ``href``. Templates load it with
``{% load links %}``:

* ``{% external_link url text %}`` renders ``<a href=… target=_blank
  rel="noopener noreferrer nofollow">text</a>`` for an absolute http(s)
  address and the bare (escaped) text for anything else;
* ``{{ url|external_url }}`` gives the cleaned address or ``""`` (plain-text
  e-mails, attributes that are not links).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django import template
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString

SAFE_SCHEMES = frozenset({"http", "https"})
# What the WHATWG URL parser ignores: C0 controls and spaces around the
# address, tabs and newlines anywhere inside it (so "java\tscript:" is javascript:).
_EDGES = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

register = template.Library()


def safe_external_url(url: object) -> str:
    """The address as a browser would read it when it is absolute http(s); otherwise ``""``."""
    if not isinstance(url, str) or not url:
        return ""
    cleaned = _TAB_OR_NEWLINE.sub("", url.strip(_EDGES))
    if _CONTROL.search(cleaned):
        return ""
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return ""
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return ""
    return cleaned


@register.filter
def external_url(url: object) -> str:
    return safe_external_url(url)


@register.simple_tag
def external_link(url: object, text: object = None, **attrs: object) -> SafeString:
    """A link that opens the outside address in a new tab, or the text alone when the address is unsafe.

    ``text`` defaults to the address itself; keyword arguments become extra
    attributes (``class_`` for ``class``, ``data_testid`` for ``data-testid``).
    """
    shown = (url or "") if text in (None, "") else text
    label = conditional_escape(shown if isinstance(shown, str) else str(shown))
    href = safe_external_url(url)
    if not href:
        return SafeString(label)
    extra = SafeString(
        "".join(
            str(format_html(' {}="{}"', name.rstrip("_").replace("_", "-"), escape(str(value))))
            for name, value in attrs.items()
            if value not in (None, "")
        )
    )
    return format_html('<a href="{}" target="_blank" rel="noopener noreferrer nofollow"{}>{}</a>', href, extra, label)
