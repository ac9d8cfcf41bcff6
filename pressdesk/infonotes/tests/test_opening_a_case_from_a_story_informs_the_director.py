import pytest
from django.urls import reverse

from pressdesk.infonotes.models import Case, CaseEvent
from pressdesk.monitoring import story_actions
from pressdesk.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_story_offers_the_action_to_the_unit_only(province, story):
    keys = [action.key for action in story_actions.actions_for(province.staff, story)]
    assert "information_note" in keys
    assert "information_note" not in [a.key for a in story_actions.actions_for(province.affiliate, story)]
    [action] = [a for a in story_actions.actions_for(province.staff, story) if a.key == "information_note"]
    assert action.url(story) == reverse("infonotes:open_from_story", kwargs={"pk": story.pk})


def test_one_click_opens_a_case_and_tells_the_director(province, story, login):
    client = login(province.staff)
    response = client.post(reverse("infonotes:open_from_story", args=[story.pk]))
    case = Case.objects.get(story=story)
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    assert case.status == Case.Status.OPEN and case.organization == province.unit
    assert "Kocaeli Gazetesi" in case.summary
    note = Notification.objects.get(recipient=province.director, kind="infonote_opened")
    assert story.title in note.title and note.url == case.get_absolute_url()
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", "actor"))
    assert kinds == [("opened", province.staff.pk), ("director_informed", province.staff.pk)]


def test_a_second_click_does_not_open_a_second_case(province, story, login):
    client = login(province.staff)
    client.post(reverse("infonotes:open_from_story", args=[story.pk]))
    client.post(reverse("infonotes:open_from_story", args=[story.pk]))
    assert Case.objects.filter(story=story).count() == 1
    assert Notification.objects.filter(kind="infonote_opened").count() == 1


def test_outsiders_cannot_open_a_case_on_this_province_story(province, story, login):
    for user in (province.outsider, province.affiliate, province.requester):
        assert login(user).post(reverse("infonotes:open_from_story", args=[story.pk])).status_code in (403, 404)
    assert not Case.objects.exists()


def test_the_new_case_page_lists_negative_stories_without_a_case(province, story, login):
    page = login(province.staff).get(reverse("infonotes:create"))
    assert f'data-testid="open-story-{story.pk}"' in page.content.decode()
