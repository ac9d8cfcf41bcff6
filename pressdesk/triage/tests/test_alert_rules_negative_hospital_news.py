"""'Negative news about any hospital → the director and the unit head, in-app, e-mail and SMS', once per story."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from pressdesk.lib import sms
from pressdesk.monitoring.models import Outlet
from pressdesk.notifications.models import Notification
from pressdesk.triage import actions, alerting
from pressdesk.triage.models import Alert
from pressdesk.triage.tests.helpers import NEGATIVE, NEUTRAL, POSITIVE, hospital_term, ingest, source_for, story_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule(province, settings):
    settings.SMS_BACKEND = "locmem"
    sms.outbox.clear()
    province.director.phone = "+905321234567"
    province.director.save()
    hospital_term(province)
    return actions.save_rule(
        actor=province.unit_head,
        organization=province.directorate,
        name="Hastaneler hakkında olumsuz haber",
        sentiment="negative",
        institutions=[province.directorate],
        recipients=[province.director, province.unit_head],
        send_sms=True,
    )


def test_negative_story_alerts_recipients_once_on_every_channel(province, rule, django_capture_on_commit_callbacks):
    first, second = source_for(province), source_for(province)
    with django_capture_on_commit_callbacks(execute=True):
        items = ingest(first, NEGATIVE, POSITIVE)
    with django_capture_on_commit_callbacks(execute=True):
        ingest(second, NEGATIVE)  # the same story in another outlet: no second alert
    story = story_of(items[:1])
    [alert] = Alert.objects.all()
    assert alert.story == story
    assert alert.delivered_at is not None
    notes = Notification.objects.filter(kind="monitoring_alert")
    assert {n.recipient for n in notes} == {province.director, province.unit_head}
    assert all(n.url == f"/triage/stories/{story.pk}/" for n in notes)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([province.director.email, province.unit_head.email])
    assert f"/triage/stories/{story.pk}/" in mail.outbox[0].body
    assert [m.numbers for m in sms.outbox] == [["+905321234567"]]
    assert f"/triage/stories/{story.pk}/" in sms.outbox[0].text


def test_positive_and_neutral_news_do_not_alert(province, rule, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ingest(source_for(province), POSITIVE, NEUTRAL)
    assert not Alert.objects.exists()


def test_a_corrected_sentiment_raises_the_alert(province, rule, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        items = ingest(source_for(province), NEUTRAL)
    assert not Alert.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        actions.triage_story(actor=province.staff, story=story_of(items), sentiment_label="negative")
    assert Alert.objects.filter(story=story_of(items)).count() == 1


def test_sms_waits_for_the_end_of_quiet_hours(province, rule, django_capture_on_commit_callbacks):
    rule.quiet_start = datetime.time(0, 0)
    rule.quiet_end = datetime.time(23, 59)
    rule.save()
    with django_capture_on_commit_callbacks(execute=True):
        ingest(source_for(province), NEGATIVE)
    [alert] = Alert.objects.all()
    assert sms.outbox == []
    assert alert.sms_due_at > timezone.now()
    assert mail.outbox  # e-mail and in-app are not held back
    later = alert.sms_due_at + datetime.timedelta(minutes=1)
    assert alerting.due_sms_alert_ids(now=later) == [alert.pk]
    assert alerting.send_alert_sms_now(alert_id=alert.pk)
    assert len(sms.outbox) == 1
    assert not alerting.send_alert_sms_now(alert_id=alert.pk)  # sent once only


def test_a_user_who_turned_sms_off_gets_none(province, rule, django_capture_on_commit_callbacks):
    actions.set_alert_preference(actor=province.director, sms=False)
    with django_capture_on_commit_callbacks(execute=True):
        ingest(source_for(province), NEGATIVE)
    assert Alert.objects.count() == 1
    assert sms.outbox == []


def test_another_provinces_story_does_not_alert(province, rule, django_capture_on_commit_callbacks):
    source = source_for(province)
    source.organization = province.other_directorate
    source.save()
    with django_capture_on_commit_callbacks(execute=True):
        ingest(source, NEGATIVE)
    assert not Alert.objects.exists()


def test_outlet_kind_condition(province, django_capture_on_commit_callbacks):
    hospital_term(province)
    actions.save_rule(
        actor=province.unit_head,
        organization=province.directorate,
        name="Ulusal basın",
        outlet_kinds=[Outlet.Kind.NATIONAL_NEWSPAPER],
        recipients=[province.unit_head],
    )
    with django_capture_on_commit_callbacks(execute=True):
        ingest(source_for(province), POSITIVE)
    assert not Alert.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        ingest(source_for(province, kind=Outlet.Kind.NATIONAL_NEWSPAPER), NEUTRAL)
    assert Alert.objects.count() == 1
