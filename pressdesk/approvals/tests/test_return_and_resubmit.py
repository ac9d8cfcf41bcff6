import pytest

from pressdesk.approvals import actions
from pressdesk.approvals.models import ApprovalDecision, ApprovalFlow, ApprovalStep

pytestmark = pytest.mark.django_db


def test_return_goes_back_to_the_author_with_the_comment(province, letter, chain, django_capture_on_commit_callbacks):
    flow = actions.submit(actor=province.staff, target=letter)
    chain.approve(flow, province.unit_head)
    with django_capture_on_commit_callbacks(execute=True):
        chain.ret(flow, province.chief, "Konu satırını kısaltınız")
    flow.refresh_from_db()
    assert flow.status == ApprovalFlow.Status.RETURNED
    decision = flow.decisions.get(action=ApprovalDecision.Action.RETURNED)
    assert decision.comment == "Konu satırını kısaltınız"
    assert province.staff.notifications.filter(kind="approval_returned").exists()


def test_returning_needs_a_comment(province, letter, chain):
    flow = actions.submit(actor=province.staff, target=letter)
    with pytest.raises(actions.ApprovalError):
        chain.ret(flow, province.unit_head, "   ")
    flow.refresh_from_db()
    assert flow.status == ApprovalFlow.Status.IN_REVIEW


def test_editing_after_an_initial_invalidates_it_and_asks_again(province, letter, chain):
    flow = actions.submit(actor=province.staff, target=letter)
    chain.approve(flow, province.unit_head)
    chain.ret(flow, province.chief)
    letter.subject = "Bilgi notu talebi (düzeltilmiş)"
    letter.save()
    flow = actions.submit(actor=province.staff, target=letter)
    first = flow.steps.get(order=1)
    assert first.status == ApprovalStep.Status.CURRENT  # the unit head is asked again
    assert flow.version == 2
    assert flow.decisions.filter(action=ApprovalDecision.Action.INVALIDATED).count() == 1
    # History keeps both initials once re-approved.
    chain.approve(flow, province.unit_head)
    assert flow.decisions.filter(action=ApprovalDecision.Action.INITIALLED, actor=province.unit_head).count() == 2


def test_resubmitting_unchanged_content_keeps_earlier_initials(province, letter, chain):
    flow = actions.submit(actor=province.staff, target=letter)
    chain.approve(flow, province.unit_head)
    chain.ret(flow, province.chief)
    flow = actions.submit(actor=province.staff, target=letter)
    assert flow.steps.get(order=1).status == ApprovalStep.Status.DONE
    assert flow.steps.get(order=2).status == ApprovalStep.Status.CURRENT
    assert flow.version == 1


def test_approving_a_stale_version_is_refused(province, letter):
    flow = actions.submit(actor=province.staff, target=letter)
    with pytest.raises(actions.ApprovalError) as info:
        actions.decide(actor=province.unit_head, flow_id=flow.pk, approve=True, seen_hash="0" * 64)
    assert "değişti" in str(info.value)  # the Turkish message, the default language
    assert flow.steps.get(order=1).status == ApprovalStep.Status.CURRENT


def test_a_document_in_review_cannot_be_resubmitted(province, letter):
    actions.submit(actor=province.staff, target=letter)
    with pytest.raises(actions.ApprovalError):
        actions.submit(actor=province.staff, target=letter)


def test_double_click_records_one_decision(province, letter, chain):
    flow = actions.submit(actor=province.staff, target=letter)
    seen = flow.content_hash
    actions.decide(actor=province.unit_head, flow_id=flow.pk, approve=True, seen_hash=seen)
    with pytest.raises((actions.ApprovalError, Exception)):
        actions.decide(actor=province.unit_head, flow_id=flow.pk, approve=True, seen_hash=seen)
    assert flow.decisions.filter(action=ApprovalDecision.Action.INITIALLED).count() == 1
