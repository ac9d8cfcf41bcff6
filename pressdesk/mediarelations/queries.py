"""Who sees which media contact, list and relations log entry, and what the screens show."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role
from pressdesk.lib import turkish
from pressdesk.lib.inbox import InboxItem
from pressdesk.lib.search import words_q
from pressdesk.mediarelations.models import (
    Coverage,
    Delivery,
    Interaction,
    MediaContact,
    MediaList,
    Release,
    ReleaseItem,
    Tag,
)
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


def refuses_press_mail(contact_id: int | None, address: str) -> bool:
    """Whether a press e-mail to ``address`` must be skipped now because of the linked media contact:
    it was erased or has unsubscribed, or ``address`` is its address and was flagged invalid.

    Read at the moment of sending (the contact is reloaded), not when the recipient was added."""
    if contact_id is None:
        return False
    fresh = MediaContact.objects.filter(pk=contact_id).first()
    if fresh is None:
        return False
    if fresh.erased_at is not None or fresh.unsubscribed_at is not None:
        return True
    same = bool(fresh.email) and turkish.ascii_fold(fresh.email.strip()) == turkish.ascii_fold(address.strip())
    return fresh.email_invalid_at is not None and same


def opted_out_addresses(addresses: Iterable[str]) -> set[tuple[str, str]]:
    """(folded address, province path) for each of ``addresses`` that a media contact of that province
    unsubscribed or had flagged invalid: publishing's flat press list honours the media contacts' choice by
    address (one query). An address is refused for a list of an organization whose path starts with the path."""
    from django.db.models.functions import Lower

    # Addresses are ASCII: folded so that "INFO@" and "info@" (and the database's LOWER) agree.
    wanted = {turkish.ascii_fold(address.strip()) for address in addresses if address.strip()}
    if not wanted:
        return set()
    rows = (
        MediaContact.objects.filter(Q(unsubscribed_at__isnull=False) | Q(email_invalid_at__isnull=False))
        .annotate(address=Lower("email"))
        .filter(address__in=wanted)
        .values_list("email", "province__path")
    )
    return {(turkish.ascii_fold(email), path) for email, path in rows}


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
    """The contact's outlet's recent monitored items the user may see, their own byline first where
    the feed gives one (the item's ``author`` is the contact's name, folded the Turkish way)."""
    from pressdesk.monitoring.queries import items_visible_to

    if contact.outlet_id is None:
        return []
    items = list(
        items_visible_to(user)
        .filter(outlet_id=contact.outlet_id)
        .select_related("outlet")
        .order_by("-published_at", "-pk")[:limit]
    )
    name = _name_words(contact)
    if not name:
        return items
    return sorted(items, key=lambda item: not _author_is(name, item.author))  # stable: newest first within each


#: How far back the contact's bylines are looked for (the phrase search reads the newest matches first).
BYLINE_DAYS = 365


def _name_words(contact: MediaContact) -> tuple[str, ...]:
    """The contact's name as folded words (Turkish case, İ/ı, accents), or () when it cannot be a byline:
    erased, or a single word (which would find every namesake)."""
    words = tuple(turkish.ascii_fold(word) for word in turkish.WORD_RE.findall(contact.name))
    if contact.is_erased or len(words) < 2:
        return ()
    return words


def _author_is(name: tuple[str, ...], author: str) -> bool:
    """Whether a feed's byline names the person: their folded words appear in it in order, side by side
    (``AYŞE GÜNDOĞDU / Kocaeli`` and ``Ayse Gundogdu`` both name Ayşe Gündoğdu; ``Ayşe Gündoğdu Kaya`` too)."""
    if not name or not author:
        return False
    words = [turkish.ascii_fold(word) for word in turkish.WORD_RE.findall(author)]
    size = len(name)
    return any(tuple(words[i : i + size]) == name for i in range(len(words) - size + 1))


def byline_items(user: User, contact: MediaContact, limit: int = 10) -> list[Item]:
    """Monitored items that carry the contact's byline: the feed's author field names them, or their
    name is in the item's title or text.

    The author field (RSS ``author``/``dc:creator``, Atom ``author``) is compared with the name folded
    the Turkish way (case, ``İ``/``ı``, accents); the distinct authors of the period are read once and
    compared in Python (SQL's LOWER does not know ``İ``). The name is also searched as a phrase with
    monitoring's archive search, folded as watch terms are (``Ayşe Gündoğdu`` finds ``AYŞE GÜNDOĞDU``
    and ``Ayse Gundogdu``). Only items the user may see in monitoring, published in the last
    ``BYLINE_DAYS``; newest first.
    """
    from pressdesk.monitoring import fulltext
    from pressdesk.monitoring.models import Item
    from pressdesk.monitoring.queries import items_visible_to

    name = _name_words(contact)
    if not name:
        return []
    since = timezone.now() - datetime.timedelta(days=BYLINE_DAYS)
    items = items_visible_to(user).filter(published_at__gte=since)
    authors = [
        author
        for author in items.exclude(author="").order_by().values_list("author", flat=True).distinct()
        if _author_is(name, author)
    ]
    newest = ("-published_at", "-pk")
    phrase = " ".join(contact.name.replace('"', " ").split())
    found = set(fulltext.search(items, f'"{phrase}"').order_by(*newest).values_list("pk", flat=True)[:limit])
    if authors:
        found |= set(items.filter(author__in=authors).order_by(*newest).values_list("pk", flat=True)[:limit])
    if not found:
        return []
    return list(Item.objects.filter(pk__in=found).select_related("outlet").order_by(*newest)[:limit])


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


def inbox_query(user: User) -> QuerySet[MediaContact] | list[QuerySet[MediaContact]]:
    """What the navigation badge counts (with every module's in one statement, ``lib.inbox.count_for``)."""
    if not can_use(user) or user.role not in (Role.STAFF, Role.AFFILIATE_PRESS):
        return []
    return quiet_key_contacts(user)


def inbox_count(user: User) -> int:
    query = inbox_query(user)
    return query.count() if isinstance(query, QuerySet) else 0


def list_overview(user: User) -> QuerySet[MediaList]:
    return lists_visible_to(user).annotate(size=Count("contacts")).order_by("name", "pk")


# --- press bulletins and statements ----------------------------------------------------------


def releases_visible_to(user: User) -> QuerySet[Release]:
    """The unit sees its province's releases; a press officer their own institution's."""
    if not can_view(user):
        return Release.objects.none()
    if user.is_admin:
        return Release.objects.all()
    if user.is_unit_member:
        return Release.objects.filter(scope_q(user, "province"))
    return Release.objects.filter(scope_q(user, "organization"))


def get_release_for_user(user: User, pk: int) -> Release:
    try:
        return releases_visible_to(user).select_related("created_by", "organization").get(pk=pk)
    except Release.DoesNotExist as exc:
        raise Http404 from exc


def get_release_item_for_user(user: User, release: Release, pk: int) -> ReleaseItem:
    try:
        return release.items.get(pk=pk)
    except ReleaseItem.DoesNotExist as exc:
        raise Http404 from exc


def get_delivery_for_user(user: User, release: Release, pk: int) -> Delivery:
    try:
        return release.deliveries.select_related("release").get(pk=pk)
    except Delivery.DoesNotExist as exc:
        raise Http404 from exc


def get_coverage_for_user(user: User, release: Release, pk: int) -> Coverage:
    try:
        return release.coverage.select_related("release").get(pk=pk)
    except Coverage.DoesNotExist as exc:
        raise Http404 from exc


def _approved_ids(model: type[Any]) -> QuerySet[Any]:
    from django.contrib.contenttypes.models import ContentType

    from pressdesk.approvals.models import ApprovalFlow

    return ApprovalFlow.objects.filter(
        content_type=ContentType.objects.get_for_model(model), status=ApprovalFlow.Status.APPROVED
    ).values("object_id")


def bulletin_stories(user: User, days: int = 31) -> QuerySet[Any]:
    """The period's approved (or published) news stories the user sees: candidates of a bulletin (3.7.1)."""
    from pressdesk.publishing.models import NewsStory
    from pressdesk.publishing.queries import stories_visible_to

    since = timezone.now() - datetime.timedelta(days=days)
    published = Q(status__in=[NewsStory.Status.SCHEDULED, NewsStory.Status.PUBLISHED])
    return (
        stories_visible_to(user)
        .filter(published | Q(pk__in=_approved_ids(NewsStory)), created_at__gte=since)
        .order_by("-created_at")
    )


def bulletin_notes(user: User, days: int = 31) -> QuerySet[Any]:
    from pressdesk.infonotes.models import InfoNote
    from pressdesk.infonotes.queries import notes_visible_to

    since = timezone.now() - datetime.timedelta(days=days)
    return notes_visible_to(user).filter(pk__in=_approved_ids(InfoNote), created_at__gte=since).order_by("-created_at")


def bulletin_events(user: User, days_before: int = 31, days_after: int = 31) -> QuerySet[Any]:
    """The period's events and trainings the user sees (not cancelled): sources of a bulletin (3.7.1).

    Read from the events app (``events.queries.events_visible_to``): the unit sees its province's
    events, anyone else the events they organise or attend.
    """
    from pressdesk.events.models import Event
    from pressdesk.events.queries import events_visible_to

    now = timezone.now()
    return (
        events_visible_to(user)
        .exclude(status=Event.Status.CANCELLED)
        .filter(
            start__gte=now - datetime.timedelta(days=days_before), start__lte=now + datetime.timedelta(days=days_after)
        )
        .select_related("hall")
        .order_by("-start", "-pk")
    )


def event_draft(event: Any) -> dict[str, str]:
    """A bulletin prefilled from an event: its title, and a lead and text that give the date and the place."""
    when = timezone.localtime(event.start)
    where = event.where
    lead = _("%(kind)s on %(day)s at %(time)s") % {
        "kind": event.get_kind_display(),
        "day": f"{when:%d.%m.%Y}",
        "time": f"{when:%H:%M}",
    }
    if where:
        lead = f"{lead}, {where}"
    body = (event.invitation_text or "").strip() or f"{event.title}. {lead}."
    return {"title": event.title, "lead": f"{lead}.", "body": body}


def release_archive(user: User, q: str = "", kind: str = "") -> QuerySet[Release]:
    """Every bulletin and statement, searchable by its text and by whom it was sent to (3.7.4)."""
    releases = releases_visible_to(user)
    if kind:
        releases = releases.filter(kind=kind)
    if q:
        match = words_q(q, ["title", "lead", "items__text", "deliveries__name", "deliveries__email"])
        releases = releases.filter(pk__in=Release.objects.filter(match).values("pk"))
    return (
        releases.select_related("created_by")
        .annotate(
            recipients=Count("deliveries", distinct=True),
            picked_up=Count("coverage", filter=Q(coverage__removed=False), distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def coverage_rows(release: Release) -> QuerySet[Coverage]:
    return release.coverage.filter(removed=False).select_related("item", "item__outlet").order_by("item__published_at")


def release_figures(releases: list[Release]) -> list[dict[str, Any]]:
    """Per release: recipients, pick-ups, outlets and days to the first pick-up (the coverage report)."""
    rows = []
    for release in releases:
        links = [c for c in release.coverage.all() if not c.removed]
        outlets = sorted({c.item.outlet.name for c in links})
        times = [c.item.published_at for c in links if c.item.published_at]
        first = min(times) if times else None
        days = (first - release.sent_at).total_seconds() / 86400 if first and release.sent_at else None
        rows.append(
            {
                "release": release,
                "recipients": len(release.deliveries.all()),
                "picked_up": len(links),
                "outlets": outlets,
                "days_to_pickup": round(max(days, 0), 1) if days is not None else None,
                "reach": sum(c.item.outlet.reach for c in links),
            }
        )
    return rows


def report_releases(user: User, start: datetime.date, end: datetime.date) -> list[Release]:
    return list(
        releases_visible_to(user)
        .filter(status=Release.Status.SENT, sent_at__date__gte=start, sent_at__date__lte=end)
        .prefetch_related("deliveries", Prefetch("coverage", queryset=Coverage.objects.select_related("item__outlet")))
        .order_by("sent_at")
    )


def report_release(user: User, pk: int) -> Release:
    """One release with what its coverage report reads (deliveries, coverage with items and outlets)."""
    try:
        return (
            releases_visible_to(user)
            .prefetch_related(
                "deliveries", Prefetch("coverage", queryset=Coverage.objects.select_related("item__outlet"))
            )
            .get(pk=pk)
        )
    except Release.DoesNotExist as exc:
        raise Http404 from exc


def public_bulletins(province: Organization | None) -> QuerySet[Release]:
    """The newsroom's press bulletins: approved and sent, embargo passed, of the newsroom's province.

    ``province`` is ``publishing.queries.newsroom_organization()``; ``None`` (a deployment with several
    provinces and none chosen) lists every province's, as the newsroom does with the stories.
    """
    releases = Release.objects.filter(kind=Release.Kind.BULLETIN, status=Release.Status.SENT).filter(
        Q(embargo_until__isnull=True) | Q(embargo_until__lte=timezone.now())
    )
    if province is not None:
        releases = releases.filter(province=province)
    return releases.order_by("-sent_at", "-pk")


def public_bulletin(pk: int, province: Organization | None = None) -> Release:
    """A sent bulletin on the public page, once its embargo has passed."""
    release = public_bulletins(province).filter(pk=pk).first()
    if release is None:
        raise Http404
    return release


def kit_release(token: str) -> Release:
    from django.core import signing

    from pressdesk.mediarelations.mail import KIT_SALT

    try:
        pk = signing.loads(token, salt=KIT_SALT)
    except signing.BadSignature as exc:
        raise Http404 from exc
    release = Release.objects.filter(pk=pk, status=Release.Status.SENT).first()
    if release is None:
        raise Http404
    return release


def items_for_manual_link(user: User, url: str) -> Any:
    from pressdesk.monitoring import normalize
    from pressdesk.monitoring.queries import items_visible_to

    address = url.strip()
    canonical = normalize.canonical_url(address)  # items keep the address without tracking parameters
    return (
        items_visible_to(user)
        .filter(Q(url=address) | Q(url=canonical) | Q(original_url=address))
        .order_by("-published_at", "-pk")
        .first()
    )


# --- The unit's activity figures (lib/activity.py; issue 26 point 9) ---------------------------


def bulletins_sent_by_month(province: Any, start: datetime.date, end: datetime.date) -> dict[datetime.date, float]:
    """Press bulletins sent, per month of [start, end), in the province (one query)."""
    from pressdesk.lib import activity
    from pressdesk.mediarelations.models import Release

    qs = Release.objects.filter(kind=Release.Kind.BULLETIN, sent_at__isnull=False)
    if province is not None:
        qs = qs.filter(province=province)
    return activity.count_by_month(qs, "sent_at", start, end)


def statements_sent_by_month(province: Any, start: datetime.date, end: datetime.date) -> dict[datetime.date, float]:
    """Press statements sent, per month of [start, end), in the province (one query)."""
    from pressdesk.lib import activity
    from pressdesk.mediarelations.models import Release

    qs = Release.objects.filter(kind=Release.Kind.STATEMENT, sent_at__isnull=False)
    if province is not None:
        qs = qs.filter(province=province)
    return activity.count_by_month(qs, "sent_at", start, end)


def library_photos(user: User, limit: int = 60) -> list[Any]:
    """The newest photos of the asset library the user may use, for the bulletin item's photo picker."""
    from pressdesk.creative import queries as creative_queries
    from pressdesk.creative.models import Asset

    return list(
        creative_queries.assets_visible_to(user)
        .filter(kind__in=[Asset.Kind.PHOTO, Asset.Kind.LOGO])
        .only("pk", "title", "taken_on")
        .order_by("-pk")[:limit]
    )
