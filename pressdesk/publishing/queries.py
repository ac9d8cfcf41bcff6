"""Reads of news stories, publications and press contacts, filtered by what the reading user may see.

* The unit's roles see the stories of their province (an institution's
  unsent draft stays the institution's own until it is submitted).
* An affiliated institution's press officer sees only their institution's submissions.
* The public newsroom sees only published stories whose time has come.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from pressdesk.accounts.models import Role
from pressdesk.approvals.models import ApprovalFlow
from pressdesk.channels.models import Channel
from pressdesk.lib.inbox import InboxItem
from pressdesk.lib.search import words_q
from pressdesk.organizations.models import Organization, OrganizationKind
from pressdesk.organizations.queries import scope_q
from pressdesk.publishing.models import (
    NewsroomProfile,
    NewsStory,
    PressContact,
    PressDelivery,
    Publication,
    PublicationAttempt,
    StoryComment,
    StoryPhoto,
)

if TYPE_CHECKING:
    from pressdesk.accounts.models import User


def can_use(user: User) -> bool:
    return user.is_active and (user.is_unit_member or user.is_admin or user.role == Role.AFFILIATE_PRESS)


def can_manage(user: User) -> bool:
    """The unit's work: review, publish, channels, the press list."""
    return user.is_active and (user.is_unit_member or user.is_admin)


def stories_visible_to(user: User) -> QuerySet[NewsStory]:
    qs = NewsStory.objects.select_related("organization", "created_by", "submitting_organization")
    if user.is_admin:
        return qs
    if user.is_unit_member:
        unsent = Q(submitting_organization__isnull=False, submitted_at__isnull=True)
        return qs.filter((scope_q(user) & ~unsent) | Q(created_by=user))
    if user.role == Role.AFFILIATE_PRESS and user.organization_id:
        return qs.filter(scope_q(user, "submitting_organization"))
    return qs.none()


def get_story_for_user(user: User, pk: int) -> NewsStory:
    try:
        return stories_visible_to(user).get(pk=pk)
    except NewsStory.DoesNotExist as exc:
        raise Http404 from exc


def search_stories(qs: QuerySet[NewsStory], text: str) -> QuerySet[NewsStory]:
    return qs.filter(words_q(text, ["title", "spot"]))


def flows_by_story(stories: Iterable[NewsStory]) -> dict[int, ApprovalFlow]:
    ids = [story.pk for story in stories]
    if not ids:
        return {}
    ct = ContentType.objects.get_for_model(NewsStory)
    return {flow.object_id: flow for flow in ApprovalFlow.objects.filter(content_type=ct, object_id__in=ids)}


def channels_for(user: User) -> QuerySet[Channel]:
    """Active channels the user's unit may publish on (its province's)."""
    qs = Channel.objects.filter(is_active=True).select_related("organization").order_by("kind", "name")
    if user.is_admin:
        return qs
    if user.is_unit_member:
        return qs.filter(scope_q(user))
    return qs.none()


def publications_visible_to(user: User) -> QuerySet[Publication]:
    return Publication.objects.filter(story__in=stories_visible_to(user)).select_related("story", "channel")


def get_publication_for_user(user: User, pk: int) -> Publication:
    if not can_manage(user):
        raise Http404
    try:
        return publications_visible_to(user).get(pk=pk)
    except Publication.DoesNotExist as exc:
        raise Http404 from exc


def get_photo_for_user(user: User, pk: int) -> StoryPhoto:
    photo = StoryPhoto.objects.filter(pk=pk, story__in=stories_visible_to(user)).select_related("story").first()
    if photo is None:
        raise Http404
    return photo


def press_contacts_visible_to(user: User) -> QuerySet[PressContact]:
    if not can_manage(user):
        return PressContact.objects.none()
    return PressContact.objects.filter(scope_q(user)).select_related("organization")


def get_press_contact_for_user(user: User, pk: int) -> PressContact:
    try:
        return press_contacts_visible_to(user).get(pk=pk)
    except PressContact.DoesNotExist as exc:
        raise Http404 from exc


# --- the public newsroom ------------------------------------------------------


def newsroom_organization() -> Organization | None:
    """The provincial directorate whose newsroom this deployment shows.

    ``NEWSROOM_ORGANIZATION`` (an organization code) names it; without it, the directorate that
    has a newsroom profile, or the only provincial directorate. ``None`` (several provinces, none
    chosen): the newsroom shows every province's stories under a generic title.
    """
    code = getattr(settings, "NEWSROOM_ORGANIZATION", "")
    directorates = Organization.objects.filter(kind=OrganizationKind.PROVINCIAL_DIRECTORATE, is_active=True)
    if code:
        return Organization.objects.filter(code=code).first()
    with_profile = list(directorates.filter(pk__in=NewsroomProfile.objects.values("organization"))[:2])
    if len(with_profile) == 1:
        return with_profile[0]
    only = list(directorates[:2])
    return only[0] if len(only) == 1 else None


def newsroom_profile(organization: Organization | None) -> NewsroomProfile | None:
    if organization is None:
        return None
    return NewsroomProfile.objects.filter(organization=organization).first()


def public_stories(organization: Organization | None = None) -> QuerySet[NewsStory]:
    """Published stories whose time has come and whose embargo (if any) is over.

    ``organization``: only the stories about it or an institution under it (the newsroom's province).
    """
    now = timezone.now()
    qs = NewsStory.objects.filter(status=NewsStory.Status.PUBLISHED, published_at__lte=now).filter(
        Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)
    )
    if organization is not None:
        qs = qs.filter(organization__path__startswith=organization.path)
    return (
        qs.select_related("organization")
        .prefetch_related("tags", Prefetch("photos", queryset=StoryPhoto.objects.order_by("order", "pk")))
        .order_by("-published_at", "-pk")
    )


def search_public_stories(qs: QuerySet[NewsStory], text: str) -> QuerySet[NewsStory]:
    return qs.filter(words_q(text, ["title", "spot", "body_html"]))


def next_embargo_end(organization: Organization | None = None) -> datetime.datetime | None:
    """When the next embargoed (already published) story becomes public: cached pages must end by then."""
    qs = NewsStory.objects.filter(status=NewsStory.Status.PUBLISHED, embargo_until__gt=timezone.now())
    if organization is not None:
        qs = qs.filter(organization__path__startswith=organization.path)
    return qs.order_by("embargo_until").values_list("embargo_until", flat=True).first()


def related_public_stories(
    story: NewsStory, organization: Organization | None = None, limit: int = 3
) -> list[NewsStory]:
    """Other public stories sharing most tags with ``story``, newest first; then the same institution's."""
    base = public_stories(organization).exclude(pk=story.pk)
    tag_ids = [tag.pk for tag in story.tags.all()]
    found: list[NewsStory] = []
    if tag_ids:
        found = list(
            base.filter(tags__in=tag_ids)
            .annotate(shared=Count("tags", filter=Q(tags__in=tag_ids)))
            .order_by("-shared", "-published_at", "-pk")[:limit]
        )
    if len(found) < limit:
        found += list(
            base.filter(organization_id=story.organization_id).exclude(pk__in=[s.pk for s in found])[
                : limit - len(found)
            ]
        )
    return found


def press_mail_figures(story: NewsStory) -> dict[str, int]:
    """The press e-mail of a story in figures: sent, tracked, opened, clicked (each journalist once)."""
    sent = PressDelivery.objects.filter(story=story, status=PressDelivery.Status.SENT)
    return sent.aggregate(
        sent=Count("pk"),
        tracked=Count("pk", filter=Q(tracked=True)),
        opened=Count("pk", filter=Q(opened_at__isnull=False)),
        clicked=Count("pk", filter=Q(clicked_at__isnull=False)),
    )


def get_public_story(pk: int, organization: Organization | None = None) -> NewsStory:
    try:
        return public_stories(organization).get(pk=pk)
    except NewsStory.DoesNotExist as exc:
        raise Http404 from exc


def get_public_photo(pk: int) -> StoryPhoto:
    photo = StoryPhoto.objects.filter(pk=pk, story__in=public_stories()).first()
    if photo is None:
        raise Http404
    return photo


# --- İşlerim ----------------------------------------------------------------------


def _waiting_q(user: User) -> Q:
    """Stories waiting for ``user``: submissions to review (the unit), returned stories (their author)."""
    returned = Q(status=NewsStory.Status.RETURNED, created_by=user)
    if user.is_unit_member or user.is_admin:
        return Q(status=NewsStory.Status.SUBMITTED) | returned
    return returned


def inbox_items(user: User) -> Iterable[InboxItem]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not can_use(user):
        return
    for story in stories_visible_to(user).filter(_waiting_q(user)).order_by("submitted_at")[:50]:
        yield InboxItem(
            kind=_("News story"),
            title=story.title,
            url=reverse("publishing:detail", args=[story.pk]),
            priority=3 if story.status == NewsStory.Status.SUBMITTED else 2,
            subtitle=story.get_status_display(),
        )
    if can_manage(user):
        for publication in (
            publications_visible_to(user)
            .filter(status=Publication.Status.FAILED)
            .select_related("channel", "story")[:20]
        ):
            yield InboxItem(
                kind=_("Failed post"),
                title=f"{publication.channel.name}: {publication.story.title}",
                url=reverse("publishing:detail", args=[publication.story_id]),
                priority=3,
                subtitle=publication.last_error[:120],
            )


def inbox_count(user: User) -> int:
    """Stories waiting for ``user`` plus (for the unit) failed posts, in one query for the navigation badge."""
    if not can_use(user):
        return 0
    counts = NewsStory.objects.filter(pk__in=stories_visible_to(user).values("pk")).aggregate(
        waiting=Count("pk", filter=_waiting_q(user), distinct=True),
        failed=Count("publications", filter=Q(publications__status=Publication.Status.FAILED), distinct=True),
    )
    return int(counts["waiting"] or 0) + (int(counts["failed"] or 0) if can_manage(user) else 0)


# --- What the screens show ---------------------------------------------------------------


def story_list_for(user: User, *, show: str = "", text: str = "", status: str = "") -> QuerySet[NewsStory]:
    """The story list: ``show="submissions"`` keeps institutions' submissions waiting for review;
    ``text`` searches, ``status`` filters; most recently changed first."""
    stories = stories_visible_to(user)
    if show == "submissions":
        stories = stories.filter(submitting_organization__isnull=False, status=NewsStory.Status.SUBMITTED)
    if text:
        stories = search_stories(stories, text)
    if status:
        stories = stories.filter(status=status)
    return stories.prefetch_related("tags").order_by("-updated_at", "-pk")


def submitted_count(user: User) -> int:
    """How many stories ``user`` sees wait for the unit's review (0 for one who does not manage)."""
    if not can_manage(user):
        return 0
    return stories_visible_to(user).filter(status=NewsStory.Status.SUBMITTED).count()


def photos_of(story: NewsStory) -> list[StoryPhoto]:
    return list(story.photos.all())


def comments_of(story: NewsStory) -> list[StoryComment]:
    return list(story.comments.select_related("author"))


def publications_of(story: NewsStory) -> list[Publication]:
    """The story's posts with their channel and attempts (newest attempt first)."""
    return list(
        story.publications.select_related("channel").prefetch_related(
            Prefetch("attempts", queryset=PublicationAttempt.objects.order_by("-started_at"))
        )
    )


def delivery_count(story: NewsStory) -> int:
    return story.deliveries.count()


def failed_deliveries(story: NewsStory) -> list[PressDelivery]:
    return list(story.deliveries.filter(status=PressDelivery.Status.FAILED).select_related("contact"))


def calendar_entries(
    user: User, start: datetime.datetime, end: datetime.datetime
) -> tuple[list[NewsStory], list[Publication]]:
    """What the content calendar shows between ``start`` and ``end``: the published or scheduled
    stories ``user`` sees that fall in it, and their posts scheduled in it (deleted ones left out)."""
    from pressdesk.publishing.actions import story_filter_for_calendar

    stories = stories_visible_to(user).filter(status__in=[NewsStory.Status.PUBLISHED, NewsStory.Status.SCHEDULED])
    publications = (
        Publication.objects.filter(story__in=stories)
        .exclude(status=Publication.Status.DELETED)
        .filter(scheduled_for__gte=start, scheduled_for__lt=end)
        .select_related("story", "channel")
        .order_by("scheduled_for")
    )
    return list(stories.filter(story_filter_for_calendar(start, end))), list(publications)


# --- The unit's activity figures (lib/activity.py; issue 26 point 9) ---------------------------


def stories_published_by_month(province: Any, start: datetime.date, end: datetime.date) -> dict[datetime.date, float]:
    """News stories published, per month of [start, end), in the province (one query)."""
    from pressdesk.lib import activity
    from pressdesk.publishing.models import NewsStory

    qs = NewsStory.objects.filter(published_at__isnull=False)
    if province is not None:
        qs = qs.filter(organization__path__startswith=province.path)
    return activity.count_by_month(qs, "published_at", start, end)
