"""3.15.4: every meeting gets the hall and materials checklist; the secretariat gives each item an
owner of the unit and ticks it off; someone outside the unit cannot be made its owner."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pressdesk.meetings.models import ChecklistItem

pytestmark = pytest.mark.django_db


def test_the_checklist_gets_owners_and_is_ticked_off(province, plan, login):
    meeting = plan()
    labels = list(meeting.checklist.values_list("label", flat=True))
    assert labels[0] == "Salon" and "İsim kartları" in labels and "İkram" in labels
    item = meeting.checklist.get(label="İsim kartları")
    client = login(province.staff)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert 'data-testid="checklist"' in page
    client.post(reverse("meetings:checklist_item", args=[item.pk]), {"owner": province.staff2.pk, "done": "on"})
    item.refresh_from_db()
    assert item.owner == province.staff2 and item.done_at is not None and item.done_by == province.staff
    client.post(reverse("meetings:checklist_item", args=[item.pk]), {"owner": province.affiliate.pk})
    item.refresh_from_db()
    assert item.owner == province.staff2  # a hospital's press officer is not offered, nor accepted


def test_a_press_officer_of_a_participating_hospital_does_not_see_or_change_it(province, plan, login):
    meeting = plan()
    item = ChecklistItem.objects.filter(meeting=meeting).first()
    client = login(province.affiliate)
    assert 'data-testid="checklist"' not in client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert client.post(reverse("meetings:checklist_item", args=[item.pk]), {"done": "on"}).status_code == 403
