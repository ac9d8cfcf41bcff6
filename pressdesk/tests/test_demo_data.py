import datetime
import zoneinfo

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from pressdesk.accounts.models import Role, User
from pressdesk.infonotes.models import Case
from pressdesk.meetings.models import AgendaRequest
from pressdesk.monitoring import polling as monitoring_polling
from pressdesk.monitoring.models import Item, ItemMatch, Outlet, Sentiment, Source, Story, StoryTriage, WatchTerm
from pressdesk.organizations.models import Organization
from pressdesk.publishing.models import NewsStory
from pressdesk.triage.models import Alert, AlertRule

pytestmark = pytest.mark.django_db

ISTANBUL = zoneinfo.ZoneInfo("Europe/Istanbul")
ER_WAITING = "Kocaeli Şehir Hastanesi acil servisinde saatlerce bekleme iddiası"


def _counts() -> dict[str, int]:
    """Rows in every table (sessions aside): a second run must leave every one of them as it was."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label not in ("sessions", "contenttypes", "admin")
    }


def test_demo_data_is_a_command_of_the_demo_app_not_of_accounts():
    from django.core.management import get_commands

    assert get_commands()["demo_data"] == "pressdesk.demo"


@pytest.mark.parametrize(
    "moment",
    [
        # CI on 8 December 2026, 00:06 in Istanbul: the series' next meeting was that morning, its agenda
        # requests had closed two days before, and the demo asked for an agenda item there and failed.
        datetime.datetime(2026, 12, 8, 0, 6, tzinfo=ISTANBUL),
        datetime.datetime(2026, 12, 31, 23, 54, tzinfo=ISTANBUL),  # the year turns while it builds
    ],
    ids=["next-meeting-agenda-closed", "new-years-eve"],
)
def test_demo_data_builds_on_any_day(time_machine, moment):
    """``script/server`` must start on whatever day it is run (a year of days was swept once, see git log)."""
    time_machine.move_to(moment, tick=True)
    call_command("demo_data", "--quiet")
    assert AgendaRequest.objects.filter(meeting__start__gt=moment).exists()


@pytest.fixture
def demo(db):
    call_command("demo_data", "--quiet")


def test_demo_data_gives_one_user_per_role_and_a_second_run_adds_nothing(capsys):
    call_command("demo_data")
    first = _counts()
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert "calisan" in capsys.readouterr().out  # the log-ins are printed
    call_command("demo_data", "--quiet")
    assert _counts() == first


def test_demo_director_has_a_letter_to_sign_a_task_and_the_hospital_submission(demo):
    from django.utils import translation

    from pressdesk.lib import inbox

    with translation.override("tr"):
        kinds = sorted(item.kind for item in inbox.items_for(User.objects.get(username="mudur")))
    assert kinds == ["Görev", "Haber", "İmza"]  # "Haber": the hospital's story waiting for review


def test_demo_monitoring_has_outlets_of_every_kind_and_sources_that_are_never_polled(demo):
    kinds = set(Outlet.objects.values_list("kind", flat=True))
    assert {
        Outlet.Kind.NATIONAL_NEWSPAPER,
        Outlet.Kind.LOCAL_NEWSPAPER,
        Outlet.Kind.NEWS_SITE,
        Outlet.Kind.AGENCY,
        Outlet.Kind.TV,
    } <= kinds
    assert Source.objects.exists()
    assert not Source.objects.filter(is_active=True, kind__in=Source.POLLED_KINDS).exists()
    assert monitoring_polling.claim_due_sources() == []  # the scheduler finds nothing to fetch


def test_demo_watch_terms_cover_the_directorate_its_hospitals_112_and_the_director(demo):
    watched = set(WatchTerm.objects.filter(is_active=True).values_list("organization__code", flat=True))
    assert {"koc-ism", "koc-sehir", "koc-derince", "koc-gebze", "koc-112"} <= watched
    assert WatchTerm.objects.filter(query__contains="İsmail Öztürk").exists()
    for code in ("koc-sehir", "koc-derince", "koc-gebze", "koc-112"):
        assert ItemMatch.objects.filter(term__organization__code=code).exists(), code


def test_demo_news_are_ingested_with_matches_and_agency_copies_grouped_into_stories(demo):
    assert 15 <= Item.objects.count() <= 25
    assert Item.objects.filter(matched=True).count() >= 10
    assert Item.objects.filter(matched=False).exists()  # unrelated news (sport, road works) is kept unmatched
    assert not Item.objects.filter(story__isnull=True).exists()
    copies = sorted((story.items.count() for story in Story.objects.all()), reverse=True)
    assert copies[0] >= 3  # one agency story on several outlets
    agency_story = Story.objects.filter(items__outlet__kind=Outlet.Kind.AGENCY).order_by("pk").first()
    assert agency_story is not None
    assert agency_story.items.values("outlet").distinct().count() >= 2


def test_demo_archive_search_finds_the_news(demo, login):
    staff = User.objects.get(username="calisan")
    response = login(staff).get(reverse("monitoring:archive"), {"q": "ORGAN BAĞIŞI"})
    assert response.status_code == 200
    assert len(response.context["items"]) >= 3
    assert "<mark>" in response.content.decode()


def test_demo_items_carry_sentiment_suggestions_and_staff_labels(demo):
    assert not Item.objects.filter(sentiment_suggested="").exists()
    assert not Story.objects.filter(sentiment_suggested="").exists()
    labels = set(StoryTriage.objects.exclude(sentiment="").values_list("sentiment", flat=True))
    assert {Sentiment.POSITIVE, Sentiment.NEGATIVE, Sentiment.NEUTRAL} <= labels
    assert StoryTriage.objects.get(story__title=ER_WAITING).sentiment == Sentiment.NEGATIVE


def test_demo_alert_rule_sends_negative_hospital_news_to_the_director_and_the_unit_head(demo):
    rule = AlertRule.objects.get()
    assert rule.sentiment == AlertRule.SentimentCondition.NEGATIVE
    assert set(rule.institutions.values_list("code", flat=True)) == {"koc-sehir", "koc-derince", "koc-gebze"}
    assert set(rule.recipients.values_list("username", flat=True)) == {"mudur", "sorumlu"}
    assert Alert.objects.filter(rule=rule, story__title=ER_WAITING).exists()


def test_demo_newsroom_lists_a_published_story(demo, client):
    published = NewsStory.objects.get(status=NewsStory.Status.PUBLISHED)
    response = client.get(reverse("newsroom:index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert published.public_path() in content
    assert "Dünya Diyabet Günü" in content
    assert not published.publications.exists()  # the newsroom only: nothing posted to a channel


def test_demo_hospital_submission_waits_for_the_units_review(demo):
    submitted = NewsStory.objects.get(status=NewsStory.Status.SUBMITTED)
    assert submitted.created_by == User.objects.get(username="hastane")
    assert submitted.organization == Organization.objects.get(code="koc-sehir")


def test_demo_case_from_the_negative_story_waits_for_the_hospital(demo):
    case = Case.objects.get()
    assert case.status == Case.Status.WAITING_INSTITUTION
    assert case.story is not None and case.story.title == ER_WAITING
    assert case.institution == Organization.objects.get(code="koc-sehir")
    assert case.deadline is not None


def test_a_second_run_after_the_side_effects_ran_adds_nothing(django_capture_on_commit_callbacks):
    # The tasks the first run enqueues (sentiment, alert rules, e-mails) run here, as a worker would run them.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_data", "--quiet")
    first = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_data", "--quiet")
    assert _counts() == first


def test_demo_data_makes_no_network_request(monkeypatch, django_capture_on_commit_callbacks):
    import socket

    from pressdesk.channels.models import Channel
    from pressdesk.publishing.models import PressDelivery, Publication

    def refuse(*args, **kwargs):
        raise AssertionError(f"demo_data tried to use the network: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    with django_capture_on_commit_callbacks(execute=True):  # the side effects too, run eagerly
        call_command("demo_data", "--quiet")
    assert Channel.objects.exists() and not Channel.objects.filter(is_active=True).exists()
    assert not Publication.objects.exists() and not PressDelivery.objects.exists()


def test_demo_hospital_officer_finds_the_information_note_request_in_their_inbox(demo):
    from django.utils import translation

    from pressdesk.approvals.actions import flow_for
    from pressdesk.approvals.models import ApprovalFlow
    from pressdesk.lib import inbox

    case = Case.objects.get()
    assert case.request_letter is not None and case.request_letter.ebys_number
    assert flow_for(case.request_letter).status == ApprovalFlow.Status.APPROVED
    with translation.override("tr"):
        kinds = [item.kind for item in inbox.items_for(User.objects.get(username="hastane"))]
    assert "Bilgi notu" in kinds
    assert "Şikâyet" in kinds  # the demo complaint routed to the hospital (pressdesk/demo/publicvoice.py)


def test_demo_positive_news_is_drafted_for_sharing(demo):
    draft = NewsStory.objects.get(status=NewsStory.Status.DRAFT)
    assert draft.source_story is not None
    assert StoryTriage.objects.get(story=draft.source_story).effective_sentiment == Sentiment.POSITIVE


def test_demo_daily_report_has_a_distribution_list_and_nothing_is_sent(demo):
    from pressdesk.reports.models import Delivery, Recipient, Report, ReportSettings

    report_settings = ReportSettings.objects.get(organization__code="koc-ism")
    assert report_settings.daily_enabled and report_settings.review_before_sending
    assert Recipient.objects.filter(report_settings=report_settings).count() >= 4
    assert list(Report.objects.values_list("status", flat=True)) == [Report.Status.DRAFT]
    assert not Delivery.objects.exists()
