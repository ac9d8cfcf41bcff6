"""Background work of TV/radio requests: the guests' reminders (beat, every 15 minutes)."""

from __future__ import annotations

from celery import shared_task


@shared_task(soft_time_limit=120, time_limit=180)
def send_reminders() -> int:
    from pressdesk.broadcast import actions

    return actions.send_due_reminders()


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5, soft_time_limit=60, time_limit=90
)
def send_public_confirmation(public_id: int, token: str) -> None:
    """E-mail the confirmation link of a public request. The token is never logged or stored in clear."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.utils import translation
    from django.utils.translation import gettext as _

    from pressdesk.broadcast.models import PublicRequest
    from pressdesk.broadcast.public import confirm_link

    public = PublicRequest.objects.filter(pk=public_id, confirmed_at__isnull=True).first()
    if public is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Confirm your request: %(name)s") % {"name": public}
        body = _(
            "We received your request for “%(programme)s”. Open this link to confirm it; "
            "the press unit sees it only after that:\n%(link)s\n\n"
            "If you did not send it, ignore this e-mail."
        ) % {"programme": public.programme, "link": confirm_link(token)}
    send_mail(subject, body, None, [public.requester_email])
