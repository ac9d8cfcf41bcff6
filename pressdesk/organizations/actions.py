"""State changes of the organization tree and the responsibility matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from pressdesk.organizations.models import PATH_STEP, Organization, Responsibility

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


@transaction.atomic
def update_responsibility(*, actor: User, responsibility: Responsibility, **roles: str) -> Responsibility:
    """Edit one row of the responsibility matrix."""
    _check_admin(actor)
    for name, value in roles.items():
        setattr(responsibility, name, value)
    responsibility.full_clean()
    responsibility.save()
    return responsibility
