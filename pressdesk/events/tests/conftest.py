from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from pressdesk.approvals import actions as approval_actions
from pressdesk.events import actions
from pressdesk.testing.events import make_hall


@pytest.fixture
def hall(province: Any) -> Any:
    return make_hall(province)


@pytest.fixture
def plan(province: Any, hall: Any) -> Any:
    """``plan(**overrides)``: a hospital opening planned by the unit's staff, the director attending."""

    def _plan(**overrides: Any) -> Any:
        start = timezone.now() + datetime.timedelta(days=5)
        fields: dict[str, Any] = {
            "kind": "opening",
            "title": "Kocaeli Şehir Hastanesi Göz Kliniği açılışı",
            "start": start,
            "end": start + datetime.timedelta(hours=2),
            "hall": hall,
            "attendees": [province.director, province.unit_head],
            "institution": province.hospital,
            "expected_press": "Yerel basın, 2 televizyon",
        }
        fields.update(overrides)
        return actions.create_event(actor=province.staff, **fields)

    return _plan


@pytest.fixture
def approve() -> Any:
    """``approve(flow)``: every step of the chain approves."""

    def _approve(flow: Any) -> Any:
        for _i in range(10):
            flow.refresh_from_db()
            step = flow.current_step()
            if step is None:
                break
            user = approval_actions.eligible_users(flow, step)[0]
            approval_actions.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
        flow.refresh_from_db()
        return flow

    return _approve


@pytest.fixture
def invited(province: Any, plan: Any, approve: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """An event whose approved invitation went to two journalists; returns (event, {name: token})."""
    import re

    from django.core import mail

    event = plan()
    for name, email in (("Ali Muhabir", "ali@example.com"), ("Veli Kameraman", "veli@example.com")):
        actions.add_invitee(actor=province.staff, event=event, name=name, email=email, outlet_name="Kocaeli TV")
    actions.save_invitation_text(
        actor=province.staff, event=event, text="Açılışımıza davetlisiniz.", note="Otopark girişi B kapısı."
    )
    event.refresh_from_db()
    flow = approve(actions.submit_invitation(actor=province.staff, event=event))
    assert flow.status == "approved"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        queued, _missing = actions.send_invitations(actor=province.staff, event=event)
    assert queued == 2
    tokens = {}
    for message in mail.outbox:
        match = re.search(r"/events/rsvp/([^/\s]+)/", message.body)
        assert match
        tokens[message.to[0]] = match.group(1)
    return event, tokens
