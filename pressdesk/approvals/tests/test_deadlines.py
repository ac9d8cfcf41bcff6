import datetime

import pytest
from django.utils import timezone

from pressdesk.approvals import actions
from pressdesk.approvals.models import ApprovalDecision
from pressdesk.approvals.queries import inbox_items

pytestmark = pytest.mark.django_db


def test_reminder_before_due_and_escalation_after(province, letter, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to("2026-11-23 09:00 +03:00", tick=False)
    flow = actions.submit(actor=province.staff, target=letter)  # due in 24 hours
    time_machine.move_to("2026-11-24 06:00 +03:00", tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.process_deadlines() == (1, 0)
        assert actions.process_deadlines() == (0, 0)  # once only
    assert province.unit_head.notifications.filter(kind="approval_reminder").exists()
    time_machine.move_to("2026-11-24 10:00 +03:00", tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.process_deadlines() == (0, 1)
    assert flow.decisions.filter(action=ApprovalDecision.Action.ESCALATED).count() == 1
    # The next superior (the chief) is told.
    assert province.chief.notifications.filter(kind="approval_escalated").exists()
    [item] = list(inbox_items(province.unit_head))
    assert item.is_overdue


def test_step_due_time_comes_from_the_process(province, letter):
    letter.process.step_due_hours = 4
    letter.process.save()
    now = timezone.now()
    flow = actions.submit(actor=province.staff, target=letter)
    due = flow.steps.get(order=1).due_at
    assert now + datetime.timedelta(hours=3, minutes=59) < due <= timezone.now() + datetime.timedelta(hours=4)
