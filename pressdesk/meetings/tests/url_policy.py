"""URL permissions of the director's office (see ``pressdesk/testing/url_roles.py``).

The sample meeting is an open coordination meeting of the province's unit, with
the director and ``province.other_hospital`` taking part: the unit's roles and
administrators open it, the ``affiliate_press`` role (press officer of
``province.hospital``, not a participant) is refused it like another province's
users. The sample decision is owned by ``province.other_hospital``.
"""

from __future__ import annotations

from typing import Any

from pressdesk.testing.url_roles import ADMIN, ALL, PUBLIC, SEES_UNIT_RECORD, UNIT, own_province

POLICY: dict[str, set[str] | str] = {
    "meetings:list": ALL,  # each sees only the meetings they may read
    "meetings:create": own_province(UNIT),
    "meetings:agenda": own_province(UNIT),
    "meetings:statistics": own_province(UNIT),
    "meetings:activity_report": own_province(UNIT),
    "meetings:ical": ALL,  # one's own agenda
    "meetings:feed_settings": ALL,  # one's own feed address
    "meetings:feed": PUBLIC,  # a calendar application with the secret address
    "meetings:decisions": ALL,
    "meetings:decision": SEES_UNIT_RECORD,
    "meetings:decision_progress": SEES_UNIT_RECORD,
    "meetings:checklist_item": SEES_UNIT_RECORD,
    "meetings:request_decide": SEES_UNIT_RECORD,
    "meetings:request_move": SEES_UNIT_RECORD,
    "meetings:request_attachment": SEES_UNIT_RECORD,
    "meetings:minutes_docx": SEES_UNIT_RECORD,
    "meetings:minutes_pdf": SEES_UNIT_RECORD,
    "meetings:rooms": own_province(UNIT | ADMIN),
    "meetings:room": SEES_UNIT_RECORD,
    "meetings:room_test": UNIT,
    "meetings:fault_resolve": UNIT,
    "meetings:detail": SEES_UNIT_RECORD,
    "meetings:edit": SEES_UNIT_RECORD,
    "meetings:cancel": SEES_UNIT_RECORD,
    "meetings:request": SEES_UNIT_RECORD,
    "meetings:agenda_approve": SEES_UNIT_RECORD,  # the view lets only the chair (the director) through
    "meetings:meeting_ics": SEES_UNIT_RECORD,
    "meetings:minutes": SEES_UNIT_RECORD,
    "meetings:decision_add": SEES_UNIT_RECORD,
    "meetings:minutes_submit": SEES_UNIT_RECORD,
    "meetings:minutes_correct": SEES_UNIT_RECORD,
    "meetings:letter_notice": SEES_UNIT_RECORD,
    "meetings:letter_decisions": SEES_UNIT_RECORD,
}


def sample_kwargs(province: Any, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pressdesk.meetings.models import Minutes, VtcFault
    from pressdesk.testing.meetings import make_decision, make_meeting, make_request, make_room

    marker = world["marker"]
    meeting = make_meeting(province, title=f"Koordinasyon {marker}")
    item = make_request(meeting, province.staff, topic=f"Gündem {marker}")
    item.attachment = SimpleUploadedFile("ek.pdf", b"%PDF-1.4 ek")
    item.save()
    decision = make_decision(meeting, province.other_hospital, province.staff, text=f"Karar {marker}")
    minutes = Minutes.objects.create(meeting=meeting, organization=meeting.organization, created_by=province.staff)
    room = make_room(province, name=f"VTC {marker}")
    fault = VtcFault.objects.create(room=room, description=f"Ses yok {marker}")
    one = {"pk": meeting.pk}
    return {
        "meetings:feed": {"token": f"bilinmeyen-{marker}"},
        "meetings:detail": one,
        "meetings:edit": one,
        "meetings:cancel": one,
        "meetings:request": one,
        "meetings:agenda_approve": one,
        "meetings:meeting_ics": one,
        "meetings:minutes": one,
        "meetings:decision_add": one,
        "meetings:minutes_submit": one,
        "meetings:minutes_correct": one,
        "meetings:letter_notice": one,
        "meetings:letter_decisions": one,
        "meetings:decision": {"pk": decision.pk},
        "meetings:decision_progress": {"pk": decision.pk},
        "meetings:checklist_item": {"pk": meeting.checklist.create(label=f"Salon {marker}").pk},
        "meetings:request_decide": {"pk": item.pk},
        "meetings:request_move": {"pk": item.pk},
        "meetings:request_attachment": {"pk": item.pk},
        "meetings:minutes_docx": {"pk": minutes.pk},
        "meetings:minutes_pdf": {"pk": minutes.pk},
        "meetings:room": {"pk": room.pk},
        "meetings:room_test": {"pk": room.pk},
        "meetings:fault_resolve": {"pk": fault.pk},
    }
