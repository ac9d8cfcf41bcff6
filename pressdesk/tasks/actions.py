"""State changes of tasks (process 3.17). Views, commands and tasks call these."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pressdesk.accounts.models import Role, User
from pressdesk.organizations.queries import in_scope
from pressdesk.outbox.actions import enqueue
from pressdesk.tasks.models import Task, TaskAttachment, TaskComment

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from pressdesk.organizations.models import Process


def can_assign(actor: User, assignee: User) -> bool:
    """A superior may give work to active people in their scope (or to themselves)."""
    if not actor.is_active or not assignee.is_active:
        return False
    if actor.pk == assignee.pk:
        return True
    return actor.is_superior and in_scope(actor, assignee.organization)


def can_work_on(actor: User, task: Task) -> bool:
    return actor.pk in (task.assignee_id, task.created_by_id) or actor.is_admin


def can_manage(actor: User, task: Task) -> bool:
    return actor.pk == task.created_by_id or actor.is_admin


@transaction.atomic
def assign_task(
    *,
    actor: User,
    assignee: User,
    title: str,
    description: str = "",
    due_date: datetime.date | None = None,
    priority: int = Task.Priority.NORMAL,
    process: Process | None = None,
    attachments: list[UploadedFile] | None = None,
) -> Task:
    if not can_assign(actor, assignee):
        raise PermissionDenied(_("You cannot give work to this person."))
    organization = actor.organization or assignee.organization
    if organization is None:
        raise ValidationError(_("The task needs an organization: neither person belongs to one."))
    task = Task.objects.create(
        title=title,
        description=description,
        due_date=due_date,
        priority=priority,
        process=process,
        organization=organization,
        created_by=actor,
        assignee=assignee,
    )
    add_attachments(actor=actor, task=task, uploads=attachments or [])
    if assignee.pk != actor.pk:
        _notify_assignee(task.pk)
    return task


def _notify_assignee(task_id: int) -> None:
    from pressdesk.tasks.tasks import notify_task_assigned

    enqueue(notify_task_assigned, task_id)


@transaction.atomic
def update_task(
    *,
    actor: User,
    task: Task,
    title: str,
    description: str,
    due_date: datetime.date | None,
    priority: int,
    assignee: User,
    process: Process | None = None,
) -> Task:
    if not can_manage(actor, task):
        raise PermissionDenied
    if assignee.pk != task.assignee_id and not can_assign(actor, assignee):
        raise PermissionDenied(_("You cannot give work to this person."))
    task = Task.objects.select_for_update().get(pk=task.pk)
    reassigned = assignee.pk != task.assignee_id
    task.title, task.description, task.due_date = title, description, due_date
    task.priority, task.assignee, task.process = priority, assignee, process
    task.save()
    if reassigned:
        _notify_assignee(task.pk)
    return task


@transaction.atomic
def comment_on_task(*, actor: User, task: Task, body: str, progress: int | None = None) -> TaskComment:
    """Add a comment, optionally reporting progress (which moves an open task to "in progress")."""
    if not can_work_on(actor, task):
        raise PermissionDenied
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not task.is_open:
        raise ValidationError(_("This task is closed; reopen it to add progress."))
    if progress is not None:
        if not 0 <= progress <= 100:
            raise ValidationError({"progress": _("Progress must be between 0 and 100.")})
        task.progress = progress
        if task.status == Task.Status.OPEN and progress > 0:
            task.status = Task.Status.IN_PROGRESS
        task.save(update_fields=["progress", "status", "updated_at"])
    return TaskComment.objects.create(task=task, author=actor, body=body, progress=progress)


@transaction.atomic
def complete_task(*, actor: User, task: Task, note: str = "") -> Task:
    if not can_work_on(actor, task):
        raise PermissionDenied
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status == Task.Status.DONE:
        return task  # a double click completes once
    if task.status == Task.Status.CANCELLED:
        raise ValidationError(_("A cancelled task cannot be completed."))
    task.status, task.progress, task.completed_at = Task.Status.DONE, 100, timezone.now()
    task.save(update_fields=["status", "progress", "completed_at", "updated_at"])
    TaskComment.objects.create(task=task, author=actor, body=note or _("Completed."), progress=100)
    return task


@transaction.atomic
def reopen_task(*, actor: User, task: Task) -> Task:
    if not can_manage(actor, task) and actor.pk != task.assignee_id:
        raise PermissionDenied
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.is_open:
        return task
    task.status, task.completed_at = Task.Status.IN_PROGRESS if task.progress else Task.Status.OPEN, None
    task.save(update_fields=["status", "completed_at", "updated_at"])
    TaskComment.objects.create(task=task, author=actor, body=_("Reopened."))
    return task


@transaction.atomic
def cancel_task(*, actor: User, task: Task, reason: str = "") -> Task:
    if not can_manage(actor, task):
        raise PermissionDenied
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status == Task.Status.CANCELLED:
        return task
    task.status = Task.Status.CANCELLED
    task.save(update_fields=["status", "updated_at"])
    TaskComment.objects.create(task=task, author=actor, body=reason or _("Cancelled."))
    return task


@transaction.atomic
def add_attachment(*, actor: User, task: Task, upload: UploadedFile) -> TaskAttachment:
    if not can_work_on(actor, task):
        raise PermissionDenied
    from pressdesk.lib.files import validate_document_upload

    validate_document_upload(upload)
    return TaskAttachment.objects.create(
        task=task,
        file=upload,
        original_name=upload.name or "file",
        size=upload.size or 0,
        uploaded_by=actor,
    )


@transaction.atomic
def add_attachments(*, actor: User, task: Task, uploads: list[UploadedFile]) -> list[TaskAttachment]:
    """Attach several files: all of them, or none if one is refused."""
    return [add_attachment(actor=actor, task=task, upload=upload) for upload in uploads]


#: What anyone in the province may ask the press unit for (issue 23, point 17), with the
#: process each request belongs to in the catalogue.
REQUEST_KINDS: dict[str, tuple[str, StrOrPromise]] = {
    "news": ("3.6", gettext_lazy("News story")),
    "statement": ("3.10", gettext_lazy("Press statement")),
    "interview": ("3.9", gettext_lazy("Interview or press conference")),
    "event": ("3.12", gettext_lazy("Opening, invitation or event")),
    "video": ("3.13", gettext_lazy("Filming or promotional video")),
    "other": ("3.17", gettext_lazy("Other request")),
}


@transaction.atomic
def request_work(
    *,
    actor: User,
    kind: str,
    title: str,
    description: str,
    wanted_by: datetime.date | None = None,
    attachments: list[UploadedFile] | None = None,
) -> Task:
    """A request to the press unit from anyone in the province: a task for the unit head, in İşlerim.

    The requester follows it as the task's author (comments, attachments, the outcome);
    the unit head gives it on to staff like any other task.
    """
    from pressdesk.organizations.models import Process
    from pressdesk.organizations.queries import province_for

    if kind not in REQUEST_KINDS:
        raise ValidationError(_("Choose what you are asking for."))
    if wanted_by is not None and wanted_by < timezone.localdate():
        raise ValidationError(_("The date you need it by has already passed."))
    province = province_for(actor)
    if province is None:
        raise ValidationError(_("Your account belongs to no province, so there is no press unit to ask."))
    handlers = User.objects.filter(is_active=True, organization__path__startswith=province.path)
    handler = (
        handlers.filter(role=Role.UNIT_HEAD).order_by("pk").first()
        or handlers.filter(role=Role.DIRECTOR).order_by("pk").first()
    )
    if handler is None:
        raise ValidationError(_("The press unit of your province has no head in the system yet."))
    code, label = REQUEST_KINDS[kind]
    task = Task.objects.create(
        title=f"{label}: {title}",
        description=description,
        due_date=wanted_by,
        process=Process.objects.filter(code=code).first(),
        organization=actor.organization or province,
        created_by=actor,
        assignee=handler,
    )
    add_attachments(actor=actor, task=task, uploads=attachments or [])
    _notify_assignee(task.pk)
    return task
