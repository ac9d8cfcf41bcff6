"""3.15.2: once the notice letter is approved and recorded in EBYS, its EBYS number shows on the
meeting page (before that, the letter is listed without one)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pressdesk.approvals import actions as approval_actions
from pressdesk.documents import actions as documents
from pressdesk.meetings import actions

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def test_the_notice_letters_ebys_number_is_on_the_meeting_page(province, plan, detsis, sign, login):
    meeting = plan()
    letter = actions.draft_notice_letter(actor=province.staff, meeting=meeting)
    client = login(province.staff)
    url = reverse("meetings:detail", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="letters"' in page and "E-12345678-010.04-77" not in page

    sign(approval_actions.submit(actor=province.staff, target=letter))
    documents.record_ebys(
        actor=province.staff,
        letter=letter,
        ebys_number="E-12345678-010.04-77",
        ebys_date=datetime.date(2026, 12, 1),
        signed_pdf=SimpleUploadedFile("imzali.pdf", PDF, content_type="application/pdf"),
    )
    page = client.get(url).content.decode()
    assert "E-12345678-010.04-77" in page
