import pytest
from django.urls import reverse

from pressdesk.lib import inbox
from pressdesk.publishing import actions

pytestmark = pytest.mark.django_db


def test_a_submission_waits_in_the_units_inbox_and_a_returned_one_in_the_institutions(province, make_story, login):
    story = make_story(author=province.affiliate, title="Hastane haberi")
    actions.submit_to_unit(actor=province.affiliate, story=story)
    assert "Hastane haberi" in [item.title for item in inbox.items_for(province.staff)]
    assert "Hastane haberi" not in [item.title for item in inbox.items_for(province.outsider)]
    assert "Hastane haberi" not in [item.title for item in inbox.items_for(province.other_affiliate)]
    actions.return_submission(actor=province.staff, story=story, comment="Düzeltiniz")
    assert "Hastane haberi" in [item.title for item in inbox.items_for(province.affiliate)]
    assert inbox.count_for(province.affiliate) >= 1
    assert "Hastane haberi" in login(province.affiliate).get(reverse("tasks:inbox")).content.decode()


def test_the_badge_counts_waiting_stories_and_failed_posts_in_one_query(
    province, make_story, approve, channels, django_assert_num_queries
):
    from pressdesk.publishing.models import Publication
    from pressdesk.publishing.queries import inbox_count

    for n in range(2):
        story = make_story(author=province.affiliate, title=f"Haber {n}")
        actions.submit_to_unit(actor=province.affiliate, story=story)
    published = make_story(title="Yayın")
    approve(published)
    Publication.objects.create(
        story=published, channel=channels["x"], text="x", created_by=province.staff, status="failed"
    )
    with django_assert_num_queries(1):
        assert inbox_count(province.staff) == 3
