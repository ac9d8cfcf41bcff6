import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pressdesk.accounts.models import Role
from pressdesk.approvals import actions
from pressdesk.approvals.models import ApprovalStep
from pressdesk.testing.factories import UserFactory
from pressdesk.testing.letters import make_letter

pytestmark = pytest.mark.django_db


def test_only_the_holder_of_the_step_role_can_act(province, letter, chain):
    flow = actions.submit(actor=province.staff, target=letter)
    for wrong in (province.staff2, province.chief, province.director, province.affiliate, province.admin):
        with pytest.raises(PermissionDenied):
            chain.approve(flow, wrong)
    chain.approve(flow, province.unit_head)


def test_a_chief_of_another_presidency_cannot_initial(province, letter, chain):
    other_chief = UserFactory(username="baskan2", role=Role.CHIEF, organization=province.other_presidency)
    flow = actions.submit(actor=province.staff, target=letter)
    chain.approve(flow, province.unit_head)
    with pytest.raises(PermissionDenied):
        chain.approve(flow, other_chief)


def test_another_provinces_director_cannot_sign(province, letter, chain):
    other_director = UserFactory(username="mudur2", role=Role.DIRECTOR, organization=province.other_directorate)
    flow = actions.submit(actor=province.staff, target=letter)
    chain.approve(flow, province.unit_head)
    chain.approve(flow, province.chief)
    with pytest.raises(PermissionDenied):
        chain.approve(flow, other_director)


def test_an_approver_cannot_approve_their_own_document(province, chain):
    letter = make_letter(province, author=province.unit_head)
    flow = actions.submit(actor=province.unit_head, target=letter)
    with pytest.raises(PermissionDenied):
        chain.approve(flow, province.unit_head)


def test_a_deputy_signs_as_v_during_the_period_only(province, letter, chain):
    now = timezone.now()
    actions.set_deputy(
        actor=province.director,
        principal=province.director,
        deputy=province.chief,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(days=1),
    )
    flow = actions.submit(actor=province.staff, target=letter)
    chain.approve(flow, province.unit_head)
    chain.approve(flow, province.chief)
    result = chain.approve(flow, province.chief)  # now acting for the director
    assert result.step.kind == ApprovalStep.Kind.SIGNATURE
    assert result.step.as_deputy is True
    assert flow.decisions.filter(action="signed", as_deputy=True).exists()


def test_an_expired_deputyship_gives_no_right(province, letter, chain):
    now = timezone.now()
    actions.set_deputy(
        actor=province.admin,
        principal=province.director,
        deputy=province.staff2,
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now - datetime.timedelta(days=1),
    )
    flow = actions.submit(actor=province.staff, target=letter)
    chain.approve(flow, province.unit_head)
    chain.approve(flow, province.chief)
    with pytest.raises(PermissionDenied):
        chain.approve(flow, province.staff2)


def test_only_the_principal_or_an_admin_names_a_deputy(province):
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        actions.set_deputy(
            actor=province.staff,
            principal=province.director,
            deputy=province.staff,
            starts_at=now,
            ends_at=now + datetime.timedelta(days=1),
        )
