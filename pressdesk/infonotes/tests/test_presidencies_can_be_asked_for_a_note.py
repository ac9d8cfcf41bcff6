"""1.4.3: an information note can be asked of a presidency (Başkanlık), not only of hospitals, districts and 112."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pressdesk.approvals import actions as approvals
from pressdesk.infonotes import actions
from pressdesk.infonotes.forms import institutions_for
from pressdesk.infonotes.tests.conftest import approve_flow, letter_fields, open_case, pdf
from pressdesk.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_presidencies_are_offered_beside_hospitals_districts_and_112(province):
    offered = set(institutions_for(province.staff))
    assert {province.presidency, province.other_presidency, province.hospital, province.emergency} <= offered
    assert province.directorate not in offered and province.unit not in offered
    assert province.other_province_hospital not in offered


def test_the_request_letter_can_be_addressed_to_a_presidency(province, story, login):
    case = open_case(province, story)
    client = login(province.staff)
    initial = client.get(reverse("infonotes:letter", args=[case.pk])).context["form"].initial
    response = client.post(
        reverse("infonotes:letter", args=[case.pk]),
        {
            "institution": province.other_presidency.pk,
            "addressee": "",
            "subject": initial["subject"],
            "references": initial["references"],
            "body": initial["body"],
            "deadline_days": 5,
            "detsis_no": "12345678",
            "file_plan_code": "010.06.02",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.institution == province.other_presidency
    assert case.request_letter.addressee == "HALK SAĞLIĞI HİZMETLERİ BAŞKANLIĞINA"


def test_the_head_of_the_presidency_is_told_when_the_request_is_sent(province, story):
    case = open_case(province, story)
    letter = actions.draft_request_letter(
        actor=province.staff, case=case, institution=province.presidency, deadline_days=5, **letter_fields(case)
    )
    approve_flow(province, approvals.submit(actor=province.staff, target=letter))
    case.refresh_from_db()
    actions.send_request(
        actor=province.staff,
        case=case,
        ebys_number="E-12345678-010.06.02-4522",
        ebys_date=timezone.localdate(),
        signed_pdf=pdf("imzali.pdf"),
    )
    assert Notification.objects.filter(recipient=province.chief, kind="infonote_requested").exists()


def test_the_directorate_itself_cannot_be_asked(province, story):
    case = open_case(province, story)
    with pytest.raises(ValidationError):
        actions.draft_request_letter(
            actor=province.staff, case=case, institution=province.unit, deadline_days=5, **letter_fields(case)
        )
