import pytest

from pressdesk.channels.adapters.bluesky import facets, grapheme_count
from pressdesk.channels.base import PostPayload
from pressdesk.channels.registry import get_adapter

pytestmark = pytest.mark.django_db


def test_post_uploads_the_photo_and_creates_a_post_record(province, bluesky, photo):
    channel = bluesky.make_channel(organization=province.directorate)
    text = "Şehir Hastanesi'nde yeni ünite açıldı 👨‍👩‍👧 https://basin.example/haber/ünite #sağlık"

    result = get_adapter(channel).publish(PostPayload(text=text, media=(photo,)))

    [record] = bluesky.posts
    assert record["$type"] == "app.bsky.feed.post"
    assert record["text"] == text
    assert record["langs"] == ["tr"]
    assert record["embed"]["$type"] == "app.bsky.embed.images"
    assert record["embed"]["images"][0]["alt"] == "Aşı standı"
    assert record["embed"]["images"][0]["image"] == bluesky.blobs[0]
    link, tag = record["facets"]
    encoded = text.encode("utf-8")
    start, end = link["index"]["byteStart"], link["index"]["byteEnd"]
    assert encoded[start:end].decode("utf-8") == "https://basin.example/haber/ünite"
    assert link["features"][0]["uri"] == "https://basin.example/haber/ünite"
    assert tag["features"][0] == {"$type": "app.bsky.richtext.facet#tag", "tag": "sağlık"}
    assert result.remote_id.startswith(f"at://{bluesky.did}/app.bsky.feed.post/")
    assert result.url == f"https://bsky.app/profile/{bluesky.handle}/post/{result.remote_id.rsplit('/', 1)[-1]}"


def test_without_a_photo_the_link_becomes_a_card(province, bluesky):
    channel = bluesky.make_channel(organization=province.directorate)
    get_adapter(channel).publish(PostPayload(text="Haber", title="Başlık", link="https://basin.example/haber/2"))
    assert bluesky.posts[0]["embed"] == {
        "$type": "app.bsky.embed.external",
        "external": {"uri": "https://basin.example/haber/2", "title": "Başlık", "description": ""},
    }


def test_a_retried_publication_finds_its_earlier_post(province, bluesky):
    channel = bluesky.make_channel(organization=province.directorate)
    payload = PostPayload(text="Bir kez paylaşılır", idempotency_key="pub-9-a")
    first = get_adapter(channel).publish(payload)
    second = get_adapter(channel).publish(payload)
    assert first.remote_id == second.remote_id
    assert len(bluesky.posts) == 1


def test_graphemes_are_counted_as_people_see_them():
    assert grapheme_count("👨‍👩‍👧") == 1
    assert grapheme_count("İğdır") == 5
    assert grapheme_count("e\u0301") == 1


def test_facet_offsets_are_utf8_bytes():
    [facet] = facets("ğğ https://a.example/x.")
    assert facet["index"] == {"byteStart": 5, "byteEnd": 24}


def test_delete_removes_the_record(province, bluesky):
    channel = bluesky.make_channel(organization=province.directorate)
    result = get_adapter(channel).publish(PostPayload(text="Silinecek"))
    get_adapter(channel).delete(result.remote_id)
    assert bluesky.records == {}
