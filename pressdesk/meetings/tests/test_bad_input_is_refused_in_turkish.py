"""An agenda request after the deadline, a decision without an owner, a VTC test with no result,
an executable attachment: each refused with a clear Turkish message."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from pressdesk.meetings.models import AgendaRequest, Decision, VtcTest
from pressdesk.testing.meetings import make_room

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return response.content.decode()


def test_an_agenda_request_after_the_deadline(province, plan, login):
    meeting = plan(agenda_deadline=timezone.now() - datetime.timedelta(hours=1))
    with override("tr"):
        response = login(province.staff).post(
            reverse("meetings:request", args=[meeting.pk]),
            {"topic": "Geç konu", "presenter": "Ben", "minutes_needed": 5},
        )
    assert response.status_code == 200
    assert "gündem talepleri" in _page(response).lower() and "kapandı" in _page(response)
    assert not AgendaRequest.objects.exists()


def test_an_executable_attachment(province, plan, login):
    meeting = plan()
    upload = SimpleUploadedFile("sunum.pdf", b"MZ\x90\x00 program", content_type="application/pdf")
    response = login(province.staff).post(
        reverse("meetings:request", args=[meeting.pk]),
        {"topic": "Konu", "presenter": "Ben", "minutes_needed": 5, "attachment": upload},
    )
    assert "program" in _page(response) and "belge değil" in _page(response)
    assert not AgendaRequest.objects.exists()


def test_a_decision_without_an_owner(province, plan, login):
    meeting = plan()
    response = login(province.staff).post(
        reverse("meetings:decision_add", args=[meeting.pk]), {"text": "Bir karar", "due": "2026-12-31"}
    )
    assert "sorumlu kurum" in _page(response).lower()
    assert not Decision.objects.exists()


def test_a_vtc_test_with_no_result(province, login):
    room = make_room(province)
    response = login(province.staff).post(reverse("meetings:room_test", args=[room.pk]), {"quality_notes": "?"})
    assert "sonucunu" in _page(response)
    assert not VtcTest.objects.exists()
