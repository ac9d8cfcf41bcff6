"""Demo information note: a case opened from the negative emergency-room story, waiting for the hospital.

The whole path of process 1.4 up to the hospital's answer, through the
actions: the case is opened from the story (the director is informed), the
request letter is written, goes up the approval chain, is "signed in EBYS"
(a small stand-in PDF) and sent; the hospital's press officer now finds the
request in their inbox with a deadline of five business days.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pressdesk.approvals import actions as approval_actions
from pressdesk.demo import monitoring as news
from pressdesk.demo.common import Orgs, Users, approve_through_chain
from pressdesk.infonotes import actions as infonote_actions
from pressdesk.infonotes.models import Case
from pressdesk.lib import turkish

FILE_PLAN_CODE = "010.06.02"
DEADLINE_DAYS = 5


def seed(users: Users, orgs: Orgs) -> None:
    if Case.objects.exists():
        return
    story = news.story_titled(news.ER_WAITING_TITLE, users)
    if story is None:
        return
    staff, hospital = users["calisan"], orgs["koc-sehir"]
    case, _created = infonote_actions.open_from_story(actor=staff, story=story)
    letter = infonote_actions.draft_request_letter(
        actor=staff,
        case=case,
        institution=hospital,
        deadline_days=DEADLINE_DAYS,
        addressee=turkish.upper(f"{hospital.name} Başhekimliğine"),
        subject="Bilgi notu talebi (acil servis bekleme süreleri)",
        references=infonote_actions.default_references(case),
        body=infonote_actions.default_body(case, DEADLINE_DAYS),
        file_plan_code=FILE_PLAN_CODE,
    )
    approve_through_chain(approval_actions.submit(actor=staff, target=letter))
    case.refresh_from_db()
    detsis = letter.detsis_no or "12345678"
    infonote_actions.send_request(
        actor=staff,
        case=case,
        ebys_number=f"E-{detsis}-{FILE_PLAN_CODE}-4521",
        ebys_date=timezone.localdate(),
        signed_pdf=SimpleUploadedFile(
            "bilgi-notu-talebi-imzali.pdf",
            stand_in_pdf(
                [
                    "T.C. KOCAELI VALILIGI - Il Saglik Mudurlugu",
                    "Bilgi notu talebi (acil servis bekleme sureleri)",
                    "Demo: EBYS'de imzalanmis yazinin yerine gecen ornek PDF.",
                ]
            ),
            content_type="application/pdf",
        ),
    )


def stand_in_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with ``lines`` (ASCII) in Helvetica: the demo's stand-in for a PDF signed in EBYS."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    commands = ["BT", "/F1 12 Tf", "72 770 Td", "16 TL"]
    commands += [f"({escape(line)}) Tj T*" for line in lines]
    commands.append("ET")
    stream = "\n".join(commands).encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
