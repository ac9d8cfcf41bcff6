"""Views of process 3.17 (tasks given by a superior) and of "İşlerim".

Thin: forms validate, ``actions`` change state, ``queries`` decide what a
user may see. PermissionDenied raised by an action becomes a 403 page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from pressdesk.lib import inbox as inbox_registry
from pressdesk.lib.cached_counts import remember_nav_count
from pressdesk.lib.htmx import htmx_partial
from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.views import action_errors
from pressdesk.tasks import actions, queries
from pressdesk.tasks.forms import AttachmentForm, CommentForm, NoteForm, TaskFilterForm, TaskForm, WorkRequestForm
from pressdesk.tasks.models import Task

TASKS_PER_PAGE = 25


def _wants_fragment(request: AuthedHttpRequest) -> bool:
    return htmx_partial(request, "page", "fragment") == "fragment"


def _detail_url(task: Task, anchor: str = "") -> str:
    url = reverse("tasks:detail", args=[task.pk])
    return f"{url}#{anchor}" if anchor else url


@require_GET
def inbox(request: AuthedHttpRequest) -> HttpResponse:
    items = inbox_registry.items_for(request.user)
    if settings.WEB_FAST_PATHS:  # the badge of the next pages agrees with this list
        remember_nav_count("inbox", request.user.pk, len(items))
    context = {
        "items": items,
        "inbox_count": len(items),  # the navbar badge agrees with the list, without counting again
        "overdue_count": sum(1 for item in items if item.is_overdue),
        "can_assign": request.user.is_superior,
    }
    return render(request, "tasks/inbox.html", context)


@require_GET
def task_list(request: AuthedHttpRequest) -> HttpResponse:
    form = TaskFilterForm(request.GET)
    filters = form.filters()
    tasks = queries.task_list_for(request.user, **filters)
    page_obj = Paginator(tasks, TASKS_PER_PAGE).get_page(request.GET.get("page"))

    params = request.GET.copy()
    params.pop("page", None)
    tabs = []
    for value, label in TaskFilterForm.TAB_CHOICES:
        tab_params = params.copy()
        tab_params["tab"] = value
        tabs.append(
            {"value": value, "label": label, "query": tab_params.urlencode(), "active": value == filters["tab"]}
        )
    context = {
        "form": form,
        "filters": filters,
        "tabs": tabs,
        "page_obj": page_obj,
        "tasks": page_obj.object_list,
        "query_string": params.urlencode(),
        "can_assign": request.user.is_superior,
        "today": timezone.localdate(),
    }
    return render(request, htmx_partial(request, "tasks/task_list.html", "tasks/_task_results.html"), context)


@require_http_methods(["GET", "POST"])
def task_create(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.is_superior:
        raise PermissionDenied
    if request.method == "POST":
        form = TaskForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            with action_errors(request, form=form, permission=False):
                task = actions.assign_task(
                    actor=request.user,
                    assignee=data["assignee"],
                    title=data["title"],
                    description=data["description"],
                    due_date=data["due_date"],
                    priority=data["priority"],
                    process=data["process"],
                    attachments=data["attachments"],
                )
                messages.success(request, _("The task was given to %(name)s.") % {"name": task.assignee})
                return redirect(_detail_url(task))
    else:
        form = TaskForm(user=request.user)
    return render(request, "tasks/task_form.html", {"form": form, "task": None})


@require_http_methods(["GET", "POST"])
def task_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = queries.get_task_for_user(request.user, pk)
    if not actions.can_manage(request.user, task):
        raise PermissionDenied
    if request.method == "POST":
        form = TaskForm(request.POST, instance=task, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            with action_errors(request, form=form, permission=False):
                task = actions.update_task(
                    actor=request.user,
                    task=task,
                    title=data["title"],
                    description=data["description"],
                    due_date=data["due_date"],
                    priority=data["priority"],
                    assignee=data["assignee"],
                    process=data["process"],
                )
                messages.success(request, _("The task was saved."))
                return redirect(_detail_url(task))
    else:
        form = TaskForm(instance=task, user=request.user)
    return render(request, "tasks/task_form.html", {"form": form, "task": task})


def _render_detail(
    request: AuthedHttpRequest,
    task: Task,
    *,
    comment_form: CommentForm | None = None,
    attachment_form: AttachmentForm | None = None,
) -> HttpResponse:
    user = request.user
    can_work = actions.can_work_on(user, task)
    can_manage = actions.can_manage(user, task)
    context: dict[str, Any] = {
        "task": task,
        "comments": queries.comments_of(task),
        "attachments": task.attachments.all(),
        "comment_form": comment_form or CommentForm(task=task),
        "attachment_form": attachment_form or AttachmentForm(),
        "can_work": can_work,
        "can_manage": can_manage,
        "can_complete": can_work and task.is_open,
        "can_reopen": not task.is_open and (can_manage or user.pk == task.assignee_id),
        "can_cancel": can_manage and task.is_open,
    }
    return render(request, "tasks/task_detail.html", context)


@require_GET
def task_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, queries.get_task_for_user(request.user, pk))


@require_POST
def task_comment(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A comment with optional progress; htmx gets the new comment and the updated progress."""
    task = queries.get_task_for_user(request.user, pk)
    if not actions.can_work_on(request.user, task):
        raise PermissionDenied
    form = CommentForm(request.POST, task=task)
    if form.is_valid():
        with action_errors(request, form=form, permission=False):
            comment = actions.comment_on_task(
                actor=request.user, task=task, body=form.cleaned_data["body"], progress=form.progress_change()
            )
            if not _wants_fragment(request):
                messages.success(request, _("Your comment was added."))
                return redirect(_detail_url(task, "timeline"))
            task.refresh_from_db()
            context = {"task": task, "comment": comment, "comment_form": CommentForm(task=task), "oob": True}
            return render(request, "tasks/_comment_added.html", context)
    if _wants_fragment(request):
        response = render(request, "tasks/_comment_form.html", {"task": task, "comment_form": form})
        return retarget(reswap(response, "outerHTML"), "#comment-form")
    return _render_detail(request, task, comment_form=form)


@require_POST
def task_attach(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = queries.get_task_for_user(request.user, pk)
    if not actions.can_work_on(request.user, task):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = actions.add_attachments(actor=request.user, task=task, uploads=form.cleaned_data["attachments"])
        except ValidationError as exc:
            form.add_error("attachments", exc)
        else:
            count = len(added)
            messages.success(
                request,
                ngettext("%(count)d file was attached.", "%(count)d files were attached.", count) % {"count": count},
            )
            return redirect(_detail_url(task, "attachments"))
    return _render_detail(request, task, attachment_form=form)


@require_GET
def attachment_download(request: AuthedHttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Files are served only through this permission-checked view, never from MEDIA_URL."""
    attachment = queries.get_attachment_for_user(request.user, pk, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)


def _note(request: AuthedHttpRequest) -> str | None:
    """The optional note of a complete/cancel form; None (and a message) if it is invalid."""
    form = NoteForm(request.POST)
    if form.is_valid():
        note: str = form.cleaned_data["note"]
        return note
    for error in form["note"].errors:
        messages.error(request, str(error))
    return None


@require_POST
def task_complete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = queries.get_task_for_user(request.user, pk)
    note = _note(request)
    if note is not None:
        already_done = task.status == Task.Status.DONE
        with action_errors(request, permission=False):
            actions.complete_task(actor=request.user, task=task, note=note)
            if already_done:
                messages.info(request, _("This task was already completed."))
            else:
                messages.success(request, _("The task is completed."))
    return redirect(_detail_url(task))


@require_POST
def task_reopen(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = queries.get_task_for_user(request.user, pk)
    with action_errors(request, permission=False):
        actions.reopen_task(actor=request.user, task=task)
        messages.success(request, _("The task was reopened."))
    return redirect(_detail_url(task))


@require_POST
def task_cancel(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = queries.get_task_for_user(request.user, pk)
    reason = _note(request)
    if reason is not None:
        with action_errors(request, permission=False):
            actions.cancel_task(actor=request.user, task=task, reason=reason)
            messages.success(request, _("The task was cancelled."))
    return redirect(_detail_url(task))


@require_http_methods(["GET", "POST"])
def work_request(request: AuthedHttpRequest) -> HttpResponse:
    """Anyone in the province asks the press unit for a news story, a statement, an interview … (issue 23, point 17)."""
    if request.method == "POST":
        form = WorkRequestForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            with action_errors(request, form=form, permission=False):
                task = actions.request_work(
                    actor=request.user,
                    kind=data["kind"],
                    title=data["title"],
                    description=data["description"],
                    wanted_by=data["wanted_by"],
                    attachments=data["attachments"],
                )
                messages.success(
                    request,
                    _("Your request reached the press unit (%(name)s). You can follow it here.")
                    % {"name": task.assignee},
                )
                return redirect(_detail_url(task))
    else:
        form = WorkRequestForm()
    return render(request, "tasks/request_form.html", {"form": form})
