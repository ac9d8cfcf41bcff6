"""URL permissions of TV/radio requests (see ``pressdesk/testing/url_roles.py``).

The sample request belongs to the province's unit: its guest is the unit's
second member of staff, so the unit's roles and administrators open it and
everybody else (a hospital's press officer, a requester, another province) is
refused. Everyone opens the list (it shows only what they may see) and may
apply to take part in a programme; administrators do not apply.
"""

from __future__ import annotations

from typing import Any

from pressdesk.testing.url_roles import ADMIN, ALL, PUBLIC, SEES_UNIT_RECORD, UNIT, own_province

POLICY: dict[str, set[str] | str] = {
    "broadcast:list": ALL,
    "broadcast:create": own_province(UNIT),
    "broadcast:apply": ALL - ADMIN,
    "broadcast:briefing": own_province(UNIT),
    "broadcast:statistics": own_province(UNIT | ADMIN | {"affiliate_press"}),
    "broadcast:public_form": PUBLIC,
    "broadcast:public_confirm": PUBLIC,
    "broadcast:detail": SEES_UNIT_RECORD,
    "broadcast:edit": SEES_UNIT_RECORD,
    "broadcast:check": SEES_UNIT_RECORD,
    "broadcast:submit": SEES_UNIT_RECORD,
    "broadcast:decide": SEES_UNIT_RECORD,
    "broadcast:withdraw": SEES_UNIT_RECORD,
    "broadcast:letter": SEES_UNIT_RECORD,
    "broadcast:permit_sent": SEES_UNIT_RECORD,
    "broadcast:announce": SEES_UNIT_RECORD,
    "broadcast:aired": SEES_UNIT_RECORD,
    "broadcast:recording": SEES_UNIT_RECORD,
    "broadcast:calendar": ALL,
}


def sample_kwargs(province: Any, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from pressdesk.testing.broadcast import make_request

    request = make_request(province, programme=f"Sağlık Saati {world['marker']}", outlet=world["outlet"])
    one = {"pk": request.pk}
    lists = ("list", "calendar", "create", "apply", "briefing", "statistics", "public_form", "public_confirm")
    kwargs = {name: one for name in POLICY if name.split(":")[1] not in lists}
    kwargs["broadcast:public_confirm"] = {"token": f"yok-{world['marker']}"}
    return kwargs
