"""One background task per channel post: never posted twice, retried with backoff, each attempt recorded."""

import pytest

from pressdesk.channels.base import ChannelError
from pressdesk.publishing import actions, tasks
from pressdesk.publishing.models import Publication, PublicationAttempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(province, make_story, approve, channels, adapter, commit):
    story = make_story()
    approve(story)

    def _publish(*kinds):
        with commit():
            actions.publish(actor=province.staff, story=story, channels=[channels[k] for k in kinds])
        return story

    return _publish


def test_running_the_task_again_never_posts_twice(published, adapter):
    story = published("mastodon", "bluesky")
    assert len(adapter.published) == 2
    for publication in Publication.objects.filter(story=story):
        assert publication.status == Publication.Status.PUBLISHED
        assert publication.remote_id.startswith("post-")
        assert publication.url.startswith("https://social.example/")
        tasks.publish_publication.delay(publication.pk)  # a duplicate delivery of the task
        tasks.publish_publication.delay(publication.pk)
    assert len(adapter.published) == 2
    assert PublicationAttempt.objects.filter(outcome="ok").count() == 2


def test_publishing_again_does_not_create_a_second_post(published, province, channels, adapter, commit):
    story = published("mastodon")
    with commit():
        actions.publish(actor=province.staff, story=story, channels=[channels["mastodon"]])
    assert len(adapter.published) == 1
    assert Publication.objects.filter(story=story).count() == 1


def test_a_claimed_publication_is_not_taken_by_a_second_worker(province, make_story, approve, channels, adapter):
    story = make_story()
    approve(story)
    publication = Publication.objects.create(
        story=story, channel=channels["mastodon"], text="x", created_by=province.staff, status="queued"
    )
    claimed = actions.claim_publication(publication_id=publication.pk)
    assert claimed is not None
    assert actions.claim_publication(publication_id=publication.pk) is None  # the second worker finds the claim
    tasks.publish_publication.delay(publication.pk)
    assert adapter.published == []


def test_a_rate_limit_is_retried_and_every_attempt_is_recorded(published, adapter, monkeypatch):
    monkeypatch.setattr(actions, "_backoff", lambda retries, retry_after: 0)
    adapter.failures = [
        ChannelError("Hız sınırı aşıldı; biraz sonra yeniden denenecek.", retryable=True, retry_after=30, status=429),
        ChannelError("Sunucu geçici olarak yanıt vermiyor.", retryable=True, status=503),
    ]
    story = published("mastodon")
    publication = Publication.objects.get(story=story)
    assert publication.status == Publication.Status.PUBLISHED
    assert len(adapter.published) == 1
    outcomes = list(publication.attempts.values_list("outcome", "http_status"))
    assert outcomes == [("retryable", 429), ("retryable", 503), ("ok", None)]
    assert publication.attempt_count == 3


def test_a_refusal_fails_with_the_channels_message_and_can_be_retried(published, province, adapter, commit):
    adapter.failures = [ChannelError("Erişim anahtarı geçersiz; hesabı yeniden bağlayın.", status=401)]
    story = published("bluesky")
    publication = Publication.objects.get(story=story)
    assert publication.status == Publication.Status.FAILED
    assert publication.last_error == "Erişim anahtarı geçersiz; hesabı yeniden bağlayın."
    assert adapter.published == []
    with commit():
        actions.retry_publication(actor=province.staff, publication=publication)
    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED
    assert [a.outcome for a in publication.attempts.all()] == ["error", "ok"]


def test_editing_and_deleting_a_post_where_the_channel_allows_it(published, province, channels, adapter, commit):
    story = published("mastodon", "bluesky")
    mastodon = Publication.objects.get(story=story, channel=channels["mastodon"])
    bluesky = Publication.objects.get(story=story, channel=channels["bluesky"])
    approved = actions.compose(story, channels["mastodon"])
    with commit():
        actions.edit_publication(actor=province.staff, publication=mastodon, post=approved)
    assert adapter.updated[0][0] == mastodon.remote_id
    assert adapter.updated[0][1].text == approved
    with pytest.raises(actions.PublishingError):  # Bluesky posts cannot be edited
        actions.edit_publication(actor=province.staff, publication=bluesky, post="Yeni")
    with commit():
        actions.delete_publication(actor=province.staff, publication=bluesky)
    bluesky.refresh_from_db()
    assert bluesky.status == Publication.Status.DELETED
    assert adapter.deleted == [bluesky.remote_id]
    assert list(bluesky.attempts.values_list("action", flat=True)) == ["publish", "delete"]
