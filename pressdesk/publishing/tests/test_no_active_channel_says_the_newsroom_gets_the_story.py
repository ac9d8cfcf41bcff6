"""No empty "Channels" box: without an active channel the form says the newsroom gets the story (issue 23, defect 8)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_without_channels_the_editor_says_the_story_goes_to_the_newsroom(login, province):
    page = login(province.staff).get(reverse("publishing:create")).content.decode()
    assert 'data-testid="no-channels"' in page
    assert "yalnızca basın odasında yayımlanır" in page
    assert 'name="channels"' not in page


def test_with_channels_the_box_says_the_newsroom_always_gets_it(login, province, channels):
    page = login(province.staff).get(reverse("publishing:create")).content.decode()
    assert 'name="channels"' in page
    assert "Haber her zaman basın odasında yayımlanır" in page
    assert 'data-testid="no-channels"' not in page


def test_a_story_is_published_on_the_newsroom_without_any_channel(client, login, province, make_story, approve):
    story = make_story()
    approve(story)
    staff = login(province.staff)
    page = staff.get(reverse("publishing:detail", args=[story.pk])).content.decode()
    assert 'data-testid="no-channels"' in page
    response = staff.post(reverse("publishing:publish", args=[story.pk]), {"when": ""})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == "published"


def test_a_hospital_press_officer_writes_a_story_when_no_channel_is_active(login, province):
    # The institution never chooses channels: no box and no note, and the form opens.
    response = login(province.affiliate).get(reverse("publishing:create"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="channels"' not in page
    assert 'data-testid="no-channels"' not in page
