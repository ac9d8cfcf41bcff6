"""The iCal invitation e-mailed to a meeting's participants inside the system (3.15.2, issue 26 point 2).

When the notification letter is drafted, every participant with an e-mail address (people invited by
name, the participating institutions' press officers) gets an e-mail with a ``text/calendar;
method=REQUEST`` part that a calendar application offers to accept. The event's UID is stable per
meeting (``meeting-<pk>@pressdesk``, as the meeting's ``.ics`` and the agenda feeds); a later change of
time, place or title sends it again with a higher SEQUENCE, and a cancellation sends
``method=CANCEL``. Sending runs in a worker through the outbox; each (meeting, person, sequence) is
e-mailed once (``InvitationEmail``), so a retried task sends only what is missing.
"""

from __future__ import annotations

import email.utils
from email.mime.text import MIMEText
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone

from pressdesk.meetings.models import InvitationEmail, Meeting

PRODID = "-//Basın Masası//pressdesk//TR"


def uid_of(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@pressdesk"


def organizer_address(meeting: Meeting) -> tuple[str, str]:
    name, address = email.utils.parseaddr(settings.DEFAULT_FROM_EMAIL)
    organiser = meeting.created_by
    return (organiser.get_full_name() or name, organiser.email or address)


def to_ical(meeting: Meeting, method: str, attendees: list[Any]) -> bytes:
    """One VEVENT with METHOD, the meeting's stable UID and its SEQUENCE; Europe/Istanbul times."""
    from icalendar import Calendar, Event, vCalAddress, vText

    zone = timezone.get_default_timezone()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid_of(meeting))
    event.add("sequence", meeting.ical_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(meeting.start, zone))
    event.add("dtend", timezone.localtime(meeting.end, zone))
    event.add("summary", meeting.title)
    if meeting.where:
        event.add("location", meeting.where)
    if meeting.connection:
        event.add("description", meeting.connection)
    event.add("url", f"{settings.SITE_URL}{meeting.get_absolute_url()}")
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    name, address = organizer_address(meeting)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(name)
    event.add("organizer", organizer)
    for person in attendees:
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(person.get_full_name() or person.username)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _message(meeting: Meeting, method: str, person: Any, *, removed: bool = False) -> EmailMultiAlternatives:
    start = timezone.localtime(meeting.start)
    when = f"{start:%d.%m.%Y %H:%M}–{timezone.localtime(meeting.end):%H:%M}"
    link = f"{settings.SITE_URL}{meeting.get_absolute_url()}"
    if removed:
        subject = f"Katılımcılardan çıkarıldınız: {meeting.title} ({start:%d.%m.%Y %H:%M})"
        body = (
            f"“{meeting.title}” toplantısının ({when}, {meeting.where}) katılımcı listesinden çıkarıldınız;"
            f" toplantı takviminizden kaldırılır.\n"
        )
    elif method == "CANCEL":
        subject = f"İptal: {meeting.title} ({start:%d.%m.%Y %H:%M})"
        body = f"“{meeting.title}” toplantısı ({when}, {meeting.where}) iptal edilmiştir.\n\n{link}\n"
    else:
        changed = " (güncellendi)" if meeting.ical_sequence else ""
        subject = f"Toplantı daveti{changed}: {meeting.title} ({start:%d.%m.%Y %H:%M})"
        body = (
            f"İl Sağlık Müdürümüz başkanlığında “{meeting.title}” toplantısı {when} tarihinde"
            f" {meeting.where} adresinde yapılacaktır.\n"
            + (f"Bağlantı: {meeting.connection}\n" if meeting.connection else "")
            + f"\nTakviminize eklemek için ekteki daveti kabul edebilirsiniz.\n\n{link}\n"
        )
    message = EmailMultiAlternatives(subject, body, None, [person.email])
    part = MIMEText(to_ical(meeting, method, [person]).decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "inline", filename="davet.ics" if method == "REQUEST" else "iptal.ics")
    message.attach(part)
    return message


def recipients(meeting: Meeting) -> list[Any]:
    from pressdesk.meetings.actions import _participant_users as participant_users

    seen: set[str] = set()
    people = []
    for person in participant_users(meeting):
        address = (person.email or "").strip().lower()
        if address and person.is_active and address not in seen:
            seen.add(address)
            people.append(person)
    return people


def send(meeting_id: int, method: str) -> int:
    """E-mail the meeting's current invitation (or cancellation) to every participant not yet sent it."""
    meeting = Meeting.objects.select_related("room", "created_by").filter(pk=meeting_id).first()
    if meeting is None or meeting.invited_at is None:
        return 0
    if method == "REQUEST" and meeting.status == Meeting.Status.CANCELLED:
        return 0  # cancelled before the worker came to it: the cancellation follows
    sent = 0
    people = recipients(meeting)
    for person in people:
        sent += _send_once(meeting, method, person)
    if method == "REQUEST":
        current = {person.pk for person in people}
        sent += sum(_send_once(meeting, "CANCEL", person, removed=True) for person in removed_since(meeting, current))
    return sent


def _send_once(meeting: Meeting, method: str, person: Any, *, removed: bool = False) -> int:
    try:
        with transaction.atomic():
            InvitationEmail.objects.create(
                meeting=meeting, recipient=person, email=person.email, sequence=meeting.ical_sequence, method=method
            )
            _message(meeting, method, person, removed=removed).send()
    except IntegrityError:
        return 0  # already e-mailed at this sequence
    return 1


def _last_method(meeting: Meeting) -> dict[int, str]:
    """Each person's last invitation e-mail of ``meeting``: ``REQUEST`` (in their calendar) or ``CANCEL``."""
    last: dict[int, str] = {}
    rows = InvitationEmail.objects.filter(meeting=meeting).order_by("sequence", "pk")
    for recipient_id, method in rows.values_list("recipient_id", "method"):
        last[recipient_id] = method
    return last


def removed_since(meeting: Meeting, current: set[int]) -> list[Any]:
    """People whose calendar holds the meeting (their last e-mail was an invitation) who are no longer invited."""
    from pressdesk.accounts.models import User

    gone = [pk for pk, method in _last_method(meeting).items() if method == "REQUEST" and pk not in current]
    return list(User.objects.filter(pk__in=gone).exclude(email="").order_by("pk")) if gone else []


def needs_new_sequence(meeting: Meeting, current: set[int]) -> bool:
    """Whether someone invited again was cancelled at the current SEQUENCE (only a higher one reaches them)."""
    cancelled_now = set(
        InvitationEmail.objects.filter(meeting=meeting, sequence=meeting.ical_sequence, method="CANCEL").values_list(
            "recipient_id", flat=True
        )
    )
    return bool(cancelled_now & current)
