"""Issue 25 point 6 (3.9): the interview's journalist, questions received in advance and the
spokesperson are part of the agenda the chain approves; changing them after approval reopens it,
as changing an agenda item does. The published result alone leaves it approved."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pressdesk.approvals.models import ApprovalFlow
from pressdesk.events import afterwards
from pressdesk.events import agenda as agendas
from pressdesk.testing.events import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(province: Any) -> Any:
    return make_event(province, title="Aşı kampanyası röportajı", kind="interview")


def _slot(province: Any, event: Any, slot: Any = None, **changes: Any) -> Any:
    fields: dict[str, Any] = {
        "kind": "interview",
        "start": event.start + datetime.timedelta(minutes=30),
        "topic": "Aşı kampanyası",
        "journalist": "Ali Muhabir",
        "outlet": "Kocaeli TV",
        "questions": "1. Kaç kişi aşılandı?",
        "spokesperson": "İl Sağlık Müdürü",
    }
    fields.update(changes)
    return afterwards.save_slot(actor=province.staff, event=event, slot=slot, **fields)


def test_the_interview_slot_is_in_the_approved_content(
    province: Any, interview: Any, approve: Any, client: Any
) -> None:
    _slot(province, interview)
    agendas.add_item(actor=province.staff, event=interview, topic="Röportaj", minutes=20)
    flow = agendas.submit(actor=province.staff, event=interview)
    slots = flow.versions.get().content["slots"]
    assert [(s["journalist"], s["questions"], s["spokesperson"]) for s in slots] == [
        ("Ali Muhabir", "1. Kaç kişi aşılandı?", "İl Sağlık Müdürü")
    ]
    client.force_login(province.staff)
    preview = client.get(reverse("approvals:detail", args=[flow.pk])).content.decode()
    assert "Ali Muhabir" in preview and "Kaç kişi aşılandı?" in preview and "İl Sağlık Müdürü" in preview
    with pytest.raises(ValidationError):  # frozen while in the chain
        _slot(province, interview, interview.slots.get(), questions="2. Yeni soru")
    assert approve(flow).status == ApprovalFlow.Status.APPROVED
    assert agendas.is_approved(interview.agenda)


@pytest.mark.parametrize(
    "change",
    [
        {"journalist": "Veli Muhabir"},
        {"questions": "1. Kaç kişi aşılandı?\n2. Yan etkiler?"},
        {"spokesperson": "Halk Sağlığı Başkanı"},
    ],
)
def test_changing_the_interview_after_approval_reopens_the_agenda(
    province: Any, interview: Any, approve: Any, change: dict[str, str]
) -> None:
    slot = _slot(province, interview)
    agendas.add_item(actor=province.staff, event=interview, topic="Röportaj", minutes=20)
    flow = approve(agendas.submit(actor=province.staff, event=interview))
    approved_hash = flow.content_hash
    _slot(province, interview, slot, **change)
    flow.refresh_from_db()
    assert flow.status == ApprovalFlow.Status.RETURNED
    assert not agendas.is_approved(interview.agenda)
    flow = agendas.submit(actor=province.staff, event=interview)
    assert flow.content_hash != approved_hash and flow.version == 2


def test_adding_or_removing_an_interview_after_approval_reopens_and_the_result_link_does_not(
    province: Any, interview: Any, approve: Any
) -> None:
    slot = _slot(province, interview)
    agendas.add_item(actor=province.staff, event=interview, topic="Röportaj", minutes=20)
    flow = approve(agendas.submit(actor=province.staff, event=interview))
    _slot(province, interview, slot, result_url="https://haber.example.com/roportaj")
    flow.refresh_from_db()
    assert flow.status == ApprovalFlow.Status.APPROVED and agendas.is_approved(interview.agenda)

    afterwards.remove_slot(actor=province.staff, slot=slot)
    flow.refresh_from_db()
    assert flow.status == ApprovalFlow.Status.RETURNED
    flow = approve(agendas.submit(actor=province.staff, event=interview))
    _slot(province, interview, journalist="Veli Muhabir")
    flow.refresh_from_db()
    assert flow.status == ApprovalFlow.Status.RETURNED
