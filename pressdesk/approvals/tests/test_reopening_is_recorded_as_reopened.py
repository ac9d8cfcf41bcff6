"""Reopening an approved document is its own act in the history, not a withdrawal."""

import pytest
from django.urls import reverse

from pressdesk.approvals import actions
from pressdesk.approvals.models import ApprovalDecision, ApprovalFlow

pytestmark = pytest.mark.django_db


def test_reopening_an_approved_flow_records_a_reopened_decision_with_the_reason(province, letter, chain):
    flow = chain.to_signed(actions.submit(actor=province.staff, target=letter))
    assert flow.status == ApprovalFlow.Status.APPROVED
    actions.reopen(actor=province.staff, flow=flow, comment="Hasta sayısı düzeltilecek")
    flow.refresh_from_db()
    assert flow.status == ApprovalFlow.Status.RETURNED
    last = flow.decisions.order_by("-created_at", "-pk").first()
    assert last.action == ApprovalDecision.Action.REOPENED
    assert last.actor == province.staff and last.comment == "Hasta sayısı düzeltilecek"
    assert not flow.decisions.filter(action=ApprovalDecision.Action.WITHDRAWN).exists()


def test_withdrawing_is_still_recorded_as_withdrawn(province, letter):
    flow = actions.submit(actor=province.staff, target=letter)
    actions.withdraw(actor=province.staff, flow=flow)
    assert flow.decisions.filter(action=ApprovalDecision.Action.WITHDRAWN, actor=province.staff).count() == 1


def test_the_history_shows_the_reopening_in_words(province, letter, chain, login):
    flow = chain.to_signed(actions.submit(actor=province.staff, target=letter))
    actions.reopen(actor=province.staff, flow=flow, comment="Düzeltme")
    client = login(province.staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "tr"
    body = client.get(reverse("approvals:detail", args=[flow.pk])).content.decode()
    assert "Yeni sürüm için yeniden açıldı" in body
