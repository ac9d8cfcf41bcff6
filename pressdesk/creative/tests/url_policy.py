"""URL permissions of the creative studio (see ``pressdesk/testing/url_roles.py``).

The sample design request is asked by ``province.requester`` for their own unit (the other
presidency), accepted and given to the unit's staff as designer, with one draft; the sample
asset belongs to the same unit. The unit's roles, administrators and the requester open them;
the hospital's press officer and the second province are refused.
"""

from __future__ import annotations

from typing import Any

from pressdesk.testing.url_roles import ADMIN, ALL, PUBLIC, SEES_UNIT_RECORD, UNIT, own_province

REQUEST = SEES_UNIT_RECORD | {"requester"}

POLICY: dict[str, set[str] | str] = {
    "creative:list": ALL,  # each sees their own institution's (the unit: its province's)
    "creative:board": own_province(UNIT) | ADMIN,
    "creative:create": ALL,
    "creative:request": REQUEST,
    "creative:decide": SEES_UNIT_RECORD,
    "creative:more": {"requester"},
    "creative:version_upload": SEES_UNIT_RECORD,
    "creative:reference": REQUEST,
    "creative:version_file": REQUEST,
    "creative:version_preview": REQUEST,
    "creative:version_comment": REQUEST,
    "creative:version_answer": {"requester"},
    "creative:assets": ALL,
    "creative:asset_create": ALL,
    "creative:asset": REQUEST,
    "creative:asset_progress": REQUEST,
    "creative:asset_download": REQUEST,
    "creative:asset_download_size": REQUEST,
    "creative:rendition": REQUEST,
    "creative:asset_video": REQUEST,
    "creative:video_upload": ALL,
    "creative:video_start": ALL,
    "creative:video_chunk": {"requester"},  # only the person who started the upload
    "creative:video_finish": {"requester"},
    "creative:package_start": own_province(UNIT) | ADMIN,  # the calendar is shared; the package is the province's
    "creative:package": SEES_UNIT_RECORD,
    "creative:special_days": own_province(UNIT) | ADMIN,
    "creative:special_day": own_province(UNIT) | ADMIN,  # the calendar is shared by the provinces
    "creative:deliver": SEES_UNIT_RECORD,
    "creative:zip": REQUEST,
    "creative:delivery": REQUEST,
    "creative:asset_attach": SEES_UNIT_RECORD,
    "creative:story_library": SEES_UNIT_RECORD,  # the picker of a draft story the unit may edit
    "creative:shoots": own_province(UNIT) | ADMIN,
    "creative:shoot": SEES_UNIT_RECORD,
    "creative:story_video": SEES_UNIT_RECORD,  # the story's readers (the internal story page)
    "creative:story_poster": SEES_UNIT_RECORD,
    "creative:public_video": PUBLIC,  # a video on a public story of the newsroom
    "creative:public_poster": PUBLIC,
}


def sample_kwargs(province: Any, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from pressdesk.creative import actions
    from pressdesk.creative.models import SpecialDay
    from pressdesk.testing.creative import make_asset, make_request, png_upload

    marker = world["marker"]
    request = make_request(province, title=f"Afiş {marker}", references=[png_upload("ornek.png")])
    request = actions.decide_request(
        actor=province.unit_head, request=request, decision="accept", designer=province.staff
    )
    version = actions.upload_version(actor=province.staff, request=request, upload=png_upload("taslak.png"))
    actions.make_preview(version_id=version.pk)
    from django.core.files.base import ContentFile

    asset = make_asset(province, title=f"Fotoğraf {marker}")
    actions.make_renditions(asset_id=asset.pk)
    asset.web_video.save("web.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=True)
    upload = actions.start_video_upload(actor=province.requester, title=f"Film {marker}", name="film.mp4", size=10)
    one = {"pk": request.pk}

    # A delivered final (its chain walked by hand here) and a video on a public story.
    import datetime

    from django.utils import timezone

    from pressdesk.creative.models import DesignRequest, ShootPlan, StoryAttachment, Version
    from pressdesk.publishing.models import NewsStory

    done = make_request(province, title=f"Teslim {marker}", sizes="A4, 1080×1080")
    actions.decide_request(actor=province.unit_head, request=done, decision="accept", designer=province.staff)
    final = actions.upload_version(actor=province.staff, request=done, upload=png_upload("son.png"))
    Version.objects.filter(pk=final.pk).update(status=Version.Status.APPROVED)
    DesignRequest.objects.filter(pk=done.pk).update(status=DesignRequest.Status.APPROVED)
    final.refresh_from_db()
    actions._file_final(actor=province.staff, version=final)
    actions.make_deliveries(request_id=done.pk)
    video = make_asset(province, title=f"Video {marker}")
    actions.make_renditions(asset_id=video.pk)
    video.kind = "video"
    video.web_video.save("web.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=True)
    story = NewsStory.objects.create(
        title=f"Haber {marker}",
        spot="Video",
        organization=province.directorate,
        created_by=province.staff,
        status=NewsStory.Status.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    on_story = StoryAttachment.objects.create(story=story, asset=video, created_by=province.staff)
    draft = NewsStory.objects.create(
        title=f"Taslak {marker}", spot="Fotoğraf", organization=province.directorate, created_by=province.staff
    )
    plan = ShootPlan.objects.create(
        organization=province.staff.organization,
        topic=f"Çekim {marker}",
        outline="Taslak",
        place="Acil servis",
        starts_at=timezone.now(),
        created_by=province.staff,
    )
    day = SpecialDay.objects.order_by("pk").first()
    assert day is not None
    package = actions.start_package(actor=province.staff, day=day, year=2030)
    package.press_text = f"Basın metni {marker}"
    package.save()
    return {
        "creative:request": one,
        "creative:decide": one,
        "creative:more": one,
        "creative:version_upload": one,
        "creative:reference": {"pk": request.references.get().pk},
        "creative:version_file": {"pk": version.pk},
        "creative:version_preview": {"pk": version.pk},
        "creative:version_comment": {"pk": version.pk},
        "creative:version_answer": {"pk": version.pk},
        "creative:asset": {"pk": asset.pk},
        "creative:asset_progress": {"pk": asset.pk},
        "creative:asset_download": {"pk": asset.pk},
        "creative:asset_download_size": {"pk": asset.pk, "size": "thumb"},
        "creative:rendition": {"pk": asset.pk, "size": "thumb"},
        "creative:special_day": {"pk": day.pk},
        "creative:asset_video": {"pk": asset.pk},
        "creative:package_start": {"pk": day.pk},
        "creative:package": {"pk": package.pk},
        "creative:video_chunk": {"token": upload.token},
        "creative:video_finish": {"token": upload.token},
        "creative:deliver": {"pk": done.pk},
        "creative:zip": {"pk": done.pk},
        "creative:delivery": {"pk": done.deliveries.first().pk},  # type: ignore[union-attr]
        "creative:asset_attach": {"pk": asset.pk},
        "creative:story_library": {"pk": draft.pk},
        "creative:shoot": {"pk": plan.pk},
        "creative:story_video": {"pk": on_story.pk},
        "creative:story_poster": {"pk": on_story.pk},
        "creative:public_video": {"pk": on_story.pk},
        "creative:public_poster": {"pk": on_story.pk},
    }
