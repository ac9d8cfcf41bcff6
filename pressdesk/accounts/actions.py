"""State changes of users. Views, imports and commands call these."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from pressdesk.accounts.models import User


def _check_admin(actor: User | None) -> None:
    if actor is not None and not actor.is_admin:
        raise PermissionDenied


@transaction.atomic
def create_user(*, actor: User | None, password: str | None = None, **fields: Any) -> User:
    """Create a user; without a password the account gets an unusable one until reset."""
    _check_admin(actor)
    user = User(**fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def update_user(*, actor: User, user: User, **fields: Any) -> User:
    _check_admin(actor)
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def set_user_active(*, actor: User, user: User, active: bool) -> User:
    _check_admin(actor)
    if user.pk == actor.pk and not active:
        raise PermissionDenied
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user
