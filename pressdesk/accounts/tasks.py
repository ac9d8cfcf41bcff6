"""Background work for accounts: the "choose your password" e-mail of new users."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pressdesk.accounts.models import User

log = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=30,
    time_limit=60,
)
def send_set_password_email(self, user_id: int) -> bool:  # type: ignore[no-untyped-def]
    """E-mail a new user a link to choose their password.

    Safe to run twice: the link is the standard password-reset link, and a
    user who has meanwhile chosen a password, was deactivated or deleted, or
    has no e-mail address gets nothing.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or user.has_usable_password():
        log.info("No set-password e-mail for user %s (gone, inactive, no e-mail or password already set)", user_id)
        return False
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "url": settings.SITE_URL + path,
        "valid_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("accounts/emails/set_password_subject.txt", context).split())
        body = render_to_string("accounts/emails/set_password_email.txt", context)
    send_mail(subject, body, None, [user.email])
    return True
