"""A forward whose mail server fails: each attempt's error is kept, the last marks it failed; staff resend it once."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.mail.backends.base import BaseEmailBackend
from django.test import TestCase

from pressdesk.celery import app as celery_app
from pressdesk.triage import actions, tasks
from pressdesk.triage.models import StoryForward
from pressdesk.triage.tests.helpers import NEGATIVE, hospital_term, ingest, source_for, story_of

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def story(province):
    hospital_term(province)
    return story_of(ingest(source_for(province), NEGATIVE))


@pytest.fixture
def dead_mail(settings):
    previous = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    yield settings
    celery_app.conf.task_eager_propagates = previous


def _forward(province, story):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return actions.forward_story(actor=province.staff, story=story, recipients=["basmusavir@valilik.gov.tr"])


def test_each_failure_is_recorded_and_the_last_marks_the_forward_failed(province, story, dead_mail, monkeypatch):
    errors = []
    real_record = actions.record_forward_failure

    def recording(**kwargs):
        errors.append(kwargs["final"])
        return real_record(**kwargs)

    monkeypatch.setattr(actions, "record_forward_failure", recording)
    forward = _forward(province, story)
    forward.refresh_from_db()
    assert forward.sent_at is None
    assert forward.failed_at is not None
    assert "ConnectionRefusedError" in forward.error
    assert errors == [False] * tasks.FORWARD_MAX_RETRIES + [True]


def test_failed_forward_is_shown_and_resent_once(province, story, dead_mail, login):
    forward = _forward(province, story)
    client = login(province.staff)
    body = client.get(f"/triage/stories/{story.pk}/").content.decode()
    assert 'data-testid="forward-failed"' in body
    assert "mail server down" in body
    resend_url = f"/triage/stories/{story.pk}/forwards/{forward.pk}/resend/"
    assert resend_url in body
    assert client.get(resend_url).status_code == 405

    dead_mail.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(resend_url).status_code == 302
    forward.refresh_from_db()
    assert forward.sent_at is not None
    assert forward.failed_at is None
    assert forward.error == ""
    assert len(mail.outbox) == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(resend_url)  # a second click sends nothing more
    assert not actions.resend_forward(actor=province.staff, forward=forward)
    assert len(mail.outbox) == 1


def test_outsiders_cannot_resend(province, story, dead_mail, login):
    forward = _forward(province, story)
    with pytest.raises(PermissionDenied):
        actions.resend_forward(actor=province.affiliate, forward=forward)
    response = login(province.affiliate).post(f"/triage/stories/{story.pk}/forwards/{forward.pk}/resend/")
    assert response.status_code in (403, 404)
    forward.refresh_from_db()
    assert forward.failed_at is not None
    assert not StoryForward.objects.filter(sent_at__isnull=False).exists()
