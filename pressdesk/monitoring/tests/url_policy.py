"""URL permissions of monitoring screens added after the first slice (the rest are in the central walk)."""

import datetime
from typing import Any

from pressdesk.testing.url_roles import ADMIN, PUBLIC, SEES_UNIT_RECORD, UNIT, own_province

POLICY = {
    "monitoring:clip_add": own_province(UNIT | ADMIN),  # another province's staff clip into their own province
    "monitoring:clip_status": {"staff"},  # only the person who asked follows a clip's progress
    "monitoring:clip_manual": own_province(UNIT | ADMIN),  # a hand-entered clip goes into the clipper's province
    "monitoring:clip_file": SEES_UNIT_RECORD,  # the file of a clip of the province's manual source
    "monitoring:term_test": own_province(UNIT | ADMIN),  # each province's staff try queries on their own items
    "monitoring:term_backfill": SEES_UNIT_RECORD,  # a term belongs to its province
    # Issue 30: broadcast and print clips, clipping services, the Ministry's report, push connections.
    "monitoring:clip_broadcast": own_province(UNIT | ADMIN),
    "monitoring:clipping_services": own_province(UNIT | ADMIN),  # each province lists its own services
    "monitoring:clipping_import": SEES_UNIT_RECORD,  # a service belongs to its province
    "monitoring:ministry_report_upload": own_province(UNIT | ADMIN),  # POST only
    "monitoring:ministry_report_file": SEES_UNIT_RECORD,
    "monitoring:stream_health": own_province(UNIT | ADMIN),  # the push connections of the province's sources
    "monitoring:websub_callback": PUBLIC,  # a WebSub hub's callback: the unguessable token and the signature
}


def sample_kwargs(province: Any, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pressdesk.monitoring.models import ClipFile, ClippingProvider, ClipRequest, MinistryReport, StreamStatus

    clip = ClipRequest.objects.create(
        requested_by=province.staff, outlet=world["outlet"], url="https://gazete.example/haber/1"
    )
    clip_file = ClipFile.objects.create(
        item=world["item"],
        file=SimpleUploadedFile("kupur.pdf", b"%PDF-1.4 kupur"),
        original_name=f"kupur {world['marker']}.pdf",
    )
    provider = ClippingProvider.objects.create(province=province.directorate, name=f"Kupür servisi {world['marker']}")
    ministry = MinistryReport.objects.create(
        province=province.directorate,
        report_date=datetime.date(2026, 12, 1),
        file=SimpleUploadedFile("bakanlik.pdf", b"%PDF-1.4 rapor"),
        original_name=f"bakanlik {world['marker']}.pdf",
    )
    StreamStatus.objects.get_or_create(source=world["item"].source, defaults={"last_error": f"hata {world['marker']}"})
    return {
        "monitoring:clip_status": {"pk": clip.pk},
        "monitoring:clip_file": {"pk": clip_file.pk},
        "monitoring:clipping_import": {"pk": provider.pk},
        "monitoring:ministry_report_file": {"pk": ministry.pk},
    }
