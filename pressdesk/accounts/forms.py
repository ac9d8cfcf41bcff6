"""Forms of the user administration screens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pressdesk.accounts import importing
from pressdesk.accounts.models import Role, User
from pressdesk.lib.forms import StyledForm, StyledModelForm
from pressdesk.lib.phone import normalize_mobile
from pressdesk.organizations.models import Organization
from pressdesk.organizations.queries import organizations_visible_to

USER_FIELDS = ("username", "first_name", "last_name", "email", "organization", "role", "title", "phone", "is_active")


class OrganizationChoiceField(forms.ModelChoiceField):
    """Organizations in tree order, each indented under its parent."""

    def label_from_instance(self, obj: Organization) -> str:  # type: ignore[override]
        return "\u00a0\u00a0\u00a0\u00a0" * obj.depth + obj.name


class UserForm(StyledModelForm):
    organization = OrganizationChoiceField(queryset=Organization.objects.none(), label=_("Organization"))

    class Meta:
        model = User
        fields = USER_FIELDS
        widgets = {
            "phone": forms.TextInput(
                attrs={"inputmode": "tel", "autocomplete": "off", "placeholder": "0532 123 45 67"}
            ),
        }
        help_texts = {
            "phone": _("A Turkish mobile number; it is saved as +905XXXXXXXXX."),
            "is_active": _("Inactive users cannot log in; their records stay."),
        }

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        current = self.instance.organization_id
        organizations = organizations_visible_to(actor).filter(Q(is_active=True) | Q(pk=current)).order_by("path")
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["email"].required = True

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("A user with this user name already exists."), code="unique")
        return username

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"].strip())
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Another user already has this e-mail address."), code="unique")
        return email

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        return normalize_mobile(phone) if phone else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None
        if self.instance.pk is not None and self.instance.pk == self.actor.pk:
            if cleaned.get("is_active") is False:
                self.add_error("is_active", _("You cannot deactivate your own account."))
            role = cleaned.get("role")
            if self.actor.role == Role.ADMIN and role and role != Role.ADMIN and not self.actor.is_superuser:
                self.add_error("role", _("You cannot take away your own administrator role."))
        return cleaned

    def user_fields(self) -> dict[str, Any]:
        """The model fields to hand to ``actions.create_user``/``update_user``."""
        return {name: self.cleaned_data[name] for name in USER_FIELDS}


class UserCreateForm(UserForm):
    send_password_email = forms.BooleanField(
        label=_("E-mail the user a link to choose a password"),
        required=False,
        initial=True,
        help_text=_("The account has no password until the user chooses one with this link."),
    )


class UserFilterForm(StyledForm):
    ACTIVE_CHOICES = [("", _("Active and inactive")), ("yes", _("Active only")), ("no", _("Inactive only"))]

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, user name or e-mail")}),
    )
    organization = OrganizationChoiceField(
        queryset=Organization.objects.none(), label=_("Organization"), required=False, empty_label=_("All")
    )
    role = forms.ChoiceField(label=_("Role"), required=False)
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_visible_to(actor).order_by("path")  # type: ignore[attr-defined]
        self.fields["role"].choices = [("", _("All")), *Role.choices]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``queries.filter_users``; invalid fields are ignored."""
        data = getattr(self, "cleaned_data", {})
        active = {"yes": True, "no": False}.get(data.get("active") or "")
        return {
            "search": data.get("q") or "",
            "organization": data.get("organization"),
            "role": data.get("role") or "",
            "active": active,
        }


class NextForm(StyledForm):
    """Where to go after a small POST action; only addresses on this site are followed."""

    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_next(self) -> str:
        url: str = self.cleaned_data["next"]
        allowed = url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        )
        return url if url and allowed else ""


class UserImportForm(StyledForm):
    file = forms.FileField(
        label=_("User list"),
        help_text=_("An Excel (.xlsx) or CSV file of at most 5 MB and 5000 users, with a header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.rows = importing.read_upload(upload)
        return upload


class ImportConfirmForm(StyledForm):
    fingerprint = forms.CharField(widget=forms.HiddenInput)
    acknowledge_skipped = forms.BooleanField(
        required=True,
        error_messages={"required": _("Tick this box to confirm that the rows with errors will be skipped.")},
    )
    send_emails = forms.BooleanField(
        label=_("E-mail each imported user a link to choose a password"), required=False, initial=True
    )

    def __init__(self, *args: Any, skipped: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if skipped:
            self.fields["acknowledge_skipped"].label = ngettext(
                "I understand that the %(count)d row with errors will be skipped.",
                "I understand that the %(count)d rows with errors will be skipped.",
                skipped,
            ) % {"count": skipped}
        else:
            del self.fields["acknowledge_skipped"]
