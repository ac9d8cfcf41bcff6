"""URL permissions of the holiday calendar (see ``pressdesk/testing/url_roles.py``)."""

from __future__ import annotations

from typing import Any

from pressdesk.testing.url_roles import ADMIN, ALL

POLICY: dict[str, set[str] | str] = {
    "workdays:list": ALL,  # everyone may read the calendar and count a deadline
    "workdays:create": ADMIN,
    "workdays:edit": ADMIN,
    "workdays:delete": ADMIN,
}


def sample_kwargs(province: Any, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    import datetime

    from pressdesk.workdays.models import Holiday

    holiday, _created = Holiday.objects.get_or_create(
        date=datetime.date(2031, 1, 1), defaults={"name": "Yılbaşı", "kind": Holiday.Kind.NATIONAL}
    )
    return {"workdays:edit": {"pk": holiday.pk}, "workdays:delete": {"pk": holiday.pk}}
