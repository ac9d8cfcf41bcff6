"""URL permissions of monitoring screens added after the first slice (the rest are in the central walk)."""

from typing import Any

from pressdesk.testing.url_roles import ADMIN, UNIT, own_province

POLICY = {
    "monitoring:clip_add": own_province(UNIT | ADMIN),  # another province's staff clip into their own province
    "monitoring:clip_status": {"staff"},  # only the person who asked follows a clip's progress
}


def sample_kwargs(province: Any, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from pressdesk.monitoring.models import ClipRequest

    clip = ClipRequest.objects.create(
        requested_by=province.staff, outlet=world["outlet"], url="https://gazete.example/haber/1"
    )
    return {"monitoring:clip_status": {"pk": clip.pk}}
