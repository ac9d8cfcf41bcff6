"""3.15.3: the ordered agenda is approved by the director (the chair) and sent to the participants;
each participant can add the meeting to their calendar (an iCal invitation)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pressdesk.meetings import actions
from pressdesk.notifications.models import Notification
from pressdesk.testing.meetings import make_request

pytestmark = pytest.mark.django_db


def test_only_the_chair_approves_and_the_participants_are_told(province, plan, login):
    meeting = plan()
    item = make_request(meeting, province.staff)
    actions.decide_request(actor=province.staff, item=item, decision="accept")
    assert login(province.staff).post(reverse("meetings:agenda_approve", args=[meeting.pk])).status_code == 403
    response = login(province.director).post(reverse("meetings:agenda_approve", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.agenda_approved_by == province.director
    told = set(Notification.objects.filter(kind="meeting_agenda_sent").values_list("recipient_id", flat=True))
    assert {province.unit_head.pk, province.affiliate.pk, province.other_affiliate.pk} <= told


def test_the_meeting_as_an_ical_invitation(province, plan, login):
    meeting = plan(title="Yönetim kurulu")
    response = login(province.affiliate).get(reverse("meetings:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert f"UID:meeting-{meeting.pk}@pressdesk".encode() in response.content
