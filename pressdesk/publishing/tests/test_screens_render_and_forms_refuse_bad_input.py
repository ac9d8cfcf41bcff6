"""The unit's screens: list (constant queries), editor with counters, detail with previews, calendar, bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.publishing import actions
from pressdesk.publishing.models import NewsStory
from pressdesk.publishing.tests.conftest import jpeg

pytestmark = pytest.mark.django_db


def test_story_list_costs_the_same_queries_for_many_stories(login, province, make_story, django_assert_max_num_queries):
    for n in range(8):
        story = make_story(title=f"Haber {n}")
        actions.update_story(actor=province.staff, story=story, tags=["Aşı", "Sağlık"])
    client = login(province.staff)
    # 16 + one count per İşlerim provider in the navbar badge (publicvoice added one).
    with django_assert_max_num_queries(21):  # the page, plus the navigation's İşlerim count: one query per provider
        response = client.get(reverse("publishing:list"))
    assert response.status_code == 200
    assert "Haber 7" in response.content.decode()


def test_creating_a_story_through_the_form(login, province, channels):
    client = login(province.staff)
    assert 'id="channel-limits"' in client.get(reverse("publishing:create")).content.decode()
    response = client.post(
        reverse("publishing:create"),
        {
            "title": "Obezite ile mücadele",
            "spot": "Vatandaşlar bilgilendirildi.",
            "body_html": "<p>Metin</p><script>x</script>",
            "organization": province.hospital.pk,
            "tag_names": "obezite, beslenme",
            "channels": [channels["mastodon"].pk],
            "video_urls": "https://video.example/1",
        },
    )
    story = NewsStory.objects.get()
    assert response.status_code == 302
    assert story.body_html == "<p>Metin</p>"
    assert story.organization == province.hospital
    assert sorted(t.name for t in story.tags.all()) == ["beslenme", "obezite"]
    assert list(story.channels.all()) == [channels["mastodon"]]


def test_bad_input_is_refused_next_to_the_field(login, province):
    client = login(province.staff)
    response = client.post(
        reverse("publishing:create"),
        {
            "title": "",
            "spot": "x",
            "organization": province.other_province_hospital.pk,
            "video_urls": "değil-bir-adres",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"title", "organization", "video_urls"}
    assert not NewsStory.objects.exists()


def test_detail_shows_previews_per_channel_and_photos(login, province, make_story, approve):
    story = make_story(social_text="Kısa metin")
    actions.add_photo(actor=province.staff, story=story, upload=jpeg(), caption="Açılış töreni")
    approve(story)
    html = login(province.staff).get(story.get_absolute_url()).content.decode()
    for kind in ("wordpress", "facebook", "instagram", "x", "bluesky", "mastodon"):
        assert f'data-testid="preview-{kind}"' in html
    assert "Açılış töreni" in html
    assert 'data-testid="publish"' in html
    photo = story.photos.get()
    assert login(province.staff).get(reverse("publishing:photo", args=[photo.pk])).status_code == 200
    assert login(province.other_affiliate).get(reverse("publishing:photo", args=[photo.pk])).status_code == 404


def test_calendar_shows_published_and_scheduled_items(login, province, make_story, approve, channels, adapter, commit):
    now = timezone.now()
    published = make_story(title="Yayındaki haber")
    approve(published)
    with commit():
        actions.publish(actor=province.staff, story=published, channels=[channels["mastodon"]])
    scheduled = make_story(title="Planlı haber")
    approve(scheduled)
    actions.publish(actor=province.staff, story=scheduled, when=now + datetime.timedelta(days=1))
    client = login(province.staff)
    local = timezone.localtime(now)
    html = client.get(reverse("publishing:calendar"), {"year": local.year, "month": local.month}).content.decode()
    week = client.get(
        reverse("publishing:calendar"), {"view": "week", "date": local.date().isoformat()}
    ).content.decode()
    tomorrow = (local + datetime.timedelta(days=1)).date()
    if tomorrow.month == local.month:
        assert "Planlı haber" in html
    assert "Yayındaki haber" in html and "Yayındaki haber" in week
    assert channels["mastodon"].name in html
    assert "Yayındaki haber" not in login(province.outsider).get(reverse("publishing:calendar")).content.decode()


def test_copy_for_website_gives_text_and_an_image_zip(login, province, make_story, approve):
    story = make_story()
    actions.add_photo(actor=province.staff, story=story, upload=jpeg(), caption="Tören")
    approve(story)
    client = login(province.staff)
    html = client.get(reverse("publishing:copy_for_website", args=[story.pk])).content.decode()
    assert "<strong>başladı</strong>" in html
    response = client.get(reverse("publishing:website_zip", args=[story.pk]))
    assert response["Content-Type"] == "application/zip"


def test_the_publish_form_shows_a_channel_whose_token_was_refused(login, province, make_story, approve, channels):
    channels["x"].health = "token_invalid"
    channels["x"].save()
    story = make_story()
    approve(story)
    html = login(province.staff).get(story.get_absolute_url()).content.decode()
    assert f"{channels['x'].name} — " in html


def test_on_a_phone_the_calendar_is_a_list_of_days(login, province, make_story, approve, commit):
    # Seven 9rem columns showed three days at 390 px (issue 23, defect 9): below the md
    # breakpoint the same entries come as a list of the days that hold any, and today.
    story = make_story(title="Yayındaki haber")
    approve(story)
    with commit():
        actions.publish(actor=province.staff, story=story)
    html = login(province.staff).get(reverse("publishing:calendar")).content.decode()
    phone = html.split('data-testid="calendar-list"', 1)[1].split("</ol>", 1)[0]
    assert "Yayındaki haber" in phone
    assert 'class="list-unstyled d-md-none"' in html and "table-responsive d-none d-md-block" in html
