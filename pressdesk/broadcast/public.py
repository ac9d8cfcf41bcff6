"""The public request form (issue 27, point 1): a channel asks for a guest or for filming.

Protected from abuse: per-address rate limit (``@rate_limited("broadcast-public")``), per
e-mail limit (``PER_EMAIL_PER_DAY``), body size limit (``lib/bodysize.py`` for visitors),
plain text only (control characters removed, lengths capped by the form), no account. It reaches
the unit only after its e-mail address is confirmed by the link sent to it; the visitor is never
shown anything but their own confirmation.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import User
from pressdesk.broadcast.models import PublicRequest
from pressdesk.organizations.models import Organization, OrganizationKind
from pressdesk.organizations.queries import province_for
from pressdesk.outbox.actions import enqueue

PER_EMAIL_PER_DAY = 3
CONFIRM_DAYS = 3
TEXT_FIELDS = (
    "outlet_name",
    "programme",
    "topic",
    "questions",
    "place",
    "wanted_guest",
    "requester_name",
    "requester_phone",
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "ignore")).hexdigest()


def provinces() -> QuerySet[Organization]:
    return Organization.objects.filter(kind=OrganizationKind.PROVINCIAL_DIRECTORATE, is_active=True).order_by("name")


def _count_email(email: str) -> int:
    key = "broadcast-public:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    if cache.add(key, 1, 86400):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:
        cache.set(key, 1, 86400)
        return 1


@transaction.atomic
def submit_public_request(**fields: Any) -> PublicRequest:
    """Record the request unconfirmed and e-mail its confirmation link."""
    if fields["starts_at"] <= timezone.now():
        raise ValidationError(
            {"starts_at": _("The programme's date and time have passed. Enter a date in the future.")}
        )
    if _count_email(fields["requester_email"]) > PER_EMAIL_PER_DAY:
        raise ValidationError(_("Too many requests from this e-mail address today. Please try again tomorrow."))
    for name in TEXT_FIELDS:
        if name in fields:
            fields[name] = CONTROL.sub("", fields[name] or "").strip()
    token = secrets.token_urlsafe(32)
    public = PublicRequest.objects.create(token_hash=_hash(token), **fields)
    from pressdesk.broadcast.tasks import send_public_confirmation

    enqueue(send_public_confirmation, public.pk, token)
    return public


def confirm_link(token: str) -> str:
    return settings.SITE_URL + reverse("broadcast:public_confirm", args=[token])


@transaction.atomic
def confirm_public_request(*, token: str) -> PublicRequest:
    """The visitor opened the link: the request reaches the unit (once; expired after ``CONFIRM_DAYS``)."""
    public = PublicRequest.objects.select_for_update().filter(token_hash=_hash(token)).first()
    if public is None or public.created_at < timezone.now() - datetime.timedelta(days=CONFIRM_DAYS):
        raise Http404
    if public.confirmed_at is None:
        public.confirmed_at = timezone.now()
        public.save(update_fields=["confirmed_at"])
        from pressdesk.broadcast.actions import notify_unit_of_public_request

        notify_unit_of_public_request(public)
    return public


def pending_for(user: User) -> QuerySet[PublicRequest]:
    """Confirmed public requests of the user's province not yet taken over (the unit's roles)."""
    province = province_for(user)
    if not user.is_unit_member or province is None:
        return PublicRequest.objects.none()
    return PublicRequest.objects.filter(province=province, confirmed_at__isnull=False, request__isnull=True)


def get_pending_for_user(user: User, pk: int) -> PublicRequest:
    try:
        return pending_for(user).get(pk=pk)
    except PublicRequest.DoesNotExist as exc:
        raise Http404 from exc


@transaction.atomic
def link_to_request(*, actor: User, public: PublicRequest, request: Any) -> None:
    if not pending_for(actor).filter(pk=public.pk).exists():
        raise PermissionDenied
    PublicRequest.objects.filter(pk=public.pk).update(request=request)


def visible_to(user: User) -> QuerySet[PublicRequest]:
    """Whose history a user may read: the province's unit, administrators."""
    if user.is_admin:
        return PublicRequest.objects.all()
    province = province_for(user)
    if not user.is_unit_member or province is None:
        return PublicRequest.objects.none()
    return PublicRequest.objects.filter(province=province)
