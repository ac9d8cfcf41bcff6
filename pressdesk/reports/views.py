"""Views of the monitoring reports and the statistics. Thin: forms validate, ``actions`` change state,
``queries`` decide what a user may see."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pressdesk.documents.rendering.pdf import PdfUnavailable
from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.views import action_errors
from pressdesk.reports import actions, content, exports, figures, queries, rendering
from pressdesk.reports.forms import LeadForm, PeriodForm, PrepareForm, RecipientForm, SettingsForm
from pressdesk.reports.models import Delivery, Report, ReportKind

PER_PAGE = 25
_R = TypeVar("_R", bound=HttpResponseBase)


def _managers(view: Callable[..., _R]) -> Callable[..., _R]:
    """The unit's roles and administrators."""

    @wraps(view)
    def wrapped(request: AuthedHttpRequest, *args: Any, **kwargs: Any) -> _R:
        if not queries.can_manage_reports(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _statistics_readers(view: Callable[..., _R]) -> Callable[..., _R]:
    """The unit's roles, administrators, and affiliated institutions' press officers (their own news)."""

    @wraps(view)
    def wrapped(request: AuthedHttpRequest, *args: Any, **kwargs: Any) -> _R:
        if not queries.can_see_statistics(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _province(request: AuthedHttpRequest) -> Any:
    province = queries.province_for_user(request.user)
    if province is None:
        raise Http404
    return province


# --- statistics ---------------------------------------------------------------------


def _scope_label(scope: queries.Scope) -> str:
    if scope.institution is not None:
        return _("News about %(institution)s") % {"institution": scope.institution.name}
    if scope.province is not None:
        return str(scope.province)
    return _("All provinces")


def _statistics(request: AuthedHttpRequest) -> tuple[PeriodForm, exports.Statistics]:
    form = PeriodForm(request.GET or None)
    start, end, hourly, _key = form.bounds()
    scope = queries.scope_for_user(request.user)
    items = figures.in_period(queries.items_in_scope(scope), start, end)
    last_day = timezone.localtime(end - datetime.timedelta(seconds=1))
    stats = exports.Statistics(
        title=_("Media monitoring statistics"),
        period_label=f"{timezone.localtime(start):%d.%m.%Y} – {last_day:%d.%m.%Y}",
        scope_label=_scope_label(scope),
        totals=figures.totals(items),
        volume=figures.volume(items, hourly=hourly, start=start, end=end),
        sentiments=figures.by_sentiment(items),
        institutions=figures.by_institution(items, queries.institutions_in_scope(scope)),
        outlets=figures.by_outlet(items),
        outlet_kinds=figures.by_outlet_kind(items),
        negative_outlets=figures.top_negative_outlets(items),
    )
    comparisons = form.comparisons()
    if comparisons:
        archive = figures.in_period(queries.archive_in_scope(scope), start, end)
        stats.share_of_voice = figures.share_of_voice(items, archive, stats.scope_label, comparisons)
    return form, stats


@require_GET
@_statistics_readers
def statistics(request: AuthedHttpRequest) -> HttpResponse:
    form, stats = _statistics(request)
    colors = rendering.TONE_COLORS
    chart_data = {
        "volume": {
            "labels": [row["label"] for row in stats.volume],
            "items": [row["items"] for row in stats.volume],
            "stories": [row["stories"] for row in stats.volume],
            "reach": [row["reach"] for row in stats.volume],
            "itemsLabel": _("News items"),
            "storiesLabel": _("Stories"),
            "reachLabel": _("Reach"),
        },
        "sentiment": {
            "labels": [row["label"] for row in stats.sentiments],
            "values": [row["stories"] for row in stats.sentiments],
            "colors": [colors.get(row["tone"], colors["unknown"]) for row in stats.sentiments],
        },
        "institutions": {
            "labels": [row["name"] for row in stats.institutions[:15]],
            "negative": [row["negative"] for row in stats.institutions[:15]],
            "positive": [row["positive"] for row in stats.institutions[:15]],
            "other": [row["stories"] - row["negative"] - row["positive"] for row in stats.institutions[:15]],
            "negativeLabel": _("Negative"),
            "positiveLabel": _("Positive"),
            "otherLabel": _("Other"),
        },
        "outlets": {
            "labels": [row["name"] for row in stats.outlets],
            "values": [row["items"] for row in stats.outlets],
            "label": _("News items"),
        },
        "outletKinds": {
            "labels": [row["label"] for row in stats.outlet_kinds],
            "items": [row["items"] for row in stats.outlet_kinds],
            "reach": [row["reach"] for row in stats.outlet_kinds],
            "itemsLabel": _("News items"),
            "reachLabel": _("Reach"),
        },
        "shareOfVoice": {
            "labels": [row["name"] for row in stats.share_of_voice],
            "values": [row["items"] for row in stats.share_of_voice],
            "label": _("News items"),
        },
        "negativeOutlets": {
            "labels": [row["name"] for row in stats.negative_outlets],
            "values": [row["items"] for row in stats.negative_outlets],
            "label": _("Negative news items"),
        },
    }
    context = {"form": form, "stats": stats, "chart_data": chart_data, "query_string": request.GET.urlencode()}
    return render(request, "reports/statistics.html", context)


@require_GET
@_statistics_readers
def statistics_xlsx(request: AuthedHttpRequest) -> FileResponse:
    _form, stats = _statistics(request)
    return FileResponse(
        exports.write_xlsx(stats),
        as_attachment=True,
        filename=f"basin-istatistik-{timezone.localdate():%Y-%m-%d}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_GET
@_statistics_readers
def statistics_pdf(request: AuthedHttpRequest) -> HttpResponse:
    _form, stats = _statistics(request)
    try:
        data = exports.render_pdf(stats)
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('reports:statistics')}?{request.GET.urlencode()}")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="basin-istatistik-{timezone.localdate():%Y-%m-%d}.pdf"'
    return response


# --- reports ---------------------------------------------------------------------------


@require_GET
@_statistics_readers
def report_list(request: AuthedHttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    reports = queries.report_list_for(
        request.user,
        kind=kind if kind in ReportKind.values else "",
        status=status if status in Report.Status.values else "",
    )
    page_obj = Paginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page_obj": page_obj,
        "reports": page_obj.object_list,
        "kind": kind,
        "status": status,
        "kinds": ReportKind.choices,
        "statuses": Report.Status.choices,
        "prepare_form": PrepareForm(),
        "can_manage": queries.can_manage_reports(request.user),
        "query_string": params.urlencode(),
    }
    return render(request, "reports/report_list.html", context)


@require_POST
@_managers
def report_create(request: AuthedHttpRequest) -> HttpResponse:
    form = PrepareForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose which report to prepare."))
        return redirect("reports:report_list")
    report, created = actions.prepare_report(
        actor=request.user, province=_province(request), kind=form.cleaned_data["kind"]
    )
    if created:
        messages.success(request, _("The report was prepared. Check it, edit the lead text and send it."))
    return redirect("reports:report_detail", report.pk)


@require_GET
@_managers
def report_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    report = queries.get_managed_report(request.user, pk)
    gathered = content.gather(report, queries.scope_for_delivery(report, None))
    deliveries = list(queries.deliveries_of(report))
    recipients = (
        queries.recipients_for_report(report) if report.status in (Report.Status.DRAFT, Report.Status.EMPTY) else []
    )
    context = {
        "report": report,
        "content": gathered,
        "deliveries": deliveries,
        "failed_count": sum(1 for delivery in deliveries if delivery.status == Delivery.Status.FAILED),
        "recipients": recipients,
        "lead_form": LeadForm(initial={"lead": report.lead}),
        "can_resend": queries.can_resend(request.user),
        "title": content.title_for(report),
    }
    return render(request, "reports/report_detail.html", context)


@require_GET
@_statistics_readers
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})  # type: ignore[arg-type]  # django-csp types views as (request) -> response
def report_preview(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The e-mail's HTML exactly as sent (an affiliate sees their institution's version)."""
    report = queries.get_report_for_user(request.user, pk)
    gathered = content.gather(report, queries.report_scope_for_user(request.user, report))
    html = rendering.render_html(gathered, show_statistics_link=queries.can_manage_reports(request.user))
    return HttpResponse(html)


@require_GET
@_statistics_readers
def report_pdf(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    report = queries.get_report_for_user(request.user, pk)
    gathered = content.gather(report, queries.report_scope_for_user(request.user, report))
    try:
        data = rendering.render_pdf(gathered)
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("reports:report_list")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{rendering.pdf_filename(report)}"'
    return response


@require_POST
@_managers
def report_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    report = queries.get_managed_report(request.user, pk)
    form = LeadForm(request.POST)
    if form.is_valid():
        with action_errors(request, permission=False):
            actions.update_lead(actor=request.user, report=report, lead=form.cleaned_data["lead"])
            messages.success(request, _("The lead text was saved."))
    else:
        messages.error(request, _("The lead text is too long."))
    return redirect("reports:report_detail", report.pk)


@require_POST
@_managers
def report_send(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    report = queries.get_managed_report(request.user, pk)
    if actions.send_report(actor=request.user, report=report):
        report.refresh_from_db()
        if report.status == Report.Status.FAILED:
            messages.error(request, report.error)
        else:
            messages.success(request, _("The report is being sent to its distribution list."))
    else:
        messages.info(request, _("This report was already sent."))
    return redirect("reports:report_detail", report.pk)


@require_POST
@_managers
def report_resend(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    report = queries.get_managed_report(request.user, pk)
    if not queries.can_resend(request.user):
        raise PermissionDenied
    count = actions.resend_failed(actor=request.user, report=report)
    if count:
        messages.success(request, _("The failed e-mails are being sent again."))
    else:
        report.refresh_from_db()
        messages.error(request, report.error or _("There is nothing to send again."))
    return redirect("reports:report_detail", report.pk)


# --- settings and distribution list ----------------------------------------------------


@require_http_methods(["GET", "POST"])
@_managers
def settings_view(request: AuthedHttpRequest) -> HttpResponse:
    province = _province(request)
    report_settings = queries.settings_for(province)
    form = SettingsForm(request.POST or None, instance=report_settings)
    if request.method == "POST" and form.is_valid():
        actions.save_settings(actor=request.user, report_settings=report_settings, **form.cleaned_data)
        messages.success(request, _("The report settings were saved."))
        return redirect("reports:settings")
    recipients = queries.recipients_of(report_settings)
    context = {"form": form, "province": province, "recipients": recipients, "report_settings": report_settings}
    return render(request, "reports/settings.html", context)


@require_http_methods(["GET", "POST"])
@_managers
def recipient_create(request: AuthedHttpRequest) -> HttpResponse:
    province = _province(request)
    report_settings = queries.settings_for(province)
    form = RecipientForm(request.POST or None, province=province)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form, permission=False):
            actions.add_recipient(actor=request.user, report_settings=report_settings, **form.cleaned_data)
            messages.success(request, _("The recipient was added to the distribution list."))
            return redirect("reports:settings")
    return render(request, "reports/recipient_form.html", {"form": form, "recipient": None})


@require_http_methods(["GET", "POST"])
@_managers
def recipient_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    recipient = queries.get_recipient_for_user(request.user, pk)
    form = RecipientForm(request.POST or None, instance=recipient, province=recipient.report_settings.organization)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form, permission=False):
            actions.update_recipient(actor=request.user, recipient=recipient, **form.cleaned_data)
            messages.success(request, _("The recipient was saved."))
            return redirect("reports:settings")
    return render(request, "reports/recipient_form.html", {"form": form, "recipient": recipient})


@require_http_methods(["GET", "POST"])
@_managers
def recipient_delete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    recipient = queries.get_recipient_for_user(request.user, pk)
    if request.method == "POST":
        actions.remove_recipient(actor=request.user, recipient=recipient)
        messages.success(request, _("The recipient was removed from the distribution list."))
        return redirect("reports:settings")
    return render(request, "reports/recipient_confirm_delete.html", {"recipient": recipient})
