"""URL permissions of events (see ``pressdesk/testing/url_roles.py``).

The sample event is the province unit's hospital opening with the director attending: the unit's
roles and administrators open it; the hospital's press officer and the requester are refused it
like another province's users. The answer page is public: its token is the key.
"""

from __future__ import annotations

from typing import Any

from pressdesk.testing.url_roles import ALL, PUBLIC, SEES_UNIT_RECORD, UNIT, own_province

POLICY: dict[str, set[str] | str] = {
    "events:calendar": ALL,  # each sees the events they may read
    "events:create": own_province(UNIT),
    "events:halls": own_province(UNIT),
    "events:rsvp": PUBLIC,
    "events:item_update": SEES_UNIT_RECORD,
    "events:item_design": SEES_UNIT_RECORD,
    "events:vehicle_assign": SEES_UNIT_RECORD,
    "events:checkin": SEES_UNIT_RECORD,
    "events:vehicle_print": SEES_UNIT_RECORD,
    "events:detail": SEES_UNIT_RECORD,
    "events:edit": SEES_UNIT_RECORD,
    "events:cancel": SEES_UNIT_RECORD,
    "events:item_add": SEES_UNIT_RECORD,
    "events:seat_add": SEES_UNIT_RECORD,
    "events:run_sheet": SEES_UNIT_RECORD,
    "events:invitee_add": SEES_UNIT_RECORD,
    "events:media_list_add": SEES_UNIT_RECORD,
    "events:invitation_text": SEES_UNIT_RECORD,
    "events:invitations_send": SEES_UNIT_RECORD,
    "events:rsvp_list": SEES_UNIT_RECORD,
    "events:vehicle_add": SEES_UNIT_RECORD,
    "events:checkin_list": SEES_UNIT_RECORD,
    "events:invitations_sms": SEES_UNIT_RECORD,
    "events:slot_add": SEES_UNIT_RECORD,
    "events:slot_update": SEES_UNIT_RECORD,
    "events:afterwards_save": SEES_UNIT_RECORD,
    "events:photo_add": SEES_UNIT_RECORD,
    "events:photo_pick": SEES_UNIT_RECORD,
    "events:photo_update": SEES_UNIT_RECORD,
    "events:story_draft": SEES_UNIT_RECORD,
    "events:press_kit_send": SEES_UNIT_RECORD,
    "events:coverage_add": SEES_UNIT_RECORD,
    "events:coverage_remove": SEES_UNIT_RECORD,
    "events:report_pdf": SEES_UNIT_RECORD,
    "events:agenda_item_add": SEES_UNIT_RECORD,
    "events:agenda_item_move": SEES_UNIT_RECORD,
    "events:agenda_item_remove": SEES_UNIT_RECORD,
    "events:agenda_document_add": SEES_UNIT_RECORD,
    "events:agenda_document": SEES_UNIT_RECORD,
    "events:agenda_document_remove": SEES_UNIT_RECORD,
    "events:agenda_submit": SEES_UNIT_RECORD,
    "events:agenda_print": SEES_UNIT_RECORD,
    "events:press_kit": PUBLIC,  # its key is the only key
    "events:press_kit_photo": PUBLIC,
}


def sample_kwargs(province: Any, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from pressdesk.testing.events import make_event, make_event_photo

    marker = world["marker"]
    event = make_event(province, title=f"Açılış {marker}")
    item = event.checklist.create(label=f"Salon {marker}")
    invitee = event.invitees.create(name=f"Muhabir {marker}", email="muhabir@example.com")
    vehicle = event.vehicles.create(
        name=f"Minibüs {marker}", capacity=10, departure_point="Müdürlük", departure_at=event.start
    )
    slot = event.slots.create(kind="interview", start=event.start, topic=f"Röportaj {marker}", journalist="Ali")
    photo = make_event_photo(province, event)
    one = {"pk": event.pk}
    conference = make_event(province, title=f"Basın toplantısı {marker}", kind="press_conference")
    agenda = _agenda(conference, marker)
    conference_one = {"pk": conference.pk}
    return {
        "events:rsvp": {"token": f"bilinmeyen-{marker}"},
        "events:item_update": {"pk": item.pk},
        "events:item_design": {"pk": item.pk},
        "events:vehicle_assign": {"pk": invitee.pk},
        "events:checkin": {"pk": invitee.pk},
        "events:vehicle_print": {"pk": vehicle.pk},
        "events:detail": one,
        "events:edit": one,
        "events:cancel": one,
        "events:item_add": one,
        "events:seat_add": one,
        "events:run_sheet": one,
        "events:invitee_add": one,
        "events:media_list_add": one,
        "events:invitation_text": one,
        "events:invitations_send": one,
        "events:rsvp_list": one,
        "events:vehicle_add": one,
        "events:checkin_list": one,
        "events:invitations_sms": one,
        "events:slot_add": one,
        "events:slot_update": {"pk": slot.pk},
        "events:afterwards_save": one,
        "events:photo_add": one,
        "events:photo_pick": one,
        "events:photo_update": {"pk": photo.pk},
        "events:story_draft": one,
        "events:press_kit_send": one,
        "events:coverage_add": one,
        "events:coverage_remove": {"pk": event.pk, "item_pk": world["item"].pk},  # a monitored item of the province
        "events:report_pdf": one,
        "events:agenda_item_add": conference_one,
        "events:agenda_item_move": {"pk": agenda.items.get().pk},
        "events:agenda_item_remove": {"pk": agenda.items.get().pk},
        "events:agenda_document_add": conference_one,
        "events:agenda_document": {"pk": agenda.documents.get().pk},
        "events:agenda_document_remove": {"pk": agenda.documents.get().pk},
        "events:agenda_submit": conference_one,
        "events:agenda_print": conference_one,
        "events:press_kit": {"key": f"bilinmeyen-{marker}"},
        "events:press_kit_photo": {"key": f"bilinmeyen-{marker}", "photo": photo.pk},
    }


def _agenda(event: Any, marker: str) -> Any:
    from django.core.files.base import ContentFile

    from pressdesk.events.models import Agenda

    agenda = Agenda.objects.create(event=event, organization=event.organization, created_by=event.created_by)
    agenda.items.create(position=1, topic=f"Gündem {marker}", speaker="Müdür", minutes=10)
    agenda.documents.create(
        name="bilgi.pdf",
        file=ContentFile(b"%PDF-1.4 test", name="bilgi.pdf"),
        sha256="0" * 64,
        uploaded_by=event.created_by,
    )
    return agenda
