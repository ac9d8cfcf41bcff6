"""Background work of approvals: notifications, external e-mails, deadlines."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from pressdesk.approvals.models import ApprovalFlow, ApprovalStep, ExternalApproval
from pressdesk.lib.dates import format_datetime

log = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5, soft_time_limit=60, time_limit=90
)
def notify_flow_event(flow_id: int, kind: str, step_id: int | None = None) -> None:
    from pressdesk.approvals import actions
    from pressdesk.notifications.actions import notify

    flow = ApprovalFlow.objects.select_related("author", "chain_organization", "process").filter(pk=flow_id).first()
    if flow is None:
        return
    step = ApprovalStep.objects.filter(pk=step_id, flow=flow).first() if step_id else None
    url = reverse("approvals:detail", args=[flow.pk])
    with translation.override(settings.LANGUAGE_CODE):
        if kind == "approval_requested" and step is not None:
            if step.status != ApprovalStep.Status.CURRENT:
                return  # decided meanwhile
            recipients = actions.eligible_users(flow, step)
            title = _("Waiting for your %(kind)s: %(title)s") % {"kind": step.get_kind_display(), "title": flow.title}
        elif kind == "approval_reminder" and step is not None:
            recipients = actions.eligible_users(flow, step)
            title = _("Reminder: %(title)s is due soon") % {"title": flow.title}
        elif kind == "approval_escalated" and step is not None:
            recipients = actions.escalation_recipients(flow, step) + actions.eligible_users(flow, step)
            title = _("Overdue approval: %(title)s") % {"title": flow.title}
        elif kind == "approval_returned":
            recipients = [flow.author]
            title = _("Returned to you: %(title)s") % {"title": flow.title}
        elif kind == "approval_completed":
            recipients = [flow.author]
            title = _("Approved: %(title)s") % {"title": flow.title}
        elif kind == "external_answered":
            recipients = [flow.author]
            title = _("An external unit answered: %(title)s") % {"title": flow.title}
        else:
            log.warning("Unknown approval event %s", kind)
            return
        notify(recipients=recipients, kind=kind, title=title, url=url)


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5, soft_time_limit=60, time_limit=90
)
def send_external_request(external_id: int, token: str) -> None:
    """E-mail the single-use link. The token is never logged or stored in clear."""
    from pressdesk.approvals.actions import external_link

    external = ExternalApproval.objects.select_related("flow", "organization").filter(pk=external_id).first()
    if external is None or external.used_at is not None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Approval requested: %(title)s") % {"title": external.flow.title}
        body = _(
            "The Provincial Health Directorate asks %(unit)s to approve the document below.\n\n"
            "Open this link to read it and approve or reject it (valid until %(expires)s, usable once):\n%(link)s"
        ) % {
            "unit": external.organization.name,
            "expires": format_datetime(external.expires_at),
            "link": external_link(token),
        }
    send_mail(subject, body, None, [external.email])


@shared_task(soft_time_limit=120, time_limit=180)
def process_deadlines() -> tuple[int, int]:
    from pressdesk.approvals import actions

    return actions.process_deadlines()
