"""User administration: list, create, edit, (de)activate, import. System administrators only."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pressdesk.accounts import actions, importing
from pressdesk.accounts.forms import (
    ImportConfirmForm,
    NextForm,
    UserCreateForm,
    UserFilterForm,
    UserForm,
    UserImportForm,
)
from pressdesk.accounts.permissions import admin_required
from pressdesk.accounts.queries import (
    filter_users,
    get_user_for_user,
    get_user_import_for_user,
    user_ids_in_name_order,
    users_by_ids,
    users_visible_to,
)
from pressdesk.lib.htmx import htmx_partial
from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.phone import format_mobile
from pressdesk.lib.views import action_errors
from pressdesk.organizations.queries import active_organizations_visible_to, organizations_visible_to

USERS_PER_PAGE = 25


@admin_required
def user_list(request: AuthedHttpRequest) -> HttpResponse:
    form = UserFilterForm(request.GET or None, actor=request.user)
    form.is_valid()
    users = filter_users(users_visible_to(request.user), **form.filters())
    page = Paginator(user_ids_in_name_order(users), USERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "users": users_by_ids(request.user, list(page.object_list)),
        "query_string": query.urlencode(),
        "filtered": any(value not in ("", None) for value in form.filters().values()),
    }
    return render(request, htmx_partial(request, "accounts/user_list.html", "accounts/_user_table.html"), context)


@admin_required
def user_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = get_user_for_user(request.user, pk)
    return render(
        request,
        "accounts/user_detail.html",
        {"shown_user": user, "phone": format_mobile(user.phone), "is_self": user.pk == request.user.pk},
    )


@admin_required
def user_create(request: AuthedHttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form, permission=False):
            user = actions.create_user(
                actor=request.user,
                send_password_email=form.cleaned_data["send_password_email"],
                **form.user_fields(),
            )
            if form.cleaned_data["send_password_email"]:
                messages.success(
                    request,
                    _("%(name)s was added; an e-mail to choose a password goes to %(email)s.")
                    % {"name": user, "email": user.email},
                )
            else:
                messages.success(request, _("%(name)s was added.") % {"name": user})
            return redirect("accounts:detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@admin_required
def user_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = get_user_for_user(request.user, pk)
    # The form edits its own copy, so the page heading keeps the saved name while errors are shown.
    form = UserForm(request.POST or None, instance=get_user_for_user(request.user, pk), actor=request.user)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form, permission=False):
            user = actions.update_user(actor=request.user, user=user, **form.user_fields())
            messages.success(request, _("The changes to %(name)s were saved.") % {"name": user})
            return redirect("accounts:detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "shown_user": user})


@admin_required
@require_POST
def user_toggle_active(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = get_user_for_user(request.user, pk)
    form = NextForm(request.POST, request=request)
    next_url = form.cleaned_data["next"] if form.is_valid() else ""
    if user.pk == request.user.pk and user.is_active:
        messages.error(request, _("You cannot deactivate your own account."))
    else:
        actions.set_user_active(actor=request.user, user=user, active=not user.is_active)
        if user.is_active:
            messages.success(request, _("%(name)s can log in again.") % {"name": user})
        else:
            messages.success(request, _("%(name)s was deactivated and can no longer log in.") % {"name": user})
    return redirect(next_url) if next_url else redirect("accounts:detail", pk=user.pk)


@admin_required
@require_POST
def user_send_password_link(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = get_user_for_user(request.user, pk)
    if not user.is_active or not user.email or user.has_usable_password():
        messages.error(request, _("A set-password e-mail goes only to active users with an e-mail and no password."))
    else:
        actions.send_password_setup_email(actor=request.user, user=user)
        messages.success(request, _("An e-mail to choose a password goes to %(email)s.") % {"email": user.email})
    return redirect("accounts:detail", pk=user.pk)


# --- Import -----------------------------------------------------------------


@admin_required
def user_import(request: AuthedHttpRequest) -> HttpResponse:
    form = UserImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch = actions.start_user_import(
            actor=request.user, file_name=form.cleaned_data["file"].name or "", rows=form.rows
        )
        return redirect("accounts:import_confirm", token=batch.token)
    return render(
        request,
        "accounts/user_import.html",
        {
            "form": form,
            "headers": list(zip(importing.template_headers(), importing.FIELDS, strict=True)),
            "required_fields": importing.REQUIRED_FIELDS,
            "max_rows": importing.MAX_ROWS,
        },
    )


@admin_required
def user_import_confirm(request: AuthedHttpRequest, token: uuid.UUID) -> HttpResponse:
    batch = get_user_import_for_user(request.user, token)
    if not batch.is_pending:
        if request.method == "POST":  # a second click or the browser's back button: nothing more to do
            return redirect("accounts:import_confirm", token=batch.token)
        imported = users_by_ids(request.user, [row["user_id"] for row in batch.imported])
        return render(request, "accounts/user_import_done.html", {"batch": batch, "imported_users": imported})

    report = importing.validate_rows(batch.raw_rows(), organizations=organizations_visible_to(request.user))
    skipped = len(report.invalid_rows)
    form = ImportConfirmForm(request.POST or None, skipped=skipped, initial={"fingerprint": report.fingerprint})
    if request.method == "POST" and form.is_valid() and report.valid_rows:
        try:
            batch = actions.import_users(
                actor=request.user,
                batch=batch,
                fingerprint=form.cleaned_data["fingerprint"],
                send_emails=form.cleaned_data["send_emails"],
            )
        except actions.ImportReportChanged:
            messages.warning(
                request,
                _(
                    "The file checks differently now than when you looked at it (for example, someone took one "
                    "of its user names meanwhile). Nothing was imported; check the updated report and confirm again."
                ),
            )
        else:
            count = len(batch.imported)
            messages.success(
                request,
                ngettext("%(count)d user was imported.", "%(count)d users were imported.", count) % {"count": count},
            )
        return redirect("accounts:import_confirm", token=batch.token)

    show_errors_only = request.GET.get("show") == "errors"
    return render(
        request,
        "accounts/user_import_preview.html",
        {
            "batch": batch,
            "report": report,
            "rows": report.invalid_rows if show_errors_only else report.rows,
            "show_errors_only": show_errors_only,
            "form": form,
            "valid_count": len(report.valid_rows),
            "invalid_count": skipped,
        },
    )


@admin_required
def user_import_template(request: AuthedHttpRequest) -> HttpResponse:
    content = importing.build_template(active_organizations_visible_to(request.user))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="user-import-template.xlsx"'
    return response
