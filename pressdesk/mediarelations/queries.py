"""Who sees which media contact, list and relations log entry, and what the screens show."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role
from pressdesk.lib.inbox import InboxItem
from pressdesk.lib.search import words_q
from pressdesk.mediarelations.models import Interaction, MediaContact, MediaList, Tag
from pressdesk.organizations.models import Organization
from pressdesk.organizations.queries import province_for, scope_q

if TYPE_CHECKING:
    from pressdesk.accounts.models import User
    from pressdesk.monitoring.models import Item

# Roles that keep contacts and so see their phones and e-mail; the line of command sees names only (KVKK).
SEES_PERSONAL = (Role.STAFF, Role.UNIT_HEAD, Role.AFFILIATE_PRESS, Role.ADMIN)


def can_use(user: User) -> bool:
    """The province's press unit and the institutions' press officers keep media contacts."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_unit_member or user.role == Role.AFFILIATE_PRESS)
        and province_for(user)
    )


def can_view(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and (can_use(user) or user.is_admin))


def sees_personal(user: User) -> bool:
    return bool(user.is_superuser or user.role in SEES_PERSONAL)


def province_of_user(user: User) -> Organization | None:
    return province_for(user)


def _visible_q(user: User) -> Q:
    if user.is_admin:
        return Q()
    if user.is_unit_member:
        return scope_q(user, "province")
    province = province_for(user)
    shared = Q(shared=True, province=province) if province is not None else Q(pk__in=[])
    return scope_q(user, "organization") | shared


def contacts_visible_to(user: User) -> QuerySet[MediaContact]:
    if not can_view(user):
        return MediaContact.objects.none()
    return MediaContact.objects.filter(_visible_q(user))


def contacts_editable_by(user: User) -> QuerySet[MediaContact]:
    """The unit edits its province's contacts; a press officer only those their institution keeps."""
    if not can_use(user):
        return MediaContact.objects.none()
    if user.is_unit_member:
        return MediaContact.objects.filter(scope_q(user, "province"))
    return MediaContact.objects.filter(scope_q(user, "organization"))


def lists_visible_to(user: User) -> QuerySet[MediaList]:
    if not can_view(user):
        return MediaList.objects.none()
    if user.is_admin:
        return MediaList.objects.all()
    if user.is_unit_member:
        return MediaList.objects.filter(scope_q(user, "province"))
    return MediaList.objects.filter(scope_q(user, "organization"))


def tags_for(user: User) -> QuerySet[Tag]:
    province = province_for(user)
    if province is None or not can_view(user):
        return Tag.objects.none()
    return Tag.objects.filter(province=province)


def get_contact_for_user(user: User, pk: int) -> MediaContact:
    try:
        return contacts_visible_to(user).select_related("outlet", "organization", "province").get(pk=pk)
    except MediaContact.DoesNotExist as exc:
        raise Http404 from exc


def get_editable_contact_for_user(user: User, pk: int) -> MediaContact:
    try:
        return contacts_editable_by(user).select_related("outlet", "organization", "province").get(pk=pk)
    except MediaContact.DoesNotExist as exc:
        raise Http404 from exc


def get_list_for_user(user: User, pk: int) -> MediaList:
    try:
        return lists_visible_to(user).get(pk=pk)
    except MediaList.DoesNotExist as exc:
        raise Http404 from exc


def contact_list(
    user: User, q: str = "", *, tag: int | None = None, media_list: int | None = None
) -> QuerySet[MediaContact]:
    contacts = contacts_visible_to(user).filter(erased_at__isnull=True)
    if q:
        contacts = contacts.filter(words_q(q, ["name", "beat", "outlet__name", "email"]))
    if tag:
        contacts = contacts.filter(tags=tag)
    if media_list:
        contacts = contacts.filter(lists=media_list)
    return (
        contacts.select_related("outlet", "organization")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .annotate(last_contact=Max("interactions__happened_on"))
        .order_by("name", "pk")
    )


def export_rows(user: User) -> QuerySet[MediaContact]:
    return (
        contacts_visible_to(user)
        .filter(erased_at__isnull=True)
        .select_related("outlet", "organization")
        .prefetch_related("tags")
        .order_by("name", "pk")
    )


def timeline(contact: MediaContact) -> QuerySet[Interaction]:
    return contact.interactions.select_related("created_by").prefetch_related("participants")


def recent_coverage(user: User, contact: MediaContact, limit: int = 10) -> list[Item]:
    """The contact's outlet's recent monitored items, their own byline first where the feed gives one."""
    from pressdesk.monitoring.models import Item

    if contact.outlet_id is None:
        return []
    items = Item.objects.filter(outlet_id=contact.outlet_id).select_related("outlet")
    if not user.is_admin:
        from pressdesk.monitoring.queries import can_monitor

        if not can_monitor(user):
            return []
    return list(items.order_by("-published_at", "-pk")[:limit])


def duplicate_groups(user: User) -> list[list[MediaContact]]:
    """Contacts of the user's editable set that share an e-mail or a mobile number."""
    groups: dict[tuple[str, str], list[MediaContact]] = {}
    for contact in contacts_editable_by(user).filter(erased_at__isnull=True).select_related("outlet"):
        for key in (("email", contact.email.casefold()), ("mobile", contact.mobile)):
            if key[1]:
                groups.setdefault(key, []).append(contact)
    seen: set[frozenset[int]] = set()
    result = []
    for group in groups.values():
        ids = frozenset(c.pk for c in group)
        if len(group) > 1 and ids not in seen:
            seen.add(ids)
            result.append(group)
    return result


def quiet_key_contacts(user: User) -> QuerySet[MediaContact]:
    """Key contacts with no relations log entry for ``MEDIARELATIONS_QUIET_MONTHS`` months."""
    if not can_use(user):
        return MediaContact.objects.none()
    months = settings.MEDIARELATIONS_QUIET_MONTHS
    since = timezone.localdate() - datetime.timedelta(days=30 * months)
    return (
        contacts_editable_by(user)
        .filter(is_key=True, erased_at__isnull=True)
        .annotate(last_contact=Max("interactions__happened_on"))
        .filter(Q(last_contact__isnull=True) | Q(last_contact__lt=since))
    )


def inbox_items(user: User) -> list[InboxItem]:
    if not can_use(user) or user.role not in (Role.STAFF, Role.AFFILIATE_PRESS):
        return []
    return [
        InboxItem(
            kind=_("Media relations"),
            title=_("No contact for a long time: %(name)s") % {"name": contact.name},
            url=reverse("mediarelations:contact", args=[contact.pk]),
            priority=1,
        )
        for contact in quiet_key_contacts(user).order_by("name")[:20]
    ]


def inbox_count(user: User) -> int:
    if not can_use(user) or user.role not in (Role.STAFF, Role.AFFILIATE_PRESS):
        return 0
    return quiet_key_contacts(user).count()


def list_overview(user: User) -> QuerySet[MediaList]:
    from django.db.models import Count

    return lists_visible_to(user).annotate(size=Count("contacts")).order_by("name", "pk")
