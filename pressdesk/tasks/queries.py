"""Reads of tasks, filtered by what the reading user may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role
from pressdesk.organizations.queries import scope_q
from pressdesk.tasks.inbox import InboxItem
from pressdesk.tasks.models import Task

if TYPE_CHECKING:
    from pressdesk.accounts.models import User

# Superiors see every task in their scope; everybody else only their own.
OVERSEEING_ROLES = (Role.UNIT_HEAD, Role.CHIEF, Role.DIRECTOR)


def tasks_visible_to(user: User) -> QuerySet[Task]:
    qs = Task.objects.select_related("assignee", "created_by", "organization", "process")
    own = Q(assignee=user) | Q(created_by=user)
    if user.is_admin:
        return qs
    if user.role in OVERSEEING_ROLES:
        return qs.filter(own | scope_q(user))
    return qs.filter(own)


def get_task_for_user(user: User, pk: int) -> Task:
    try:
        return tasks_visible_to(user).get(pk=pk)
    except Task.DoesNotExist as exc:
        raise Http404 from exc


def open_tasks_for(user: User) -> QuerySet[Task]:
    return Task.objects.filter(assignee=user, status__in=Task.OPEN_STATUSES)


def inbox_items(user: User) -> Iterable[InboxItem]:
    for task in open_tasks_for(user).select_related("created_by"):
        yield InboxItem(
            kind=_("Task"),
            title=task.title,
            url=reverse("tasks:detail", args=[task.pk]),
            due=task.due_date,
            priority=task.priority,
            subtitle=_("Assigned by %(name)s") % {"name": task.created_by},
        )


def inbox_count(user: User) -> int:
    return open_tasks_for(user).count()
