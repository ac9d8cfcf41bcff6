"""A recipient sees the alerts sent to them, linked to the story; each person chooses alert SMS for themselves."""

import pytest

from pressdesk.triage import actions
from pressdesk.triage.models import AlertPreference
from pressdesk.triage.tests.helpers import NEGATIVE, hospital_term, ingest, source_for, story_of

pytestmark = pytest.mark.django_db


def test_recipient_sees_the_alert_with_a_link_and_others_do_not(province, login, django_capture_on_commit_callbacks):
    hospital_term(province)
    actions.save_rule(
        actor=province.unit_head,
        organization=province.directorate,
        name="Olumsuz",
        sentiment="negative",
        recipients=[province.director],
    )
    with django_capture_on_commit_callbacks(execute=True):
        story = story_of(ingest(source_for(province), NEGATIVE))
    body = login(province.director).get("/triage/alerts/").content.decode()
    assert f'href="/triage/stories/{story.pk}/"' in body
    assert login(province.outsider).get("/triage/alerts/").context["alerts"].count() == 0
    assert login(province.affiliate).get("/triage/alerts/").context["alerts"].count() == 0


def test_turning_alert_sms_off_and_on(province, login):
    client = login(province.director)
    assert client.post("/triage/preferences/", {}).status_code == 302
    assert AlertPreference.objects.get(user=province.director).sms is False
    client.post("/triage/preferences/", {"sms": "on"})
    assert AlertPreference.objects.get(user=province.director).sms is True
    assert client.get("/triage/preferences/").status_code == 200
