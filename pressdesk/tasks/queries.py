"""Reads of tasks, filtered by what the reading user may see."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role
from pressdesk.lib.inbox import InboxItem
from pressdesk.lib.search import words_q
from pressdesk.organizations.queries import scope_q
from pressdesk.tasks.models import Task, TaskAttachment, TaskComment

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


def get_attachment_for_user(user: User, task_pk: int, pk: int) -> TaskAttachment:
    """An attachment of a task ``user`` may see; 404 for anything else."""
    task = get_task_for_user(user, task_pk)
    try:
        return TaskAttachment.objects.select_related("task").get(task=task, pk=pk)
    except TaskAttachment.DoesNotExist as exc:
        raise Http404 from exc


# Tabs of the task list.
TAB_ASSIGNED_TO_ME = "mine"
TAB_GIVEN_BY_ME = "given"
TAB_ALL = "all"
# Status filters of the task list besides the statuses themselves.
STATUS_ACTIVE = "active"
STATUS_ANY = "any"


def _text_q(text: str) -> Q:
    """Match ``text`` in title or description, whatever its Turkish letter case."""
    return words_q(text, ["title", "description"])


def task_list_for(
    user: User, *, tab: str = TAB_ASSIGNED_TO_ME, status: str = STATUS_ACTIVE, text: str = ""
) -> QuerySet[Task]:
    """The task list: open work first, then by due date (undated last) and priority."""
    qs = tasks_visible_to(user)
    if tab == TAB_ASSIGNED_TO_ME:
        qs = qs.filter(assignee=user)
    elif tab == TAB_GIVEN_BY_ME:
        qs = qs.filter(created_by=user)
    if status == STATUS_ACTIVE:
        qs = qs.filter(status__in=Task.OPEN_STATUSES)
    elif status in Task.Status.values:
        qs = qs.filter(status=status)
    text = text.strip()
    if text:
        qs = qs.filter(_text_q(text))
    open_first = Case(When(status__in=Task.OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField())
    return qs.order_by(open_first, F("due_date").asc(nulls_last=True), "-priority", "-created_at")


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


def inbox_query(user: User) -> QuerySet[Task]:
    """What the navigation badge counts (with every module's in one statement, ``lib.inbox.count_for``)."""
    return open_tasks_for(user)


def inbox_count(user: User) -> int:
    return inbox_query(user).count()


def comments_of(task: Task) -> QuerySet[TaskComment]:
    return task.comments.select_related("author")


# --- The unit's activity figures (lib/activity.py; issue 26 point 9) ---------------------------


def tasks_done_on_time_by_month(province: Any, start: datetime.date, end: datetime.date) -> dict[datetime.date, float]:
    """Tasks done on time, per month of [start, end), in the province (one query)."""
    from django.db.models import F, Q

    from pressdesk.lib import activity
    from pressdesk.tasks.models import Task

    qs = Task.objects.filter(completed_at__isnull=False).filter(
        Q(due_date__isnull=True) | Q(completed_at__date__lte=F("due_date"))
    )
    if province is not None:
        qs = qs.filter(organization__path__startswith=province.path)
    return activity.count_by_month(qs, "completed_at", start, end)


def tasks_done_late_by_month(province: Any, start: datetime.date, end: datetime.date) -> dict[datetime.date, float]:
    """Tasks done late, per month of [start, end), in the province (one query)."""
    from django.db.models import F

    from pressdesk.lib import activity
    from pressdesk.tasks.models import Task

    qs = Task.objects.filter(completed_at__isnull=False, due_date__isnull=False, completed_at__date__gt=F("due_date"))
    if province is not None:
        qs = qs.filter(organization__path__startswith=province.path)
    return activity.count_by_month(qs, "completed_at", start, end)
