"""Reads of triage: which stories, rules and alerts each user may see.

* The unit's roles see the stories of their province (monitoring's scope) and
  may triage them; administrators see everything.
* A hospital's press officer (``affiliate_press``) sees only the stories
  matched to a watch term of their institution or of a unit under it, read
  only (they may add a note).
* Everybody else sees nothing.

A story's triage (relevance, sentiment label, importance, assignee) and its
notes belong to a province: a story shared by two provinces' sources is
triaged by each on its own (``monitoring.StoryTriage``). Notes are read by the
author's province, and by a press officer only when written in their institution.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from pressdesk.accounts.models import Role
from pressdesk.monitoring import queries as monitoring_queries
from pressdesk.monitoring.models import Item, ItemMatch, Relevance, Story, StoryTriage
from pressdesk.organizations.queries import province_for, scope_q
from pressdesk.triage.models import Alert, AlertPreference, AlertRule, StoryForward, StoryNote

if TYPE_CHECKING:
    from pressdesk.accounts.models import User


def is_affiliate(user: User) -> bool:
    return bool(user.is_authenticated and user.role == Role.AFFILIATE_PRESS and user.organization_id)


def can_see_triage(user: User) -> bool:
    return monitoring_queries.can_monitor(user) or is_affiliate(user)


def can_triage(user: User) -> bool:
    """May change relevance, sentiment, importance and the assignee."""
    return monitoring_queries.can_monitor(user)


def can_manage_rules(user: User) -> bool:
    return monitoring_queries.can_monitor(user)


def matched_stories_visible_to(user: User) -> QuerySet[Story]:
    """Stories with at least one matched item the user may see."""
    if monitoring_queries.can_monitor(user):
        if user.is_admin:
            visible = Item.objects.filter(story=OuterRef("pk"), matched=True)
        else:
            visible = monitoring_queries.items_visible_to(user).filter(story=OuterRef("pk"), matched=True)
        return Story.objects.filter(Exists(visible))
    if is_affiliate(user):
        assert user.organization is not None
        own = ItemMatch.objects.filter(
            item__story=OuterRef("pk"), term__organization__path__startswith=user.organization.path
        )
        return Story.objects.filter(Exists(own))
    return Story.objects.none()


def get_story_for_user(user: User, pk: int) -> Story:
    try:
        return matched_stories_visible_to(user).get(pk=pk)
    except Story.DoesNotExist as exc:
        raise Http404 from exc


def get_forward_for_user(user: User, story: Story, pk: int) -> StoryForward:
    """A forward of ``story`` (already checked visible to ``user``); only those who triage see forwards."""
    if not can_triage(user):
        raise Http404
    try:
        return forwards_visible_to(user).get(story=story, pk=pk)
    except StoryForward.DoesNotExist as exc:
        raise Http404 from exc


def forwards_visible_to(user: User) -> QuerySet[StoryForward]:
    """Forwards sent from ``user``'s province (who told whom is the province's own record)."""
    if not can_triage(user):
        return StoryForward.objects.none()
    forwards = StoryForward.objects.all()
    return forwards if user.is_admin else forwards.filter(scope_q(user, "sender__organization"))


def items_of_stories_for(user: User, story_ids: list[int]) -> QuerySet[Item]:
    """The items of ``story_ids`` that ``user`` may see (the affiliate: only those matched to them)."""
    qs = Item.objects.filter(story_id__in=story_ids)
    if monitoring_queries.can_monitor(user):
        return qs if user.is_admin else qs.filter(pk__in=monitoring_queries.items_visible_to(user).values("pk"))
    if is_affiliate(user):
        assert user.organization is not None
        return qs.filter(matches__term__organization__path__startswith=user.organization.path).distinct()
    return qs.none()


def notes_visible_to(user: User) -> QuerySet[StoryNote]:
    """Notes on the stories ``user`` sees, written in their scope: the unit's roles read their
    province's notes (its institutions' included), a press officer those of their institution."""
    notes = StoryNote.objects.filter(story__in=matched_stories_visible_to(user).values("pk"))
    return notes if user.is_admin else notes.filter(scope_q(user))


def triage_visible_to(user: User) -> QuerySet[StoryTriage]:
    """The triage rows whose history ``user`` may read: their own province's, on stories they see."""
    if not can_triage(user):
        return StoryTriage.objects.none()
    rows = StoryTriage.objects.filter(story__in=matched_stories_visible_to(user).values("pk"))
    return rows if user.is_admin else rows.filter(scope_q(user, "province"))


def colleagues_for(user: User) -> QuerySet[User]:
    """People a story can be assigned to: active unit members of the user's province."""
    from pressdesk.accounts.models import UNIT_ROLES, User

    if not can_triage(user):
        return User.objects.none()
    qs = User.objects.filter(is_active=True, role__in=UNIT_ROLES)
    if not user.is_admin:
        qs = qs.filter(scope_q(user))
    return qs.order_by("first_name", "last_name", "username")


def rules_visible_to(user: User) -> QuerySet[AlertRule]:
    if not can_manage_rules(user):
        return AlertRule.objects.none()
    if user.is_admin:
        return AlertRule.objects.all()
    return AlertRule.objects.filter(scope_q(user))


def get_rule_for_user(user: User, pk: int) -> AlertRule:
    try:
        return rules_visible_to(user).get(pk=pk)
    except AlertRule.DoesNotExist as exc:
        raise Http404 from exc


def alerts_visible_to(user: User) -> QuerySet[Alert]:
    """Rule managers see their province's alerts; a recipient sees the alerts of rules sent to them."""
    rules = rules_visible_to(user)
    received = Q(rule__recipients=user)
    if is_affiliate(user):  # an institution's officer: only alerts about stories matched to them
        received &= Q(story__in=matched_stories_visible_to(user))
    return Alert.objects.filter(Q(rule__in=rules) | received).distinct()


# --- What the screens show ---------------------------------------------------------------


def live_stories(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Story]:
    """The stories of the live screen, newest first, filtered (``filters``: the filter form's
    cleaned data) on the user's province's triage (never another province's)."""
    stories = matched_stories_visible_to(user)
    data = filters or {}
    here = monitoring_queries.triage_rows(province_for(user))
    if data.get("status") == "unreviewed":
        stories = stories.exclude(Exists(here.exclude(relevance=Relevance.UNREVIEWED)))
    elif data.get("status") == "relevant":
        stories = stories.filter(Exists(here.filter(relevance=Relevance.RELEVANT)))
    if data.get("mine"):
        stories = stories.filter(Exists(here.filter(assignee=user)))
    if data.get("institution") is not None:
        stories = stories.filter(
            Exists(
                ItemMatch.objects.filter(
                    item__story=OuterRef("pk"), term__organization__path__startswith=data["institution"].path
                )
            )
        )
    if data.get("sentiment"):
        label = data["sentiment"]
        labelled = Exists(here.exclude(sentiment=""))
        stories = stories.filter(Q(Exists(here.filter(sentiment=label))) | (~labelled & Q(sentiment_suggested=label)))
    if data.get("importance") is not None:  # the province's own mark (the home screen's "important" count)
        stories = stories.filter(Exists(here.filter(importance__gte=data["importance"])))
    return stories.order_by("-last_seen_at", "-pk")


def live_stories_since(
    user: User, filters: Mapping[str, Any] | None, cursor: datetime.datetime, limit: int
) -> list[Story]:
    """At most ``limit`` stories of the live screen seen after ``cursor``, newest first."""
    return list(live_stories(user, filters).filter(last_seen_at__gt=cursor)[:limit])


def card_items_by_story(user: User, story_ids: list[int]) -> dict[int, list[Item]]:
    """The items a story card shows, per story, oldest first, with the matches ``user`` may see."""
    items: dict[int, list[Item]] = defaultdict(list)
    visible = (
        items_of_stories_for(user, story_ids)
        .select_related("outlet")
        .only(
            "pk",
            "story_id",
            "title",
            "url",
            "published_at",
            "fetched_at",
            "outlet__name",
            "outlet__kind",
            "outlet__reach",
        )
        .prefetch_related(
            Prefetch(
                "matches",
                queryset=monitoring_queries.matches_visible_to(user).select_related("term__organization"),
            )
        )
        .order_by("published_at", "pk")
    )
    for item in visible:
        assert item.story_id is not None
        items[item.story_id].append(item)
    return items


def card_notes_by_story(user: User, story_ids: list[int]) -> dict[int, list[StoryNote]]:
    """The notes ``user`` may read on ``story_ids``, per story, oldest first."""
    notes: dict[int, list[StoryNote]] = defaultdict(list)
    for note in (
        notes_visible_to(user).filter(story_id__in=story_ids).select_related("author").order_by("created_at", "pk")
    ):
        notes[note.story_id].append(note)
    return notes


def recent_forwards(user: User, story: Story, limit: int = 20) -> list[StoryForward]:
    """The last forwards of ``story`` that ``user`` may see (none for a reader who does not triage)."""
    if not can_triage(user):
        return []
    return list(forwards_visible_to(user).filter(story=story).select_related("sender")[:limit])


def rules_with_counts(user: User) -> list[AlertRule]:
    """The rules ``user`` manages, by name, each with ``recipient_count`` and ``alerts_today`` (last 24 hours)."""
    since = timezone.now() - datetime.timedelta(days=1)
    rules = (
        rules_visible_to(user)
        .select_related("organization")
        .annotate(recipient_count=Count("recipients", distinct=True))
        .order_by("name", "pk")
    )
    counts = dict(
        alerts_visible_to(user)
        .filter(created_at__gte=since)
        .order_by()
        .values_list("rule_id")
        .annotate(n=Count("pk", distinct=True))
    )
    rows: list[AlertRule] = list(rules)
    for rule in rows:
        rule.alerts_today = counts.get(rule.pk, 0)  # type: ignore[attr-defined]
    return rows


def alert_list_for(user: User) -> QuerySet[Alert]:
    """The alerts ``user`` sees, newest first, with their rule and story."""
    return alerts_visible_to(user).select_related("rule", "story").order_by("-created_at", "-pk")


def alert_preference_of(user: User) -> AlertPreference | None:
    return AlertPreference.objects.filter(user=user).first()
