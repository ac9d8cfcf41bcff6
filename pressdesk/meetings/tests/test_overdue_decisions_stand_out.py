"""3.15.6: a decision past its due date and still open is marked "Süresi geçti" on the list, and
``?overdue=1`` lists only those."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.meetings.models import Decision
from pressdesk.testing.meetings import make_decision, make_meeting

pytestmark = pytest.mark.django_db


def test_overdue_decisions_are_marked_and_filtered(province, login):
    meeting = make_meeting(province)
    late = make_decision(meeting, province.hospital, province.staff, number=1, text="Geciken karar")
    Decision.objects.filter(pk=late.pk).update(due=timezone.localdate() - datetime.timedelta(days=3))
    make_decision(meeting, province.hospital, province.staff, number=2, text="Zamanı gelmemiş karar")
    done = make_decision(meeting, province.hospital, province.staff, number=3, text="Tamamlanmış karar")
    Decision.objects.filter(pk=done.pk).update(
        due=timezone.localdate() - datetime.timedelta(days=3), status=Decision.Status.DONE
    )
    client = login(province.staff)

    page = client.get(reverse("meetings:decisions")).content.decode()
    assert "Geciken karar" in page and "Zamanı gelmemiş karar" in page
    assert page.count('class="badge text-bg-danger">Süresi geçti') == 1
    assert "list-group-item-danger" in page

    overdue = client.get(reverse("meetings:decisions"), {"overdue": "1"}).content.decode()
    assert "Geciken karar" in overdue
    assert "Zamanı gelmemiş karar" not in overdue and "Tamamlanmış karar" not in overdue
