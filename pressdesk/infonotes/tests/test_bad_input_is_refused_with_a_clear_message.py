import pytest
from django.urls import reverse

from pressdesk.infonotes.models import Case, CaseEvent, Dispatch, DispatchRecipient
from pressdesk.infonotes.tests.conftest import answered_case, approved_case

pytestmark = pytest.mark.django_db


def test_sending_without_any_address_is_refused(province, story, login):
    case = approved_case(province, story)
    response = login(province.staff).post(reverse("infonotes:send", args=[case.pk]), {"ministry": ""})
    assert response.status_code == 200
    assert "En az bir e-posta adresi girin." in response.content.decode()
    assert not Dispatch.objects.exists()


def test_a_malformed_address_is_refused(province, story, login):
    case = approved_case(province, story)
    response = login(province.staff).post(reverse("infonotes:send", args=[case.pk]), {"ministry": "basin@"})
    assert response.status_code == 200
    assert not DispatchRecipient.objects.exists()


def test_the_send_page_says_why_an_unapproved_note_cannot_go(province, story, login):
    case = answered_case(province, story)
    page = login(province.staff).get(reverse("infonotes:send", args=[case.pk])).content.decode()
    assert 'data-testid="send-blocked"' in page
    assert "onaylamadan hiçbir şey gönderilemez" in page


def test_a_new_version_needs_a_reason(province, story, login):
    case = approved_case(province, story)
    response = login(province.staff).post(reverse("infonotes:reopen_note", args=[case.pk]), {"reason": " "})
    assert response.status_code == 200
    assert not CaseEvent.objects.filter(case=case, kind="note_reopened").exists()


def test_an_empty_answer_is_refused(province, story, login):
    from pressdesk.infonotes.tests.conftest import requested_case

    case = requested_case(province, story)
    response = login(province.affiliate).post(reverse("infonotes:answer", args=[case.pk]), {"title": "x", "body": ""})
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == Case.Status.WAITING_INSTITUTION


def test_closing_asks_for_confirmation_first(province, story, login):
    case = answered_case(province, story)
    client = login(province.staff)
    page = client.get(reverse("infonotes:close", args=[case.pk]))
    assert 'data-testid="confirm-close"' in page.content.decode()
    case.refresh_from_db()
    assert case.status != Case.Status.CLOSED
    client.post(reverse("infonotes:close", args=[case.pk]), {"comment": ""})
    client.post(reverse("infonotes:close", args=[case.pk]), {"comment": ""})  # a double click closes once
    assert CaseEvent.objects.filter(case=case, kind="closed").count() == 1


def test_the_institution_cannot_use_the_unit_screens(province, story, login):
    case = answered_case(province, story)
    client = login(province.affiliate)
    for name in ("infonotes:edit_note", "infonotes:send", "infonotes:close", "infonotes:reopen_note"):
        assert client.get(reverse(name, args=[case.pk])).status_code == 403, name
    assert client.post(reverse("infonotes:submit_note", args=[case.pk])).status_code == 403
