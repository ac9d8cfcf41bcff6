"""Screens of corporate SMS: campaigns, the compose page with its live count, the staff list."""

from __future__ import annotations

import hmac
import json
import logging
import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.ratelimit import rate_limited
from pressdesk.lib.spreadsheet import neutralize_row
from pressdesk.lib.views import action_errors
from pressdesk.sms import actions, encoding, queries, recipients, templates_text
from pressdesk.sms.forms import CampaignForm, ImportForm, OutsideListForm, RuleForm, SavedListForm, SearchForm
from pressdesk.sms.models import Campaign

log = logging.getLogger(__name__)

PER_PAGE = 25
RECIPIENTS_PER_PAGE = 50


def _may_view(request: AuthedHttpRequest) -> None:
    if not queries.can_view(request.user):
        raise PermissionDenied


def _province(request: AuthedHttpRequest):  # type: ignore[no-untyped-def]
    province = queries.province_of_user(request.user)
    if not queries.can_use(request.user) or province is None:
        raise PermissionDenied
    return province


@require_GET
def campaign_list(request: AuthedHttpRequest) -> HttpResponse:
    _may_view(request)
    search = SearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    page = Paginator(queries.campaign_list(request.user, q), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "search": search,
        "page_obj": page,
        "campaigns": page.object_list,
        "query_string": f"q={q}" if q else "",
        "can_use": queries.can_use(request.user),
    }
    return render(request, "sms/list.html", context)


def _compose_context(form: CampaignForm, campaign: Campaign | None = None) -> dict[str, object]:
    templates = {t.key: {"text": t.text, "kind": t.kind, "title": str(t.label)} for t in templates_text.TEMPLATES}
    return {
        "form": form,
        "campaign": campaign,
        "templates": templates,
        "count": encoding.count(form["text"].value() or ""),
    }


@require_http_methods(["GET", "POST"])
def create(request: AuthedHttpRequest) -> HttpResponse:
    province = _province(request)
    form = CampaignForm(request.POST or None, province=province, initial={"kind": Campaign.Kind.GREETING})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "template"}
        with action_errors(request, form=form) as outcome:
            campaign = actions.save_campaign(actor=request.user, **data)
        if outcome.ok:
            messages.success(request, _("Saved as a draft. Check the recipients and submit it for approval."))
            return redirect(campaign)
    return render(request, "sms/compose.html", _compose_context(form))


@require_http_methods(["GET", "POST"])
def edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    province = _province(request)
    campaign = queries.get_campaign_for_user(request.user, pk)
    initial = {
        "title": campaign.title,
        "kind": campaign.kind,
        "text": campaign.text,
        "groups": campaign.groups,
        "scheduled_at": timezone.localtime(campaign.scheduled_at) if campaign.scheduled_at else None,
    }
    form = CampaignForm(request.POST or None, province=province, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "template"}
        with action_errors(request, form=form) as outcome:
            actions.save_campaign(actor=request.user, campaign=campaign, **data)
        if outcome.ok:
            messages.success(request, _("Saved. A changed campaign is approved again before it is sent."))
            return redirect(campaign)
    return render(request, "sms/compose.html", _compose_context(form, campaign))


@require_POST
def count(request: AuthedHttpRequest) -> HttpResponse:
    """The compose page's fragment: encoding, parts per recipient, total cost, three real recipients."""
    _province(request)
    text = request.POST.get("text", "")[:4000]
    result = actions.preview(
        actor=request.user, text=text, groups=request.POST.getlist("groups"), kind=request.POST.get("kind", "")
    )
    samples = [
        {"name": person.name, "number": queries.show_number(request.user, person.mobile), "text": body, "count": c}
        for person, body, c in result["samples"]
    ]
    return render(request, "sms/_count.html", {"result": result, "samples": samples})


@require_GET
def detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = queries.get_campaign_for_user(request.user, pk)
    rows = queries.recipient_rows(request.user, campaign)
    page = Paginator(rows, RECIPIENTS_PER_PAGE).get_page(request.GET.get("page"))
    sees = queries.sees_numbers(request.user)
    flow = actions.flow_of(campaign)
    context = {
        "campaign": campaign,
        "flow": flow,
        "approved": actions.approved(campaign),
        "submittable": campaign.status == Campaign.Status.DRAFT
        or (campaign.status == Campaign.Status.APPROVAL and flow is not None and flow.is_editable),
        "summary": queries.summary(campaign),
        "count": encoding.count(campaign.text),
        "groups": [recipients.group_label(code, campaign.province) for code in campaign.groups],
        "page_obj": page,
        "recipients": [(r, queries.show_number(request.user, r.mobile)) for r in page],
        "dry_run": queries.dry_run_messages(request.user, campaign),
        "sees_numbers": sees,
        "can_act": queries.can_use(request.user)
        and campaign.province_id == getattr(queries.province_of_user(request.user), "pk", None),
        "query_string": "",
    }
    return render(request, "sms/detail.html", context)


def _campaign_action(request: AuthedHttpRequest, pk: int, run, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    _province(request)
    campaign = queries.get_campaign_for_user(request.user, pk)
    with action_errors(request) as outcome:
        run(actor=request.user, campaign=campaign)
    if outcome.ok:
        messages.success(request, done)
    return redirect(campaign)


@require_POST
def submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _campaign_action(request, pk, actions.submit, _("Submitted for approval with its recipient list."))


@require_POST
def start(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _campaign_action(request, pk, actions.start, _("The campaign is on its way (or waits for its time)."))


@require_POST
def pause(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _campaign_action(request, pk, actions.pause, _("Paused; what was sent stays sent."))


@require_POST
def resume(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _campaign_action(request, pk, actions.resume, _("Resumed with the messages not yet sent."))


@require_POST
def cancel(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _campaign_action(request, pk, actions.cancel, _("Cancelled."))


@require_POST
def reports(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _campaign_action(request, pk, actions.refresh_reports, _("Delivery reports were asked for."))


@require_GET
def export(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """The campaign's recipients with their delivery status as an Excel workbook (numbers masked as on screen)."""
    from openpyxl import Workbook

    campaign = queries.get_campaign_for_user(request.user, pk)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Recipients"))
    sheet.append(
        neutralize_row(
            [_("Name"), _("Title"), _("Institution"), _("Mobile phone"), _("Parts"), _("Status"), _("Sent at")]
        )
    )
    for row in queries.recipient_rows(request.user, campaign).iterator(chunk_size=1000):
        sheet.append(
            neutralize_row(
                [
                    row.name,
                    row.title,
                    row.institution,
                    queries.show_number(request.user, row.mobile),
                    row.parts,
                    row.get_status_display(),
                    timezone.localtime(row.sent_at).replace(tzinfo=None) if row.sent_at else "",
                ]
            )
        )
    summary = queries.summary(campaign)
    sheet.append([])
    sheet.append(neutralize_row([_("Recipients"), summary.total]))
    sheet.append(neutralize_row([_("Credits (parts)"), summary.cost]))
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"sms-{campaign.pk}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# --- staff list -------------------------------------------------------------------------


@require_GET
def contacts(request: AuthedHttpRequest) -> HttpResponse:
    _may_view(request)
    search = SearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    page = Paginator(queries.contact_list(request.user, q), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "search": search,
        "page_obj": page,
        "contacts": [(c, queries.show_number(request.user, c.mobile)) for c in page],
        "sees_dates": queries.sees_dates(request.user),
        "query_string": f"q={q}" if q else "",
        "can_use": queries.can_use(request.user),
    }
    return render(request, "sms/contacts.html", context)


@require_http_methods(["GET", "POST"])
def import_contacts(request: AuthedHttpRequest) -> HttpResponse:
    _province(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            report = actions.import_contacts(actor=request.user, upload=form.cleaned_data["file"])
        if outcome.ok and report is not None and report.ok:
            messages.success(request, _("%(count)d people were added or updated.") % {"count": len(report.rows)})
            return redirect("sms:contacts")
    return render(request, "sms/import.html", {"form": form, "report": report})


@require_POST
def opt_out(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _province(request)
    contact = queries.get_contact_for_user(request.user, pk)
    with action_errors(request) as outcome:
        actions.set_opt_out(actor=request.user, contact=contact, opted_out=not contact.opted_out)
    if outcome.ok:
        messages.success(request, _("Saved."))
    return redirect("sms:contacts")


@require_http_methods(["GET", "POST"])
def list_create(request: AuthedHttpRequest) -> HttpResponse:
    """A saved list of staff-list people, by their mobile numbers: a group to choose on the compose page."""
    _province(request)
    form = SavedListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            saved = actions.save_list_of_numbers(actor=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The list “%(name)s” was saved.") % {"name": saved.name})
            return redirect("sms:contacts")
    return render(request, "sms/list_form.html", {"form": form})


# --- standing rules ---------------------------------------------------------------------


@require_GET
def rules(request: AuthedHttpRequest) -> HttpResponse:
    """Birthday and work-anniversary rules of the province, with each rule's latest campaign."""
    _province(request)
    rows = list(queries.rule_list(request.user))
    latest = queries.rule_campaigns(rows)
    context = {"rules": [(rule, latest.get(rule.pk)) for rule in rows], "can_use": True}
    return render(request, "sms/rules.html", context)


@require_http_methods(["GET", "POST"])
def rule_form(request: AuthedHttpRequest, pk: int | None = None) -> HttpResponse:
    _province(request)
    rule = queries.get_rule_for_user(request.user, pk) if pk is not None else None
    if rule is not None:
        initial = {k: getattr(rule, k) for k in ("kind", "title", "text", "send_time", "active")}
    else:
        initial = {"kind": "birthday", "text": templates_text.RULE_TEMPLATES["birthday"], "title": _("Birthdays")}
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            actions.save_rule(actor=request.user, rule=rule, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Saved. Each morning the day's messages are prepared for approval."))
            return redirect("sms:rules")
    return render(request, "sms/rule_form.html", {"form": form, "rule": rule})


# --- outside recipients -----------------------------------------------------------------


@require_GET
def outside(request: AuthedHttpRequest) -> HttpResponse:
    """People not on the staff list, reached through saved lists by greetings, thanks and announcements."""
    _province(request)
    page = Paginator(queries.outside_list(request.user), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "people": [(p, queries.show_number(request.user, p.mobile)) for p in page],
        "can_use": True,
        "saved_lists": list(queries.outside_saved_lists(request.user)),
        "can_edit_lists": queries.sees_numbers(request.user),
    }
    return render(request, "sms/outside.html", context)


@require_http_methods(["GET", "POST"])
def outside_list_create(request: AuthedHttpRequest) -> HttpResponse:
    _province(request)
    form = OutsideListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            saved = actions.save_outside_list(actor=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The list “%(name)s” was saved.") % {"name": saved.name})
            return redirect("sms:outside")
    return render(request, "sms/outside_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def outside_list_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Change a saved list of outside recipients: its name, consent source and people (full numbers)."""
    _province(request)
    saved = queries.get_outside_saved_list_for_user(request.user, pk)
    if not queries.sees_numbers(request.user):
        raise PermissionDenied  # the lines hold the full numbers
    form = OutsideListForm(request.POST or None, initial=queries.outside_list_initial(saved))
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            actions.save_outside_list(actor=request.user, saved=saved, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The list “%(name)s” was saved.") % {"name": saved.name})
            return redirect("sms:outside")
    return render(request, "sms/outside_form.html", {"form": form, "saved": saved})


@require_POST
def outside_opt_out(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _province(request)
    person = queries.get_outside_for_user(request.user, pk)
    with action_errors(request) as outcome:
        actions.set_outside_opt_out(actor=request.user, person=person, opted_out=not person.opted_out)
    if outcome.ok:
        messages.success(request, _("Saved."))
    return redirect("sms:outside")


#: A push larger than this is refused (the limit of any anonymous request, ANONYMOUS_REQUEST_MAX_KB: ~800 rows).
MAX_PUSH_BYTES = 256 * 1024


@login_not_required
@csrf_exempt  # Verimor posts JSON without a form: the secret in the address is the credential
@require_POST
@rate_limited("sms-push")
def verimor_push(request: HttpRequest, token: str) -> HttpResponse:
    """Delivery reports pushed by Verimor (its panel's report URL); answered 200 once recorded."""
    expected = settings.SMS_VERIMOR_PUSH_TOKEN
    if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
        return HttpResponse(status=404)
    body = request.read(MAX_PUSH_BYTES + 1)
    if len(body) > MAX_PUSH_BYTES:
        return HttpResponse(status=413)
    try:
        rows = json.loads(body)
    except ValueError:
        return HttpResponse("Okunamayan rapor", status=400, content_type="text/plain; charset=utf-8")
    changed = actions.record_pushed_reports(rows)
    log.info(
        "Verimor pushed %d report rows; %d recipients changed", len(rows) if isinstance(rows, list) else 0, changed
    )
    return HttpResponse("OK", content_type="text/plain; charset=utf-8")
