"""Reads of the organization tree, and the visibility scope every module uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from pressdesk.lib import turkish
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


def province_of(organization: Organization | None) -> Organization | None:
    """The provincial directorate ``organization`` is in (itself when it is one); one query at most."""
    if organization is None:
        return None
    if organization.kind == OrganizationKind.PROVINCIAL_DIRECTORATE:
        return organization
    return organization.ancestors().filter(kind=OrganizationKind.PROVINCIAL_DIRECTORATE).last()


def province_for(user: User) -> Organization | None:
    """The provincial directorate ``user`` works for: the province of their scope (the unit's roles) or
    of their organization (a press officer, an administrator with an organization). Cached on the user.

    Records a province keeps apart from the others (a story's triage, for one) are keyed on it.
    """
    if hasattr(user, "_province_cache"):
        cached: Organization | None = user._province_cache
        return cached
    province: Organization | None = None
    if user.is_unit_member:
        root = scope_root(user)
        province = root if isinstance(root, Organization) else None
    elif user.organization_id is not None:
        province = province_of(user.organization)
    user._province_cache = province  # type: ignore[attr-defined]
    return province


def unit_records_q(user: User, *, owner: str) -> Q:
    """Records the press unit works on: the unit's roles see their province's, everyone sees their own.

    ``owner`` names the field holding the record's author.
    """
    if user.is_admin:
        return Q()
    own = Q(**{owner: user})
    if user.is_unit_member:
        return scope_q(user) | own
    return own


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


def get_process_for_user(user: User, code: str) -> Process:
    """A process of the catalog by its code (``3.6``), or 404."""
    try:
        return processes_visible_to(user).get(code=code)
    except Process.DoesNotExist as exc:
        raise Http404 from exc


def get_responsibility_for_user(user: User, pk: int) -> Responsibility:
    try:
        return responsibilities_visible_to(user).select_related("process", "organization").get(pk=pk)
    except Responsibility.DoesNotExist as exc:
        raise Http404 from exc


def lineage(organization: Organization | None) -> list[Organization]:
    """``organization`` and its ancestors, nearest first (one query); empty for None."""
    if organization is None:
        return []
    return [organization, *reversed(list(organization.ancestors()))]


def responsibility_for(
    process: Process,
    organization: Organization | None,
    *,
    organizations: list[Organization] | None = None,
) -> Responsibility | None:
    """The matrix row that applies to ``process`` in ``organization``'s province.

    A province's own row wins; otherwise the deployment's default row. Pass
    ``organizations=lineage(org)`` when asking for many processes, so the
    ancestors are read once; prefetch ``responsibilities`` to avoid a query
    per process.
    """
    rows = {row.organization_id: row for row in process.responsibilities.all()}
    candidates = organizations if organizations is not None else lineage(organization)
    for org in candidates:
        if org.pk in rows:
            return rows[org.pk]
    return rows.get(None)


def process_catalog(user: User) -> list[tuple[Process, Responsibility | None]]:
    """Every process in code order with its step count (``step_count``) and
    the matrix row that applies to ``user``'s province. Three queries."""
    processes = (
        processes_visible_to(user)
        .annotate(step_count=Count("steps"))
        .prefetch_related("responsibilities")
        .order_by("sort_key")
    )
    chain = lineage(user.organization)
    return [(process, responsibility_for(process, None, organizations=chain)) for process in processes]


def matrix_rows() -> list[Responsibility]:
    """The whole responsibility matrix, source document by source document
    (Kocaeli 3.x, then Denizli 1.x) in code order; per process the default row
    first, then the provinces' own rows (Turkish order of the province's name)."""
    rows = list(Responsibility.objects.select_related("process", "organization"))
    source_order = {source: index for index, source in enumerate(Process.Source.values)}
    return sorted(
        rows,
        key=lambda row: (
            source_order.get(row.process.source, len(source_order)),
            row.process.sort_key,
            row.organization_id is not None,
            turkish.sort_key(row.organization.name if row.organization else ""),
        ),
    )


def override_organizations(process: Process) -> QuerySet[Organization]:
    """Provincial directorates that may get their own matrix row for ``process`` (none yet)."""
    taken = process.responsibilities.filter(organization__isnull=False).values("organization_id")
    return Organization.objects.filter(kind=OrganizationKind.PROVINCIAL_DIRECTORATE, is_active=True).exclude(
        pk__in=taken
    )


def organization_tree(*, with_user_counts: bool = False) -> list[Organization]:
    """All organizations in tree order (``depth`` is stored), in one query.

    ``with_user_counts`` annotates ``user_count`` and ``active_user_count``.
    """
    qs = Organization.objects.select_related("parent").order_by("path")
    if with_user_counts:
        qs = qs.annotate(
            user_count=Count("users", distinct=True),
            active_user_count=Count("users", filter=Q(users__is_active=True), distinct=True),
        )
    return list(qs)


def get_organization_with_user_counts(user: User, pk: int) -> Organization:
    """One organization visible to ``user``, annotated like ``organization_tree(with_user_counts=True)``."""
    qs = organizations_visible_to(user).annotate(
        user_count=Count("users", distinct=True),
        active_user_count=Count("users", filter=Q(users__is_active=True), distinct=True),
    )
    try:
        return qs.get(pk=pk)
    except Organization.DoesNotExist as exc:
        raise Http404 from exc


def search_tree(tree: list[Organization], text: str = "", kind: str = "") -> list[Organization]:
    """Filter ``tree`` (from ``organization_tree``) in Python, keeping tree order.

    ``text`` matches name, short name or code, case-insensitively by Turkish
    rules and regardless of Turkish letters (``ŞEHİR``, ``şehir`` and
    ``sehir`` all find ``Şehir``). The ancestors of each match are kept so
    the indentation still reads as a tree; they get ``is_context = True``.
    """
    needle = turkish.ascii_fold(text.strip())
    if not needle and not kind:
        for org in tree:
            org.is_context = False  # type: ignore[attr-defined]
        return tree

    def matches(org: Organization) -> bool:
        if kind and org.kind != kind:
            return False
        if not needle:
            return True
        return any(needle in turkish.ascii_fold(value) for value in (org.name, org.short_name, org.code))

    matched_paths = {org.path for org in tree if matches(org)}
    context_paths = {
        path[: end + 1] for path in matched_paths for end in range(PATH_STEP, len(path) - 1, PATH_STEP + 1)
    }
    result = []
    for org in tree:
        if org.path in matched_paths:
            org.is_context = False  # type: ignore[attr-defined]
            result.append(org)
        elif org.path in context_paths:
            org.is_context = True  # type: ignore[attr-defined]
            result.append(org)
    return result


def steps_of(process: Process) -> QuerySet[ProcessStep]:
    return process.steps.order_by("number")


def default_responsibility(process: Process) -> Responsibility | None:
    """The row of the responsibility matrix that holds for every institution without an override."""
    return process.responsibilities.filter(organization__isnull=True).first()


def process_by_code(code: str) -> Process | None:
    return Process.objects.filter(code=code).first()


def active_organizations_visible_to(user: User) -> QuerySet[Organization]:
    """The active institutions ``user`` sees, in tree order."""
    return organizations_visible_to(user).filter(is_active=True).order_by("path")
