"""Who may open each publishing URL (walked by ``pressdesk/tests/test_url_permissions.py``)."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pressdesk.testing.url_roles import ADMIN, PUBLIC, SEES_UNIT_RECORD, UNIT, own_province

# Another province's staff open the lists (and see only their own province's records).
LISTS = own_province(UNIT | ADMIN)

POLICY: dict[str, set[str] | str] = {
    "publishing:list": own_province(LISTS | {"affiliate_press"}),
    "publishing:create": own_province(LISTS | {"affiliate_press"}),
    "publishing:detail": SEES_UNIT_RECORD,
    "publishing:edit": SEES_UNIT_RECORD,
    "publishing:photo_add": SEES_UNIT_RECORD,
    "publishing:photo": SEES_UNIT_RECORD,
    "publishing:photo_delete": SEES_UNIT_RECORD,
    "publishing:submit_to_unit": SEES_UNIT_RECORD,
    "publishing:review": SEES_UNIT_RECORD,
    "publishing:comment": SEES_UNIT_RECORD,
    "publishing:submit_for_approval": SEES_UNIT_RECORD,
    "publishing:publish": SEES_UNIT_RECORD,
    "publishing:unpublish": SEES_UNIT_RECORD,
    "publishing:email_press": SEES_UNIT_RECORD,
    "publishing:press_resend": SEES_UNIT_RECORD,
    "publishing:copy_for_website": SEES_UNIT_RECORD,
    "publishing:website_zip": SEES_UNIT_RECORD,
    "publishing:publication_retry": SEES_UNIT_RECORD,
    "publishing:publication_edit": SEES_UNIT_RECORD,
    "publishing:publication_delete": SEES_UNIT_RECORD,
    "publishing:calendar": LISTS,
    "publishing:contacts": LISTS,
    "publishing:contact_edit": SEES_UNIT_RECORD,
    "publishing:newsroom_settings": LISTS,
    "publishing:draft_from_story": SEES_UNIT_RECORD,
    "newsroom:index": PUBLIC,
    "newsroom:feed": PUBLIC,
    "newsroom:tag": PUBLIC,
    "newsroom:story_short": PUBLIC,
    "newsroom:story": PUBLIC,
    "newsroom:media_kit": PUBLIC,
    "newsroom:photo": PUBLIC,
    "newsroom:unsubscribe": PUBLIC,
    "newsroom:about": PUBLIC,
    "newsroom:press_mail_opened": PUBLIC,
    "newsroom:press_mail_clicked": PUBLIC,
}


def _jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def sample_kwargs(province: Any, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from pressdesk.channels.models import Channel
    from pressdesk.publishing import actions
    from pressdesk.publishing.models import PressContact, PressDelivery, Publication, Tag

    marker = world["marker"]
    story = actions.create_story(
        actor=province.staff,
        organization=province.directorate,
        title=f"Aşı haftası {marker}",
        spot="Aşı haftası başladı.",
    )
    photo = actions.add_photo(actor=province.staff, story=story, upload=_jpeg(), caption=f"Açılış {marker}")
    channel = Channel.objects.create(
        organization=province.directorate, kind=Channel.Kind.MASTODON, name=f"Mastodon {marker}"
    )
    publication = Publication.objects.create(
        story=story, channel=channel, text=f"Aşı {marker}", created_by=province.staff
    )
    contact = PressContact.objects.create(
        organization=province.directorate, name=f"Gazeteci {marker}", email="g@example.com"
    )
    tag, _created = Tag.objects.get_or_create(name="Aşı")
    delivery = PressDelivery.objects.create(story=story, contact=contact, created_by=province.staff)
    story_pk = {"pk": story.pk}
    kwargs: dict[str, dict[str, Any]] = {
        name: story_pk
        for name in POLICY
        if name.split(":")[1]
        in {
            "detail", "edit", "photo_add", "submit_to_unit", "review", "comment", "submit_for_approval", "publish",
            "unpublish", "email_press", "press_resend", "copy_for_website", "website_zip", "media_kit", "story_short",
        }
    }  # fmt: skip
    kwargs.update(
        {
            "publishing:photo": {"pk": photo.pk},
            "publishing:photo_delete": {"pk": photo.pk},
            "publishing:publication_retry": {"pk": publication.pk},
            "publishing:publication_edit": {"pk": publication.pk},
            "publishing:publication_delete": {"pk": publication.pk},
            "publishing:contact_edit": {"pk": contact.pk},
            "publishing:draft_from_story": {"pk": world["story"].pk},
            "newsroom:tag": {"slug": tag.slug},
            "newsroom:story": {"pk": story.pk, "slug": story.slug},
            "newsroom:photo": {"pk": photo.pk, "size": "web"},
            "newsroom:unsubscribe": {"token": actions.unsubscribe_token(contact)},
            "newsroom:press_mail_opened": {"token": actions.press_open_token(delivery)},
            "newsroom:press_mail_clicked": {"token": actions.press_click_token(delivery, story.public_url())},
        }
    )
    return kwargs
