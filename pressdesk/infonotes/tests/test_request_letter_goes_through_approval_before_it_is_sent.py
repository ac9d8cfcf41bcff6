import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pressdesk.approvals import actions as approvals
from pressdesk.documents.models import Letter
from pressdesk.infonotes import actions
from pressdesk.infonotes.models import Case
from pressdesk.infonotes.tests.conftest import approve_flow, open_case, pdf
from pressdesk.lib.inbox import items_for
from pressdesk.notifications.models import Notification
from pressdesk.workdays.business_days import add_business_days

pytestmark = pytest.mark.django_db


def _write(client, case, province, **overrides):
    page = client.get(reverse("infonotes:letter", args=[case.pk]))
    initial = page.context["form"].initial
    data = {
        "institution": province.hospital.pk,
        "addressee": "",
        "subject": initial["subject"],
        "references": initial["references"],
        "body": initial["body"],
        "deadline_days": 5,
        "detsis_no": "12345678",
        "file_plan_code": "010.06.02",
    }
    data.update(overrides)
    return client.post(reverse("infonotes:letter", args=[case.pk]), data)


def test_the_letter_generator_writes_the_request_with_the_story_as_ilgi(province, story, login):
    case = open_case(province, story)
    client = login(province.staff)
    response = _write(client, case, province)
    case.refresh_from_db()
    letter = case.request_letter
    assert response.status_code == 302 and response.url == reverse("documents:detail", args=[letter.pk])
    assert letter.kind == Letter.Kind.INFO_NOTE_REQUEST
    assert letter.addressee == "KOCAELİ ŞEHİR HASTANESİ BAŞHEKİMLİĞİNE"  # the office, in the dative
    assert story.title in letter.references[0]
    assert "5 (beş) iş günü" in letter.body
    assert case.institution == province.hospital


def test_a_letter_that_breaks_the_layout_rules_is_refused_next_to_the_field(province, story, login):
    case = open_case(province, story)
    response = _write(login(province.staff), case, province, subject="Bilgi notu talebi.")
    assert response.status_code == 200
    assert "nokta" in response.content.decode()
    case.refresh_from_db()
    assert case.request_letter is None


def test_the_request_cannot_be_sent_before_the_letter_is_approved(province, story):
    case = open_case(province, story)
    from pressdesk.infonotes.tests.conftest import letter_fields

    letter = actions.draft_request_letter(
        actor=province.staff, case=case, institution=province.hospital, deadline_days=5, **letter_fields(case)
    )
    approvals.submit(actor=province.staff, target=letter)
    with pytest.raises(ValidationError):
        actions.send_request(
            actor=province.staff, case=case, ebys_number="E-1-2-3", ebys_date=timezone.localdate(), signed_pdf=pdf()
        )
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_after_approval_the_ebys_number_is_recorded_and_the_hospital_sees_the_request(province, story, login):
    case = open_case(province, story)
    from pressdesk.infonotes.tests.conftest import letter_fields

    letter = actions.draft_request_letter(
        actor=province.staff, case=case, institution=province.hospital, deadline_days=5, **letter_fields(case)
    )
    approve_flow(province, approvals.submit(actor=province.staff, target=letter))
    assert login(province.affiliate).get(case.get_absolute_url()).status_code == 404  # not asked yet
    client = login(province.staff)
    response = client.post(
        reverse("infonotes:send_request", args=[case.pk]),
        {"ebys_number": "E-12345678-010.06.02-4521", "ebys_date": "2026-11-22", "signed_pdf": pdf("imzali.pdf")},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    letter.refresh_from_db()
    assert letter.ebys_number == "E-12345678-010.06.02-4521"
    assert case.status == Case.Status.WAITING_INSTITUTION
    assert case.deadline == add_business_days(timezone.localdate(case.request_sent_at), 5)
    assert Notification.objects.filter(recipient=province.affiliate, kind="infonote_requested").exists()
    inbox = [item.url for item in items_for(province.affiliate)]
    assert case.get_absolute_url() in inbox
    assert case.get_absolute_url() in [item.url for item in items_for(province.staff)]  # on their behalf
    assert case.get_absolute_url() not in [item.url for item in items_for(province.other_affiliate)]
    assert login(province.affiliate).get(reverse("infonotes:request_pdf", args=[case.pk])).status_code == 200
