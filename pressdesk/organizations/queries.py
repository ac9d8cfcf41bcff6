"""Reads of the organization tree, and the visibility scope every module uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from pressdesk.organizations.models import Organization, OrganizationKind, Process, Responsibility

if TYPE_CHECKING:
    from pressdesk.accounts.models import User

# Bodies outside any province that every internal user corresponds with.
NATIONAL_KINDS = (
    OrganizationKind.MINISTRY,
    OrganizationKind.GENERAL_DIRECTORATE,
    OrganizationKind.GOVERNORSHIP,
    OrganizationKind.EXTERNAL_PRESS_UNIT,
    OrganizationKind.MEDIA_OUTLET,
)

_EVERYTHING = "__everything__"


def scope_root(user: User) -> Organization | str | None:
    """The organization whose subtree ``user`` may see.

    Returns ``_EVERYTHING`` for administrators, ``None`` for a user with no
    organization (sees nothing), else the root organization of the scope:
    the provincial directorate for the unit's roles, the user's own
    organization for everybody else. Cached on the user object.
    """
    if hasattr(user, "_scope_root_cache"):
        cached: Organization | str | None = user._scope_root_cache
        return cached
    root: Organization | str | None
    if user.is_admin:
        root = _EVERYTHING
    elif user.organization_id is None:
        root = None
    elif user.is_unit_member:
        org = user.organization
        assert org is not None
        province = (
            org
            if org.kind == OrganizationKind.PROVINCIAL_DIRECTORATE
            else org.ancestors().filter(kind=OrganizationKind.PROVINCIAL_DIRECTORATE).last()
        )
        root = province or org
    else:
        root = user.organization
    user._scope_root_cache = root  # type: ignore[attr-defined]
    return root


def scope_q(user: User, field: str = "organization") -> Q:
    """A Q filter keeping records whose ``field`` organization is in ``user``'s scope."""
    root = scope_root(user)
    if root == _EVERYTHING:
        return Q()
    if root is None:
        return Q(pk__in=[])
    assert isinstance(root, Organization)
    return Q(**{f"{field}__path__startswith": root.path})


def in_scope(user: User, organization: Organization | None) -> bool:
    root = scope_root(user)
    if root == _EVERYTHING:
        return True
    if root is None or organization is None:
        return False
    assert isinstance(root, Organization)
    return organization.path.startswith(root.path)


def organizations_visible_to(user: User) -> QuerySet[Organization]:
    qs = Organization.objects.all()
    root = scope_root(user)
    if root == _EVERYTHING:
        return qs
    if root is None:
        return qs.none()
    assert isinstance(root, Organization)
    return qs.filter(Q(path__startswith=root.path) | Q(kind__in=NATIONAL_KINDS))


def get_organization_for_user(user: User, pk: int) -> Organization:
    try:
        return organizations_visible_to(user).get(pk=pk)
    except Organization.DoesNotExist as exc:
        raise Http404 from exc


def processes_visible_to(user: User) -> QuerySet[Process]:
    return Process.objects.all()


def responsibilities_visible_to(user: User) -> QuerySet[Responsibility]:
    return Responsibility.objects.all()


def responsibility_for(process: Process, organization: Organization | None) -> Responsibility | None:
    """The matrix row that applies to ``process`` in ``organization``'s province.

    A province's own row wins; otherwise the deployment's default row.
    """
    rows = {row.organization_id: row for row in process.responsibilities.all()}
    if organization is not None:
        candidates = [organization, *reversed(list(organization.ancestors()))]
        for org in candidates:
            if org.pk in rows:
                return rows[org.pk]
    return rows.get(None)


def organization_tree() -> list[Organization]:
    """All organizations in tree order, each annotated with ``depth`` (already stored)."""
    return list(Organization.objects.select_related("parent").order_by("path"))
