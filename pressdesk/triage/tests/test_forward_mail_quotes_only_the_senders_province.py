"""A story clustered from two provinces' items is forwarded with the sender's own items only (issue 20, point 4)."""

import pytest
from django.core import mail
from django.utils import timezone

from pressdesk.monitoring.models import Item, Outlet, Source, Story
from pressdesk.triage import actions

pytestmark = pytest.mark.django_db


def test_the_forward_mail_leaves_out_another_provinces_items(province, django_capture_on_commit_callbacks):
    now = timezone.now()
    story = Story.objects.create(title="Ortak haber", first_seen_at=now, last_seen_at=now, item_count=2)
    for code, organization in (("kocaeli", province.directorate), ("denizli", province.other_directorate)):
        outlet = Outlet.objects.create(name=f"{code.title()} Gazetesi", kind="local_newspaper")
        source = Source.objects.create(
            name=outlet.name, outlet=outlet, organization=organization, url=f"https://{code}.example/rss"
        )
        Item.objects.create(
            source=source, outlet=outlet, url=f"https://{code}.example/1", identity_hash=code, title=f"{code} haberi",
            fetched_at=now, published_at=now, story=story, matched=True,
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        actions.forward_story(actor=province.staff, story=story, recipients=["basmusavir@valilik.gov.tr"])
    [message] = mail.outbox
    assert "https://kocaeli.example/1" in message.body
    assert "denizli" not in message.body.casefold()
    assert "denizli" not in message.alternatives[0][0].casefold()
