"""Issue 26 point 2: participants inside the system get an iCal invitation by e-mail when the
notice letter is approved (a ``text/calendar; method=REQUEST`` part, UID stable per meeting), again
with a higher SEQUENCE when the meeting changes, and a CANCEL when it is cancelled; through the
outbox. Drafting the letter invites nobody, and a letter returned in its chain has invited nobody."""

from __future__ import annotations

import datetime

import pytest
from icalendar import Calendar

from pressdesk.approvals import actions as approval_actions
from pressdesk.meetings import actions, invitations
from pressdesk.meetings.models import InvitationEmail
from pressdesk.notifications.models import Notification
from pressdesk.outbox.models import Message

pytestmark = pytest.mark.django_db


def _calendar_part(message):
    parts = [part for part in message.message().walk() if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return parts[0], Calendar.from_ical(parts[0].get_payload(decode=True))


def _event(calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def test_invitation_update_and_cancellation_by_email(
    province, plan, detsis, sign, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = plan()
    expected = {province.unit_head.email, province.affiliate.email}
    with django_capture_on_commit_callbacks(execute=True):
        letter = actions.draft_notice_letter(actor=province.staff, meeting=meeting)
        flow = approval_actions.submit(actor=province.staff, target=letter)
    assert not [m for m in mailoutbox if m.subject.startswith("Toplantı daveti")]  # drafted, not yet approved
    assert not Notification.objects.filter(kind="meeting_planned").exists()
    with django_capture_on_commit_callbacks(execute=True):
        sign(flow)
    assert Notification.objects.filter(recipient=province.affiliate, kind="meeting_planned").exists()
    assert Message.objects.filter(task="pressdesk.meetings.tasks.send_invitations").exists()  # through the outbox
    invites = [m for m in mailoutbox if m.subject.startswith("Toplantı daveti")]
    assert {address for m in invites for address in m.to} >= expected
    part, calendar = _calendar_part(invites[0])
    assert part.get_param("method") == "REQUEST"
    assert str(calendar["method"]) == "REQUEST"
    event = _event(calendar)
    uid = f"meeting-{meeting.pk}@pressdesk"
    assert str(event["uid"]) == uid and int(event["sequence"]) == 0
    assert str(event["summary"]) == meeting.title
    assert event.decoded("dtstart").utcoffset() == datetime.timedelta(hours=3)  # Europe/Istanbul
    assert calendar.walk("VTIMEZONE")
    assert str(event["attendee"]).lower() == f"mailto:{invites[0].to[0]}".lower()
    assert "İl Sağlık Müdürümüz" in invites[0].body

    # A retried task sends nothing twice.
    count = len(mailoutbox)
    assert invitations.send(meeting.pk, "REQUEST") == 0
    assert len(mailoutbox) == count

    # A change of time: the same UID, SEQUENCE 1.
    mailoutbox.clear()
    later = meeting.start + datetime.timedelta(days=1)
    participants = {
        "users": [province.unit_head],
        "institutions": [province.hospital, province.other_hospital],
        "outside": "Prof. Dr. Ali Veli",
    }
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_meeting(
            actor=province.staff,
            meeting=meeting,
            title=meeting.title,
            kind=meeting.kind,
            start=later,
            end=later + datetime.timedelta(hours=2),
            place=meeting.place,
            **participants,
        )
    assert {address for m in mailoutbox for address in m.to} >= expected
    event = _event(_calendar_part(mailoutbox[0])[1])
    assert str(event["uid"]) == uid and int(event["sequence"]) == 1
    assert "güncellendi" in mailoutbox[0].subject

    # A change the calendar does not show (the agenda deadline) sends nothing.
    mailoutbox.clear()
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_meeting(
            actor=province.staff,
            meeting=meeting,
            title=meeting.title,
            kind=meeting.kind,
            start=meeting.start,
            end=meeting.end,
            place=meeting.place,
            agenda_deadline=meeting.start - datetime.timedelta(days=1),
            **participants,
        )
    assert mailoutbox == []

    # The cancellation: METHOD:CANCEL, the same UID, SEQUENCE 2, STATUS:CANCELLED.
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_meeting(actor=province.staff, meeting=meeting)
    assert {address for m in mailoutbox for address in m.to} >= expected
    part, calendar = _calendar_part(mailoutbox[0])
    event = _event(calendar)
    assert part.get_param("method") == "CANCEL" and str(calendar["method"]) == "CANCEL"
    assert str(event["uid"]) == uid and int(event["sequence"]) == 2 and str(event["status"]) == "CANCELLED"
    assert mailoutbox[0].subject.startswith("İptal")
    assert InvitationEmail.objects.filter(meeting=meeting, method="CANCEL").count() == len(mailoutbox)


def test_no_invitation_e_mails_before_the_notification(province, plan, mailoutbox, django_capture_on_commit_callbacks):
    meeting = plan()
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_meeting(actor=province.staff, meeting=meeting)
    assert mailoutbox == []
    assert invitations.send(meeting.pk, "REQUEST") == 0


def test_a_notice_letter_returned_in_its_chain_invites_nobody(
    province, plan, detsis, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = plan()
    with django_capture_on_commit_callbacks(execute=True):
        letter = actions.draft_notice_letter(actor=province.staff, meeting=meeting)
        flow = approval_actions.submit(actor=province.staff, target=letter)
        flow.refresh_from_db()
        approval_actions.decide(
            actor=province.unit_head,
            flow_id=flow.pk,
            approve=False,
            comment="Tarih yanlış",
            seen_hash=flow.content_hash,
        )
    flow.refresh_from_db()
    assert flow.status == "returned"
    assert not [m for m in mailoutbox if m.subject.startswith("Toplantı daveti")]  # only the author hears back
    assert not Notification.objects.filter(kind="meeting_planned").exists()
    assert not Message.objects.filter(task="pressdesk.meetings.tasks.send_invitations").exists()
    meeting.refresh_from_db()
    assert meeting.invited_at is None


def test_a_removed_participant_gets_a_cancel_of_their_own_and_a_new_one_an_invitation(
    province, plan, detsis, sign, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = plan()
    with django_capture_on_commit_callbacks(execute=True):
        flow = approval_actions.submit(
            actor=province.staff, target=actions.draft_notice_letter(actor=province.staff, meeting=meeting)
        )
    with django_capture_on_commit_callbacks(execute=True):
        sign(flow)
    meeting.refresh_from_db()
    assert province.unit_head.email in {address for m in mailoutbox for address in m.to}

    def change(users, institutions):
        mailoutbox.clear()
        meeting.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            actions.update_meeting(
                actor=province.staff,
                meeting=meeting,
                title=meeting.title,
                kind=meeting.kind,
                start=meeting.start,
                end=meeting.end,
                place=meeting.place,
                users=users,
                institutions=institutions,
                outside="Prof. Dr. Ali Veli",
            )
        return {address: m for m in mailoutbox for address in m.to}

    # The unit head is taken off and the chief put on; nothing the calendar shows changed.
    sent = change([province.chief], [province.hospital, province.other_hospital])
    assert set(sent) == {province.unit_head.email, province.chief.email}  # the others are not e-mailed again
    removal = sent[province.unit_head.email]
    assert removal.subject.startswith("Katılımcılardan çıkarıldınız")
    part, calendar = _calendar_part(removal)
    event = _event(calendar)
    assert part.get_param("method") == "CANCEL" and str(event["uid"]) == f"meeting-{meeting.pk}@pressdesk"
    assert int(event["sequence"]) == 0  # the same SEQUENCE as the invitation it takes back
    invitation = sent[province.chief.email]
    assert _calendar_part(invitation)[0].get_param("method") == "REQUEST"
    assert invitations.send(meeting.pk, "REQUEST") == 0  # a retried task sends nothing twice

    # The unit head is put back: the cancellation was at this SEQUENCE, so only a higher one reaches them.
    sent = change([province.chief, province.unit_head], [province.hospital, province.other_hospital])
    assert province.unit_head.email in sent
    event = _event(_calendar_part(sent[province.unit_head.email])[1])
    assert int(event["sequence"]) == 1 and str(event["status"]) == "CONFIRMED"
    assert InvitationEmail.objects.filter(meeting=meeting, recipient=province.unit_head).count() == 3
