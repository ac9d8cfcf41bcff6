from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from pressdesk.approvals import actions as approval_actions
from pressdesk.meetings import actions


@pytest.fixture
def detsis(province: Any) -> None:
    """The directorate's DETSİS number, which letters drafted from a meeting need."""
    province.directorate.detsis_no = "12345678"
    province.directorate.save(update_fields=["detsis_no"])


@pytest.fixture
def plan(province: Any) -> Any:
    """``plan(**overrides)``: a meeting planned by the unit's staff, the other hospital taking part."""

    def _plan(**overrides: Any) -> Any:
        start = timezone.now() + datetime.timedelta(days=5)
        fields: dict[str, Any] = {
            "title": "Hastanelerle koordinasyon toplantısı",
            "kind": "coordination",
            "start": start,
            "end": start + datetime.timedelta(hours=2),
            "place": "Müdürlük toplantı salonu",
            "users": [province.unit_head],
            "institutions": [province.hospital, province.other_hospital],
            "outside": "Prof. Dr. Ali Veli",
        }
        fields.update(overrides)
        return actions.create_meeting(actor=province.staff, **fields)

    return _plan


@pytest.fixture
def sign(province: Any) -> Any:
    """``sign(flow)``: the 3.15 chain (unit head, chief, director) approves the submitted flow."""

    def _sign(flow: Any) -> Any:
        for user in (province.unit_head, province.chief, province.director):
            flow.refresh_from_db()
            approval_actions.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
        flow.refresh_from_db()
        return flow

    return _sign
