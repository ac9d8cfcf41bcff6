import pytest

from pressdesk.accounts.models import Role
from pressdesk.organizations.models import Process
from pressdesk.organizations.queries import responsibility_for

pytestmark = pytest.mark.django_db


def test_news_publishing_is_initialled_by_unit_head_and_chief_and_signed_by_director():
    row = responsibility_for(Process.objects.get(code="3.6"), None)
    assert row is not None
    assert (row.responsible_1, row.responsible_2, row.responsible_3) == (Role.UNIT_HEAD, Role.STAFF, Role.STAFF)
    assert row.controls() == [Role.UNIT_HEAD, Role.CHIEF, Role.DIRECTOR]
    assert not row.all_staff


def test_work_given_by_a_superior_is_everybodys():
    row = responsibility_for(Process.objects.get(code="3.17"), None)
    assert row is not None
    assert row.all_staff
    assert row.controls() == []


def test_design_requests_have_no_third_responsible():
    row = responsibility_for(Process.objects.get(code="3.3"), None)
    assert row is not None
    assert row.responsible_3 == ""
