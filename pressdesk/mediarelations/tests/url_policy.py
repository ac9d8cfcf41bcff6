"""URL permissions of media relations (see ``pressdesk/testing/url_roles.py``).

The province's press unit keeps the media contacts; an institution's press
officer keeps their own institution's contacts and sees those the unit shares;
administrators read. Requesters are refused. The privacy notice and the signed
unsubscribe link are public.
"""

from __future__ import annotations

from typing import Any

from pressdesk.testing.url_roles import ADMIN, PUBLIC, SEES_UNIT_RECORD, UNIT, own_province

USERS = UNIT | {"affiliate_press"}
LISTS = own_province(USERS | ADMIN)
KEEPS = own_province(USERS)
# The sample contact is kept by the first province's hospital: its press officer and the unit edit it.
EDITS = {"staff", "unit_head", "chief", "director", "affiliate_press"}

POLICY: dict[str, set[str] | str] = {
    "mediarelations:contacts": LISTS,
    "mediarelations:lists": LISTS,
    "mediarelations:export": LISTS,
    "mediarelations:contact_create": KEEPS,
    "mediarelations:import": KEEPS,
    "mediarelations:duplicates": KEEPS,
    "mediarelations:privacy": PUBLIC,
    "mediarelations:unsubscribe": PUBLIC,
    "mediarelations:contact": EDITS | ADMIN,
    "mediarelations:contact_edit": EDITS,
    "mediarelations:log": EDITS,
    "mediarelations:membership": EDITS,
    "mediarelations:erase": EDITS,
    # Bulletins and statements: the sample is the unit's, sent; a press officer sees only their own.
    "mediarelations:releases": LISTS,
    "mediarelations:report": LISTS,
    "mediarelations:report_export": LISTS,
    "mediarelations:report_pdf": LISTS,
    "mediarelations:release_report_pdf": SEES_UNIT_RECORD,
    "mediarelations:release_create": KEEPS,
    "mediarelations:release": SEES_UNIT_RECORD,
    "mediarelations:release_pick": UNIT,
    "mediarelations:release_item_add": UNIT,
    "mediarelations:release_item_remove": UNIT,
    "mediarelations:release_item_photo": UNIT,
    "mediarelations:release_submit": UNIT,
    "mediarelations:release_send": UNIT,
    "mediarelations:delivery_resend": UNIT,
    "mediarelations:delivery_bounced": UNIT,
    "mediarelations:coverage_add": UNIT,
    "mediarelations:coverage_remove": UNIT,
    "mediarelations:public_bulletin": PUBLIC,
    "mediarelations:public_bulletins": PUBLIC,
    "mediarelations:kit": PUBLIC,
}


def sample_kwargs(province: Any, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from pressdesk.mediarelations.actions import unsubscribe_token
    from pressdesk.mediarelations.models import MediaContact

    marker = world["marker"]
    contact = MediaContact.objects.create(
        province=province.directorate,
        organization=province.hospital,
        name=f"Muhabir {marker}",
        outlet=world["outlet"],
        email=f"muhabir-{marker}@example.com".lower().replace(" ", ""),
    )
    one = {"pk": contact.pk}
    from django.utils import timezone

    from pressdesk.mediarelations.mail import kit_token
    from pressdesk.mediarelations.models import Coverage, Delivery, Release, ReleaseItem

    release = Release.objects.create(
        province=province.directorate,
        organization=province.unit,
        title=f"Basın bülteni {marker}",
        status=Release.Status.SENT,
        sent_at=timezone.now(),
        created_by=province.staff,
    )
    item = ReleaseItem.objects.create(release=release, title=f"Haber {marker}", text="Metin")
    delivery = Delivery.objects.create(release=release, contact=contact, name=contact.name, email=contact.email)
    coverage = Coverage.objects.create(release=release, item=world["item"], similarity=0.9)
    rel = {"pk": release.pk}
    return {
        **{
            f"mediarelations:{name}": rel
            for name in (
                "release",
                "release_report_pdf",
                "release_pick",
                "release_item_add",
                "release_submit",
                "release_send",
                "coverage_add",
                "public_bulletin",
            )
        },
        "mediarelations:release_item_remove": {"pk": release.pk, "item_pk": item.pk},
        "mediarelations:release_item_photo": {"pk": release.pk, "item_pk": item.pk},
        "mediarelations:delivery_resend": {"pk": release.pk, "delivery_pk": delivery.pk},
        "mediarelations:delivery_bounced": {"pk": release.pk, "delivery_pk": delivery.pk},
        "mediarelations:coverage_remove": {"pk": release.pk, "coverage_pk": coverage.pk},
        "mediarelations:kit": {"token": kit_token(release)},
        "mediarelations:unsubscribe": {"token": unsubscribe_token(contact)},
        **{f"mediarelations:{name}": one for name in ("contact", "contact_edit", "log", "membership", "erase")},
    }
