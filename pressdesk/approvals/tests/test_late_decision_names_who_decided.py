"""The second of two decisions on one step is told that the step was just decided, by whom and when."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from pressdesk.approvals import actions
from pressdesk.approvals.models import ApprovalDecision, Deputyship

pytestmark = pytest.mark.django_db

# 22:30 UTC is 01:30 the next day in Istanbul.
MOMENT = datetime.datetime(2026, 12, 5, 22, 30, tzinfo=datetime.UTC)


@pytest.fixture
def deputy(province):
    """The second staff member stands in for the unit head, so two people can take step 1."""
    Deputyship.objects.create(
        principal=province.unit_head,
        deputy=province.staff2,
        created_by=province.admin,
        starts_at=MOMENT - datetime.timedelta(days=1),
        ends_at=MOMENT + datetime.timedelta(days=1),
    )
    return province.staff2


@pytest.fixture
def flow(province, letter, time_machine):
    time_machine.move_to(MOMENT, tick=False)
    return actions.submit(actor=province.staff, target=letter)


def test_the_late_decision_says_who_initialled_the_step_and_when(province, flow, deputy):
    step = flow.current_step()
    actions.decide(actor=province.unit_head, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    with pytest.raises(actions.ApprovalError) as caught:
        actions.decide(actor=deputy, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash, step_id=step.pk)
    message = " ".join(caught.value.messages)
    assert "Mehmet Işık" in message
    assert "06.12.2026 01:30" in message
    assert "someone else" not in message
    assert ApprovalDecision.objects.filter(flow=flow, action="initialled").count() == 1


def test_a_late_return_is_told_the_same(province, flow, deputy):
    step = flow.current_step()
    actions.decide(actor=province.unit_head, flow_id=flow.pk, approve=False, seen_hash=flow.content_hash, comment="x")
    with pytest.raises(actions.ApprovalError) as caught:
        actions.decide(actor=deputy, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash, step_id=step.pk)
    assert "Mehmet Işık" in " ".join(caught.value.messages)


def test_without_the_step_the_latest_decision_the_actor_could_have_taken_is_named(province, flow, deputy):
    actions.decide(actor=province.unit_head, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    with pytest.raises(actions.ApprovalError) as caught:
        actions.decide(actor=deputy, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    assert "Mehmet Işık" in " ".join(caught.value.messages)


def test_someone_who_could_never_act_is_still_refused_plainly(province, flow):
    actions.decide(actor=province.unit_head, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    with pytest.raises(actions.PermissionDenied):
        actions.decide(actor=province.director, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)


def test_the_page_of_the_second_approver_shows_the_message_in_turkish(province, flow, deputy, login):
    second = login(deputy)
    second.defaults["HTTP_ACCEPT_LANGUAGE"] = "tr"
    page = second.get(reverse("approvals:detail", args=[flow.pk]))
    form = page.context["decision_form"]
    data = {"seen_hash": form.initial["seen_hash"], "step": form.initial["step"], "decision": "approve"}
    actions.decide(actor=province.unit_head, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    response = second.post(reverse("approvals:decide", args=[flow.pk]), data)
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "az önce" in message and "Mehmet Işık" in message and "06.12.2026 01:30" in message
    assert timezone.now() == MOMENT
