import datetime

import pytest
import time_machine
from django.urls import reverse

from pressdesk.infonotes.actions import process_deadlines
from pressdesk.infonotes.models import Case, CaseEvent
from pressdesk.infonotes.tests.conftest import requested_case
from pressdesk.notifications.models import Notification

pytestmark = pytest.mark.django_db
D = datetime.date


def _case_due(province, story, deadline):
    case = requested_case(province, story)
    Case.objects.filter(pk=case.pk).update(deadline=deadline)
    case.refresh_from_db()
    return case


def test_the_institution_is_reminded_once_the_business_day_before(province, story):
    # Deadline Wednesday 03.06.2026 (after Kurban Bayramı); the business day before is Monday 01.06.
    case = _case_due(province, story, D(2026, 6, 3))
    assert process_deadlines(D(2026, 5, 29)) == (0, 0)  # Friday in the Bayram: two business days left
    assert process_deadlines(D(2026, 6, 2)) == (1, 0)
    assert process_deadlines(D(2026, 6, 2)) == (0, 0)
    assert Notification.objects.filter(recipient=province.affiliate, kind="infonote_due").count() == 1
    assert CaseEvent.objects.filter(case=case, kind="reminded").count() == 1


def test_an_overdue_case_is_escalated_once_a_day_to_the_unit_head_and_the_director(province, story):
    case = _case_due(province, story, D(2026, 6, 3))
    assert process_deadlines(D(2026, 6, 4))[1] == 1
    assert process_deadlines(D(2026, 6, 4))[1] == 0  # idempotent on the same day
    assert process_deadlines(D(2026, 6, 5))[1] == 1  # and again the next day
    for user in (province.unit_head, province.director, province.affiliate, province.staff):
        assert Notification.objects.filter(recipient=user, kind="infonote_overdue").count() == 2
    assert CaseEvent.objects.filter(case=case, kind="escalated").count() == 2


def test_an_answered_case_is_not_escalated(province, story):
    from pressdesk.infonotes.tests.conftest import answered_case

    case = answered_case(province, story)
    Case.objects.filter(pk=case.pk).update(deadline=D(2026, 6, 3))
    assert process_deadlines(D(2026, 6, 10)) == (0, 0)


def test_the_board_highlights_overdue_cases(province, story, login):
    case = _case_due(province, story, D(2026, 6, 3))
    with time_machine.travel(datetime.datetime(2026, 6, 8, 10, 0, tzinfo=datetime.UTC), tick=False):
        page = login(province.staff).get(reverse("infonotes:board")).content.decode()
    assert f'data-testid="case-{case.pk}"' in page
    assert 'data-testid="overdue"' in page


def test_the_ministry_deadline_also_escalates(province):
    from pressdesk.infonotes.actions import open_from_ministry

    case = open_from_ministry(
        actor=province.staff,
        title="Bakanlık talebi",
        summary="",
        ministry_reference="E-1",
        ministry_requested_at=D(2026, 6, 1),
        ministry_deadline=D(2026, 6, 2),
    )
    assert process_deadlines(D(2026, 6, 3))[1] == 1
    assert CaseEvent.objects.filter(case=case, kind="escalated").exists()


def _ministry_case(province, deadline):
    from pressdesk.infonotes.actions import open_from_ministry

    return open_from_ministry(
        actor=province.staff,
        title="Bakanlık talebi",
        summary="",
        ministry_reference="E-2",
        ministry_requested_at=D(2026, 5, 20),
        ministry_deadline=deadline,
    )


def test_the_staff_are_reminded_once_the_business_day_before_the_ministry_deadline(province):
    # Ministry's deadline Wednesday 03.06.2026; the business day before is Tuesday 02.06.
    case = _ministry_case(province, D(2026, 6, 3))
    with time_machine.travel(datetime.datetime(2026, 6, 1, 7, 0, tzinfo=datetime.UTC), tick=False):
        assert process_deadlines() == (0, 0)  # two business days left
    with time_machine.travel(datetime.datetime(2026, 6, 2, 7, 0, tzinfo=datetime.UTC), tick=False):
        assert process_deadlines() == (1, 0)
        assert process_deadlines() == (0, 0)  # a second run sends nothing new
    assert Notification.objects.filter(recipient=province.staff, kind="infonote_due").count() == 1
    assert Notification.objects.filter(recipient=province.unit_head, kind="infonote_due").count() == 1
    assert not Notification.objects.filter(recipient=province.affiliate, kind="infonote_due").exists()
    assert CaseEvent.objects.filter(case=case, kind="reminded").count() == 1


def test_a_sent_case_gets_no_ministry_reminder(province):
    case = _ministry_case(province, D(2026, 6, 3))
    Case.objects.filter(pk=case.pk).update(status=Case.Status.SENT)
    assert process_deadlines(D(2026, 6, 2)) == (0, 0)
    assert not Notification.objects.filter(kind="infonote_due").exists()
