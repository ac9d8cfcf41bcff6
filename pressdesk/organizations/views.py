"""Screens of the organization tree, the process catalog and the responsibility matrix."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pressdesk.accounts.models import Role
from pressdesk.accounts.permissions import admin_required
from pressdesk.lib.htmx import htmx_partial
from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.views import action_errors
from pressdesk.organizations import actions, queries
from pressdesk.organizations.forms import (
    OrganizationActiveForm,
    OrganizationFilterForm,
    OrganizationForm,
    ProcessForm,
    ResponsibilityForm,
    ResponsibilityOverrideForm,
    StepFormSet,
)
from pressdesk.organizations.models import Organization, Process, Responsibility


def role_label(code: str) -> str:
    """The translated label of a role code; unknown codes are shown as they are."""
    return str(Role(code).label) if code in Role.values else code


@dataclass(frozen=True)
class MatrixLine:
    """One matrix row with its role codes turned into labels, for templates."""

    row: Responsibility
    responsible: list[str]
    controls: list[str]

    @classmethod
    def of(cls, row: Responsibility | None) -> MatrixLine | None:
        if row is None:
            return None
        return cls(
            row=row,
            responsible=[role_label(code) for code in (row.responsible_1, row.responsible_2, row.responsible_3)],
            controls=[role_label(code) for code in (row.control_1, row.control_2, row.control_3)],
        )

    @property
    def chain(self) -> list[str]:
        """The control chain without empty slots, e.g. unit head → chief → director."""
        return [label for label in self.controls if label]


# --- Organization tree --------------------------------------------------------


@admin_required
def organization_list(request: AuthedHttpRequest) -> HttpResponse:
    form = OrganizationFilterForm(request.GET or None)
    text = kind = ""
    if form.is_valid():
        text, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    tree = queries.organization_tree(with_user_counts=True)
    organizations = queries.search_tree(tree, text, kind)
    template = htmx_partial(request, "organizations/organization_list.html", "organizations/_organization_results.html")
    return render(
        request,
        template,
        {
            "form": form,
            "organizations": organizations,
            "match_count": len([org for org in organizations if not getattr(org, "is_context", False)]),
            "total_count": len(tree),
            "filtered": bool(text or kind),
        },
    )


@admin_required
def organization_create(request: AuthedHttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None)
    if form.is_valid():
        with action_errors(request, form=form, permission=False):
            org = actions.create_organization(actor=request.user, **form.cleaned_data)
            messages.success(request, _("“%(name)s” was added.") % {"name": org.name})
            return redirect(reverse("organizations:list") + f"#org-{org.pk}")
    return render(request, "organizations/organization_form.html", {"form": form, "organization": None})


@admin_required
def organization_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    organization = queries.get_organization_with_user_counts(request.user, pk)
    form = OrganizationForm(request.POST or None, instance=organization)
    if form.is_valid():
        with action_errors(request, form=form, permission=False):
            org = actions.update_organization(actor=request.user, organization=organization, **form.cleaned_data)
            messages.success(request, _("“%(name)s” was saved.") % {"name": org.name})
            return redirect(reverse("organizations:list") + f"#org-{org.pk}")
    # The form may have changed the instance in memory; show the stored state beside it.
    stored = queries.get_organization_with_user_counts(request.user, pk) if form.is_bound else organization
    return render(request, "organizations/organization_form.html", {"form": form, "organization": stored})


@require_POST
@admin_required
def organization_toggle_active(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    organization = queries.get_organization_for_user(request.user, pk)
    form = OrganizationActiveForm(request.POST)
    if form.is_valid():
        active = form.cleaned_data["active"]
        actions.set_organization_active(actor=request.user, organization=organization, active=active)
        if active:
            messages.success(request, _("“%(name)s” is active again.") % {"name": organization.name})
        else:
            messages.success(request, _("“%(name)s” was deactivated.") % {"name": organization.name})
    next_url = form.cleaned_data.get("next") if form.is_valid() else ""
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(next_url)
    return redirect(reverse("organizations:list") + f"#org-{organization.pk}")


# --- Process catalog ------------------------------------------------------------


def process_list(request: AuthedHttpRequest) -> HttpResponse:
    catalog = queries.process_catalog(request.user)
    groups = []
    for source, label in Process.Source.choices:
        items = [(process, MatrixLine.of(row)) for process, row in catalog if process.source == source]
        if items:
            groups.append({"source": source, "label": label, "items": items})
    return render(request, "organizations/process_list.html", {"groups": groups, "process_count": len(catalog)})


def process_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    process = queries.get_process_for_user(request.user, code)
    row = queries.responsibility_for(process, request.user.organization)
    return render(
        request,
        "organizations/process_detail.html",
        {"process": process, "steps": queries.steps_of(process), "line": MatrixLine.of(row)},
    )


@admin_required
def process_edit(request: AuthedHttpRequest, code: str) -> HttpResponse:
    process = queries.get_process_for_user(request.user, code)
    steps = list(queries.steps_of(process))
    form = ProcessForm(request.POST or None, instance=process, prefix="process")
    if request.method == "POST":
        formset = StepFormSet(request.POST, prefix="steps")
    else:
        formset = StepFormSet(prefix="steps", initial=[{"text": step.text} for step in steps])
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with action_errors(request, form=form, permission=False):
            actions.update_process(actor=request.user, process=process, steps=formset.texts(), **form.cleaned_data)
            messages.success(request, _("Process %(code)s was saved.") % {"code": process.code})
            return redirect("organizations:process_detail", code=process.code)
    return render(request, "organizations/process_form.html", {"process": process, "form": form, "formset": formset})


# --- Responsibility matrix ----------------------------------------------------------


@admin_required
def matrix(request: AuthedHttpRequest) -> HttpResponse:
    lines = [MatrixLine.of(row) for row in queries.matrix_rows()]
    return render(request, "organizations/matrix.html", {"lines": lines})


@admin_required
def matrix_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    row = queries.get_responsibility_for_user(request.user, pk)
    form = ResponsibilityForm(request.POST or None, initial=ResponsibilityForm.initial_from(row))
    if form.is_valid():
        with action_errors(request, form=form, permission=False):
            actions.update_responsibility(actor=request.user, responsibility=row, **form.roles())
            messages.success(request, _("The matrix row of %(code)s was saved.") % {"code": row.process.code})
            return redirect(reverse("organizations:matrix") + f"#row-{row.pk}")
    return render(
        request,
        "organizations/responsibility_form.html",
        {
            "form": form,
            "process": row.process,
            "row": row,
            "can_add_override": row.organization_id is None and queries.override_organizations(row.process).exists(),
        },
    )


@admin_required
def matrix_override(request: AuthedHttpRequest, code: str) -> HttpResponse:
    process = queries.get_process_for_user(request.user, code)
    default = queries.default_responsibility(process)
    form = ResponsibilityOverrideForm(
        request.POST or None,
        organizations=queries.override_organizations(process),
        initial=ResponsibilityForm.initial_from(default),
    )
    if form.is_valid():
        with action_errors(request, form=form, permission=False):
            row = actions.create_responsibility_override(
                actor=request.user, process=process, organization=form.cleaned_data["organization"], **form.roles()
            )
            messages.success(
                request,
                _("%(organization)s now has its own matrix row for %(code)s.")
                % {"organization": row.organization, "code": process.code},
            )
            return redirect(reverse("organizations:matrix") + f"#row-{row.pk}")
    return render(
        request,
        "organizations/responsibility_form.html",
        {"form": form, "process": process, "row": None, "can_add_override": False},
    )


@require_POST
@admin_required
def matrix_override_delete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    row = queries.get_responsibility_for_user(request.user, pk)
    organization: Organization | None = row.organization
    try:
        actions.delete_responsibility_override(actor=request.user, responsibility=row)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("organizations:matrix_edit", pk=pk)
    messages.success(
        request,
        _("%(organization)s follows the default matrix row for %(code)s again.")
        % {"organization": organization, "code": row.process.code},
    )
    return redirect("organizations:matrix")
