"""State changes of the organization tree and the responsibility matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from pressdesk.organizations.models import (
    PATH_STEP,
    Organization,
    OrganizationKind,
    Process,
    ProcessStep,
    Responsibility,
)

if TYPE_CHECKING:
    from pressdesk.accounts.models import User


def _segment(pk: int) -> str:
    return f"{pk:0{PATH_STEP}d}/"


def _check_admin(actor: User | None) -> None:
    if actor is not None and not actor.is_admin:
        raise PermissionDenied


@transaction.atomic
def create_organization(*, actor: User | None, parent: Organization | None = None, **fields: Any) -> Organization:
    """Create an organization under ``parent`` (``actor`` None means the system)."""
    _check_admin(actor)
    org = Organization(parent=parent, **fields)
    org.full_clean(exclude=["path"])
    org.save()
    org.path = (parent.path if parent else "") + _segment(org.pk)
    org.depth = parent.depth + 1 if parent else 0
    org.save(update_fields=["path", "depth"])
    return org


@transaction.atomic
def update_organization(*, actor: User | None, organization: Organization, **fields: Any) -> Organization:
    """Change an organization; moving it moves its whole subtree in one UPDATE."""
    _check_admin(actor)
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    new_parent = fields.pop("parent", org.parent)
    for name, value in fields.items():
        setattr(org, name, value)
    if new_parent != org.parent:
        if new_parent is not None and new_parent.path.startswith(org.path):
            raise ValidationError({"parent": _("An organization cannot be moved under itself or its own sub-units.")})
        old_path, old_depth = org.path, org.depth
        new_path = (new_parent.path if new_parent else "") + _segment(org.pk)
        new_depth = new_parent.depth + 1 if new_parent else 0
        Organization.objects.filter(path__startswith=old_path).exclude(pk=org.pk).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") - old_depth + new_depth,
        )
        org.parent, org.path, org.depth = new_parent, new_path, new_depth
    org.full_clean(exclude=["path"])
    org.save()
    return org


@transaction.atomic
def set_organization_active(*, actor: User, organization: Organization, active: bool) -> Organization:
    _check_admin(actor)
    organization.is_active = active
    organization.save(update_fields=["is_active", "updated_at"])
    return organization


ROLE_FIELDS = ("responsible_1", "responsible_2", "responsible_3", "control_1", "control_2", "control_3")


def _check_roles(roles: dict[str, Any]) -> None:
    """Refuse anything but known matrix fields holding a role code (or blank)."""
    from pressdesk.accounts.models import Role

    unknown = set(roles) - {*ROLE_FIELDS, "all_staff"}
    if unknown:
        raise ValueError(f"Not a field of the responsibility matrix: {sorted(unknown)}")
    errors = {
        name: _("“%(value)s” is not a role.") % {"value": value}
        for name, value in roles.items()
        if name != "all_staff" and value not in ("", *Role.values)
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_responsibility(*, actor: User, responsibility: Responsibility, **roles: Any) -> Responsibility:
    """Edit one row of the responsibility matrix (role codes from ``accounts.Role``, or blank)."""
    _check_admin(actor)
    _check_roles(roles)
    for name, value in roles.items():
        setattr(responsibility, name, value)
    responsibility.full_clean()
    responsibility.save()
    return responsibility


@transaction.atomic
def create_responsibility_override(
    *, actor: User, process: Process, organization: Organization, **roles: Any
) -> Responsibility:
    """Give a provincial directorate its own matrix row for ``process``.

    Fields not given are copied from the default row, so the override starts
    as the deployment's matrix and differs only where the admin changes it.
    """
    _check_admin(actor)
    if organization.kind != OrganizationKind.PROVINCIAL_DIRECTORATE:
        raise ValidationError(
            {"organization": _("Only a provincial health directorate can have its own responsibility matrix.")}
        )
    if Responsibility.objects.filter(process=process, organization=organization).exists():
        raise ValidationError(
            {"organization": _("This province already has its own row for this process; edit that row instead.")}
        )
    _check_roles(roles)
    default = Responsibility.objects.filter(process=process, organization__isnull=True).first()
    values: dict[str, Any] = {name: getattr(default, name) for name in (*ROLE_FIELDS, "all_staff")} if default else {}
    values.update(roles)
    row = Responsibility(process=process, organization=organization, **values)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def delete_responsibility_override(*, actor: User, responsibility: Responsibility) -> None:
    """Remove a province's own row: the default applies to it again. The default row stays."""
    _check_admin(actor)
    if responsibility.organization_id is None:
        raise ValidationError(_("The default row of the matrix cannot be deleted."))
    responsibility.delete()


@transaction.atomic
def update_process(*, actor: User | None, process: Process, steps: list[str] | None = None, **fields: Any) -> Process:
    """Change a process's editable settings and, if ``steps`` is given, its steps.

    ``steps`` is the list of step texts in order; steps are renumbered 1..n,
    existing rows are updated in place and the surplus is deleted.
    """
    _check_admin(actor)
    editable = {"name", "duty", "needs_external_approval", "step_due_hours"}
    if set(fields) - editable:
        raise ValueError(f"Not an editable field of a process: {sorted(set(fields) - editable)}")
    for name, value in fields.items():
        setattr(process, name, value)
    process.full_clean()
    process.save()
    if steps is not None:
        texts = [text.strip() for text in steps if text and text.strip()]
        if not texts:
            raise ValidationError(_("A process needs at least one step."))
        existing = {step.number: step for step in process.steps.all()}
        for number, text in enumerate(texts, start=1):
            step = existing.get(number)
            if step is None:
                ProcessStep.objects.create(process=process, number=number, text=text)
            elif step.text != text:
                step.text = text
                step.save(update_fields=["text"])
        process.steps.filter(number__gt=len(texts)).delete()
    return process
