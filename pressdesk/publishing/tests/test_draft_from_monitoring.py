"""3.1/3.2 → 3.6: "Share on social media" on a positive monitored story opens a prefilled draft here."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.monitoring import story_actions
from pressdesk.monitoring.models import Item, Outlet, Source, Story
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
