"""URL permissions of the public's voice (see ``pressdesk/testing/url_roles.py``).

The sample complaint belongs to the province's unit and is routed to
``province.other_hospital``: the ``affiliate_press`` role (press officer of
``province.hospital``) is refused it, like another province's staff; it opens
the list, which shows only what was routed to its own institution.
"""

from __future__ import annotations

from typing import Any

from pressdesk.testing.url_roles import ADMIN, SEES_UNIT_RECORD, UNIT, own_province

LISTS = own_province(UNIT | ADMIN | {"affiliate_press"})

POLICY: dict[str, set[str] | str] = {
    "publicvoice:list": LISTS,
    "publicvoice:statistics": LISTS,
    "publicvoice:export": LISTS,
    "publicvoice:mark": UNIT,  # the province's unit records voices (administrators do not)
    "publicvoice:detail": SEES_UNIT_RECORD,
    "publicvoice:route": SEES_UNIT_RECORD,
    "publicvoice:answer": SEES_UNIT_RECORD,
    "publicvoice:close": SEES_UNIT_RECORD,
}


def sample_kwargs(province: Any, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from django.utils import timezone

    from pressdesk.publicvoice.models import Voice

    voice = Voice.objects.create(
        story=world["story"],
        province=province.directorate,
        kind=Voice.Kind.COMPLAINT,
        status=Voice.Status.ROUTED,
        institution=province.other_hospital,
        summary=f"Randevu şikâyeti {world['marker']}",
        routed_at=timezone.now(),
        deadline=timezone.localdate(),
        created_by=province.staff,
    )
    story = {"pk": world["story"].pk}
    one = {"pk": voice.pk}
    return {
        "publicvoice:mark": story,
        "publicvoice:detail": one,
        "publicvoice:route": one,
        "publicvoice:answer": one,
        "publicvoice:close": one,
    }
