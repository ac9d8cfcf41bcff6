"""Background work for tasks: assignment e-mails and due-date reminders."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pressdesk.tasks.models import Task

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
def notify_task_assigned(self, task_id: int) -> None:  # type: ignore[no-untyped-def]
    """Tell the assignee, in the application and/or by e-mail as they chose (notifications app)."""
    from pressdesk.notifications.actions import notify

    task = Task.objects.select_related("assignee", "created_by").filter(pk=task_id).first()
    if task is None:
        return  # deleted meanwhile
    with translation.override(settings.LANGUAGE_CODE):
        title = _("New task: %(title)s") % {"title": task.title}
        body = _("%(giver)s gave you a task: %(title)s\n\nDue date: %(due)s") % {
            "giver": task.created_by,
            "title": task.title,
            "due": task.due_date.strftime("%d.%m.%Y") if task.due_date else "-",
        }
    notify(
        recipients=[task.assignee],
        kind="task_assigned",
        title=title,
        body=body,
        url=reverse("tasks:detail", args=[task.pk]),
    )


@shared_task(soft_time_limit=120, time_limit=180)
def send_due_reminders() -> int:
    """E-mail each assignee once a day about open tasks due today or overdue."""
    today = timezone.localdate()
    sent = 0
    due = Task.objects.filter(status__in=Task.OPEN_STATUSES, due_date__lte=today).exclude(reminded_on=today)
    for task_id in due.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            task = (
                Task.objects.select_for_update()
                .select_related("assignee")
                .filter(pk=task_id, status__in=Task.OPEN_STATUSES)
                .exclude(reminded_on=today)
                .first()
            )
            if task is None:
                continue
            task.reminded_on = today
            task.save(update_fields=["reminded_on"])
        if task.assignee.email:
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Reminder: %(title)s") % {"title": task.title}
                body = _("This task is due on %(due)s and is not completed yet.\n\n%(url)s") % {
                    "due": task.due_date.strftime("%d.%m.%Y") if task.due_date else "-",
                    "url": settings.SITE_URL + reverse("tasks:detail", args=[task.pk]),
                }
            send_mail(subject, body, None, [task.assignee.email], fail_silently=True)
            sent += 1
    log.info("Sent %d task reminders", sent)
    return sent
