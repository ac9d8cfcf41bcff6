"""Celery tasks written down in the transaction of the action that queues them.

A ``Message`` row is one task call (name, JSON arguments, earliest start). It
commits or rolls back with the action; after commit it is handed to the
broker, and a dispatcher re-sends whatever the broker did not take. See
``pressdesk/outbox/actions.py`` and docs/architecture.md ("Background work").
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TASK_ID_PREFIX = "outbox-"


class Message(models.Model):
    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    eta = models.DateTimeField(_("not before"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    dispatched_at = models.DateTimeField(_("handed to the broker at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(dispatched_at__isnull=True), name="outbox_pending"),
            models.Index(fields=["created_at"], name="outbox_created"),
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"

    @property
    def task_id(self) -> str:
        """The Celery task id: the same on every re-send, so the worker can tell a duplicate."""
        return f"{TASK_ID_PREFIX}{self.pk}"


def message_id_from_task_id(task_id: str | None) -> int | None:
    if not task_id or not task_id.startswith(TASK_ID_PREFIX):
        return None
    try:
        return int(task_id[len(TASK_ID_PREFIX) :])
    except ValueError:
        return None
