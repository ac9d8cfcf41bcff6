"""3.11: a hospital's press officer submits a story; the unit returns it with corrections, then accepts it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pressdesk.notifications.models import Notification
from pressdesk.publishing import actions
from pressdesk.publishing.models import NewsStory, StoryComment

pytestmark = pytest.mark.django_db


def test_returned_submission_shows_the_comment_to_the_institution_and_accepted_one_goes_to_the_unit(
    province, make_story, login
):
    story = make_story(author=province.affiliate, organization=province.directorate)
    assert story.organization == province.hospital  # an institution writes about itself
    assert story.submitting_organization == province.hospital

    # An unsent draft stays the institution's own.
    assert login(province.staff).get(reverse("publishing:detail", args=[story.pk])).status_code == 404

    actions.submit_to_unit(actor=province.affiliate, story=story)
    assert Notification.objects.filter(recipient=province.staff, kind="news_submitted").exists()
    actions.return_submission(actor=province.staff, story=story, comment="Fotoğraf altı yazısı eksik")
    story.refresh_from_db()
    assert story.status == NewsStory.Status.RETURNED

    page = login(province.affiliate).get(reverse("publishing:detail", args=[story.pk]))
    assert page.status_code == 200
    assert "Fotoğraf altı yazısı eksik" in page.content.decode()

    actions.update_story(actor=province.affiliate, story=story, title="Şehir Hastanesinde aşı haftası başladı")
    actions.submit_to_unit(actor=province.affiliate, story=story)
    # The unit edits the submission while reviewing it, then accepts it.
    actions.update_story(actor=province.staff, story=story, spot="Düzeltilmiş spot.")
    actions.accept_submission(actor=province.staff, story=story, comment="Teşekkürler")
    story.refresh_from_db()
    assert story.status == NewsStory.Status.DRAFT
    assert story.created_by == province.staff
    assert story.submitted_by == province.affiliate
    assert list(story.comments.values_list("kind", flat=True)) == [
        StoryComment.Kind.SUBMITTED,
        StoryComment.Kind.RETURNED,
        StoryComment.Kind.SUBMITTED,
        StoryComment.Kind.EDITED,
        StoryComment.Kind.ACCEPTED,
    ]
    # The press officer still sees their institution's story and its status.
    assert login(province.affiliate).get(reverse("publishing:detail", args=[story.pk])).status_code == 200


def test_returning_without_a_comment_is_refused(province, make_story):
    story = make_story(author=province.affiliate)
    actions.submit_to_unit(actor=province.affiliate, story=story)
    with pytest.raises(actions.PublishingError):
        actions.return_submission(actor=province.staff, story=story, comment="  ")


def test_press_officers_see_only_their_institutions_submissions(province, make_story, client):
    story = make_story(author=province.affiliate)
    actions.submit_to_unit(actor=province.affiliate, story=story)
    unit_story = make_story()
    for user in (province.other_affiliate, province.outsider, province.requester):
        client.force_login(user)
        assert client.get(reverse("publishing:detail", args=[story.pk])).status_code in (403, 404)
    client.force_login(province.affiliate)
    assert client.get(reverse("publishing:detail", args=[unit_story.pk])).status_code == 404
    listing = client.get(reverse("publishing:list")).content.decode()
    assert story.title in listing
    client.force_login(province.other_affiliate)
    assert story.title not in client.get(reverse("publishing:list")).content.decode()


def test_an_institution_cannot_review_its_own_story(province, make_story):
    story = make_story(author=province.affiliate)
    actions.submit_to_unit(actor=province.affiliate, story=story)
    with pytest.raises(PermissionDenied):
        actions.accept_submission(actor=province.affiliate, story=story)
