"""Issue 27, 3.4.2: the chain is the guest's superiors only. The director as guest signs alone;
a Başkan goes straight to the director; a unit head to their Başkan and the director. A new guest
proposed by the chain gets the steps of their own line."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pressdesk.accounts.models import Role
from pressdesk.broadcast import actions
from pressdesk.broadcast.models import BroadcastRequest
from pressdesk.organizations.models import OrganizationKind
from pressdesk.testing.broadcast import make_outlet
from pressdesk.testing.factories import UserFactory, make_org

pytestmark = pytest.mark.django_db

Status = BroadcastRequest.Status


def _submitted(province, guest):
    local = timezone.localtime() + datetime.timedelta(days=3)
    request = actions.create_request(
        actor=province.staff,
        outlet=make_outlet(),
        programme="Sağlık Saati",
        kind=BroadcastRequest.Kind.LIVE,
        topic="Grip aşısı",
        starts_at=local.replace(hour=20, minute=0, second=0, microsecond=0),
        duration_minutes=45,
        place="Stüdyo 1",
        guest=guest,
        requester_name="Yapımcı Ali",
    )
    actions.check_request(actor=province.staff, request=request)
    flow = actions.submit_request(actor=province.staff, request=request)
    return request, flow


def _approve(actor, request):
    flow = actions.flow_of(request)
    return actions.decide(actor=actor, request=request, decision="approve", seen_hash=flow.content_hash)


def test_the_director_as_guest_signs_alone(province):
    request, flow = _submitted(province, province.director)
    assert flow.chain_organization == province.directorate
    assert [s.role for s in flow.steps.all()] == ["director"]
    request = _approve(province.director, request)
    assert request.status == Status.APPROVED


def test_a_baskan_as_guest_goes_straight_to_the_director(province):
    chief = UserFactory(username="hs-baskan", role=Role.CHIEF, organization=province.other_presidency)
    request, flow = _submitted(province, chief)
    assert [s.role for s in flow.steps.all()] == ["director"]
    with pytest.raises(PermissionDenied):
        _approve(province.chief, request)  # another presidency's Başkan is not in the line
    request = _approve(province.director, request)
    assert request.status == Status.APPROVED


def test_a_unit_head_as_guest_goes_to_their_baskan_and_the_director(province):
    request, flow = _submitted(province, province.unit_head)
    assert [s.role for s in flow.steps.all()] == ["chief", "director"]
    _approve(province.chief, request)
    assert _approve(province.director, request).status == Status.APPROVED


def test_a_proposed_spokesperson_gets_the_steps_of_their_own_line(province):
    unit = make_org("bulasici", OrganizationKind.UNIT, province.other_presidency, "Bulaşıcı Hastalıklar Birimi")
    guest = UserFactory(username="konuk", role=Role.REQUESTER, organization=unit)
    head = UserFactory(username="birim-sorumlu", role=Role.UNIT_HEAD, organization=unit)
    chief = UserFactory(username="hs-baskan", role=Role.CHIEF, organization=province.other_presidency)
    request, flow = _submitted(province, guest)
    assert [s.role for s in flow.steps.all()] == ["unit_head", "chief", "director"]
    flow = actions.flow_of(request)
    request = actions.decide(
        actor=head,
        request=request,
        decision="propose",
        seen_hash=flow.content_hash,
        comment="Başkanımız katılsın.",
        proposed_guest=chief,
    )
    assert request.guest == chief and request.status == Status.CHECKED
    flow = actions.submit_request(actor=province.staff, request=request)
    assert [s.role for s in flow.steps.all()] == ["director"]
    assert _approve(province.director, request).status == Status.APPROVED
