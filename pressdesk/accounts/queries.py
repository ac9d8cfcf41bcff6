"""Reads of users, filtered by what the reading user may see."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from pressdesk.accounts.models import Role, User, UserImport
from pressdesk.lib import turkish
from pressdesk.lib.search import words_q
from pressdesk.organizations.models import Organization
from pressdesk.organizations.queries import scope_q


def users_visible_to(user: User) -> QuerySet[User]:
    qs = User.objects.select_related("organization")
    if user.is_admin:
        return qs
    if user.role == Role.REQUESTER:
        return qs.filter(pk=user.pk)
    return qs.filter(scope_q(user))


def get_user_for_user(viewer: User, pk: int) -> User:
    try:
        return users_visible_to(viewer).get(pk=pk)
    except User.DoesNotExist as exc:
        raise Http404 from exc


def assignable_users(user: User) -> QuerySet[User]:
    """People ``user`` may give work to: active users in their scope."""
    return users_visible_to(user).filter(is_active=True)


def search_users(qs: QuerySet[User], text: str) -> QuerySet[User]:
    """Users matching every word of ``text`` in their name, user name or e-mail (Turkish case rules)."""
    return qs.filter(words_q(text, ["first_name", "last_name", "username", "email"]))


def filter_users(
    qs: QuerySet[User],
    *,
    search: str = "",
    organization: Organization | None = None,
    role: str = "",
    active: bool | None = None,
) -> QuerySet[User]:
    if search:
        qs = search_users(qs, search)
    if organization is not None:
        qs = qs.filter(organization=organization)
    if role:
        qs = qs.filter(role=role)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


def user_ids_in_name_order(qs: QuerySet[User]) -> list[int]:
    """The ids of ``qs`` in Turkish alphabetical order of first name, last name, user name.

    The database's collation does not know Turkish (``Ç`` after ``Z``), so the
    few columns needed are sorted here; the page's rows are then loaded by id.
    """
    rows = qs.order_by().values_list("pk", "first_name", "last_name", "username")
    ordered = sorted(rows, key=lambda r: (turkish.sort_key(r[1]), turkish.sort_key(r[2]), turkish.sort_key(r[3])))
    return [row[0] for row in ordered]


def users_by_ids(viewer: User, ids: Sequence[int]) -> list[User]:
    """The visible users with ``ids``, in that order, in one query."""
    by_id = users_visible_to(viewer).in_bulk(list(ids))
    return [by_id[pk] for pk in ids if pk in by_id]


def user_imports_visible_to(user: User) -> QuerySet[UserImport]:
    if not user.is_admin:
        return UserImport.objects.none()
    return UserImport.objects.all()


def get_user_import_for_user(viewer: User, token: uuid.UUID) -> UserImport:
    if not viewer.is_admin:
        raise PermissionDenied
    try:
        return user_imports_visible_to(viewer).get(token=token)
    except UserImport.DoesNotExist as exc:
        raise Http404 from exc
