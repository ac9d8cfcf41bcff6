"""The İşlerim badge on every page: one statement counts what every module has waiting for the user
(modules hand their querysets to ``lib.inbox.count_for``), and the number equals the İşlerim list."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pressdesk.lib import inbox
from pressdesk.tasks.models import Task

pytestmark = pytest.mark.django_db


def test_the_badge_agrees_with_the_list_for_every_role_with_few_queries(province):
    Task.objects.create(
        title="Bülten metni", organization=province.unit, created_by=province.unit_head, assignee=province.staff
    )
    for role, user in province.by_role().items():
        with CaptureQueriesContext(connection) as counted:
            total = inbox.count_for(user)
        assert total == len(inbox.items_for(user)), role
        # Before: one COUNT per module and two for approvals (14 for the unit's staff with 12 modules).
        assert len(counted) <= 6, (role, [q["sql"][:120] for q in counted.captured_queries])
    assert inbox.count_for(province.staff) >= 1


def test_counting_together_equals_counting_apart(province):
    from pressdesk.approvals.models import ApprovalFlow
    from pressdesk.organizations.models import Organization

    querysets = [
        Organization.objects.filter(parent=province.directorate),
        Organization.objects.none(),
        Organization.objects.filter(pk__in=[]),
        ApprovalFlow.objects.all(),
        Organization.objects.order_by("name").distinct(),
    ]
    assert inbox.count_together(querysets) == sum(q.count() for q in querysets)
    assert inbox.count_together([]) == 0
