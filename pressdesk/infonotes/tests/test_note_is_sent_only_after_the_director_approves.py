import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from pressdesk.approvals.models import ApprovalFlow
from pressdesk.infonotes import actions
from pressdesk.infonotes.models import Case, CaseEvent, Dispatch, DispatchRecipient
from pressdesk.infonotes.tests.conftest import answered_case, approve_flow, approved_case

pytestmark = pytest.mark.django_db


def test_nothing_is_sent_before_approval(province, story, login):
    case = answered_case(province, story)
    with pytest.raises(ValidationError):
        actions.send_note(actor=province.staff, case=case, targets=[actions.Target("ministry", "b@example.gov.tr")])
    flow = actions.submit_note(actor=province.staff, case=case)
    assert flow.status == ApprovalFlow.Status.IN_REVIEW
    response = login(province.staff).post(reverse("infonotes:send", args=[case.pk]), {"ministry": "b@example.gov.tr"})
    assert response.status_code == 302
    assert not Dispatch.objects.exists() and mail.outbox == []


def test_the_director_signs_last_and_the_note_goes_to_the_ministry_with_attachments(
    province, story, login, django_capture_on_commit_callbacks
):
    case = answered_case(province, story)
    flow = actions.submit_note(actor=province.staff, case=case)
    flow = approve_flow(province, flow)
    assert flow.status == ApprovalFlow.Status.APPROVED
    assert flow.steps.order_by("-order").first().decided_by == province.director
    mail.outbox.clear()
    client = login(province.staff)
    page = client.get(reverse("infonotes:send", args=[case.pk]))
    assert page.context["form"].initial["ministry"] == "basin@saglik.example.gov.tr"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("infonotes:send", args=[case.pk]),
            {"ministry": "basin@saglik.example.gov.tr", "governorship": "basin@kocaeli.example.gov.tr"},
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["basin@kocaeli.example.gov.tr", "basin@saglik.example.gov.tr"]
    message = mail.outbox[0]
    assert "Acil servis bekleme" in message.subject
    assert "25 dakikadır" in message.body
    assert [a[0] for a in message.attachments] == ["kayitlar.pdf"]
    case.refresh_from_db()
    assert case.status == Case.Status.SENT and case.sent_at is not None
    recipients = DispatchRecipient.objects.filter(dispatch__case=case)
    assert {r.status for r in recipients} == {"sent"} and all(r.sent_at for r in recipients)
    assert CaseEvent.objects.filter(case=case, kind="mail_delivered").count() == 2


def test_sending_twice_to_the_same_address_sends_once(province, story, django_capture_on_commit_callbacks):
    case = approved_case(province, story)
    mail.outbox.clear()
    target = actions.Target("ministry", "basin@saglik.example.gov.tr")
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_note(actor=province.staff, case=case, targets=[target])
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_note(actor=province.staff, case=case, targets=[target])
    assert len(mail.outbox) == 1
    assert DispatchRecipient.objects.count() == 1


def test_the_reply_is_recorded_on_the_case(province, story, login):
    case = approved_case(province, story)
    actions.send_note(actor=province.staff, case=case, targets=[actions.Target("ministry", "b@example.gov.tr")])
    recipient = DispatchRecipient.objects.get()
    response = login(province.staff).post(
        reverse("infonotes:reply", args=[case.pk, recipient.pk]),
        {"reply_text": "Bilgi notunuz alınmıştır.", "reply_at": "2026-11-23"},
    )
    assert response.status_code == 302
    recipient.refresh_from_db()
    assert recipient.reply_text == "Bilgi notunuz alınmıştır." and recipient.reply_recorded_by == province.staff
    assert CaseEvent.objects.filter(case=case, kind="reply").exists()
