"""URL permissions of information notes (see ``pressdesk/testing/url_roles.py``).

The sample case belongs to the provincial unit and is addressed to
``province.other_hospital``: the ``affiliate_press`` role (press officer of
``province.hospital``) must be refused it, like another province's staff.
"""

from __future__ import annotations

from typing import Any

from pressdesk.testing.url_roles import ADMIN, SEES_UNIT_RECORD, UNIT, own_province

UNIT_LISTS = own_province(UNIT | ADMIN)  # another province's staff open the lists and see only their own

POLICY: dict[str, set[str] | str] = {
    "infonotes:board": own_province(
        UNIT_LISTS | {"affiliate_press"}
    ),  # the press officer sees their institution's requests
    "infonotes:closed": UNIT_LISTS,
    "infonotes:stats": UNIT_LISTS,
    "infonotes:create": UNIT_LISTS,
    "infonotes:open_from_story": SEES_UNIT_RECORD,
    "infonotes:detail": SEES_UNIT_RECORD,
    "infonotes:letter": SEES_UNIT_RECORD,
    "infonotes:send_request": SEES_UNIT_RECORD,
    "infonotes:request_pdf": SEES_UNIT_RECORD,
    "infonotes:answer": SEES_UNIT_RECORD,
    "infonotes:edit_note": SEES_UNIT_RECORD,
    "infonotes:submit_note": SEES_UNIT_RECORD,
    "infonotes:reopen_note": SEES_UNIT_RECORD,
    "infonotes:send": SEES_UNIT_RECORD,
    "infonotes:retry": SEES_UNIT_RECORD,
    "infonotes:reply": SEES_UNIT_RECORD,
    "infonotes:close": SEES_UNIT_RECORD,
    "infonotes:file": SEES_UNIT_RECORD,
}


def sample_kwargs(province: Any, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from pressdesk.infonotes.models import Case, CaseFile, Dispatch, DispatchRecipient, InfoNote

    letter = world["letter"]
    case = Case.objects.create(
        title=f"Acil serviste bekleme {world['marker']}",
        organization=province.unit,
        institution=province.other_hospital,
        story=world["story"],
        request_letter=letter,
        request_sent_at=timezone.now(),
        status=Case.Status.WAITING_APPROVAL,
        created_by=province.staff,
    )
    InfoNote.objects.create(
        case=case,
        organization=province.unit,
        title=f"Bilgi notu {world['marker']}",
        body="Metin",
        answered_by=province.other_affiliate,
        created_by=province.staff,
    )
    stored = CaseFile.objects.create(
        case=case,
        purpose=CaseFile.Purpose.NOTE,
        file=SimpleUploadedFile("not.pdf", b"%PDF-1.4 not"),
        original_name="not.pdf",
        uploaded_by=province.other_affiliate,
    )
    dispatch = Dispatch.objects.create(case=case, version=1, content={}, content_hash="x", sent_by=province.staff)
    recipient = DispatchRecipient.objects.create(
        dispatch=dispatch, kind="ministry", email="basin@example.gov.tr", status=DispatchRecipient.Status.FAILED
    )
    one = {"pk": case.pk}
    kwargs: dict[str, dict[str, Any]] = {
        name: one
        for name in POLICY
        if name not in ("infonotes:board", "infonotes:closed", "infonotes:stats", "infonotes:create")
    }
    kwargs["infonotes:open_from_story"] = {"pk": world["story"].pk}
    kwargs["infonotes:file"] = {"pk": case.pk, "file_pk": stored.pk}
    kwargs["infonotes:retry"] = {"pk": case.pk, "recipient_pk": recipient.pk}
    kwargs["infonotes:reply"] = {"pk": case.pk, "recipient_pk": recipient.pk}
    return kwargs
