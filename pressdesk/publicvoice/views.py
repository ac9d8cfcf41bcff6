"""Screens of the public's voice: the list, marking a story, a voice with its posts, the answer, statistics."""

from __future__ import annotations

import datetime
import tempfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.spreadsheet import neutralize_row
from pressdesk.lib.views import action_errors
from pressdesk.publicvoice import actions, queries
from pressdesk.publicvoice.forms import AnswerForm, FilterForm, MarkForm
from pressdesk.publicvoice.models import Voice

PER_PAGE = 25
EXPORT_LIMIT = 10_000


def _may_list(request: AuthedHttpRequest) -> None:
    if not (queries.can_mark(request.user) or queries.is_officer(request.user) or request.user.is_admin):
        raise PermissionDenied


@require_GET
def voice_list(request: AuthedHttpRequest) -> HttpResponse:
    _may_list(request)
    form = FilterForm(request.GET or None, user=request.user)
    page = Paginator(queries.voice_list(request.user, form.filters()), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page_obj": page, "voices": page.object_list, "query_string": query.urlencode()}
    return render(request, "publicvoice/list.html", context)


@require_http_methods(["GET", "POST"])
def mark(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    from pressdesk.monitoring.queries import get_story_for_user

    if not queries.can_mark(request.user):
        raise PermissionDenied
    story = get_story_for_user(request.user, pk)
    existing = queries.voice_for_story(request.user, story)
    initial: dict[str, object] = {"route": True, "deadline_days": 3}
    if existing is not None:
        initial |= {
            "kind": existing.kind,
            "institution": existing.institution_id,
            "summary": existing.summary,
            "deadline_days": existing.deadline_days,
            "route": existing.status == Voice.Status.NOTED,
        }
    form = MarkForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            voice = actions.mark(actor=request.user, story=story, **form.cleaned_data)
        if outcome.ok:
            if voice.status == Voice.Status.ROUTED:
                messages.success(
                    request,
                    _("Sent to %(institution)s; the deadline is %(date)s.")
                    % {"institution": voice.institution, "date": voice.deadline.strftime("%d.%m.%Y")},  # type: ignore[union-attr]
                )
            else:
                messages.success(request, _("Recorded."))
            return redirect(voice)
    return render(request, "publicvoice/mark.html", {"form": form, "story": story, "existing": existing})


@require_GET
def detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    voice = queries.get_voice_for_user(request.user, pk)
    context = {
        "voice": voice,
        "posts": queries.original_posts(voice),
        "answer_form": AnswerForm() if queries.is_answerable_by(request.user, voice) else None,
        "unit": queries.can_mark(request.user),
    }
    return render(request, "publicvoice/detail.html", context)


@require_POST
def route(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    voice = queries.get_voice_for_user(request.user, pk)
    with action_errors(request) as outcome:
        actions.route(actor=request.user, voice=voice)
    if outcome.ok:
        messages.success(request, _("Sent to the institution."))
    return redirect(voice)


@require_POST
def answer(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    voice = queries.get_voice_for_user(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        with action_errors(request, form=form) as outcome:
            actions.answer(actor=request.user, voice=voice, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Your answer was recorded; the press unit was told."))
            return redirect(voice)
    context = {"voice": voice, "posts": queries.original_posts(voice), "answer_form": form, "unit": False}
    return render(request, "publicvoice/detail.html", context, status=200)


@require_POST
def close(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    voice = queries.get_voice_for_user(request.user, pk)
    with action_errors(request) as outcome:
        actions.close(actor=request.user, voice=voice)
    if outcome.ok:
        messages.success(request, _("Closed."))
    return redirect(voice)


def _period(request: AuthedHttpRequest) -> tuple[datetime.date, datetime.date]:
    """The chosen month (``?month=2026-11``), this month by default."""
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        start = datetime.date(year, month, 1)
    except ValueError:
        start = today.replace(day=1)
    end = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return start, end


@require_GET
def statistics(request: AuthedHttpRequest) -> HttpResponse:
    _may_list(request)
    start, end = _period(request)
    year_start = start.replace(month=1)
    context = {
        "month": start,
        "figures": queries.statistics(request.user, start, end),
        "year": queries.statistics(request.user, year_start, end),
        "kinds": Voice.Kind.choices,
    }
    return render(request, "publicvoice/statistics.html", context)


@require_GET
def export(request: AuthedHttpRequest) -> FileResponse:
    """The month's voices as an Excel workbook (the monthly complaints report), written row by row."""
    from openpyxl import Workbook

    _may_list(request)
    start, end = _period(request)
    tz = timezone.get_default_timezone()
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz)
    until = timezone.make_aware(datetime.datetime.combine(end, datetime.time.min), tz)
    rows = queries.voice_list(request.user, {}).filter(created_at__gte=since, created_at__lt=until)[:EXPORT_LIMIT]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Complaints and suggestions"))
    sheet.append(
        neutralize_row(
            [
                _("Date"),
                _("Type"),
                _("Status"),
                _("Institution"),
                _("Story"),
                _("Summary"),
                _("Deadline"),
                _("What was done"),
            ]
        )
    )
    for voice in rows.iterator(chunk_size=500):
        sheet.append(
            neutralize_row(
                [
                    timezone.localtime(voice.created_at).replace(tzinfo=None),
                    voice.get_kind_display(),
                    voice.get_status_display(),
                    voice.institution.name if voice.institution else "",
                    voice.story.title,
                    voice.summary,
                    voice.deadline,
                    voice.action_taken,
                ]
            )
        )
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"kamuoyu-sesi-{start:%Y-%m}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
