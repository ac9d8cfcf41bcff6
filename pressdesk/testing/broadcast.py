"""A TV/radio request for tests of the broadcast app and the URL walk."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from pressdesk.broadcast.models import BroadcastEvent, BroadcastRequest
from pressdesk.monitoring.models import Outlet


def make_outlet(name: str = "Kocaeli TV") -> Outlet:
    return Outlet.objects.get_or_create(name=name, defaults={"kind": Outlet.Kind.TV})[0]


def make_request(province: Any, **overrides: Any) -> BroadcastRequest:
    """A channel's request just received, entered by the unit's staff, its guest the unit's second staff member."""
    guest = overrides.pop("guest", province.staff2)
    fields: dict[str, Any] = {
        "outlet": overrides.pop("outlet", None) or make_outlet(),
        "programme": "Sağlık Saati",
        "kind": BroadcastRequest.Kind.LIVE,
        "topic": "Kış aylarında grip aşısı",
        "starts_at": timezone.now() + datetime.timedelta(days=3),
        "duration_minutes": 60,
        "place": "Stüdyo",
        "guest": guest,
        "organization": guest.organization,
        "requester_name": "Yapımcı",
        "created_by": province.staff,
    }
    fields.update(overrides)
    request = BroadcastRequest.objects.create(**fields)
    BroadcastEvent.objects.create(request=request, kind=BroadcastEvent.Kind.RECEIVED, actor=fields["created_by"])
    return request
