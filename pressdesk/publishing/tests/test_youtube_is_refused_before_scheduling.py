"""A story without a library video cannot be scheduled to YouTube; the refusal says what to do instead."""

import pytest

from pressdesk.channels.models import Channel
from pressdesk.publishing import actions
from pressdesk.publishing.models import Publication

pytestmark = pytest.mark.django_db


def test_youtube_is_refused_with_a_clear_message_and_nothing_is_scheduled(province, make_story, approve, adapter):
    youtube = Channel.objects.create(
        organization=province.directorate, kind=Channel.Kind.YOUTUBE, name="YouTube", account_id="cid.apps"
    )
    story = make_story(video_urls="https://www.youtube.com/watch?v=dQw4")
    approve(story)
    assert any("Görsel arşiv" in problem for problem in actions.channel_problems(story, youtube))
    with pytest.raises(actions.PublishingError) as refused:
        actions.publish(actor=province.staff, story=story, channels=[youtube])
    assert "Görsel arşiv" in " ".join(refused.value.messages)
    assert not Publication.objects.exists()
    assert adapter.published == []
