"""A ready-to-submit official letter for tests of approvals and documents."""

from __future__ import annotations

from typing import Any

from pressdesk.documents.models import Letter
from pressdesk.organizations.models import Process


def make_letter(province: Any, author: Any = None, **overrides: Any) -> Letter:
    author = author or province.staff
    fields: dict[str, Any] = {
        "kind": Letter.Kind.INFO_NOTE_REQUEST,
        "process": Process.objects.get(code=overrides.pop("process_code", "3.2")),
        "organization": author.organization,
        "header_institution": "KOCAELİ VALİLİĞİ",
        "header_unit": "İl Sağlık Müdürlüğü",
        "detsis_no": "12345678",
        "file_plan_code": "010.06.02",
        "subject": "Bilgi notu talebi",
        "addressee": "Kocaeli Şehir Hastanesi Başhekimliğine",
        "references": ["22.11.2026 tarihli haber."],
        "body": "İlgi haberde yer alan iddialarla ilgili bilgi notunun Müdürlüğümüze gönderilmesini rica ederim.",
        "closing": Letter.Closing.RICA,
        "signer": province.director,
        "signer_title": "İl Sağlık Müdürü",
        "created_by": author,
    }
    fields.update(overrides)
    return Letter.objects.create(**fields)
