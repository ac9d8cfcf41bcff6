"""Who sees which campaign and contact, and what the screens show."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role
from pressdesk.lib.inbox import InboxItem
from pressdesk.lib.search import words_q
from pressdesk.lib.sms import mask
from pressdesk.organizations.models import Organization
from pressdesk.organizations.queries import province_for, scope_q
from pressdesk.sms.models import (
    Batch,
    Campaign,
    Contact,
    DryRunMessage,
    OutsidePerson,
    Recipient,
    SavedList,
    StandingRule,
)

if TYPE_CHECKING:
    from pressdesk.accounts.models import User

# Roles that prepare lists and campaigns and so see full numbers; the others see them masked (KVKK).
SEES_NUMBERS = (Role.STAFF, Role.UNIT_HEAD, Role.ADMIN)


def can_use(user: User) -> bool:
    """The province's press unit prepares and sends corporate SMS (process 3.14)."""
    return bool(user.is_authenticated and user.is_active and user.is_unit_member and province_for(user))


def can_view(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and (can_use(user) or user.is_admin))


def sees_numbers(user: User) -> bool:
    return bool(user.is_superuser or user.role in SEES_NUMBERS)


def show_number(user: User, number: str) -> str:
    from pressdesk.lib.phone import format_mobile

    return format_mobile(number) if sees_numbers(user) else mask(number)


def province_of_user(user: User) -> Organization | None:
    return province_for(user)


def campaigns_visible_to(user: User) -> QuerySet[Campaign]:
    if not can_view(user):
        return Campaign.objects.none()
    return Campaign.objects.filter(scope_q(user, "province"))


def contacts_visible_to(user: User) -> QuerySet[Contact]:
    if not can_view(user):
        return Contact.objects.none()
    return Contact.objects.filter(scope_q(user, "province"))


def lists_visible_to(user: User) -> QuerySet[SavedList]:
    if not can_view(user):
        return SavedList.objects.none()
    return SavedList.objects.filter(scope_q(user, "province"))


def get_campaign_for_user(user: User, pk: int) -> Campaign:
    try:
        return campaigns_visible_to(user).select_related("created_by", "province").get(pk=pk)
    except Campaign.DoesNotExist as exc:
        raise Http404 from exc


def get_contact_for_user(user: User, pk: int) -> Contact:
    try:
        return contacts_visible_to(user).select_related("organization").get(pk=pk)
    except Contact.DoesNotExist as exc:
        raise Http404 from exc


def campaign_list(user: User, search: str = "") -> QuerySet[Campaign]:
    qs = campaigns_visible_to(user).select_related("created_by").annotate(recipient_count=Count("recipients"))
    if search:
        qs = qs.filter(words_q(search, ["title", "text"]))
    return qs.order_by("-created_at", "-pk")


def contact_list(user: User, search: str = "") -> QuerySet[Contact]:
    qs = contacts_visible_to(user).select_related("organization")
    if search:
        qs = qs.filter(words_q(search, ["name", "title", "unit", "organization__name"]))
    return qs.order_by("name", "pk")


@dataclass
class Summary:
    total: int
    parts: int
    by_status: dict[str, int]
    batches: int
    batches_sent: int

    @property
    def cost(self) -> int:
        """Credits: one per part (what Turkish providers bill)."""
        return self.parts

    def rows(self) -> list[tuple[str, int]]:
        labels = dict(Recipient.Status.choices)
        return [(str(labels[s]), self.by_status.get(s, 0)) for s in Recipient.Status.values if self.by_status.get(s)]


def summary(campaign: Campaign) -> Summary:
    if campaign.details_deleted_at is not None:  # the retention rule kept only the counts
        kept = campaign.kept_counts
        return Summary(
            total=kept.get("total", 0),
            parts=kept.get("parts", 0),
            by_status=kept.get("by_status", {}),
            batches=kept.get("batches", 0),
            batches_sent=kept.get("batches_sent", 0),
        )
    # People count once; the credits of a resend (an expired message sent again) are paid again.
    totals = campaign.recipients.aggregate(total=Count("pk", filter=Q(retry_of__isnull=True)), parts=Sum("parts"))
    by_status = Counter(
        dict(campaign.recipients.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    )
    batches = campaign.batches.aggregate(total=Count("pk"), sent=Count("pk", filter=Q(status=Batch.Status.SENT)))
    return Summary(
        total=totals["total"] or 0,
        parts=totals["parts"] or 0,
        by_status=dict(by_status),
        batches=batches["total"] or 0,
        batches_sent=batches["sent"] or 0,
    )


def recipient_rows(user: User, campaign: Campaign) -> QuerySet[Recipient]:
    return campaign.recipients.order_by("name", "pk")


DRY_RUN_SHOWN = 50


def dry_run_messages(user: User, campaign: Campaign) -> tuple[int, list[tuple[DryRunMessage, str]]]:
    """The training outbox of a campaign (``campaign`` comes from ``get_campaign_for_user``): how many
    messages, and the first ones with the number as ``user`` may see it."""
    rows = DryRunMessage.objects.filter(recipient__campaign=campaign).select_related("recipient").order_by("pk")
    count = rows.count()
    if not count:
        return 0, []
    return count, [(m, show_number(user, m.mobile)) for m in rows[:DRY_RUN_SHOWN]]


# --- İşlerim ---------------------------------------------------------------------


def inbox_items(user: User) -> list[InboxItem]:
    """Paused campaigns wait for the unit: a person must top up credit or fix the provider, then resume."""
    if not can_use(user) or user.role not in (Role.STAFF, Role.UNIT_HEAD):
        return []
    items = []
    for campaign in campaigns_visible_to(user).filter(status=Campaign.Status.PAUSED)[:20]:
        items.append(
            InboxItem(
                kind=_("SMS campaign paused"),
                title=campaign.title,
                url=reverse("sms:detail", kwargs={"pk": campaign.pk}),
                priority=3,
                subtitle=campaign.pause_reason or _("Resume it when the provider is ready"),
            )
        )
    return items


def inbox_query(user: User) -> QuerySet[Campaign] | list[QuerySet[Campaign]]:
    """What the navigation badge counts (with every module's in one statement, ``lib.inbox.count_for``)."""
    if not can_use(user) or user.role not in (Role.STAFF, Role.UNIT_HEAD):
        return []
    return campaigns_visible_to(user).filter(status=Campaign.Status.PAUSED)


def inbox_count(user: User) -> int:
    query = inbox_query(user)
    return query.count() if isinstance(query, QuerySet) else 0


def sent_by_month(province: Any, start: datetime.date, end: datetime.date) -> dict[datetime.date, float]:
    """SMS messages sent per month (the unit's activity figures, ``lib/activity.py``)."""
    tz = timezone.get_default_timezone()
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz)
    until = timezone.make_aware(datetime.datetime.combine(end, datetime.time.min), tz)
    rows = (
        Recipient.objects.filter(campaign__province=province, sent_at__gte=since, sent_at__lt=until)
        .annotate(month=TruncMonth("sent_at", tzinfo=tz))
        .values("month")
        .annotate(n=Count("pk"))
    )
    return {
        timezone.localtime(row["month"], tz).date()
        if isinstance(row["month"], datetime.datetime)
        else row["month"]: row["n"]
        for row in rows
    }


def sees_dates(user: User) -> bool:
    """Birthdays and start dates (KVKK): only the press unit that sends the greetings."""
    return can_use(user)


def rule_list(user: User) -> QuerySet[StandingRule]:
    if not can_use(user):
        return StandingRule.objects.none()
    return StandingRule.objects.filter(scope_q(user, "province")).order_by("kind", "title", "pk")


def get_rule_for_user(user: User, pk: int) -> StandingRule:
    try:
        return rule_list(user).get(pk=pk)
    except StandingRule.DoesNotExist as exc:
        raise Http404 from exc


def rule_campaigns(rules: list[StandingRule]) -> dict[int, Campaign]:
    """The latest campaign of each rule, in one query."""
    latest: dict[int, Campaign] = {}
    for campaign in Campaign.objects.filter(rule__in=rules).order_by("rule_id", "-rule_date", "-pk"):
        assert campaign.rule_id is not None
        latest.setdefault(campaign.rule_id, campaign)
    return latest


def outside_list(user: User) -> QuerySet[OutsidePerson]:
    """Outside recipients of the province with their lists' names (the press unit only)."""
    if not can_use(user):
        return OutsidePerson.objects.none()
    return OutsidePerson.objects.filter(scope_q(user, "province")).prefetch_related("lists").order_by("name", "pk")


def outside_saved_lists(user: User) -> QuerySet[SavedList]:
    """The province's saved lists of outside recipients, with how many people each holds."""
    if not can_use(user):
        return SavedList.objects.none()
    lists = SavedList.objects.filter(scope_q(user, "province"), outside__isnull=False).values("pk")
    return SavedList.objects.filter(pk__in=lists).annotate(people=Count("outside", distinct=True)).order_by("name")


def get_outside_saved_list_for_user(user: User, pk: int) -> SavedList:
    try:
        return outside_saved_lists(user).get(pk=pk)
    except SavedList.DoesNotExist as exc:
        raise Http404 from exc


def outside_list_initial(saved: SavedList) -> dict[str, str]:
    """The edit form of a saved outside list: its name, its people's (most common) consent source and one
    line per person, ``name; mobile; title; institution``, as the list was written."""
    from collections import Counter

    from pressdesk.lib.phone import format_mobile

    people = list(saved.outside.order_by("name", "pk"))
    sources = Counter(person.consent_source for person in people if person.consent_source)
    lines = [
        "; ".join([person.name, format_mobile(person.mobile), person.title, person.institution]).rstrip("; ")
        for person in people
    ]
    return {
        "name": saved.name,
        "consent_source": sources.most_common(1)[0][0] if sources else "",
        "people": "\n".join(lines),
    }


def get_outside_for_user(user: User, pk: int) -> OutsidePerson:
    try:
        return outside_list(user).get(pk=pk)
    except OutsidePerson.DoesNotExist as exc:
        raise Http404 from exc
