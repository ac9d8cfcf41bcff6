"""3.1/3.2 → 3.6: "Share on social media" on a positive monitored story opens a prefilled draft here."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from pressdesk.monitoring import story_actions
from pressdesk.monitoring.models import Item, Outlet, Source, Story
from pressdesk.publishing import actions
from pressdesk.publishing.models import NewsStory

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitored(province):
    now = timezone.now()
    outlet = Outlet.objects.create(name="Kocaeli Gazetesi", kind="local_newspaper")
    source = Source.objects.create(
        name="Gazete", outlet=outlet, organization=province.directorate, url="https://g.example/rss"
    )
    story = Story.objects.create(title="Şehir Hastanesine teşekkür", first_seen_at=now, last_seen_at=now, item_count=1)
    Item.objects.create(
        source=source, outlet=outlet, url="https://g.example/haber/1", identity_hash="a", title=story.title,
        summary_html="<p>Hasta yakınları teşekkür etti.</p>", fetched_at=now, published_at=now, story=story,
    )  # fmt: skip
    return story


def test_the_action_is_offered_to_the_unit_only(province, monitored):
    keys = [a.key for a in story_actions.actions_for(province.staff, monitored)]
    assert "share_on_social_media" in keys
    assert "share_on_social_media" not in [a.key for a in story_actions.actions_for(province.affiliate, monitored)]


def test_posting_creates_a_prefilled_draft_once(login, province, monitored):
    client = login(province.staff)
    url = reverse("publishing:draft_from_story", kwargs={"pk": monitored.pk})
    response = client.post(url)
    draft = NewsStory.objects.get()
    assert response.status_code == 302 and response.url == reverse("publishing:edit", args=[draft.pk])
    assert draft.title == "Şehir Hastanesine teşekkür"
    assert draft.spot == "Hasta yakınları teşekkür etti."
    assert draft.source_story == monitored
    assert draft.source_url == "https://g.example/haber/1"
    assert 'href="https://g.example/haber/1"' in draft.body_html
    assert draft.status == NewsStory.Status.DRAFT
    client.post(url)
    assert NewsStory.objects.count() == 1


def test_outsiders_cannot_draft_from_another_provinces_story(login, province, monitored):
    assert (
        login(province.outsider).post(reverse("publishing:draft_from_story", kwargs={"pk": monitored.pk})).status_code
        == 404
    )
    assert not NewsStory.objects.exists()


def test_a_shared_story_is_drafted_from_the_own_provinces_item_only(login, province, monitored):
    """A story clustered from both provinces' items: each province copies only what it sees (issue 20, point 4)."""
    earlier = timezone.now() - datetime.timedelta(hours=3)
    outlet = Outlet.objects.create(name="Denizli Haber", kind="local_newspaper")
    source = Source.objects.create(
        name="Denizli Haber", outlet=outlet, organization=province.other_directorate, url="https://d.example/rss"
    )
    Item.objects.create(
        source=source, outlet=outlet, url="https://d.example/haber/9", identity_hash="d", title="Denizli haberi",
        summary_html="<p>Denizli özeti.</p>", fetched_at=earlier, published_at=earlier, story=monitored,
    )  # fmt: skip
    login(province.staff).post(reverse("publishing:draft_from_story", kwargs={"pk": monitored.pk}))
    draft = NewsStory.objects.get(created_by=province.staff)
    assert draft.source_url == "https://g.example/haber/1"
    assert "d.example" not in draft.body_html and "Denizli" not in draft.spot
    login(province.outsider).post(reverse("publishing:draft_from_story", kwargs={"pk": monitored.pk}))
    theirs = NewsStory.objects.get(created_by=province.outsider)
    assert theirs.source_url == "https://d.example/haber/9" and "g.example" not in theirs.body_html


def test_the_action_refuses_a_story_the_actor_cannot_see(province, monitored):
    with pytest.raises(PermissionDenied):
        actions.draft_from_monitoring(actor=province.outsider, story=monitored)
    assert not NewsStory.objects.exists()
