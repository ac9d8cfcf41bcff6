"""The publishing task with the real Mastodon and Bluesky adapters against fake servers on 127.0.0.1."""

import pytest

from pressdesk.publishing import actions, tasks
from pressdesk.publishing.models import Publication
from pressdesk.publishing.tests.conftest import jpeg
from pressdesk.testing.fake_channels import FakeBluesky, FakeMastodon

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(province, make_story, approve):
    story = make_story(social_text="Aşı haftasında Şehir Hastanesinde bilgilendirme yapıldı 👍🏽")
    actions.add_photo(actor=province.staff, story=story, upload=jpeg(1600, 1200, noise=True), caption="Stant")
    approve(story)
    return story


def test_a_rate_limited_post_is_retried_and_lands_once(province, story, commit, monkeypatch):
    monkeypatch.setattr(actions, "_backoff", lambda retries, retry_after: 0)
    with FakeMastodon() as mastodon:
        channel = mastodon.make_channel(organization=province.directorate)
        mastodon.fail_next(429, retry_after=30, path="/api/v1/statuses")
        with commit():
            actions.publish(actor=province.staff, story=story, channels=[channel])
        publication = Publication.objects.get()
        assert publication.status == Publication.Status.PUBLISHED
        assert len(mastodon.posts) == 1
        assert [a.outcome for a in publication.attempts.all()] == ["retryable", "ok"]
        assert publication.attempts.first().http_status == 429
        tasks.publish_publication.delay(publication.pk)
        assert len(mastodon.posts) == 1


def test_a_refused_token_fails_in_plain_turkish_without_retrying(province, story, commit):
    with FakeBluesky() as bluesky:
        channel = bluesky.make_channel(organization=province.directorate)
        bluesky.fail_next(401, times=10)
        with commit():
            actions.publish(actor=province.staff, story=story, channels=[channel])
        publication = Publication.objects.get()
        assert publication.status == Publication.Status.FAILED
        assert publication.attempts.count() == 1
        assert "bağla" in publication.last_error  # "… yeniden bağlayın"
        assert bluesky.posts == []


def test_the_bluesky_photo_is_made_small_enough(province, story, commit):
    with FakeBluesky() as bluesky:
        channel = bluesky.make_channel(organization=province.directorate)
        with commit():
            actions.publish(actor=province.staff, story=story, channels=[channel])
        assert Publication.objects.get().status == Publication.Status.PUBLISHED
        uploads = [r for r in bluesky.requests if r.path.endswith("uploadBlob")]
        assert uploads and all(len(r.body) <= 1_000_000 for r in uploads)
