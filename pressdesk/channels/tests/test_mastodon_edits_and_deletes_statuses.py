import pytest

from pressdesk.channels.base import ChannelError, PostPayload
from pressdesk.channels.registry import get_adapter

pytestmark = pytest.mark.django_db


def test_edit_replaces_the_text_and_delete_removes_the_status(province, mastodon):
    channel = mastodon.make_channel(organization=province.directorate)
    result = get_adapter(channel).publish(PostPayload(text="İlk metin"))

    edited = get_adapter(channel).update(result.remote_id, PostPayload(text="Düzeltilmiş metin"))
    assert edited.remote_id == result.remote_id
    assert mastodon.edits == [{"id": result.remote_id, "status": "Düzeltilmiş metin", "language": "tr"}]
    assert mastodon.statuses[result.remote_id]["content"] == "<p>Düzeltilmiş metin</p>"

    get_adapter(channel).delete(result.remote_id)
    assert mastodon.deleted == [result.remote_id]


def test_deleting_a_status_already_gone_says_so(province, mastodon):
    channel = mastodon.make_channel(organization=province.directorate)
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).delete("110000000000000999")
    assert caught.value.status == 404 and not caught.value.retryable
    assert "bulunamadı" in caught.value.message


def test_a_too_long_status_is_refused_with_the_instances_words(province, mastodon):
    channel = mastodon.make_channel(organization=province.directorate)
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="a" * 501))
    assert caught.value.status == 422 and not caught.value.retryable
    assert "character limit" in caught.value.message


def test_health_check_names_the_account(province, mastodon):
    channel = mastodon.make_channel(organization=province.directorate)
    health = get_adapter(channel).check()
    assert health.ok and health.account == "saglik"
