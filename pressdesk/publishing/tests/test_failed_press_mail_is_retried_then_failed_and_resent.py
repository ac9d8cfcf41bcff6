"""A dead mail server: each press e-mail is retried, then recorded as failed with its error; staff resend it once."""

import smtplib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from pressdesk.celery import app as celery_app
from pressdesk.publishing import actions, tasks
from pressdesk.publishing.models import PressDelivery

pytestmark = pytest.mark.django_db


class DeadSMTPBackend(BaseEmailBackend):
    calls = 0

    def send_messages(self, email_messages):
        DeadSMTPBackend.calls += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def dead_smtp(settings):
    # Eager retries run in place only when task errors are not re-raised (as in a worker).
    previous = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    DeadSMTPBackend.calls = 0
    settings.EMAIL_BACKEND = f"{__name__}.DeadSMTPBackend"
    yield settings
    celery_app.conf.task_eager_propagates = previous


@pytest.fixture
def story(province, make_story, approve):
    actions.save_press_contact(actor=province.staff, name="Gazeteci", outlet="Kocaeli Gazetesi", email="g@example.com")
    story = make_story(goes_to_press=True, title="Aşı kampanyası")
    approve(story)
    return story


def test_dead_mail_server_is_retried_then_failed_with_the_error_shown(province, story, dead_smtp, commit, login):
    with commit():
        actions.queue_press_mail(actor=province.staff, story=story)
    delivery = PressDelivery.objects.get(story=story)
    assert DeadSMTPBackend.calls == tasks.send_press_mail.max_retries + 1
    assert delivery.status == PressDelivery.Status.FAILED
    assert "SMTPServerDisconnected" in delivery.error

    page = login(province.staff).get(reverse("publishing:detail", args=[story.pk])).content.decode()
    assert 'data-testid="failed-deliveries"' in page
    assert "SMTPServerDisconnected" in page
    assert reverse("publishing:press_resend", args=[story.pk]) in page


def test_resend_after_the_server_is_back_sends_once(province, story, dead_smtp, commit, login, settings):
    with commit():
        actions.queue_press_mail(actor=province.staff, story=story)
    assert PressDelivery.objects.get(story=story).status == PressDelivery.Status.FAILED

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    client = login(province.staff)
    url = reverse("publishing:press_resend", args=[story.pk])
    assert client.get(url).status_code == 405  # POST only
    with commit():
        assert client.post(url).status_code == 302
    with commit():
        client.post(url)  # again: nothing failed any more, nothing is sent twice
    with commit():
        actions.queue_press_mail(actor=province.staff, story=story)
    delivery = PressDelivery.objects.get(story=story)
    assert delivery.status == PressDelivery.Status.SENT
    assert delivery.error == ""
    assert [m.to for m in mail.outbox] == [["g@example.com"]]
    assert 'data-testid="failed-deliveries"' not in client.get(story.get_absolute_url()).content.decode()


def test_an_outsider_cannot_resend(province, story, dead_smtp, commit, login):
    with commit():
        actions.queue_press_mail(actor=province.staff, story=story)
    dead_smtp.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    for user in (province.outsider, province.affiliate):
        with commit():
            response = login(user).post(reverse("publishing:press_resend", args=[story.pk]))
        assert response.status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        actions.resend_press_mail(actor=province.affiliate, story=story)
    assert PressDelivery.objects.get(story=story).status == PressDelivery.Status.FAILED
    assert mail.outbox == []
