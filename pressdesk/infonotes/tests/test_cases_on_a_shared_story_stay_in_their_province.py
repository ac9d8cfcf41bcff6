"""A story clustered from two provinces' items: each province opens and sees only its own case (issue 20, point 4)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.infonotes import actions, queries
from pressdesk.infonotes.models import Case
from pressdesk.monitoring.models import Item, Outlet, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(province, story):
    """``story`` (Kocaeli Gazetesi) also holds an earlier item of the other province's source."""
    earlier = timezone.now() - datetime.timedelta(hours=5)
    outlet = Outlet.objects.create(name="Denizli Haber", kind="local_newspaper")
    source = Source.objects.create(
        name="Denizli Haber", outlet=outlet, organization=province.other_directorate, url="https://d.example/rss"
    )
    Item.objects.create(
        source=source, outlet=outlet, url="https://d.example/haber/9", identity_hash="d", title=story.title,
        fetched_at=earlier, published_at=earlier, story=story,
    )  # fmt: skip
    return story


def test_another_provinces_case_does_not_stop_this_province_opening_its_own(province, shared, login):
    theirs, created = actions.open_from_story(actor=province.outsider, story=shared)
    assert created and theirs.organization == province.other_directorate
    client = login(province.staff)
    page = client.get(reverse("infonotes:open_from_story", args=[shared.pk])).content.decode()
    assert theirs.get_absolute_url() not in page
    assert shared in queries.negative_stories_without_case(province.staff)
    response = client.post(reverse("infonotes:open_from_story", args=[shared.pk]))
    ours = Case.objects.exclude(pk=theirs.pk).get(story=shared)
    assert response.status_code == 302 and response.url == ours.get_absolute_url()
    assert ours.organization == province.unit


def test_the_case_quotes_only_the_own_provinces_item(province, shared):
    case, _created = actions.open_from_story(actor=province.staff, story=shared)
    assert "Kocaeli Gazetesi" in case.summary and "gazete.example" in case.summary
    assert "Denizli" not in case.summary and "d.example" not in case.summary
    assert all("Denizli" not in line for line in actions.default_references(case, province.staff))
    theirs, _created = actions.open_from_story(actor=province.outsider, story=shared)
    assert "Denizli Haber" in theirs.summary and "gazete.example" not in theirs.summary


def test_a_story_with_none_of_the_actors_items_is_refused(province, story):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.open_from_story(actor=province.outsider, story=story)
    assert not Case.objects.exists()
