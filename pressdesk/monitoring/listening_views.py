"""Views of issue 30's listening additions: broadcast and print clips, clipping services, push connections.

Thin like ``views.py``: forms validate, ``actions`` change state, ``queries`` decide what a user sees.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.monitoring import actions, queries
from pressdesk.monitoring.forms import (
    BroadcastClipForm,
    ClippingImportForm,
    ClippingProviderForm,
    MinistryReportForm,
)
from pressdesk.monitoring.models import ClipFile
from pressdesk.monitoring.views import _monitor


def _errors(exc: ValidationError) -> list[str]:
    return [str(message) for message in exc.messages]


@require_http_methods(["GET", "POST"])
@_monitor
def clip_broadcast(request: AuthedHttpRequest) -> HttpResponse:
    """A TV or radio item, or a print clip, without an address: details, text, the clip or scan."""
    form = BroadcastClipForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = actions.add_broadcast_clip(
                actor=request.user,
                outlet=data["outlet"],
                medium=data["medium"],
                title=data["title"],
                aired_at=form.aired_at(),
                programme=data["programme"],
                duration_seconds=data["duration"],
                page=data["page"],
                summary=data["summary"],
                transcript=data["transcript"],
                reach=data["reach"],
                archive_url=data["archive_url"],
                media=data["recording"],
                scan=data["scan"],
            )
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("The clip was added."))
            if item.files.filter(ocr_status=ClipFile.OcrStatus.WAITING).exists():
                messages.info(
                    request,
                    _("The scan's text is being read; the clip is matched against the watch terms again when it is."),
                )
            if item.story_id:
                return redirect("monitoring:story_detail", item.story_id)
            return redirect("monitoring:source_detail", item.source_id)
    return render(request, "monitoring/clip_broadcast_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@_monitor
def clipping_services(request: AuthedHttpRequest) -> HttpResponse:
    """The province's clipping services, their last imports, and the Ministry's reports."""
    form = ClippingProviderForm(request.POST or None, prefix="provider")
    if request.method == "POST" and form.is_valid():
        provider = actions.save_clipping_provider(
            actor=request.user, name=form.cleaned_data["name"], service=form.cleaned_data["service"]
        )
        messages.success(request, _("The clipping service was saved."))
        return redirect("monitoring:clipping_import", provider.pk)
    context = {
        "form": form,
        "providers": list(queries.clipping_providers_for(request.user).order_by("name")),
        "imports": queries.clipping_imports_for(request.user),
        "ministry_reports": list(queries.ministry_reports_for(request.user)[:10]),
        "ministry_form": MinistryReportForm(prefix="ministry"),
    }
    return render(request, "monitoring/clipping_services.html", context)


@require_http_methods(["GET", "POST"])
@_monitor
def clipping_import(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Upload a service's export; the column mapping used is saved for its next delivery."""
    provider = queries.get_clipping_provider_for_user(request.user, pk)
    form = ClippingImportForm(request.POST or None, request.FILES or None, mapping=provider.mapping)
    if request.method == "POST" and form.is_valid():
        try:
            record = actions.import_clipping_export(
                actor=request.user, provider=provider, upload=form.cleaned_data["file"], mapping=form.mapping()
            )
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("%(new)d new clips added, %(known)d already in monitoring, %(refused)d rows refused.")
                % {"new": record.new_items, "known": record.known, "refused": len(record.refused)},
            )
            if record.unknown_columns:
                messages.warning(
                    request,
                    _("Columns no field names were kept with each clip: %(columns)s.")
                    % {"columns": ", ".join(record.unknown_columns)},
                )
            return redirect("monitoring:clipping_services")
    return render(request, "monitoring/clipping_import.html", {"form": form, "provider": provider})


@require_http_methods(["POST"])
@_monitor
def ministry_report_upload(request: AuthedHttpRequest) -> HttpResponse:
    form = MinistryReportForm(request.POST, request.FILES, prefix="ministry")
    if form.is_valid():
        try:
            actions.upload_ministry_report(
                actor=request.user, report_date=form.cleaned_data["report_date"], upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("The Ministry's report was kept; it goes out with the daily report."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("monitoring:clipping_services")


@require_GET
@_monitor
def ministry_report_file(request: AuthedHttpRequest, pk: int) -> FileResponse:
    report = queries.get_ministry_report_for_user(request.user, pk)
    try:
        handle = report.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=report.original_name)


@require_GET
@_monitor
def stream_health(request: AuthedHttpRequest) -> HttpResponse:
    """Each push connection's health: connected or polling, last event, disconnections, malformed events."""
    return render(request, "monitoring/stream_health.html", {"streams": queries.stream_statuses_for(request.user)})
