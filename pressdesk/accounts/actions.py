"""State changes of users. Views, imports and commands call these."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from pressdesk.accounts import importing
from pressdesk.accounts.models import User, UserImport
from pressdesk.accounts.tasks import send_set_password_email
from pressdesk.organizations.queries import organizations_visible_to
from pressdesk.outbox.actions import enqueue

# Uploaded lists nobody confirmed are deleted after this long (they hold personal data).
PENDING_IMPORT_LIFETIME = datetime.timedelta(days=1)


def _check_admin(actor: User | None) -> None:
    if actor is not None and not actor.is_admin:
        raise PermissionDenied


def _schedule_set_password_email(user: User) -> None:
    enqueue(send_set_password_email, user.pk)


@transaction.atomic
def create_user(
    *, actor: User | None, password: str | None = None, send_password_email: bool = False, **fields: Any
) -> User:
    """Create a user; without a password the account gets an unusable one until reset.

    With ``send_password_email`` the user is e-mailed a link to choose a
    password once the transaction commits.
    """
    _check_admin(actor)
    user = User(**fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if send_password_email and not password:
        _schedule_set_password_email(user)
    return user


@transaction.atomic
def send_password_setup_email(*, actor: User, user: User) -> None:
    """E-mail ``user`` a new link to choose a password (for accounts that have none yet)."""
    _check_admin(actor)
    _schedule_set_password_email(user)


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


def _require_admin(actor: User) -> None:
    if actor is None or not actor.is_admin:
        raise PermissionDenied


@transaction.atomic
def start_user_import(*, actor: User, file_name: str, rows: list[tuple[int, dict[str, str]]]) -> UserImport:
    """Keep an uploaded list until the administrator confirms it; saves no user."""
    _require_admin(actor)
    UserImport.objects.filter(
        status=UserImport.Status.PENDING, created_at__lt=timezone.now() - PENDING_IMPORT_LIFETIME
    ).delete()
    return UserImport.objects.create(
        created_by=actor,
        file_name=file_name[:255],
        rows=[{"line": line, "values": values} for line, values in rows],
    )


class ImportReportChanged(Exception):
    """The rows that would be imported differ from the ones the administrator confirmed."""


@transaction.atomic
def import_users(*, actor: User, batch: UserImport, fingerprint: str, send_emails: bool = True) -> UserImport:
    """Create the users of every valid row of ``batch``, all or none.

    ``fingerprint`` is the one of the report the administrator confirmed; if
    the rows check differently now (someone took a user name meanwhile), raise
    ``ImportReportChanged`` and save nothing. Confirming an already imported
    batch again changes nothing and returns it.
    """
    _require_admin(actor)
    batch = UserImport.objects.select_for_update().get(pk=batch.pk)
    if not batch.is_pending:
        return batch
    report = importing.validate_rows(batch.raw_rows(), organizations=organizations_visible_to(actor))
    if report.fingerprint != fingerprint:
        raise ImportReportChanged
    created: list[User] = []
    try:
        with transaction.atomic():
            for row in report.valid_rows:
                # Rows were fully checked above; the database's unique user name
                # still guards against a concurrent insert.
                user = User(**row.user_fields())
                user.set_unusable_password()
                user.save()
                created.append(user)
    except IntegrityError as exc:
        raise ImportReportChanged from exc
    batch.status = UserImport.Status.IMPORTED
    batch.imported_by = actor
    batch.imported_at = timezone.now()
    batch.imported = [
        {"line": row.line, "user_id": user.pk, "username": user.username}
        for row, user in zip(report.valid_rows, created, strict=True)
    ]
    batch.skipped_lines = [row.line for row in report.invalid_rows]
    batch.rows = []
    batch.emails_requested = send_emails
    batch.save()
    if send_emails:
        for user in created:
            _schedule_set_password_email(user)
    return batch
