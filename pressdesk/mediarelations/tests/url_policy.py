"""URL permissions of media relations (see ``pressdesk/testing/url_roles.py``).

The province's press unit keeps the media contacts; an institution's press
officer keeps their own institution's contacts and sees those the unit shares;
administrators read. Requesters are refused. The privacy notice and the signed
unsubscribe link are public.
"""

from __future__ import annotations

from typing import Any

from pressdesk.testing.url_roles import ADMIN, PUBLIC, UNIT, own_province

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
    return {
        "mediarelations:unsubscribe": {"token": unsubscribe_token(contact)},
        **{f"mediarelations:{name}": one for name in ("contact", "contact_edit", "log", "membership", "erase")},
    }
