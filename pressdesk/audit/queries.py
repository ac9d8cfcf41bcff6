"""Reads of the audit log, through the visibility registry."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.apps import apps
from django.db.models import Model, QuerySet
from django.http import Http404

from pressdesk.audit.registry import visible_queryset


def get_record_for_history(user: Any, app_label: str, model_name: str, pk: int) -> Model:
    """The record whose history ``user`` asks for, or 404 if unknown or not visible."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404 from exc
    visible = visible_queryset(model, user)
    if visible is None:
        raise Http404
    try:
        record: Model = visible.get(pk=pk)
    except model.DoesNotExist as exc:
        raise Http404 from exc
    return record


def history_of(record: Model) -> QuerySet[LogEntry]:
    return LogEntry.objects.get_for_object(record).select_related("actor", "content_type").order_by("-timestamp", "-pk")
