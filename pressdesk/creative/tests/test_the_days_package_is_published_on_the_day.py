"""3.5.4: after the director's approval the day's package is scheduled through publishing for the day,
each account with its own paragraph of the posts, and published on the newsroom and the fake servers then."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from pressdesk.creative import actions
from pressdesk.creative.models import DayPackage, SpecialDay
from pressdesk.publishing import actions as publishing
from pressdesk.publishing.models import NewsStory, PressContact, Publication
from pressdesk.testing.creative import approve_all
from pressdesk.testing.fake_channels import FakeBluesky, FakeMastodon

pytestmark = pytest.mark.django_db
IST = ZoneInfo("Europe/Istanbul")


@pytest.fixture
def approved_package(province):  # type: ignore[no-untyped-def]
    day = SpecialDay.objects.get(name="Dünya Sağlık Günü")  # 7 April
    year = timezone.localdate().year + 1
    package = actions.start_package(actor=province.staff, day=day, year=year)
    actions.save_package(
        actor=province.staff,
        package=package,
        press_text="Dünya Sağlık Günü kutlu olsun.\n\nHastanelerimizde etkinlikler düzenlenecek.",
        social_posts="Mastodon: Bugün Dünya Sağlık Günü #sağlık\n\nBluesky: Sağlıklı bir yaşam için hareket edin",
    )
    with pytest.raises(ValidationError):
        actions.schedule_package(actor=province.staff, package=package)  # not approved yet
    assert approve_all(actions.submit_package(actor=province.staff, package=package))[-1] == "director"
    return package


def test_the_package_is_scheduled_and_published_on_the_day(
    province, approved_package, client, django_capture_on_commit_callbacks
):
    package = approved_package
    when = datetime.datetime(package.year, 4, 7, 10, 0, tzinfo=IST)
    PressContact.objects.create(organization=province.directorate, name="Muhabir", email="muhabir@gazete.example")
    with FakeMastodon() as mastodon, FakeBluesky() as bluesky:
        channels = [
            mastodon.make_channel(organization=province.directorate),
            bluesky.make_channel(organization=province.directorate),
        ]
        with django_capture_on_commit_callbacks(execute=True):
            story = actions.schedule_package(
                actor=province.staff, package=package, channels=channels, publish_time=datetime.time(10, 0)
            )
        story.refresh_from_db()
        package.refresh_from_db()
        assert package.status == DayPackage.Status.SCHEDULED
        # No second approval of the story: the package's 3.5 chain covers it.
        assert publishing.approval_problem(story) == ""
        assert (story.status, story.scheduled_for) == (NewsStory.Status.SCHEDULED, when)
        texts = dict(Publication.objects.filter(story=story).values_list("channel__kind", "text"))
        assert texts == {
            "mastodon": "Bugün Dünya Sağlık Günü #sağlık",
            "bluesky": "Sağlıklı bir yaşam için hareket edin",
        }
        assert mastodon.posts == [] and bluesky.posts == []
        assert story.deliveries.count() == 1  # the press list gets it on the day too
        with pytest.raises(ValidationError):
            actions.schedule_package(actor=province.staff, package=package)  # once

        with time_machine.travel(when + datetime.timedelta(minutes=1)):
            with django_capture_on_commit_callbacks(execute=True):
                assert publishing.publish_due() == (1, 2)
            story.refresh_from_db()
            assert story.status == NewsStory.Status.PUBLISHED and story.is_public
            page = client.get(story.public_path())
            assert page.status_code == 200 and "Hastanelerimizde etkinlikler" in page.content.decode()
        assert mastodon.posts[0]["status"] == "Bugün Dünya Sağlık Günü #sağlık"
        assert bluesky.posts[0]["text"] == "Sağlıklı bir yaşam için hareket edin"


def test_a_story_changed_after_scheduling_is_not_published_without_its_own_approval(province, approved_package):
    story = actions.schedule_package(actor=province.staff, package=approved_package)
    NewsStory.objects.filter(pk=story.pk).update(title="Başka bir başlık")
    story.refresh_from_db()
    assert "değişti" in publishing.approval_problem(story) or "changed" in publishing.approval_problem(story)
    with time_machine.travel(story.scheduled_for + datetime.timedelta(minutes=1)):
        assert publishing.publish_due() == (0, 0)
    story.refresh_from_db()
    assert story.status == NewsStory.Status.SCHEDULED


def test_a_package_changed_after_its_approval_is_not_scheduled(province, approved_package):
    DayPackage.objects.filter(pk=approved_package.pk).update(social_posts="Bluesky: başka bir metin")
    approved_package.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.schedule_package(actor=province.staff, package=approved_package)
    approved_package.refresh_from_db()
    assert not Publication.objects.exists() and approved_package.story is None
    assert approved_package.status == DayPackage.Status.DRAFT


def test_the_package_page_schedules_it(province, approved_package, client, login):
    login(province.staff)
    page = client.get(approved_package.get_absolute_url()).content.decode()
    assert "creative-package-schedule" in page
    response = client.post(approved_package.get_absolute_url(), {"step": "schedule", "publish_time": "11:30"})
    assert response.status_code == 302
    approved_package.refresh_from_db()
    assert approved_package.status == DayPackage.Status.SCHEDULED
    assert approved_package.story.scheduled_for == datetime.datetime(approved_package.year, 4, 7, 11, 30, tzinfo=IST)
    assert "creative-package-schedule" not in client.get(approved_package.get_absolute_url()).content.decode()


def test_a_post_too_long_for_its_account_is_refused_before_anything_is_scheduled(province):
    day = SpecialDay.objects.filter(rule="fixed").exclude(name="Dünya Sağlık Günü").order_by("pk").first()
    package = actions.start_package(actor=province.staff, day=day, year=timezone.localdate().year + 1)
    actions.save_package(
        actor=province.staff, package=package, press_text="Basın metni", social_posts="Bluesky: " + "ç" * 400
    )
    approve_all(actions.submit_package(actor=province.staff, package=package))
    with FakeBluesky() as bluesky:
        channel = bluesky.make_channel(organization=province.directorate)
        with pytest.raises(ValidationError) as caught:
            actions.schedule_package(actor=province.staff, package=package, channels=[channel])
    assert channel.name in caught.value.messages[0]
    package.refresh_from_db()
    assert package.status == DayPackage.Status.DRAFT and package.story is None
    assert not Publication.objects.exists()


def test_a_handed_story_edited_in_publishing_is_not_scheduled_under_the_packages_approval(province, approved_package):
    story = actions.hand_to_publishing(actor=province.staff, package=approved_package)
    publishing.update_story(actor=province.staff, story=story, spot="Onaylanmamış bir özet")
    with pytest.raises(ValidationError):
        actions.schedule_package(actor=province.staff, package=approved_package)
    story.refresh_from_db()
    assert story.status == NewsStory.Status.DRAFT and not Publication.objects.exists()


def test_paragraphs_typed_in_a_browser_stay_paragraphs(province):
    # A browser sends a textarea's line breaks as CR LF; the story and the posts are split on blank lines.
    day = SpecialDay.objects.get(name="Dünya Sağlık Günü")
    package = actions.start_package(actor=province.staff, day=day, year=timezone.localdate().year + 1)
    actions.save_package(
        actor=province.staff,
        package=package,
        press_text="Birinci paragraf.\r\n\r\nİkinci paragraf.",
        social_posts="Mastodon: Bir\r\n\r\nBluesky: İki",
    )
    package.refresh_from_db()
    assert "\r" not in package.press_text
    assert actions._package_body(package).count("<p>") == 2
    assert actions._package_spot(package) == "Birinci paragraf."
    assert package.channel_posts() == {"mastodon": "Bir", "bluesky": "İki"}
