"""URL permissions of monitoring screens added after the first slice (the rest are in the central walk)."""

from typing import Any

from pressdesk.testing.url_roles import ADMIN, SEES_UNIT_RECORD, UNIT, own_province

POLICY = {
    "monitoring:clip_add": own_province(UNIT | ADMIN),  # another province's staff clip into their own province
    "monitoring:clip_status": {"staff"},  # only the person who asked follows a clip's progress
    "monitoring:clip_manual": own_province(UNIT | ADMIN),  # a hand-entered clip goes into the clipper's province
    "monitoring:clip_file": SEES_UNIT_RECORD,  # the file of a clip of the province's manual source
    "monitoring:term_test": own_province(UNIT | ADMIN),  # each province's staff try queries on their own items
    "monitoring:term_backfill": SEES_UNIT_RECORD,  # a term belongs to its province
}


def sample_kwargs(province: Any, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pressdesk.monitoring.models import ClipFile, ClipRequest

    clip = ClipRequest.objects.create(
        requested_by=province.staff, outlet=world["outlet"], url="https://gazete.example/haber/1"
    )
    clip_file = ClipFile.objects.create(
        item=world["item"],
        file=SimpleUploadedFile("kupur.pdf", b"%PDF-1.4 kupur"),
        original_name=f"kupur {world['marker']}.pdf",
    )
    return {"monitoring:clip_status": {"pk": clip.pk}, "monitoring:clip_file": {"pk": clip_file.pk}}
