import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from pressdesk.channels.base import ChannelError, MediaFile, PostPayload
from pressdesk.channels.registry import get_adapter

pytestmark = pytest.mark.django_db


def test_a_photo_over_one_megabyte_never_reaches_bluesky(province, bluesky):
    big = default_storage.save("channels-test/buyuk.jpg", ContentFile(b"\xff\xd8" + b"\x00" * 1_100_000))
    channel = bluesky.make_channel(organization=province.directorate)

    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="Büyük fotoğraf", media=(MediaFile(big, "image/jpeg"),)))

    assert not caught.value.retryable
    assert "KB" in caught.value.message
    assert bluesky.blobs == [] and bluesky.posts == []


def test_a_text_over_300_graphemes_is_refused_by_the_bluesky_adapter(province, bluesky):
    channel = bluesky.make_channel(organization=province.directorate)
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="ğ" * 301))
    assert not caught.value.retryable
    assert bluesky.posts == []
    # 300 Turkish letters are 600 bytes but 300 graphemes: accepted.
    get_adapter(channel).publish(PostPayload(text="ğ" * 300))
    assert len(bluesky.posts) == 1
