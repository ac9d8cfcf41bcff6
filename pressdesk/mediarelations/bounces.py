"""Bounces of press e-mail: tagging what is sent, reading the bounce mailbox, parsing DSNs, recording them.

* **Tagging.** Every release e-mail (``Delivery``, kind ``r``) and every press e-mail of a news
  story (publishing's ``PressDelivery``, kind ``p``) carries a signed reference
  (``r123-<hmac>``) in an ``X-Pressdesk-Ref`` header and in its ``Message-ID``; when
  ``MEDIARELATIONS_BOUNCE_ADDRESS`` is set (``basin-iade@example.org``) the envelope sender is
  the VERP address ``basin-iade+r123-<hmac>@example.org``, so the bounce comes back to an
  address that names the delivery even when the remote server quotes nothing of the message.
* **Reading.** ``fetch_mailbox`` reads the unseen messages of the bounce mailbox over IMAP with
  monitoring's guarded client (TLS, certificates verified, SSRF guard) and marks them seen
  once recorded.
* **Parsing.** Only delivery status notifications count (RFC 3464 ``multipart/report;
  report-type=delivery-status``, read with the stdlib ``email`` package); an out-of-office reply
  to the VERP address is not a bounce. ``Action: failed`` with a ``5.x.x`` status is a hard
  bounce, ``4.x.x`` or ``Action: delayed`` a soft one; ``delivered``/``relayed`` are ignored.
* **Recording.** One ``Bounce`` per bounce message and address (a mailbox read twice records
  nothing twice). A release delivery becomes ``bounced``; a press e-mail of a story becomes
  ``failed`` with the reason. The media contact with that address in the province counts the
  bounce; after ``MEDIARELATIONS_HARD_BOUNCE_LIMIT`` (3) hard bounces their e-mail is flagged
  invalid (shown on their page and in the list, and no press e-mail goes to it) until the
  address is changed.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import hmac
import imaplib
import logging
import re
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

log = logging.getLogger(__name__)

SALT = "pressdesk.mediarelations.bounce"
HEADER = "X-Pressdesk-Ref"
KINDS = ("r", "p")  # r: a release's Delivery; p: publishing's PressDelivery
REF_RE = re.compile(r"\b([rp])(\d{1,12})-([0-9a-f]{12})\b")
STATUS_RE = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
MAX_MESSAGES = 200
MAX_MESSAGE_BYTES = 5 * 1024 * 1024
HARD, SOFT = "hard", "soft"


# --- tagging what is sent -----------------------------------------------------------------


def _signature(kind: str, pk: int) -> str:
    return salted_hmac(SALT, f"{kind}{pk}").hexdigest()[:12]


def ref_for(kind: str, pk: int) -> str:
    return f"{kind}{pk}-{_signature(kind, pk)}"


def read_ref(text: str) -> tuple[str, int] | None:
    """The first validly signed reference in ``text`` (``("r", 123)``), or ``None``."""
    for match in REF_RE.finditer(text or ""):
        kind, number, signature = match.group(1), int(match.group(2)), match.group(3)
        if hmac.compare_digest(signature, _signature(kind, number)):
            return kind, number
    return None


def verp_address(ref: str) -> str | None:
    address = getattr(settings, "MEDIARELATIONS_BOUNCE_ADDRESS", "") or ""
    if "@" not in address:
        return None
    local, domain = address.rsplit("@", 1)
    return f"{local}+{ref}@{domain}"


def tag_message(message: Any, kind: str, pk: int) -> None:
    """Put the delivery's reference in the e-mail: a header, the Message-ID and (if set up) the envelope sender."""
    ref = ref_for(kind, pk)
    domain = (getattr(settings, "MEDIARELATIONS_BOUNCE_ADDRESS", "") or settings.DEFAULT_FROM_EMAIL).rsplit("@", 1)[-1]
    domain = domain.strip("<> ") or "localhost"
    message.extra_headers[HEADER] = ref
    message.extra_headers["Message-ID"] = make_msgid(idstring=ref, domain=domain)
    sender = verp_address(ref)
    if sender:
        message.extra_headers.setdefault("From", message.from_email or settings.DEFAULT_FROM_EMAIL)
        message.from_email = sender  # the envelope sender (Return-Path); the From header stays


# --- parsing ----------------------------------------------------------------------------------


@dataclass
class Report:
    """One recipient of one bounce message."""

    ref: tuple[str, int] | None
    email: str
    kind: str
    status: str
    diagnostic: str
    message_id: str
    final: bool = True  # the server gave up ("failed"); False: only delayed


@dataclass
class Parsed:
    is_dsn: bool
    reports: list[Report] = field(default_factory=list)


def _address(value: str) -> str:
    value = (value or "").strip()
    if ";" in value:  # "rfc822; someone@example.com"
        value = value.split(";", 1)[1]
    return value.strip().strip("<>").strip()


def _headers_text(message: Message) -> str:
    return "\n".join(f"{name}: {value}" for name, value in message.items())


def _original_ref(message: Message) -> tuple[str, int] | None:
    """The reference the returned original (or its headers) carries, or the VERP address it came back to."""
    for name in ("To", "Delivered-To", "X-Original-To", "Envelope-To"):
        for value in message.get_all(name) or []:
            found = read_ref(str(value))
            if found:
                return found
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type == "text/rfc822-headers":
            payload = part.get_payload(decode=True)
            text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(part.get_payload())
            found = read_ref(text)
        elif content_type == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            found = read_ref(_headers_text(inner)) if isinstance(inner, Message) else None
        else:
            continue
        if found:
            return found
    return None


def _classify(action: str, status: str) -> str | None:
    action = action.strip().lower()
    if action in ("delivered", "relayed", "expanded"):
        return None
    if action == "delayed":
        return SOFT
    if status.startswith("5"):
        return HARD
    if status.startswith("4"):
        return SOFT
    return HARD if action == "failed" else None


def parse(raw: bytes) -> Parsed:
    """The recipients a bounce message reports, with their hard/soft kind; non-DSN mail gives ``is_dsn=False``."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    message_id = str(message.get("Message-ID") or "").strip()[:300]
    status_part = next((p for p in message.walk() if p.get_content_type() == "message/delivery-status"), None)
    is_report = message.get_content_type() == "multipart/report"
    if status_part is None or not is_report:
        return Parsed(is_dsn=False)
    ref = _original_ref(message)
    payload = status_part.get_payload()
    blocks: list[Message] = [b for b in payload if isinstance(b, Message)] if isinstance(payload, list) else []
    reports = []
    for block in blocks[1:] if len(blocks) > 1 else blocks:  # the first block is per message
        recipient = _address(str(block.get("Final-Recipient") or block.get("Original-Recipient") or ""))
        if not recipient:
            continue
        status = str(block.get("Status") or "").strip()
        match = STATUS_RE.search(status)
        status = match.group(0) if match else ""
        kind = _classify(str(block.get("Action") or ""), status)
        if kind is None:
            continue
        diagnostic = " ".join(str(block.get("Diagnostic-Code") or "").split())
        final = str(block.get("Action") or "").strip().lower() != "delayed"
        reports.append(Report(ref, recipient, kind, status, diagnostic[:500], message_id, final))
    return Parsed(is_dsn=True, reports=reports)


# --- recording --------------------------------------------------------------------------------


@dataclass
class Outcome:
    recorded: int = 0
    duplicates: int = 0
    unmatched: int = 0
    ignored: int = 0


def _hard_limit() -> int:
    return max(1, int(getattr(settings, "MEDIARELATIONS_HARD_BOUNCE_LIMIT", 3)))


def _count_against_contact(contact: Any, kind: str) -> None:
    from pressdesk.mediarelations.models import Bounce, MediaContact

    locked = MediaContact.objects.select_for_update().get(pk=contact.pk)
    now = timezone.now()
    locked.bounced_at = now
    locked.bounce_count += 1
    fields = ["bounced_at", "bounce_count", "updated_at"]
    if kind == HARD and locked.email_invalid_at is None:
        hard = Bounce.objects.filter(contact=locked, kind=HARD, email__iexact=locked.email).count()
        if hard >= _hard_limit():
            locked.email_invalid_at = now
            fields.append("email_invalid_at")
    locked.save(update_fields=fields)


def record(report: Report) -> str:
    """Store one reported bounce; returns ``"recorded"``, ``"duplicate"`` or ``"unmatched"``."""
    from pressdesk.lib import turkish
    from pressdesk.mediarelations.models import Bounce, Delivery, MediaContact
    from pressdesk.organizations.queries import province_of
    from pressdesk.publishing.models import PressDelivery

    delivery = press = None
    province_id = None
    if report.ref and report.ref[0] == "r":
        delivery = Delivery.objects.select_related("release").filter(pk=report.ref[1]).first()
        province_id = delivery.release.province_id if delivery else None
    elif report.ref and report.ref[0] == "p":
        press = PressDelivery.objects.select_related("contact__organization").filter(pk=report.ref[1]).first()
        province = province_of(press.contact.organization) if press else None
        province_id = province.pk if province else None
    if delivery is None and press is None:
        return "unmatched"
    address = report.email or (delivery.email if delivery else press.contact.email if press else "")
    contact = delivery.contact if delivery and delivery.contact_id else None
    if contact is None and province_id is not None:
        folded = turkish.casefold(address)
        contact = next(
            (
                c
                for c in MediaContact.objects.filter(province_id=province_id, email__iexact=address)
                if turkish.casefold(c.email) == folded
            ),
            None,
        )
    try:
        with transaction.atomic():
            Bounce.objects.create(
                delivery=delivery,
                press_delivery=press,
                contact=contact,
                email=address[:254],
                kind=report.kind,
                status=report.status,
                diagnostic=report.diagnostic,
                message_id=report.message_id,
            )
            reason = " ".join(part for part in (report.status, report.diagnostic) if part)[:480]
            if delivery is not None and report.final:
                Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.BOUNCED, error=reason)
            if press is not None and report.final:
                PressDelivery.objects.filter(pk=press.pk).update(
                    status=PressDelivery.Status.FAILED, error=f"{_label(report.kind)}: {reason}"
                )
            if contact is not None:
                _count_against_contact(contact, report.kind)
    except IntegrityError:
        return "duplicate"
    return "recorded"


def _label(kind: str) -> str:
    from django.utils.translation import gettext as _

    return str(_("Bounced (permanent)") if kind == HARD else _("Bounced (temporary)"))


def process(raw: bytes) -> Outcome:
    outcome = Outcome()
    parsed = parse(raw)
    if not parsed.is_dsn:
        outcome.ignored += 1
        return outcome
    for report in parsed.reports:
        result = record(report)
        if result == "recorded":
            outcome.recorded += 1
        elif result == "duplicate":
            outcome.duplicates += 1
        else:
            outcome.unmatched += 1
    return outcome


# --- the mailbox ------------------------------------------------------------------------------


def mailbox_configured() -> bool:
    return bool(settings.MEDIARELATIONS_BOUNCE_IMAP_HOST and settings.MEDIARELATIONS_BOUNCE_IMAP_USER)


def fetch_mailbox(*, ssl_context: Any = None) -> Outcome:
    """Read the unseen messages of the bounce mailbox, record their bounces, mark them seen."""
    from pressdesk.monitoring.sources import imap

    total = Outcome()
    if not mailbox_configured():
        return total
    host = settings.MEDIARELATIONS_BOUNCE_IMAP_HOST
    security = settings.MEDIARELATIONS_BOUNCE_IMAP_SECURITY or imap.SSL
    port = settings.MEDIARELATIONS_BOUNCE_IMAP_PORT or imap.DEFAULT_PORTS.get(security, 993)
    allow = (host,) if settings.MEDIARELATIONS_BOUNCE_IMAP_ALLOW_PRIVATE else ()
    connection = imap.connect(host, int(port), security=security, allow=allow, ssl_context=ssl_context)
    try:
        connection.login(settings.MEDIARELATIONS_BOUNCE_IMAP_USER, settings.MEDIARELATIONS_BOUNCE_IMAP_PASSWORD)
        folder = settings.MEDIARELATIONS_BOUNCE_IMAP_FOLDER or "INBOX"
        status, _data = connection.select('"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"')
        if status != "OK":
            raise imaplib.IMAP4.error("select")
        status, found = connection.uid("SEARCH", "UNSEEN")
        uids = [u.decode("ascii") for u in (found[0] or b"").split()[:MAX_MESSAGES]] if status == "OK" and found else []
        for uid in uids:
            status, data = connection.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in data if isinstance(p, tuple) and len(p) == 2), b"") if status == "OK" else b""
            if raw and len(raw) <= MAX_MESSAGE_BYTES:
                outcome = process(raw)
                for name in ("recorded", "duplicates", "unmatched", "ignored"):
                    setattr(total, name, getattr(total, name) + getattr(outcome, name))
            connection.uid("STORE", uid, "+FLAGS", "(\\Seen)")  # only after its bounces are stored
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            connection.logout()
    log.info(
        "Bounce mailbox: %d recorded, %d already known, %d unmatched, %d not bounces",
        total.recorded,
        total.duplicates,
        total.unmatched,
        total.ignored,
    )
    return total


def make_dsn(
    *, original: EmailMessage | bytes, recipient: str, status: str = "5.1.1", action: str = "failed", to: str = ""
) -> bytes:
    """A delivery status notification as a mail server writes it (RFC 3464); used by tests and the demo."""
    raw = original if isinstance(original, bytes) else original.as_bytes()
    headers = raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].decode("utf-8", "replace")
    boundary = "----=_dsn_boundary_2026"
    lines = [
        "From: Mail Delivery System <MAILER-DAEMON@mx.example>",
        f"To: {to or 'basin@example.org'}",
        "Subject: Undelivered Mail Returned to Sender",
        f"Message-ID: {make_msgid(domain='mx.example')}",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"',
        "",
        f"--{boundary}",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        f"Your message could not be delivered to {recipient}.",
        "",
        f"--{boundary}",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.example",
        "",
        f"Final-Recipient: rfc822; {recipient}",
        f"Action: {action}",
        f"Status: {status}",
        f"Diagnostic-Code: smtp; 550 {status} <{recipient}>: Recipient address rejected: User unknown",
        "",
        f"--{boundary}",
        "Content-Type: text/rfc822-headers",
        "",
        headers,
        "",
        f"--{boundary}--",
        "",
    ]
    return "\r\n".join(lines).encode("utf-8")
