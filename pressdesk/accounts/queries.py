"""Reads of users, filtered by what the reading user may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from pressdesk.accounts.models import Role, User
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
