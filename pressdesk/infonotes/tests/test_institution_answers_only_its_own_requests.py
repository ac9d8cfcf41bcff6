import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pressdesk.infonotes.models import Case, CaseFile, InfoNote
from pressdesk.infonotes.tests.conftest import pdf, requested_case
from pressdesk.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _answer(client, case, **overrides):
    data = {"title": "Bilgi notu", "body": "Hasta 20 dakikada muayene edilmiştir.", "attachments": pdf("ek.pdf")}
    data.update(overrides)
    return client.post(reverse("infonotes:answer", args=[case.pk]), data)


def test_the_hospital_press_officer_answers_with_an_attachment(province, story, login):
    case = requested_case(province, story)
    response = _answer(login(province.affiliate), case)
    assert response.status_code == 302
    case.refresh_from_db()
    note = InfoNote.objects.get(case=case)
    assert case.status == Case.Status.WAITING_APPROVAL
    assert note.answered_by == province.affiliate and note.via == InfoNote.Via.SYSTEM
    assert note.created_by == province.staff  # the unit submits it to the director
    assert [f.original_name for f in note.attachments()] == ["ek.pdf"]
    assert Notification.objects.filter(recipient=province.staff, kind="infonote_answered").exists()


def test_another_institution_sees_and_answers_nothing(province, story, login):
    case = requested_case(province, story)
    client = login(province.other_affiliate)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert _answer(client, case).status_code == 404
    assert client.get(reverse("infonotes:board")).context["columns"][1].cases == []
    assert not InfoNote.objects.exists()


def test_an_executable_attachment_is_refused_with_a_clear_message(province, story, login):
    case = requested_case(province, story)
    response = _answer(login(province.affiliate), case, attachments=SimpleUploadedFile("not.exe", b"MZ\x90"))
    assert response.status_code == 200
    assert "kabul edilen bir belge türü değil" in response.content.decode()
    assert not InfoNote.objects.exists()


def test_an_oversized_attachment_is_refused(province, story, login, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    case = requested_case(province, story)
    response = _answer(login(province.affiliate), case, attachments=pdf("buyuk.pdf", b"%PDF-1.4" + b"x" * 4096))
    assert response.status_code == 200
    assert "çok büyük" in response.content.decode()
    assert not CaseFile.objects.filter(purpose=CaseFile.Purpose.NOTE).exists()


def test_answering_twice_records_one_note(province, story, login):
    case = requested_case(province, story)
    client = login(province.affiliate)
    _answer(client, case)
    _answer(client, case, body="İkinci")
    assert InfoNote.objects.get(case=case).body.startswith("Hasta")


def test_staff_record_a_note_received_by_ebys(province, story, login):
    case = requested_case(province, story)
    response = _answer(login(province.staff2), case, via="ebys")
    assert response.status_code == 302
    note = InfoNote.objects.get(case=case)
    assert note.via == InfoNote.Via.EBYS and note.answered_by == province.staff2
