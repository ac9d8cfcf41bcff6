"""Screens of media relations: contacts, their page and timeline, import/export, lists, KVKK pages."""

from __future__ import annotations

import datetime
import tempfile
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.phone import format_mobile
from pressdesk.lib.ratelimit import rate_limited
from pressdesk.lib.spreadsheet import neutralize_row
from pressdesk.lib.views import action_errors
from pressdesk.mediarelations import actions, queries
from pressdesk.mediarelations.forms import (
    ArchiveForm,
    ContactForm,
    CoverageForm,
    ImportForm,
    InteractionForm,
    ItemForm,
    ListForm,
    MembershipForm,
    MergeForm,
    PeriodForm,
    PickForm,
    ReleaseForm,
    SearchForm,
    SendForm,
)
from pressdesk.mediarelations.models import Release
from pressdesk.organizations.queries import scope_q

PER_PAGE = 25


def _may_view(request: AuthedHttpRequest) -> None:
    if not queries.can_view(request.user):
        raise PermissionDenied


def _may_use(request: AuthedHttpRequest) -> None:
    if not queries.can_use(request.user):
        raise PermissionDenied


@require_GET
def contact_list(request: AuthedHttpRequest) -> HttpResponse:
    _may_view(request)
    search = SearchForm(request.GET or None)
    data = search.cleaned_data if search.is_valid() else {}
    q = data.get("q") or ""
    contacts = queries.contact_list(request.user, q, tag=data.get("tag"), media_list=data.get("list"))
    page = Paginator(contacts, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "search": search,
        "page_obj": page,
        "contacts": page.object_list,
        "tags": queries.tags_for(request.user),
        "lists": queries.lists_visible_to(request.user),
        "query_string": f"q={q}" if q else "",
        "can_use": queries.can_use(request.user),
        "sees_personal": queries.sees_personal(request.user),
    }
    return render(request, "mediarelations/contact_list.html", context)


def _participants(request: AuthedHttpRequest):  # type: ignore[no-untyped-def]
    return (
        get_user_model()
        .objects.filter(scope_q(request.user, "organization"), is_active=True)
        .order_by("first_name", "last_name")
    )


@require_GET
def contact_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _may_view(request)
    contact = queries.get_contact_for_user(request.user, pk)
    editable = queries.contacts_editable_by(request.user).filter(pk=contact.pk).exists()
    context = {
        "contact": contact,
        "mobile": format_mobile(contact.mobile),
        "editable": editable and not contact.is_erased,
        "can_use": queries.can_use(request.user),
        "sees_personal": queries.sees_personal(request.user),
        "timeline": queries.timeline(contact),
        "coverage": queries.recent_coverage(request.user, contact),
        "bylines": queries.byline_items(request.user, contact),
        "lists": queries.lists_visible_to(request.user),
        "member_of": set(contact.lists.values_list("pk", flat=True)),
        "log_form": InteractionForm(participants=_participants(request), initial={"happened_on": timezone.localdate()}),
    }
    return render(request, "mediarelations/contact_detail.html", context)


@require_http_methods(["GET", "POST"])
def contact_create(request: AuthedHttpRequest) -> HttpResponse:
    _may_use(request)
    form = ContactForm(request.POST or None, can_share=request.user.is_unit_member)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "tag_names"}
        with action_errors(request, form=form) as outcome:
            contact = actions.create_contact(actor=request.user, tags=form.tags(), **fields)
        if outcome.ok:
            messages.success(request, _("Saved."))
            return redirect("mediarelations:contact", contact.pk)
    return render(request, "mediarelations/contact_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def contact_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _may_use(request)
    contact = queries.get_editable_contact_for_user(request.user, pk)
    if contact.is_erased:
        raise PermissionDenied
    form = ContactForm(request.POST or None, instance=contact, can_share=request.user.is_unit_member)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "tag_names"}
        with action_errors(request, form=form) as outcome:
            actions.update_contact(actor=request.user, contact=contact, tags=form.tags(), **fields)
        if outcome.ok:
            messages.success(request, _("Saved."))
            return redirect("mediarelations:contact", contact.pk)
    return render(request, "mediarelations/contact_form.html", {"form": form, "contact": contact})


@require_POST
def log_interaction(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _may_use(request)
    contact = queries.get_contact_for_user(request.user, pk)
    form = InteractionForm(request.POST, participants=_participants(request))
    if form.is_valid():
        with action_errors(request) as outcome:
            actions.log_interaction(actor=request.user, contact=contact, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Added to the relations log."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("mediarelations:contact", contact.pk)


@require_POST
def membership(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _may_use(request)
    contact = queries.get_contact_for_user(request.user, pk)
    form = MembershipForm(request.POST)
    if form.is_valid():
        media_list = queries.get_list_for_user(request.user, form.cleaned_data["media_list"])
        with action_errors(request) as outcome:
            actions.set_list_membership(
                actor=request.user, media_list=media_list, contact=contact, member=form.cleaned_data["member"]
            )
        if outcome.ok:
            messages.success(request, _("Saved."))
    return redirect("mediarelations:contact", contact.pk)


@require_http_methods(["GET", "POST"])
def erase(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _may_use(request)
    contact = queries.get_editable_contact_for_user(request.user, pk)
    if contact.is_erased:
        raise PermissionDenied
    if request.method == "POST":
        with action_errors(request) as outcome:
            actions.erase_contact(actor=request.user, contact=contact)
        if outcome.ok:
            messages.success(request, _("The contact's personal data was erased; the relations log counts remain."))
            return redirect("mediarelations:contacts")
    return render(request, "mediarelations/erase.html", {"contact": contact})


@require_http_methods(["GET", "POST"])
def import_contacts(request: AuthedHttpRequest) -> HttpResponse:
    _may_use(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form) as outcome:
            report = actions.import_contacts(actor=request.user, upload=form.cleaned_data["file"])
        if outcome.ok and report is not None and report.ok:
            messages.success(request, _("%(count)d contacts were added or updated.") % {"count": len(report.rows)})
            return redirect("mediarelations:contacts")
    return render(request, "mediarelations/import.html", {"form": form, "report": report})


@require_GET
def export(request: AuthedHttpRequest) -> FileResponse:
    """Every visible contact as an Excel workbook, row by row (personal fields only for roles that keep them)."""
    from openpyxl import Workbook

    _may_view(request)
    personal = queries.sees_personal(request.user)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Media contacts"))
    heading = [_("Name"), _("Outlet"), _("Role"), _("Beat"), _("Tags")]
    if personal:
        heading += [_("Mobile phone"), _("Other phone"), _("E-mail"), _("Social media"), _("Lawful basis"), _("Source")]
    sheet.append(neutralize_row(heading))
    for contact in queries.export_rows(request.user).iterator(chunk_size=500):
        row = [
            contact.name,
            contact.outlet.name if contact.outlet else "",
            contact.get_role_display(),
            contact.beat,
            ", ".join(t.name for t in contact.tags.all()),
        ]
        if personal:
            row += [
                format_mobile(contact.mobile),
                contact.phone,
                contact.email,
                contact.social,
                contact.get_lawful_basis_display(),
                contact.data_source,
            ]
        sheet.append(neutralize_row(row))
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    name = f"basin-rehberi-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=name)


@require_http_methods(["GET", "POST"])
def duplicates(request: AuthedHttpRequest) -> HttpResponse:
    _may_use(request)
    if request.method == "POST":
        form = MergeForm(request.POST)
        if form.is_valid():
            keep = queries.get_editable_contact_for_user(request.user, form.cleaned_data["keep"])
            duplicate = queries.get_editable_contact_for_user(request.user, form.cleaned_data["duplicate"])
            with action_errors(request) as outcome:
                actions.merge_contacts(actor=request.user, keep=keep, duplicate=duplicate)
            if outcome.ok:
                messages.success(request, _("The contacts were merged."))
        return redirect("mediarelations:duplicates")
    return render(request, "mediarelations/duplicates.html", {"groups": queries.duplicate_groups(request.user)})


@require_http_methods(["GET", "POST"])
def lists(request: AuthedHttpRequest) -> HttpResponse:
    _may_view(request)
    form = ListForm(request.POST or None)
    if request.method == "POST":
        _may_use(request)
        if form.is_valid():
            with action_errors(request, form=form) as outcome:
                actions.create_list(actor=request.user, name=form.cleaned_data["name"])
            if outcome.ok:
                messages.success(request, _("Saved."))
                return redirect("mediarelations:lists")
    context = {
        "form": form,
        "lists": queries.list_overview(request.user),
        "can_use": queries.can_use(request.user),
    }
    return render(request, "mediarelations/lists.html", context)


@login_not_required
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice (KVKK aydınlatma metni) every press e-mail links to."""
    return render(request, "mediarelations/privacy.html")


@login_not_required
@rate_limited("unsubscribe")
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """A signed link from a press e-mail: GET asks, POST records (mail scanners only GET)."""
    done = False
    error = ""
    if request.method == "POST":
        try:
            actions.unsubscribe(token=token)
            done = True
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(
        request, "mediarelations/unsubscribe.html", {"done": done, "error": error}, status=400 if error else 200
    )


# --- press bulletins and statements ----------------------------------------------------------


@require_GET
def release_list(request: AuthedHttpRequest) -> HttpResponse:
    """The archive (3.7.4): every bulletin and statement, searchable by text and recipient."""
    _may_view(request)
    form = ArchiveForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    releases = queries.release_archive(request.user, data.get("q") or "", data.get("kind") or "")
    page = Paginator(releases, PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "releases": page.object_list, "can_use": queries.can_use(request.user)}
    return render(request, "mediarelations/release_list.html", context)


@require_http_methods(["GET", "POST"])
def release_create(request: AuthedHttpRequest) -> HttpResponse:
    """A new bulletin or statement; ``?event=<pk>`` drafts a bulletin from an event or training."""
    _may_use(request)
    initial: dict[str, Any] = {"kind": request.GET.get("kind") or Release.Kind.BULLETIN}
    event = None
    event_id = request.POST.get("event") or request.GET.get("event") or ""
    if event_id.isdigit():
        event = queries.bulletin_events(request.user).filter(pk=int(event_id)).first()
        if event is None:
            raise Http404
        initial.update(queries.event_draft(event), kind=Release.Kind.BULLETIN, event=event.pk)
    form = ReleaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "event"}
        if event is not None:
            fields["origin"] = _("Event %(number)d") % {"number": event.pk}
        with action_errors(request, form=form) as outcome:
            release = actions.create_release(actor=request.user, **fields)
        if outcome.ok:
            return redirect("mediarelations:release", release.pk)
    context = {
        "form": form,
        "event": event,
        "events": [] if event is not None else queries.bulletin_events(request.user)[:20],
    }
    return render(request, "mediarelations/release_form.html", context)


def _is_author(request: AuthedHttpRequest, release: Release) -> bool:
    return bool(release.created_by_id == request.user.pk)


@require_GET
def release_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    from pressdesk.approvals import actions as approvals

    _may_view(request)
    release = queries.get_release_for_user(request.user, pk)
    draft = release.status == Release.Status.DRAFT
    can_use = queries.can_use(request.user)
    context: dict[str, object] = {
        "release": release,
        "items": release.items.all(),
        "flow": approvals.flow_for(release),
        "approved": actions.release_approved(release),
        "can_use": can_use,
        "is_author": _is_author(request, release),
        "deliveries": release.deliveries.all(),
        "coverage": queries.coverage_rows(release),
        "coverage_form": CoverageForm(),
        "item_form": ItemForm(),
        "sees_personal": queries.sees_personal(request.user),
    }
    if draft and can_use:
        context["library_photos"] = queries.library_photos(request.user)
    if draft and can_use and release.kind == Release.Kind.BULLETIN:
        context["pick_form"] = PickForm(
            stories=queries.bulletin_stories(request.user),
            notes=queries.bulletin_notes(request.user),
            events=queries.bulletin_events(request.user),
        )
    if release.status == Release.Status.APPROVAL and can_use:
        context["send_form"] = SendForm(lists=queries.lists_visible_to(request.user))
    return render(request, "mediarelations/release_detail.html", context)


@require_POST
def release_pick(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _may_use(request)
    release = queries.get_release_for_user(request.user, pk)
    form = PickForm(
        request.POST,
        stories=queries.bulletin_stories(request.user),
        notes=queries.bulletin_notes(request.user),
        events=queries.bulletin_events(request.user),
    )
    if form.is_valid():
        with action_errors(request) as outcome:
            added = actions.add_items_from_sources(
                actor=request.user,
                release=release,
                story_ids=[int(x) for x in form.cleaned_data["stories"]],
                note_ids=[int(x) for x in form.cleaned_data["notes"]],
                event_ids=[int(x) for x in form.cleaned_data["events"]],
            )
        if outcome.ok:
            messages.success(request, _("%(count)d items added.") % {"count": added})
    return redirect("mediarelations:release", release.pk)


@require_POST
def release_item_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _may_use(request)
    release = queries.get_release_for_user(request.user, pk)
    form = ItemForm(request.POST)
    if form.is_valid():
        with action_errors(request) as outcome:
            actions.add_item(actor=request.user, release=release, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Saved."))
    return redirect("mediarelations:release", release.pk)


@require_POST
def release_item_photo(request: AuthedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    _may_use(request)
    release = queries.get_release_for_user(request.user, pk)
    item = queries.get_release_item_for_user(request.user, release, item_pk)
    try:
        asset_id = int(request.POST.get("asset", ""))
    except ValueError:
        messages.error(request, _("Choose a photo of the asset library."))
        return redirect("mediarelations:release", release.pk)
    with action_errors(request) as outcome:
        actions.add_library_photo(actor=request.user, release=release, item=item, asset_id=asset_id)
    if outcome.ok:
        messages.success(request, _("The photo was added."))
    return redirect("mediarelations:release", release.pk)


@require_POST
def release_item_remove(request: AuthedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    _may_use(request)
    release = queries.get_release_for_user(request.user, pk)
    item = queries.get_release_item_for_user(request.user, release, item_pk)
    with action_errors(request):
        actions.remove_item(actor=request.user, item=item)
    return redirect("mediarelations:release", release.pk)


@require_POST
def release_submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _may_use(request)
    release = queries.get_release_for_user(request.user, pk)
    with action_errors(request) as outcome:
        actions.submit_release(actor=request.user, release=release)
    if outcome.ok:
        messages.success(request, _("Submitted for approval."))
    return redirect("mediarelations:release", release.pk)


@require_POST
def release_send(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _may_use(request)
    release = queries.get_release_for_user(request.user, pk)
    form = SendForm(request.POST, lists=queries.lists_visible_to(request.user))
    if form.is_valid():
        chosen = queries.lists_visible_to(request.user).filter(pk__in=[int(x) for x in form.cleaned_data["lists"]])
        with action_errors(request) as outcome:
            count = actions.send_release(actor=request.user, release=release, lists=list(chosen))
        if outcome.ok:
            if count:
                messages.success(request, _("%(count)d e-mails are being sent.") % {"count": count})
            else:
                messages.info(request, _("This release was already sent; nothing was sent again."))
    return redirect("mediarelations:release", release.pk)


@require_POST
def delivery_resend(request: AuthedHttpRequest, pk: int, delivery_pk: int) -> HttpResponse:
    _may_use(request)
    release = queries.get_release_for_user(request.user, pk)
    delivery = queries.get_delivery_for_user(request.user, release, delivery_pk)
    with action_errors(request) as outcome:
        actions.resend_delivery(actor=request.user, delivery=delivery)
    if outcome.ok:
        messages.success(request, _("The e-mail is being sent again."))
    return redirect("mediarelations:release", release.pk)


@require_POST
def delivery_bounced(request: AuthedHttpRequest, pk: int, delivery_pk: int) -> HttpResponse:
    _may_use(request)
    release = queries.get_release_for_user(request.user, pk)
    delivery = queries.get_delivery_for_user(request.user, release, delivery_pk)
    with action_errors(request):
        actions.mark_bounced(actor=request.user, delivery=delivery)
    return redirect("mediarelations:release", release.pk)


@require_POST
def coverage_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _may_use(request)
    release = queries.get_release_for_user(request.user, pk)
    form = CoverageForm(request.POST)
    if form.is_valid():
        item = queries.items_for_manual_link(request.user, form.cleaned_data["url"])
        if item is None:
            messages.error(request, _("Monitoring has no news item at this address."))
        else:
            with action_errors(request) as outcome:
                actions.add_coverage(actor=request.user, release=release, item=item)
            if outcome.ok:
                messages.success(request, _("Saved."))
    return redirect("mediarelations:release", release.pk)


@require_POST
def coverage_remove(request: AuthedHttpRequest, pk: int, coverage_pk: int) -> HttpResponse:
    _may_use(request)
    release = queries.get_release_for_user(request.user, pk)
    coverage = queries.get_coverage_for_user(request.user, release, coverage_pk)
    with action_errors(request):
        actions.remove_coverage(actor=request.user, coverage=coverage)
    return redirect("mediarelations:release", release.pk)


def _period(request: AuthedHttpRequest) -> tuple[PeriodForm, datetime.date, datetime.date]:
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, initial={"start": today - datetime.timedelta(days=30), "end": today})
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, today - datetime.timedelta(days=30), today


@require_GET
def report(request: AuthedHttpRequest) -> HttpResponse:
    """The coverage report of a period: releases sent, picked up, outlets, days to pick-up (3.7.3)."""
    _may_view(request)
    form, start, end = _period(request)
    rows = queries.release_figures(queries.report_releases(request.user, start, end))
    context = {
        "form": form,
        "rows": rows,
        "start": start,
        "end": end,
        "sent": len(rows),
        "picked": sum(1 for r in rows if r["picked_up"]),
    }
    return render(request, "mediarelations/report.html", context)


@require_GET
def report_export(request: AuthedHttpRequest) -> FileResponse:
    from openpyxl import Workbook

    _may_view(request)
    _form, start, end = _period(request)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Coverage"))
    sheet.append(
        neutralize_row(
            [_("Sent at"), _("Type"), _("Title"), _("Recipients"), _("Picked up"), _("Outlets"), _("Days to pick-up")]
        )
    )
    for row in queries.release_figures(queries.report_releases(request.user, start, end)):
        release = row["release"]
        sheet.append(
            neutralize_row(
                [
                    timezone.localtime(release.sent_at).replace(tzinfo=None) if release.sent_at else "",
                    release.get_kind_display(),
                    release.title,
                    row["recipients"],
                    row["picked_up"],
                    ", ".join(row["outlets"]),
                    row["days_to_pickup"] if row["days_to_pickup"] is not None else "",
                ]
            )
        )
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"basin-yansimalari-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")


def _pdf_response(request: AuthedHttpRequest, make: Any, filename: str, fallback: str) -> HttpResponse:
    from pressdesk.documents.rendering.pdf import PdfUnavailable

    try:
        data = make()
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(fallback)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def report_pdf(request: AuthedHttpRequest) -> HttpResponse:
    """The period's coverage report as PDF: a summary, then each release with its recipients and pick-up."""
    from pressdesk.mediarelations import pdf

    _may_view(request)
    _form, start, end = _period(request)
    rows = queries.release_figures(queries.report_releases(request.user, start, end))
    personal = queries.sees_personal(request.user)
    return _pdf_response(
        request,
        lambda: pdf.period_pdf(rows, start=start, end=end, personal=personal),
        f"basin-yansimalari-{start:%Y%m%d}-{end:%Y%m%d}.pdf",
        f"{reverse('mediarelations:report')}?{request.GET.urlencode()}",
    )


@require_GET
def release_report_pdf(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """One release's coverage report as PDF: what was sent, to whom, the coverage found and its reach."""
    from pressdesk.mediarelations import pdf

    _may_view(request)
    release = queries.report_release(request.user, pk)
    row = queries.release_figures([release])[0]
    personal = queries.sees_personal(request.user)
    return _pdf_response(
        request,
        lambda: pdf.release_pdf(row, personal=personal),
        f"basin-yansimasi-{release.pk}.pdf",
        reverse("mediarelations:release", args=[release.pk]),
    )


@login_not_required
@rate_limited("newsroom")
@require_GET
def public_bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    """A sent press bulletin of the newsroom's province for the public, once its embargo has passed."""
    newsroom = _newsroom()
    release = queries.public_bulletin(pk, newsroom["newsroom_organization"])
    context = {**newsroom, "release": release, "items": release.items.all()}
    return render(request, "mediarelations/public_bulletin.html", context)


def _newsroom() -> dict[str, Any]:
    from django.conf import settings

    from pressdesk.publishing.public_views import _newsroom as newsroom_context

    return {**newsroom_context(), "site_url": settings.SITE_URL}


PUBLIC_PER_PAGE = 12


@login_not_required
@rate_limited("newsroom")
@require_GET
def public_bulletins(request: HttpRequest) -> HttpResponse:
    """The newsroom's list of press bulletins (3.7.2): sent, embargo passed, of the newsroom's province."""
    newsroom = _newsroom()
    releases = queries.public_bulletins(newsroom["newsroom_organization"]).only(
        "pk", "title", "lead", "sent_at", "embargo_until"
    )
    page = Paginator(releases, PUBLIC_PER_PAGE).get_page(request.GET.get("page"))
    context = {**newsroom, "page_obj": page, "releases": page.object_list}
    return render(request, "mediarelations/public_bulletins.html", context)


@login_not_required
@rate_limited("newsroom-files")
@require_GET
def kit(request: HttpRequest, token: str) -> HttpResponse:
    """The media kit of a sent release: its photos, from the signed link in the e-mail."""
    from django.core.files.storage import default_storage

    release = queries.kit_release(token)
    photos = [(name, default_storage.url(name)) for item in release.items.all() for name in item.photos]
    return render(request, "mediarelations/kit.html", {"release": release, "photos": photos})
