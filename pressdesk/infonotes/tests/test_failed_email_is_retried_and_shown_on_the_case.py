import re

import pytest
from django.core import mail
from django.urls import reverse

from pressdesk.celery import app as celery_app
from pressdesk.infonotes import actions
from pressdesk.infonotes.models import CaseEvent, DispatchRecipient
from pressdesk.infonotes.tasks import MAX_RETRIES, send_note_email
from pressdesk.infonotes.tests.backends import RefusingBackend
from pressdesk.infonotes.tests.conftest import approved_case
from pressdesk.notifications.models import Notification

pytestmark = pytest.mark.django_db
REFUSING = "pressdesk.infonotes.tests.backends.RefusingBackend"


def test_a_refused_email_is_retried_then_shown_as_failed(
    province, story, settings, login, django_capture_on_commit_callbacks
):
    case = approved_case(province, story)
    settings.EMAIL_BACKEND = REFUSING
    RefusingBackend.calls = 0
    actions.send_note(actor=province.staff, case=case, targets=[actions.Target("ministry", "b@example.gov.tr")])
    recipient = DispatchRecipient.objects.get()
    # The worker's run: eager Celery runs each retry in turn (backoff countdowns are not waited for).
    celery_app.conf.task_eager_propagates = False  # a worker logs a retry, it does not raise it to the caller
    try:
        send_note_email.apply(args=[recipient.pk])
    finally:
        celery_app.conf.task_eager_propagates = True
    recipient.refresh_from_db()
    assert recipient.status == DispatchRecipient.Status.FAILED
    assert recipient.attempts == MAX_RETRIES + 1 == RefusingBackend.calls
    assert "SMTPServerDisconnected" in recipient.last_error
    assert CaseEvent.objects.filter(case=case, kind="mail_failed").count() == 1
    assert Notification.objects.filter(recipient=province.staff, kind="infonote_send_failed").exists()
    page = login(province.staff).get(case.get_absolute_url()).content.decode()
    # The template breaks a long tag's attributes over lines (djLint): any whitespace between them.
    assert re.search(rf'data-testid="recipient-{recipient.pk}"\s+data-status="failed"', page)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(province.staff).post(reverse("infonotes:retry", args=[case.pk, recipient.pk]))
    assert response.status_code == 302
    recipient.refresh_from_db()
    assert recipient.status == DispatchRecipient.Status.SENT and len(mail.outbox) == 1


def test_a_delivered_email_is_not_sent_again_by_a_duplicate_task(province, story, django_capture_on_commit_callbacks):
    case = approved_case(province, story)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_note(actor=province.staff, case=case, targets=[actions.Target("ministry", "b@example.gov.tr")])
    recipient = DispatchRecipient.objects.get()
    send_note_email.apply(args=[recipient.pk])
    assert len(mail.outbox) == 1
