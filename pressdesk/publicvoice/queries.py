"""Who sees which voice, and what the screens show."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role
from pressdesk.lib.inbox import InboxItem
from pressdesk.organizations.queries import province_for
from pressdesk.publicvoice.models import Voice

if TYPE_CHECKING:
    from pressdesk.accounts.models import User
    from pressdesk.monitoring.models import Item, Story


def is_officer(user: User) -> bool:
    return bool(user.is_active and user.role == Role.AFFILIATE_PRESS and user.organization_id)


def can_mark(user: User) -> bool:
    """The province's unit records voices and routes complaints."""
    return bool(user.is_authenticated and user.is_active and user.is_unit_member and province_for(user))


def voices_visible_to(user: User) -> QuerySet[Voice]:
    """The unit sees its province's voices; an institution's press officer only what was routed to it."""
    qs = Voice.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_admin:
        return qs
    if user.is_unit_member:
        province = province_for(user)
        return qs.filter(province=province) if province else qs.none()
    if is_officer(user):
        return qs.filter(institution_id=user.organization_id).exclude(status=Voice.Status.NOTED)
    return qs.none()


def get_voice_for_user(user: User, pk: int) -> Voice:
    try:
        return voices_visible_to(user).select_related("story", "institution", "created_by", "answered_by").get(pk=pk)
    except Voice.DoesNotExist as exc:
        raise Http404 from exc


def voice_for_story(user: User, story: Story) -> Voice | None:
    province = province_for(user)
    return Voice.objects.filter(story=story, province=province).first() if province else None


def voice_list(user: User, filters: dict[str, Any]) -> QuerySet[Voice]:
    qs = voices_visible_to(user).select_related("story", "institution")
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("institution"):
        qs = qs.filter(institution=filters["institution"])
    if filters.get("overdue"):
        qs = qs.filter(status=Voice.Status.ROUTED, deadline__lt=timezone.localdate())
    return qs.order_by("-created_at", "-pk")


def original_posts(voice: Voice, limit: int = 10) -> list[Item]:
    """The posts of the voice's story, as published (title, text, address, outlet).

    Read directly, not through monitoring's visibility: routing the voice to an
    institution is what lets its press officer read these posts, and nothing else.
    """
    from pressdesk.monitoring.models import Item

    return list(
        Item.objects.filter(story_id=voice.story_id)
        .select_related("outlet", "source")
        .only("url", "title", "text", "published_at", "outlet__name", "source__kind")
        .order_by("published_at", "pk")[:limit]
    )


def is_answerable_by(user: User, voice: Voice) -> bool:
    """The institution's press officer answers; the unit may record an answer on its behalf."""
    if voice.status != Voice.Status.ROUTED:
        return False
    if is_officer(user):
        return voice.institution_id == user.organization_id
    province = province_for(user)
    return can_mark(user) and province is not None and voice.province_id == province.pk


# --- İşlerim ---------------------------------------------------------------------------------


def _inbox_qs(user: User) -> QuerySet[Voice]:
    if is_officer(user):
        return voices_visible_to(user).filter(status=Voice.Status.ROUTED)
    if user.is_active and user.is_unit_member:
        # The unit follows the complaints it routed once they are answered (to close them).
        return Voice.objects.filter(created_by=user, status=Voice.Status.ANSWERED)
    return Voice.objects.none()


def inbox_items(user: User) -> Iterable[InboxItem]:
    officer = is_officer(user)
    for voice in _inbox_qs(user).select_related("story"):
        yield InboxItem(
            kind=str(voice.get_kind_display()),
            title=voice.story.title or voice.summary[:120],
            url=reverse("publicvoice:detail", args=[voice.pk]),
            due=voice.deadline if officer else None,
            priority=4 if voice.is_overdue else 3,
            subtitle=_("Record what was done") if officer else _("The institution answered: close it"),
        )


def inbox_query(user: User) -> QuerySet[Any]:
    """What the navigation badge counts (with every module's in one statement, ``lib.inbox.count_for``)."""
    return _inbox_qs(user)


def inbox_count(user: User) -> int:
    return _inbox_qs(user).count()


# --- statistics ------------------------------------------------------------------------------


def statistics(user: User, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """Counts per institution and kind, per channel (source kind), per month; a constant number of queries."""
    from pressdesk.monitoring.models import Item

    tz = timezone.get_default_timezone()
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz)
    until = timezone.make_aware(datetime.datetime.combine(end, datetime.time.min), tz)
    voices = voices_visible_to(user).filter(created_at__gte=since, created_at__lt=until)
    by_institution = list(
        voices.values("institution__name", "kind").annotate(n=Count("pk")).order_by("institution__name", "kind")
    )
    by_month = list(
        voices.annotate(month=TruncMonth("created_at", tzinfo=tz))
        .values("month", "kind")
        .annotate(n=Count("pk"))
        .order_by("month", "kind")
    )
    channel_rows = (
        Item.objects.filter(story_id__in=voices.values("story_id"))
        .values("source__kind")
        .annotate(n=Count("story_id", distinct=True))
        .order_by("-n")
    )
    totals = voices.aggregate(
        total=Count("pk"),
        complaints=Count("pk", filter=Q(kind=Voice.Kind.COMPLAINT)),
        answered=Count(
            "pk", filter=Q(status__in=[Voice.Status.ANSWERED, Voice.Status.CLOSED], routed_at__isnull=False)
        ),
        overdue=Count("pk", filter=Q(status=Voice.Status.ROUTED, deadline__lt=timezone.localdate())),
    )
    from pressdesk.monitoring.models import Source

    labels = dict(Source.Kind.choices)
    by_channel = [
        {"label": labels.get(row["source__kind"], row["source__kind"]), "n": row["n"]} for row in channel_rows
    ]
    return {"by_institution": by_institution, "by_month": by_month, "by_channel": by_channel, "totals": totals}


def voices_by_month(province: Any, start: datetime.date, end: datetime.date) -> dict[datetime.date, float]:
    """Complaints and suggestions recorded per month (the unit's activity figures, ``lib/activity.py``)."""
    tz = timezone.get_default_timezone()
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz)
    until = timezone.make_aware(datetime.datetime.combine(end, datetime.time.min), tz)
    rows = (
        Voice.objects.filter(province=province, created_at__gte=since, created_at__lt=until)
        .annotate(month=TruncMonth("created_at", tzinfo=tz))
        .values("month")
        .annotate(n=Count("pk"))
    )
    return {
        timezone.localtime(row["month"], tz).date()
        if isinstance(row["month"], datetime.datetime)
        else row["month"]: row["n"]
        for row in rows
    }
