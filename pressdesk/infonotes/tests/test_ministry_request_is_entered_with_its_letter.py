import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pressdesk.infonotes.models import Case, CaseFile
from pressdesk.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _post(client, **overrides):
    data = {
        "title": "Bakanlık talebi: ambulans gecikmesi",
        "summary": "Bakanlık basın müşavirliği bilgi notu istiyor.",
        "ministry_reference": "E-1234 sayılı e-posta",
        "ministry_requested_at": "2026-11-20",
        "ministry_deadline": "2026-11-25",
        "attachments": SimpleUploadedFile("talep.eml", b"From: basin@saglik.gov.tr\n\nBilgi notu"),
    }
    data.update(overrides)
    return client.post(reverse("infonotes:create"), data)


def test_the_request_is_entered_with_their_email_and_deadline(province, login):
    client = login(province.staff)
    response = _post(client, institution=province.emergency.pk)
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.origin == Case.Origin.MINISTRY
    assert case.ministry_deadline == datetime.date(2026, 11, 25)
    assert case.institution == province.emergency
    assert CaseFile.objects.get(case=case).purpose == CaseFile.Purpose.MINISTRY_REQUEST
    assert Notification.objects.filter(recipient=province.director, kind="infonote_opened").exists()


def test_an_executable_is_refused_with_a_clear_message(province, login):
    client = login(province.staff)
    response = _post(client, attachments=SimpleUploadedFile("talep.pdf", b"MZ\x90\x00 program"))
    assert response.status_code == 200
    assert "program gibi görünüyor" in response.content.decode()
    assert not Case.objects.exists()


def test_a_deadline_before_the_request_is_refused(province, login):
    response = _post(login(province.staff), ministry_deadline="2026-11-01")
    assert response.status_code == 200
    assert not Case.objects.exists()


def test_another_province_institution_cannot_be_chosen(province, login):
    response = _post(login(province.staff), institution=province.other_province_hospital.pk)
    assert response.status_code == 200
    assert not Case.objects.exists()
