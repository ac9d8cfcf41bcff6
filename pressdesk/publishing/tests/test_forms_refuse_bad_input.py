"""Each publishing form refuses bad input with a message and changes nothing."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pressdesk.publishing import actions
from pressdesk.publishing.models import PressContact, Publication, StoryPhoto

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_uploading_a_document_as_a_photo_is_refused(login, province, make_story):
    story = make_story()
    client = login(province.staff)
    response = client.post(
        reverse("publishing:photo_add", args=[story.pk]),
        {"photo": SimpleUploadedFile("foto.jpg", b"%PDF-1.4 belge"), "caption": "x"},
    )
    assert response.status_code == 302
    assert _messages(response)  # Django's own "not an image" message, in Turkish
    assert not StoryPhoto.objects.exists()


def test_an_over_long_post_text_is_refused_when_editing(
    login, province, make_story, approve, channels, adapter, commit
):
    story = make_story()
    approve(story)
    with commit():
        actions.publish(actor=province.staff, story=story, channels=[channels["mastodon"]])
    publication = Publication.objects.get()
    client = login(province.staff)
    response = client.post(reverse("publishing:publication_edit", args=[publication.pk]), {"text": "a" * 600})
    assert response.status_code == 200
    assert "500" in " ".join(response.context["form"].non_field_errors())
    publication.refresh_from_db()
    assert publication.text != "a" * 600


def test_a_bad_e_mail_address_is_not_added_to_the_press_list(login, province):
    response = login(province.staff).post(reverse("publishing:contacts"), {"name": "Ali", "email": "adres-değil"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not PressContact.objects.exists()


def test_a_bad_publishing_time_is_refused(login, province, make_story, approve):
    story = make_story()
    approve(story)
    response = login(province.staff).post(reverse("publishing:publish", args=[story.pk]), {"when": "yarın öğlen"})
    assert _messages(response)
    story.refresh_from_db()
    assert story.status == "draft"


def test_returning_a_submission_without_a_comment_shows_why(login, province, make_story):
    story = make_story(author=province.affiliate)
    actions.submit_to_unit(actor=province.affiliate, story=story)
    response = login(province.staff).post(reverse("publishing:review", args=[story.pk]), {"decision": "return"})
    assert _messages(response) == ["Hangi düzeltmelerin gerektiğini yazınız."]
    story.refresh_from_db()
    assert story.status == "submitted"
