"""Repair the encodings Turkish sites get wrong, before a document is parsed.

Turkish sites often serve Windows-1254 (or ISO-8859-9) bytes while declaring
UTF-8, ISO-8859-1 or nothing at all. Parsers then fall back to Windows-1252
and ``İ ş ğ ı`` come out as ``Ý þ ð ý``. The rule here:

* a body that is valid UTF-8 is UTF-8, whatever it declares (a UTF-8 body
  that is also valid in a single-byte code page is vanishingly rare);
* otherwise, when it declares nothing, UTF-8 or a Western European code page
  (ISO-8859-1, Windows-1252, US-ASCII), it is read as Windows-1254, which is
  ISO-8859-9 plus the printable 0x80–0x9F range;
* any other declared encoding (ISO-8859-9, KOI8-R, …) is trusted.

The result is UTF-8 bytes with the XML declaration, the HTML meta charset and
the HTTP content type all saying so.
"""

from __future__ import annotations

import re

XML_DECLARATION = re.compile(rb"^(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])([A-Za-z0-9._:-]+)\2", re.IGNORECASE)
META_CHARSET = re.compile(rb"(<meta[^>]+charset\s*=\s*[\"']?)([A-Za-z0-9._:-]+)", re.IGNORECASE)
HEADER_CHARSET = re.compile(r";\s*charset\s*=\s*\"?([A-Za-z0-9._:-]+)\"?", re.IGNORECASE)
WESTERN = {"", "utf-8", "utf8", "iso-8859-1", "iso8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "us-ascii"}
TURKISH_FALLBACK = "windows-1254"


def declared_encoding(body: bytes, content_type: str = "") -> str:
    """The encoding the HTTP header, else the XML declaration, else the HTML meta tag names (lower case)."""
    match = HEADER_CHARSET.search(content_type or "")
    if match:
        return match.group(1).lower()
    head = body[:2048]
    xml = XML_DECLARATION.match(head)
    if xml:
        return xml.group(3).decode("ascii").lower()
    meta = META_CHARSET.search(head)
    return meta.group(2).decode("ascii").lower() if meta else ""


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def to_text(body: bytes, content_type: str = "") -> str:
    """The document as text, by the rules above."""
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    if _is_utf8(body):
        return body.decode("utf-8")
    declared = declared_encoding(body, content_type)
    encoding = TURKISH_FALLBACK if declared in WESTERN else declared
    try:
        return body.decode(encoding, errors="replace")
    except LookupError:  # an encoding Python does not know
        return body.decode(TURKISH_FALLBACK, errors="replace")


def repair(body: bytes, content_type: str = "") -> tuple[bytes, str]:
    """UTF-8 bytes and a content type without a charset, or the input unchanged when it needs nothing."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: the parsers read the BOM themselves
        return body, content_type
    if _is_utf8(body) and declared_encoding(body, content_type) in ("", "utf-8", "utf8", "us-ascii"):
        return body, content_type
    text = to_text(body, content_type)
    fixed = text.encode("utf-8")
    fixed = XML_DECLARATION.sub(rb"\1\2utf-8\2", fixed, count=1)
    fixed = META_CHARSET.sub(rb"\1utf-8", fixed, count=1)
    return fixed, HEADER_CHARSET.sub("", content_type or "")
