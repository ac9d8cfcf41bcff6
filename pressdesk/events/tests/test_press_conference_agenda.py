"""Issue 25 point 6 (3.9.2, 3.9.3): the press conference agenda with its documents, approved
through the chain of process 3.9; a change after approval needs approval again."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from pressdesk.approvals.models import ApprovalFlow
from pressdesk.events import agenda as agendas
from pressdesk.events.models import Agenda
from pressdesk.testing.events import make_event

pytestmark = pytest.mark.django_db


def _docx() -> bytes:
    document = Document()
    document.add_paragraph("Basın toplantısı bilgi notu")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def conference(province: Any) -> Any:
    return make_event(province, title="Aşı kampanyası basın toplantısı", kind="press_conference")


def test_the_agenda_is_approved_through_the_chain_of_process_3_9(
    province: Any, conference: Any, client: Any, approve: Any
) -> None:
    client.force_login(province.staff)
    url = reverse("events:agenda_item_add", args=[conference.pk])
    client.post(url, {"agenda-topic": "Açılış konuşması", "agenda-speaker": "İl Sağlık Müdürü", "agenda-minutes": 10})
    client.post(url, {"agenda-topic": "Soru-cevap", "agenda-speaker": "", "agenda-minutes": 20})
    upload = SimpleUploadedFile("bilgi-notu.docx", _docx())
    client.post(reverse("events:agenda_document_add", args=[conference.pk]), {"agendadoc-upload": upload})
    agenda = Agenda.objects.get(event=conference)
    assert [item.topic for item in agenda.items.all()] == ["Açılış konuşması", "Soru-cevap"]
    assert agenda.documents.get().name == "bilgi-notu.docx"

    response = client.post(reverse("events:agenda_submit", args=[conference.pk]), follow=True)
    assert "Gündem onaya gönderildi." in response.content.decode()
    flow = agendas.flow_of(agenda)
    assert flow is not None and flow.process.code == "3.9" and flow.status == ApprovalFlow.Status.IN_REVIEW
    assert [item["topic"] for item in flow.versions.get().content["items"]] == ["Açılış konuşması", "Soru-cevap"]
    preview = client.get(reverse("approvals:detail", args=[flow.pk])).content.decode()
    assert "Açılış konuşması" in preview and "bilgi-notu.docx" in preview  # what the approver reads
    with pytest.raises(ValidationError):  # frozen while in the chain
        agendas.add_item(actor=province.staff, event=conference, topic="Ek konu")
    assert approve(flow).status == ApprovalFlow.Status.APPROVED
    assert agendas.is_approved(agenda)

    page = client.get(conference.get_absolute_url()).content.decode()
    assert "Açılış konuşması" in page and "bilgi-notu.docx" in page and "Onaylandı" in page
    printable = client.get(reverse("events:agenda_print", args=[conference.pk])).content.decode()
    assert "İl Sağlık Müdürü" in printable and ">30<" in printable  # total minutes
    download = client.get(reverse("events:agenda_document", args=[agenda.documents.get().pk]))
    assert b"".join(download.streaming_content) == download_bytes(agenda)


def download_bytes(agenda: Agenda) -> bytes:
    with agenda.documents.get().file.open("rb") as handle:
        return handle.read()


def test_a_changed_agenda_needs_approval_again(province: Any, conference: Any, approve: Any) -> None:
    agendas.add_item(actor=province.staff, event=conference, topic="Kampanyanın tanıtımı", speaker="Müdür", minutes=15)
    flow = approve(agendas.submit(actor=province.staff, event=conference))
    agenda = conference.agenda
    approved_hash = flow.content_hash
    assert agendas.is_approved(agenda)

    agendas.add_item(actor=province.staff, event=conference, topic="Soru-cevap", minutes=15)
    flow.refresh_from_db()
    assert flow.status == ApprovalFlow.Status.RETURNED
    assert not agendas.is_approved(agenda)

    flow = agendas.submit(actor=province.staff, event=conference)
    assert flow.status == ApprovalFlow.Status.IN_REVIEW and flow.content_hash != approved_hash
    assert flow.version == 2
    flow = approve(flow)
    assert agendas.is_approved(agenda)

    # An attachment is part of what is approved: adding one reopens the approval too.
    agendas.add_document(
        actor=province.staff,
        event=conference,
        upload=SimpleUploadedFile("sunum.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    assert not agendas.is_approved(agenda)


def test_an_executable_attachment_is_refused_in_turkish(province: Any, conference: Any, client: Any) -> None:
    client.force_login(province.staff)
    url = reverse("events:agenda_document_add", args=[conference.pk])
    program = SimpleUploadedFile("sunum.pdf", b"MZ\x90\x00\x03\x00\x00\x00 program")
    page = client.post(url, {"agendadoc-upload": program}, follow=True).content.decode()
    assert "“sunum.pdf” bir belge değil, program gibi görünüyor." in page
    program = SimpleUploadedFile("kur.exe", b"MZ\x90\x00")
    page = client.post(url, {"agendadoc-upload": program}, follow=True).content.decode()
    assert "“kur.exe” gündeme eklenemez: yalnızca PDF, DOCX, JPEG ve PNG dosyaları kabul edilir." in page
    fake = SimpleUploadedFile("not.docx", b"%PDF-1.4 not a docx")
    page = client.post(url, {"agendadoc-upload": fake}, follow=True).content.decode()
    assert "türüne uymuyor" in page
    agenda = Agenda.objects.filter(event=conference).first()
    assert agenda is None or not agenda.documents.exists()


def test_an_opening_has_no_agenda(province: Any) -> None:
    opening = make_event(province)
    with pytest.raises(ValidationError):
        agendas.add_item(actor=province.staff, event=opening, topic="Konu")


def test_the_event_page_keeps_a_constant_number_of_queries_as_the_agenda_grows(
    province: Any, conference: Any, client: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(province.staff)

    def grow(n: int) -> int:
        for i in range(n):
            agendas.add_item(actor=province.staff, event=conference, topic=f"Konu {i}")
            agendas.add_document(
                actor=province.staff, event=conference, upload=SimpleUploadedFile(f"b{i}.pdf", b"%PDF-1.4\n")
            )
        with CaptureQueriesContext(connection) as run:
            assert client.get(conference.get_absolute_url()).status_code == 200
        return len(run)

    small = grow(1)
    assert grow(5) == small


def test_agenda_items_are_reordered_and_a_new_order_needs_approval_again(
    province: Any, conference: Any, client: Any, approve: Any
) -> None:
    for topic in ("Açılış konuşması", "Kampanyanın tanıtımı", "Soru-cevap"):
        agendas.add_item(actor=province.staff, event=conference, topic=topic)
    agenda = Agenda.objects.get(event=conference)
    first, second, third = agenda.items.all()
    client.force_login(province.staff)

    page = client.get(conference.get_absolute_url()).content.decode()
    assert page.count('data-testid="agenda-item-up"') == 2 and page.count('data-testid="agenda-item-down"') == 2
    client.post(reverse("events:agenda_item_move", args=[third.pk]), {"direction": "up"})
    assert [item.topic for item in agenda.items.all()] == ["Açılış konuşması", "Soru-cevap", "Kampanyanın tanıtımı"]
    client.post(reverse("events:agenda_item_move", args=[first.pk]), {"direction": "up"})  # already first
    client.post(reverse("events:agenda_item_move", args=[first.pk]), {"direction": "down"})
    assert [item.topic for item in agenda.items.all()] == ["Soru-cevap", "Açılış konuşması", "Kampanyanın tanıtımı"]

    # The order is approved with the items: a move after approval reopens it; in the chain it is refused.
    flow = approve(agendas.submit(actor=province.staff, event=conference))
    assert [item["topic"] for item in flow.versions.get().content["items"]] == [
        "Soru-cevap",
        "Açılış konuşması",
        "Kampanyanın tanıtımı",
    ]
    client.post(reverse("events:agenda_item_move", args=[second.pk]), {"direction": "up"})
    flow.refresh_from_db()
    assert flow.status == ApprovalFlow.Status.RETURNED and not agendas.is_approved(agenda)
    agendas.submit(actor=province.staff, event=conference)
    response = client.post(reverse("events:agenda_item_move", args=[second.pk]), {"direction": "down"}, follow=True)
    assert "onay zincirinde" in response.content.decode()
    assert [item.topic for item in agenda.items.all()] == ["Soru-cevap", "Kampanyanın tanıtımı", "Açılış konuşması"]

    # Another province's press unit cannot see the item, let alone move it.
    client.force_login(province.outsider)
    assert client.post(reverse("events:agenda_item_move", args=[first.pk]), {"direction": "up"}).status_code == 404
