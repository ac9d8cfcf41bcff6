"""Demo of TV and radio: a channel's request just received, and a staff member's application
approved through her line of command (on the agenda, reminders due)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from pressdesk.broadcast import actions
from pressdesk.broadcast.models import BroadcastRequest
from pressdesk.demo.common import Orgs, Users, approve_through_chain


def _at(days: int, hour: int) -> datetime.datetime:
    return (timezone.localtime() + datetime.timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def seed(users: Users, orgs: Orgs) -> None:
    if BroadcastRequest.objects.exists():
        return
    staff = users["calisan"]
    actions.create_request(
        actor=staff,
        outlet=None,
        new_outlet="Kocaeli TV",
        new_outlet_kind="tv",
        programme="Sağlıklı Yaşam",
        kind=BroadcastRequest.Kind.LIVE,
        topic="Kış aylarında grip ve aşı",
        questions="Grip aşısı kimlere öneriliyor?\nAile hekimlerinde aşı var mı?",
        starts_at=_at(4, 20),
        duration_minutes=60,
        place="Kocaeli TV stüdyosu, İzmit",
        guest=users["sorumlu"],
        requester_name="Kocaeli TV Haber Müdürlüğü",
        requester_phone="0 (262) 000 00 01",
        requester_email="haber@kocaelitv.example",
    )
    application = actions.create_request(
        actor=staff,
        origin=BroadcastRequest.Origin.APPLICATION,
        outlet=None,
        new_outlet="Radyo Körfez",
        new_outlet_kind="radio",
        programme="Sabah Sohbeti",
        kind=BroadcastRequest.Kind.PHONE,
        topic="Sağlıklı beslenme haftası",
        starts_at=_at(2, 9),
        duration_minutes=20,
    )
    actions.check_request(actor=users["sorumlu"], request=application)
    flow = actions.submit_request(actor=users["sorumlu"], request=application)
    approve_through_chain(flow)
    actions.catch_up_with_approval(request=application)
