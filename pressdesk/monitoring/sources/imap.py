"""A mailbox receiving press clippings (links, PDF attachments) and the Ministry's monitoring reports.

* ``imaplib`` over SSL (port 993) or STARTTLS (port 143), certificates
  verified; the host goes through the SSRF guard like any address, and the
  socket is opened to the checked address.
* Messages not yet seen (``UNSEEN``) are read with ``BODY.PEEK[]`` and
  marked ``\\Seen`` only once their entries are stored: a failed poll reads
  them again next time.
* Each link in a message becomes an entry (the article is fetched, within a
  time budget, for its title, text, date and image); each PDF attachment's
  text becomes an entry's text (``pdftotext`` from poppler-utils; without it
  the PDF is stored and the entry says so); a message with neither is an
  entry itself (subject and text).
* The password is stored encrypted on the source (``credentials``) and is
  never logged; errors say what failed, not with what.
"""

from __future__ import annotations

import contextlib
import datetime
import email
import email.policy
import hashlib
import imaplib
import logging
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

import httpx
import lxml.html
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from lxml import etree

from pressdesk.lib import netguard
from pressdesk.monitoring.models import Source
from pressdesk.monitoring.normalize import html_to_text
from pressdesk.monitoring.parsing import ParsedEntry
from pressdesk.monitoring.sources import article, credentials
from pressdesk.monitoring.sources.base import Client, Collected, CollectError, clamp_future

log = logging.getLogger(__name__)

SSL, STARTTLS = "ssl", "starttls"
SECURITY_CHOICES = (SSL, STARTTLS)
DEFAULT_PORTS = {SSL: 993, STARTTLS: 143}
TIMEOUT = 30
MAX_MESSAGES = 50
MAX_MESSAGE_BYTES = 25 * 1024 * 1024
MAX_LINKS_PER_MESSAGE = 30
PDFTOTEXT_TIMEOUT = 60
URL_IN_TEXT = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)
SKIP_LINK = re.compile(
    r"unsubscribe|abonelik|optout|opt-out|list-manage|/sharer|/intent/|/share\?|mailto:|"
    r"\.(?:jpe?g|png|gif|webp|svg|css|js)(?:\?|$)",
    re.IGNORECASE,
)


_SIZE = re.compile(rb"RFC822\.SIZE\s+(\d+)", re.IGNORECASE)


def _message_size(data: list[Any]) -> int | None:
    """The ``RFC822.SIZE`` a ``UID FETCH`` answered, or ``None`` when the server did not say."""
    for part in data:
        line = part[0] if isinstance(part, tuple) else part
        if isinstance(line, bytes):
            match = _SIZE.search(line)
            if match:
                return int(match.group(1))
    return None


# --- Connecting ---------------------------------------------------------------


class _GuardedSocket:
    """Open the socket to an address the SSRF guard has checked (not to a name resolved again)."""

    _checked_addresses: list[str]

    def _create_socket(self, timeout: float | None) -> socket.socket:
        port: int = self.port  # type: ignore[attr-defined]
        last_error: OSError | None = None
        for address in self._checked_addresses:
            try:
                return socket.create_connection((address, port), timeout)
            except OSError as exc:
                last_error = exc
        raise last_error or OSError("no address")

    def read(self, size: int) -> bytes:
        """A literal the server announces: refused beyond the message limit, whatever RFC822.SIZE said."""
        if size > MAX_MESSAGE_BYTES + 64 * 1024:
            raise imaplib.IMAP4.abort(f"the server sent a {size}-byte literal")
        return super().read(size)  # type: ignore[misc]


class GuardedIMAP4(_GuardedSocket, imaplib.IMAP4):
    def __init__(self, host: str, port: int, *, addresses: list[str], timeout: float) -> None:
        self._checked_addresses = addresses
        super().__init__(host, port, timeout=timeout)


class GuardedIMAP4SSL(_GuardedSocket, imaplib.IMAP4_SSL):
    def __init__(
        self, host: str, port: int, *, addresses: list[str], ssl_context: ssl.SSLContext, timeout: float
    ) -> None:
        self._checked_addresses = addresses
        super().__init__(host, port, ssl_context=ssl_context, timeout=timeout)

    def _create_socket(self, timeout: float | None) -> socket.socket:
        sock = _GuardedSocket._create_socket(self, timeout)
        return self.ssl_context.wrap_socket(sock, server_hostname=self.host)


def connect(
    host: str,
    port: int,
    *,
    security: str = SSL,
    allow: tuple[str, ...] = (),
    ssl_context: ssl.SSLContext | None = None,
    timeout: float = TIMEOUT,
) -> imaplib.IMAP4:
    """An IMAP connection over TLS to a host the SSRF guard allows."""
    addresses = [str(ip) for ip in netguard.check_host(host, port, allow=allow)]
    context = ssl_context or ssl.create_default_context()
    if security == STARTTLS:
        connection = GuardedIMAP4(host, port, addresses=addresses, timeout=timeout)
        connection.starttls(ssl_context=context)
        return connection
    return GuardedIMAP4SSL(host, port, addresses=addresses, ssl_context=context, timeout=timeout)


def _mailbox_name(folder: str) -> str:
    folder = folder or "INBOX"
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- Reading messages ---------------------------------------------------------


def _message_date(message: EmailMessage) -> datetime.datetime | None:
    header = message.get("date")
    when = getattr(header, "datetime", None)
    if isinstance(when, datetime.datetime):
        return when if when.tzinfo else when.replace(tzinfo=datetime.UTC)
    return None


def _part_text(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):
        payload = part.get_payload(decode=True)
        content = payload.decode("windows-1254", errors="replace") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


def links_from_html(value: str) -> list[tuple[str, str]]:
    """``(address, link text)`` of each http(s) link, in order, each once."""
    try:
        document = lxml.html.document_fromstring(value)
    except (etree.ParserError, ValueError):
        return []
    links: dict[str, str] = {}
    for anchor in document.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href.lower().startswith(("http://", "https://")) and not SKIP_LINK.search(href):
            label = " ".join(anchor.text_content().split())
            if len(label) > len(links.get(href, "")) or href not in links:
                links[href] = label
    return list(links.items())


def links_from_text(value: str) -> list[tuple[str, str]]:
    links: dict[str, str] = {}
    for match in URL_IN_TEXT.finditer(value):
        url = match.group(0).rstrip(".,;:!?")
        if not SKIP_LINK.search(url):
            links.setdefault(url, "")
    return list(links.items())


def _is_homepage(url: str) -> bool:
    return urlsplit(url).path in ("", "/")


def pdf_text(data: bytes) -> str | None:
    """The text of a PDF with ``pdftotext`` (poppler-utils), or ``None`` when it is not installed or fails."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        try:
            finished = subprocess.run(  # noqa: S603 - a fixed tool on a temporary file we wrote
                [tool, "-q", "-enc", "UTF-8", "-eol", "unix", handle.name, "-"],
                capture_output=True,
                timeout=PDFTOTEXT_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            log.warning("pdftotext took longer than %s s", PDFTOTEXT_TIMEOUT)
            return None
    if finished.returncode != 0:
        return None
    return "\n".join(line.strip() for line in finished.stdout.decode("utf-8", "replace").splitlines() if line.strip())


def _store_pdf(data: bytes, digest: str) -> str:
    name = f"monitoring/clippings/{digest}.pdf"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    return name


def entries_from_message(raw: bytes, *, client: Client, now: datetime.datetime) -> list[ParsedEntry]:
    """The entries one e-mail gives: its links, its PDFs, or itself."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    subject = html_to_text(str(message.get("subject") or "")).strip()
    message_id = str(message.get("message-id") or "").strip() or "sha256:" + hashlib.sha256(raw).hexdigest()
    sent = _message_date(message)
    html_body = _part_text(message, "html")
    text_body = _part_text(message, "plain") or html_to_text(html_body)
    entries: list[ParsedEntry] = []

    links = links_from_html(html_body) if html_body else links_from_text(text_body)
    for url, label in [link for link in links if not _is_homepage(link[0])][:MAX_LINKS_PER_MESSAGE]:
        # No GUID: the same article clipped in two e-mails is one item (identity by address).
        entry = ParsedEntry(url=url, title=label or subject, published_at=sent)
        article.enrich(entry, client=client, now=now)
        entries.append(entry)

    for part in message.iter_attachments():
        filename = part.get_filename() or ""
        if part.get_content_type() != "application/pdf" and not filename.lower().endswith(".pdf"):
            continue
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes) or not data:
            continue
        digest = hashlib.sha256(data).hexdigest()
        text = pdf_text(data)
        if text is None:
            stored = _store_pdf(data, digest)
            text = _(
                "The PDF was stored as %(name)s; its text could not be extracted (pdftotext is not installed)."
            ) % {"name": stored}
        title = filename.rsplit(".", 1)[0].replace("_", " ").strip() or subject
        entries.append(ParsedEntry(guid=f"pdf:{digest}", title=title[:1000], text=text, published_at=sent))

    if not entries:
        entries.append(
            ParsedEntry(guid=message_id[:2000], title=subject[:1000], text=text_body.strip(), published_at=sent)
        )
    return entries


#: Attachments taken for a clipping service's export (``actions.import_mailed_export``).
EXPORT_SUFFIXES = (".csv", ".xlsx")
EXPORT_TYPES = frozenset(
    {"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.ms-excel"}
)


def exports_from_message(raw: bytes) -> list[tuple[str, bytes]]:
    """The spreadsheet attachments of one e-mail (a clipping service's daily export), with their file names."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    found: list[tuple[str, bytes]] = []
    for part in message.iter_attachments():
        filename = str(part.get_filename() or "")
        if not filename.lower().endswith(EXPORT_SUFFIXES) and part.get_content_type() not in EXPORT_TYPES:
            continue
        data = part.get_payload(decode=True)
        if isinstance(data, bytes) and data:
            found.append((filename or "export.csv", data))
    return found


# --- Collecting ---------------------------------------------------------------


def _check(response: tuple[str, Any], what: str) -> Any:
    status, data = response
    if status != "OK":
        raise CollectError(_("The mail server refused %(what)s.") % {"what": what}, kind="soft")
    return data


def collect(source: Source, *, client: Client, now: datetime.datetime) -> Collected:
    config = source.config or {}
    host = str(config.get("host") or "")
    security = str(config.get("security") or SSL)
    port = int(config.get("port") or DEFAULT_PORTS.get(security, 993))
    username = str(config.get("username") or "")
    if not host or not username:
        raise CollectError(_("The mailbox has no server or user name."))
    try:
        password = credentials.decrypt(source.secret)
    except credentials.SecretUnreadableError as exc:
        raise CollectError(_("The stored password cannot be read; enter it again.")) from exc
    opener = client.imap_connect or connect
    allow = (host,) if source.allowed_private else ()
    try:
        connection = opener(host, port, security=security, allow=allow, ssl_context=client.ssl_context)
    except netguard.BlockedAddressError as exc:
        raise CollectError(str(exc), kind="hard") from exc
    except (httpx.ConnectError, OSError, imaplib.IMAP4.error) as exc:
        raise CollectError(
            _("Cannot connect to the mail server: %(error)s") % {"error": exc.__class__.__name__}, kind="temporary"
        ) from exc

    def close() -> None:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            connection.logout()

    try:
        try:
            connection.login(username, password)
        except imaplib.IMAP4.error as exc:  # the server's words, never the password
            raise CollectError(_("The mail server refused the user name or password.")) from exc
        _check(connection.select(_mailbox_name(str(config.get("folder") or "INBOX"))), _("the folder"))
        found = _check(connection.uid("SEARCH", "UNSEEN"), _("the search"))
        uids = [uid.decode("ascii") for uid in (found[0] or b"").split()[:MAX_MESSAGES]] if found else []
        entries: list[ParsedEntry] = []
        exports: list[tuple[str, bytes]] = []
        takes_exports = bool(config.get("clipping_provider"))
        done: list[str] = []
        size = 0
        for uid in uids:
            # Ask the size first: a message over the limit is never downloaded (memory stays bounded).
            declared = _message_size(_check(connection.uid("FETCH", uid, "(RFC822.SIZE)"), _("a message")))
            if declared is not None and declared > MAX_MESSAGE_BYTES:
                log.info("Skipping message %s of source %s: size %s", uid, source.pk, declared)
                done.append(uid)
                continue
            data = _check(connection.uid("FETCH", uid, "(BODY.PEEK[])"), _("a message"))
            raw = next((part[1] for part in data if isinstance(part, tuple) and len(part) == 2), b"")
            done.append(uid)
            if not raw or len(raw) > MAX_MESSAGE_BYTES:
                continue
            size += len(raw)
            entries.extend(entries_from_message(raw, client=client, now=now))
            if takes_exports:
                exports.extend(exports_from_message(raw))
    except imaplib.IMAP4.abort as exc:
        close()
        raise CollectError(_("The mail server closed the connection."), kind="temporary") from exc
    except (OSError, imaplib.IMAP4.error) as exc:
        close()
        raise CollectError(
            _("The mailbox could not be read: %(error)s") % {"error": exc.__class__.__name__}, kind="soft"
        ) from exc
    except BaseException:
        close()
        raise

    def finish(stored: bool) -> None:
        try:
            if stored and done:
                connection.uid("STORE", ",".join(done), "+FLAGS", "(\\Seen)")
        except (OSError, imaplib.IMAP4.error):
            log.warning("Could not mark %d messages as seen on source %s", len(done), source.pk)
        finally:
            close()

    return Collected(entries=clamp_future(entries, now), status=None, size=size, finish=finish, exports=exports)
