"""Triage buttons: an htmx POST returns the card in place, a plain form POST redirects back; audited; idempotent."""

import pytest
from auditlog.models import LogEntry

from pressdesk.monitoring.models import Importance, Relevance
from pressdesk.notifications.models import Notification
from pressdesk.triage.tests.helpers import NEGATIVE, hospital_term, ingest, source_for, story_of, triage_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(province):
    hospital_term(province)
    return story_of(ingest(source_for(province), NEGATIVE))


def test_htmx_triage_returns_the_updated_card(province, story, login):
    client = login(province.staff)
    response = client.post(f"/triage/stories/{story.pk}/triage/", {"sentiment": "negative"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-testid="story-card"' in response.content.decode()
    triage = triage_in(province.directorate, story)
    assert triage.sentiment == "negative"
    assert triage.relevance == Relevance.RELEVANT
    assert triage.reviewed_by == province.staff
    assert LogEntry.objects.get_for_object(triage).exists()


def test_plain_form_post_redirects_back_to_the_list(province, story, login):
    client = login(province.staff)
    response = client.post(
        f"/triage/stories/{story.pk}/triage/", {"importance": "3", "next": f"/triage/#story-{story.pk}"}
    )
    assert response.status_code == 302
    assert response.url == f"/triage/#story-{story.pk}"
    assert triage_in(province.directorate, story).importance == Importance.CRITICAL


def test_a_foreign_next_address_is_ignored(province, story, login):
    response = login(province.staff).post(
        f"/triage/stories/{story.pk}/triage/", {"relevance": "relevant", "next": "https://evil.example/"}
    )
    assert response.url == f"/triage/stories/{story.pk}/"


def test_bad_values_change_nothing(province, story, login):
    client = login(province.staff)
    response = client.post(f"/triage/stories/{story.pk}/triage/", {"sentiment": "furious"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    response = client.post(f"/triage/stories/{story.pk}/triage/", {})
    assert response.status_code == 302
    triage = triage_in(province.directorate, story)
    assert triage.sentiment == "" and triage.relevance == Relevance.UNREVIEWED


def test_double_submit_writes_one_history_row(province, story, login):
    client = login(province.staff)
    for _ in range(2):
        client.post(f"/triage/stories/{story.pk}/triage/", {"relevance": "irrelevant"})
    assert LogEntry.objects.get_for_object(triage_in(province.directorate, story)).count() == 1


def test_assign_to_a_colleague_notifies_them(province, story, login):
    client = login(province.staff)
    response = client.post(f"/triage/stories/{story.pk}/assign/", {"assignee": province.staff2.pk})
    assert response.status_code == 302
    assert triage_in(province.directorate, story).assignee == province.staff2
    assert Notification.objects.filter(recipient=province.staff2, kind="monitoring_story_assigned").exists()


def test_cannot_assign_outside_the_unit(province, story, login):
    client = login(province.staff)
    client.post(f"/triage/stories/{story.pk}/assign/", {"assignee": province.outsider.pk})
    client.post(f"/triage/stories/{story.pk}/assign/", {"assignee": province.affiliate.pk})
    assert triage_in(province.directorate, story).assignee is None


def test_empty_note_is_refused(province, story, login):
    client = login(province.staff)
    client.post(f"/triage/stories/{story.pk}/note/", {"text": "   "})
    assert not story.triage_notes.exists()
