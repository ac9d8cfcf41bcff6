"""A scheduled or published post carries only the approved text of its story; other words go through approval."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.publishing import actions
from pressdesk.publishing.models import Publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_post(province, make_story, approve, channels, adapter, commit):
    story = make_story()
    approve(story)
    with commit():
        actions.publish(actor=province.staff, story=story, channels=[channels["mastodon"]])
    return Publication.objects.get(story=story)


def test_an_edit_with_new_text_is_refused_and_the_post_is_unchanged(login, province, published_post, adapter):
    before = published_post.text
    response = login(province.staff).post(
        reverse("publishing:publication_edit", args=[published_post.pk]), {"text": "Onaysız yeni metin"}
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "onaylanmış metni" in errors
    published_post.refresh_from_db()
    assert published_post.text == before
    assert adapter.updated == []


def test_a_scheduled_post_cannot_be_rewritten_either(province, make_story, approve, channels, adapter, commit):
    story = make_story()
    approve(story)
    with commit():
        actions.publish(
            actor=province.staff,
            story=story,
            channels=[channels["mastodon"]],
            when=timezone.now() + datetime.timedelta(days=1),
        )
    publication = Publication.objects.get(story=story)
    with pytest.raises(actions.PublishingError):
        actions.edit_publication(actor=province.staff, publication=publication, post="Başka bir metin")
    publication.refresh_from_db()
    assert publication.text == actions.compose(story, channels["mastodon"])


def test_the_approved_text_can_be_saved_again(login, province, published_post, adapter, channels, commit):
    client = login(province.staff)
    url = reverse("publishing:publication_edit", args=[published_post.pk])
    approved = client.get(url).context["form"].initial["text"]
    assert approved == actions.compose(published_post.story, channels["mastodon"])
    with commit():
        response = client.post(url, {"text": approved.replace("\n", "\r\n")})
    assert response.status_code == 302
    assert [payload.text for _, payload in adapter.updated] == [approved]


def test_an_outsider_cannot_edit_a_post(login, province, published_post):
    response = login(province.outsider).post(
        reverse("publishing:publication_edit", args=[published_post.pk]), {"text": published_post.text}
    )
    assert response.status_code in (403, 404)
