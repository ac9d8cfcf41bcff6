"""Technical admin. Saves go through the actions, like everywhere else."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pressdesk.accounts.models import Role
from pressdesk.organizations import actions
from pressdesk.organizations.forms import https_urls
from pressdesk.organizations.models import Organization, OrganizationKind, Process, ProcessStep, Responsibility

ORGANIZATION_FIELDS = [
    "name",
    "short_name",
    "code",
    "kind",
    "parent",
    "province",
    "detsis_no",
    "email",
    "phone",
    "address",
    "website",
    "is_active",
]


class OrganizationAdminForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ORGANIZATION_FIELDS
        formfield_callback = https_urls

    def clean_parent(self) -> Organization | None:
        parent: Organization | None = self.cleaned_data.get("parent")
        if parent is not None and self.instance.pk and parent.path.startswith(self.instance.path):
            raise forms.ValidationError(_("An organization cannot be moved under itself or its own sub-units."))
        return parent


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    form = OrganizationAdminForm
    list_display = ["name", "code", "kind", "parent", "province", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code", "province", "detsis_no"]
    readonly_fields = ["path", "depth", "created_at", "updated_at"]
    fields = [*ORGANIZATION_FIELDS, "path", "depth", "created_at", "updated_at"]
    ordering = ["path"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Organization, form: Any, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in ORGANIZATION_FIELDS}
        if change:
            actions.update_organization(actor=request.user, organization=obj, **data)  # type: ignore[arg-type]
        else:
            created = actions.create_organization(actor=request.user, **data)  # type: ignore[arg-type]
            obj.pk = created.pk

    def has_delete_permission(self, request: HttpRequest, obj: Organization | None = None) -> bool:
        # Records hang on organizations; deactivate instead of deleting.
        return False


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    fields = ["number", "text"]
    extra = 0
    ordering = ["number"]


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "source", "needs_external_approval", "step_due_hours"]
    list_filter = ["source", "needs_external_approval"]
    search_fields = ["code", "name", "duty"]
    fields = ["code", "source", "name", "duty", "needs_external_approval", "step_due_hours"]
    readonly_fields = ["code", "source"]
    inlines = [ProcessStepInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the catalog comes from the job descriptions (manage.py load_catalog)

    def has_delete_permission(self, request: HttpRequest, obj: Process | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Process, form: Any, change: bool) -> None:
        editable = ["name", "duty", "needs_external_approval", "step_due_hours"]
        actions.update_process(
            actor=request.user,  # type: ignore[arg-type]
            process=obj,
            **{name: form.cleaned_data[name] for name in editable},
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        for formset in formsets:
            if formset.model is not ProcessStep:
                continue
            numbered = sorted(
                (data["number"], data["text"])
                for data in (f.cleaned_data for f in formset.forms)
                if data and not data.get("DELETE") and data.get("text")
            )
            actions.update_process(
                actor=request.user,  # type: ignore[arg-type]
                process=form.instance,
                steps=[text for _number, text in numbered],
            )
            # Saved by the action above, not by the formset; the change message lists nothing.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


def _role_field(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=[("", "—"), *Role.choices])


class ResponsibilityAdminForm(forms.ModelForm):
    responsible_1 = _role_field(_("1st responsible"))
    responsible_2 = _role_field(_("2nd responsible"))
    responsible_3 = _role_field(_("3rd responsible"))
    control_1 = _role_field(_("1st control (initial)"))
    control_2 = _role_field(_("2nd control (initial)"))
    control_3 = _role_field(_("3rd control (signature)"))

    class Meta:
        model = Responsibility
        fields = ["process", "organization", *actions.ROLE_FIELDS, "all_staff"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "organization" in self.fields:
            field = self.fields["organization"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Organization.objects.filter(kind=OrganizationKind.PROVINCIAL_DIRECTORATE)
            field.required = True
            field.help_text = _("New rows are a province's own row; the default rows come with the catalog.")


@admin.register(Responsibility)
class ResponsibilityAdmin(admin.ModelAdmin):
    form = ResponsibilityAdminForm
    list_display = ["process", "organization", *actions.ROLE_FIELDS, "all_staff"]
    list_filter = ["process__source", "all_staff"]
    search_fields = ["process__code", "process__name", "organization__name"]
    list_select_related = ["process", "organization"]
    ordering = ["process__sort_key", "organization__path"]

    def get_readonly_fields(self, request: HttpRequest, obj: Responsibility | None = None) -> list[str]:
        return ["process", "organization"] if obj else []

    def save_model(self, request: HttpRequest, obj: Responsibility, form: Any, change: bool) -> None:
        roles = {name: form.cleaned_data[name] for name in (*actions.ROLE_FIELDS, "all_staff")}
        if change:
            actions.update_responsibility(actor=request.user, responsibility=obj, **roles)  # type: ignore[arg-type]
        else:
            created = actions.create_responsibility_override(
                actor=request.user,  # type: ignore[arg-type]
                process=form.cleaned_data["process"],
                organization=form.cleaned_data["organization"],
                **roles,
            )
            obj.pk = created.pk

    def has_delete_permission(self, request: HttpRequest, obj: Responsibility | None = None) -> bool:
        return obj is None or obj.organization_id is not None

    def delete_model(self, request: HttpRequest, obj: Responsibility) -> None:
        actions.delete_responsibility_override(actor=request.user, responsibility=obj)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Responsibility]) -> None:
        for row in queryset:
            actions.delete_responsibility_override(actor=request.user, responsibility=row)  # type: ignore[arg-type]
