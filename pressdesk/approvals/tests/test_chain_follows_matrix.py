import pytest

from pressdesk.accounts.models import Role
from pressdesk.approvals import actions
from pressdesk.approvals.models import ApprovalFlow, ApprovalStep
from pressdesk.organizations.models import Process, Responsibility

pytestmark = pytest.mark.django_db


def test_submission_builds_initial_initial_signature_from_the_matrix(province, letter):
    flow = actions.submit(actor=province.staff, target=letter)
    steps = list(flow.steps.order_by("order"))
    assert [(s.role, s.kind) for s in steps] == [
        (Role.UNIT_HEAD, ApprovalStep.Kind.INITIAL),
        (Role.CHIEF, ApprovalStep.Kind.INITIAL),
        (Role.DIRECTOR, ApprovalStep.Kind.SIGNATURE),
    ]
    assert flow.status == ApprovalFlow.Status.IN_REVIEW
    assert steps[0].status == ApprovalStep.Status.CURRENT
    assert steps[0].due_at is not None


def test_walking_the_chain_approves_the_document(province, letter, chain):
    flow = actions.submit(actor=province.staff, target=letter)
    chain.to_signed(flow)
    assert flow.status == ApprovalFlow.Status.APPROVED
    assert [s.decided_by for s in flow.steps.order_by("order")] == [
        province.unit_head,
        province.chief,
        province.director,
    ]


def test_a_province_override_of_the_matrix_changes_the_chain(province, letter):
    process = Process.objects.get(code="3.2")
    Responsibility.objects.create(
        process=process, organization=province.directorate, control_1=Role.UNIT_HEAD, control_2=Role.DIRECTOR
    )
    flow = actions.submit(actor=province.staff, target=letter)
    assert [s.role for s in flow.steps.order_by("order")] == [Role.UNIT_HEAD, Role.DIRECTOR]


def test_only_the_author_submits(province, letter):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.submit(actor=province.staff2, target=letter)
