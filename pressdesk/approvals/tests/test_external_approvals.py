import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.approvals import actions
from pressdesk.approvals.models import ApprovalFlow, ExternalApproval, ExternalLinkAccess

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(province, letter, chain):
    flow = actions.submit(actor=province.staff, target=letter, needs_external=True)
    return chain.to_signed(flow)


def _send(province, flow, *orgs):
    targets = [actions.ExternalTarget(org, f"{org.code}@example.gov.tr") for org in orgs]
    return actions.send_external(actor=province.staff, flow=flow, targets=targets)


def test_signed_document_waits_for_external_approvals(signed):
    assert signed.status == ApprovalFlow.Status.EXTERNAL


def test_links_are_emailed_and_both_approvals_complete_the_flow(
    province, signed, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _send(province, signed, province.ministry_press, province.governorship)
    assert len(mailoutbox) == 2
    for mail in mailoutbox:
        path = re.search(r"/approvals/x/[^\s]+/", mail.body).group(0)
        page = client.get(path)
        assert page.status_code == 200
        assert "Bilgi notu talebi" in page.content.decode()
        response = client.post(path, {"decision": "approve", "answered_by": "Basın Müşaviri"})
        assert response.status_code == 200
    signed.refresh_from_db()
    assert signed.status == ApprovalFlow.Status.APPROVED


def test_a_used_link_cannot_be_replayed(province, signed, client):
    [(external, token)] = _send(province, signed, province.ministry_press)
    path = reverse("approvals:external", args=[token])
    client.post(path, {"decision": "approve", "answered_by": "A"})
    response = client.post(path, {"decision": "reject", "answered_by": "B", "comment": "hayır"})
    assert response.status_code == 410
    assert "kullanılmış" in response.content.decode() or "already been used" in response.content.decode()
    external.refresh_from_db()
    assert external.status == ExternalApproval.Status.APPROVED
    assert ExternalLinkAccess.objects.filter(external=external, outcome="used").exists()


def test_an_expired_link_shows_a_clear_page_and_changes_nothing(province, signed, client, time_machine):
    [(external, token)] = _send(province, signed, province.ministry_press)
    time_machine.move_to(timezone.now() + datetime.timedelta(days=8))
    response = client.post(reverse("approvals:external", args=[token]), {"decision": "approve", "answered_by": "A"})
    assert response.status_code == 410
    external.refresh_from_db()
    assert external.status == ExternalApproval.Status.PENDING


def test_a_forged_link_is_refused_and_logged_with_ip(client, signed):
    response = client.get(reverse("approvals:external", args=["uydurma-bir-anahtar"]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 404
    log = ExternalLinkAccess.objects.get(outcome="forged")
    assert log.ip_address == "10.1.2.3"


def test_link_shows_only_its_document(province, signed, client):
    [(_external, token)] = _send(province, signed, province.ministry_press)
    body = client.get(reverse("approvals:external", args=[token])).content.decode()
    assert "İşlerim" not in body  # no navigation into the application
    assert "Bilgi notu talebi" in body


def test_rejection_by_a_required_unit_rejects_the_document(province, signed):
    [(_a, token_a), (_b, token_b)] = _send(province, signed, province.ministry_press, province.governorship)
    actions.answer_external_link(
        token=token_a, approve=False, comment="Uygun değil", answered_by="X", ip_address="127.0.0.1"
    )
    signed.refresh_from_db()
    assert signed.status == ApprovalFlow.Status.REJECTED
    with pytest.raises(actions.LinkError):
        actions.answer_external_link(token=token_b, approve=True, comment="", answered_by="Y", ip_address=None)


def test_staff_record_an_answer_with_evidence(province, signed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    [(external, _token)] = _send(province, signed, province.governorship)
    evidence = SimpleUploadedFile("cevap.pdf", b"%PDF-1.4 valilik onay", content_type="application/pdf")
    actions.record_external_answer(
        actor=province.staff,
        external=external,
        approve=True,
        answered_at=timezone.now(),
        answered_by="Valilik Basın Müdürü",
        evidence=evidence,
    )
    external.refresh_from_db()
    signed.refresh_from_db()
    assert external.recorded_by == province.staff
    assert external.evidence.name.endswith(".pdf")
    assert signed.status == ApprovalFlow.Status.APPROVED


def test_external_requests_only_after_signature(province, letter):
    flow = actions.submit(actor=province.staff, target=letter, needs_external=True)
    with pytest.raises(actions.ApprovalError):
        _send(province, flow, province.ministry_press)


def test_a_forged_link_behind_the_proxy_is_logged_with_the_clients_real_address(client, signed, settings):
    settings.PRESSDESK_TRUSTED_PROXIES = 1
    response = client.get(
        reverse("approvals:external", args=["uydurma-bir-anahtar"]),
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5",
    )
    assert response.status_code == 404
    assert ExternalLinkAccess.objects.get(outcome="forged").ip_address == "203.0.113.5"
