"""Two approvers at the same moment leave one consistent decision (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from pressdesk.approvals import actions
from pressdesk.approvals.models import ApprovalDecision, ExternalApproval

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(fn, n=2):
    barrier = threading.Barrier(n)
    results: list[object] = []

    def run():
        barrier.wait()
        try:
            results.append(fn())
        except Exception as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_double_click_on_initial_records_one_decision(province, letter):
    flow = actions.submit(actor=province.staff, target=letter)
    seen = flow.content_hash
    results = _race(lambda: actions.decide(actor=province.unit_head, flow_id=flow.pk, approve=True, seen_hash=seen))
    assert sum(isinstance(r, actions.Decision) for r in results) == 1
    assert ApprovalDecision.objects.filter(flow=flow, action="initialled").count() == 1


def test_approve_and_return_at_the_same_moment_leave_one_outcome(province, letter):
    import datetime

    from django.utils import timezone

    from pressdesk.approvals.models import Deputyship

    Deputyship.objects.create(
        principal=province.unit_head,
        deputy=province.staff2,
        created_by=province.admin,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    flow = actions.submit(actor=province.staff, target=letter)
    seen = flow.content_hash
    calls = iter(
        [
            lambda: actions.decide(actor=province.unit_head, flow_id=flow.pk, approve=True, seen_hash=seen),
            lambda: actions.decide(
                actor=province.staff2, flow_id=flow.pk, approve=False, seen_hash=seen, comment="hayır"
            ),
        ]
    )
    lock = threading.Lock()

    def one():
        with lock:
            fn = next(calls)
        return fn()

    results = _race(one)
    assert sum(isinstance(r, actions.Decision) for r in results) == 1
    decisions = ApprovalDecision.objects.filter(flow=flow, action__in=["initialled", "returned"])
    assert decisions.count() == 1


def test_a_replayed_external_link_decides_once(province, letter):
    flow = actions.submit(actor=province.staff, target=letter, needs_external=True)
    for user in (province.unit_head, province.chief, province.director):
        flow.refresh_from_db()
        actions.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    flow.refresh_from_db()
    [(_external, token)] = actions.send_external(
        actor=province.staff, flow=flow, targets=[actions.ExternalTarget(province.ministry_press, "b@example.gov.tr")]
    )
    results = _race(
        lambda: actions.answer_external_link(token=token, approve=True, comment="", answered_by="A", ip_address=None),
        n=3,
    )
    assert sum(isinstance(r, ExternalApproval) for r in results) == 1
    assert ApprovalDecision.objects.filter(flow=flow, action="external_approved").count() == 1


def test_the_loser_of_two_simultaneous_initials_is_told_who_initialled(province, letter):
    import datetime

    from django.utils import timezone

    from pressdesk.approvals.models import Deputyship

    Deputyship.objects.create(
        principal=province.unit_head,
        deputy=province.staff2,
        created_by=province.admin,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    flow = actions.submit(actor=province.staff, target=letter)
    seen, step_id = flow.content_hash, flow.current_step().pk
    actors = iter([province.unit_head, province.staff2])
    lock = threading.Lock()

    def one():
        with lock:
            actor = next(actors)
        return actions.decide(actor=actor, flow_id=flow.pk, approve=True, seen_hash=seen, step_id=step_id)

    results = _race(one)
    [winner] = [r for r in results if isinstance(r, actions.Decision)]
    [loser] = [r for r in results if isinstance(r, actions.ApprovalError)]
    decision = ApprovalDecision.objects.get(flow=flow, action="initialled")
    assert decision.actor_name in " ".join(loser.messages)
    assert "someone else" not in " ".join(loser.messages)
    assert winner.step.pk == step_id
