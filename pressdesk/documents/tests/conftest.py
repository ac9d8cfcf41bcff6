"""Fixtures for the letter tests: a sender with DETSİS and contact details, letters, approvals, DOCX reading."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from pressdesk.approvals import actions as approval_actions
from pressdesk.documents import actions
from pressdesk.documents.models import Letter
from pressdesk.organizations.models import Organization

BODY = (
    "10.10.2026 tarihinde yayımlanan “Acil serviste bekleme” başlıklı haber ile ilgili inceleme yapılmıştır.\n"
    "Konuya ilişkin bilgi notunun 5 (beş) iş günü içinde Müdürlüğümüze gönderilmesini rica ederim."
)


@pytest.fixture(autouse=True)
def _english_pages(client: Any) -> None:
    """Assertions read the English source texts, whatever the Turkish catalogue says."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def sender(province: Any) -> Organization:
    """The provincial directorate with its DETSİS number and contact details filled in."""
    Organization.objects.filter(pk=province.directorate.pk).update(
        detsis_no="12345678",
        address="Kozluk Mah. Hastane Cad. No:1 İzmit/KOCAELİ",
        phone="0 (262) 000 00 00",
        email="kocaeliism@saglik.gov.tr",
        website="https://kocaeliism.saglik.gov.tr",
    )
    province.directorate.refresh_from_db()
    return province.directorate


@pytest.fixture
def make_letter(province: Any, sender: Organization) -> Any:
    """``make_letter(actor=…, **fields)``: a complete draft letter, by default written by the staff member."""

    def _make(actor: Any = None, **overrides: Any) -> Letter:
        actor = actor or province.staff
        fields = actions.letter_defaults_for(actor, None, Letter.Kind.INFO_NOTE_REQUEST)
        fields.update(
            subject="Bilgi notu talebi",
            addressee="Kocaeli Şehir Hastanesi Başhekimliğine",
            addressee_unit="Basın Birimi",
            file_plan_code="010.06.02",
            references=["Bakanlığın 01.10.2026 tarihli ve E-123 sayılı yazısı", "Valiliğin 05.10.2026 tarihli yazısı"],
            body=BODY,
            closing=Letter.Closing.RICA,
            attachments=["Haber metni (1 sayfa)"],
            distribution_action=["Kocaeli Şehir Hastanesi"],
            distribution_info=["Halk Sağlığı Hizmetleri Başkanlığı"],
        )
        fields.update(overrides)
        return actions.create_letter(actor=actor, **fields)

    return _make


@pytest.fixture
def approve(province: Any) -> Any:
    """``approve(letter, steps=3)``: submit the letter and let the chain initial/sign ``steps`` steps."""

    def _approve(letter: Letter, steps: int = 3) -> Any:
        flow = approval_actions.submit(actor=letter.created_by, target=letter)
        for user in (province.unit_head, province.chief, province.director)[:steps]:
            flow.refresh_from_db()
            approval_actions.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
        flow.refresh_from_db()
        return flow

    return _approve


def open_docx(data: bytes) -> Any:
    return Document(io.BytesIO(data))


def _paragraph_text(paragraph: Any) -> str:
    parts = []
    for run in paragraph.iter(qn("w:r")):
        for node in run.iterchildren(qn("w:t"), qn("w:tab")):
            parts.append("\t" if node.tag == qn("w:tab") else node.text or "")
    return "".join(parts)


def body_lines(document: Any) -> list[str]:
    """Every paragraph text of the body in document order (tabs kept), table cells included row by row."""
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_paragraph_text(child))
        elif child.tag == qn("w:tbl"):
            lines.extend(_paragraph_text(paragraph) for paragraph in child.iter(qn("w:p")))
    return lines


def table_lines(document: Any) -> list[str]:
    """Each row of each body table as one line, its cells joined by tabs (the paraf lines are a table)."""
    return ["\t".join(cell.text for cell in row.cells) for table in document.tables for row in table.rows]


def index_of(lines: list[str], needle: str) -> int:
    return next(n for n, line in enumerate(lines) if needle in line)
