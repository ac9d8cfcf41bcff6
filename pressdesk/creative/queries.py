"""Reads of the creative studio, each within the reader's organization scope."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role, User
from pressdesk.creative.models import Asset, DayPackage, DesignRequest, SpecialDay, Version, VideoUpload
from pressdesk.lib import turkish
from pressdesk.lib.agenda import AgendaEntry
from pressdesk.lib.inbox import InboxItem
from pressdesk.organizations.models import Organization
from pressdesk.organizations.queries import province_for, scope_q, scope_root


def is_studio(user: User) -> bool:
    """The province's press unit runs the studio (administrators too)."""
    return bool(user.is_unit_member or user.is_admin)


def can_request(user: User) -> bool:
    return user.organization_id is not None or user.is_admin


def requests_visible_to(user: User) -> QuerySet[DesignRequest]:
    """The unit sees its province's requests; a requester or press officer their own institution's."""
    return DesignRequest.objects.filter(scope_q(user))


def get_request_for_user(user: User, pk: int) -> DesignRequest:
    try:
        return requests_visible_to(user).select_related("organization", "designer", "created_by").get(pk=pk)
    except DesignRequest.DoesNotExist as exc:
        raise Http404 from exc


def get_version_for_user(user: User, pk: int) -> Version:
    try:
        return Version.objects.select_related("request").get(pk=pk, request__in=requests_visible_to(user))
    except Version.DoesNotExist as exc:
        raise Http404 from exc


def is_requester_side(user: User, request: DesignRequest) -> bool:
    """The requester's institution answers the drafts (the unit may answer on its behalf)."""
    return request.created_by_id == user.pk or (
        user.organization_id == request.organization_id and not user.is_unit_member
    )


def request_list(user: User, *, status: str = "", designer: int | None = None) -> QuerySet[DesignRequest]:
    qs = requests_visible_to(user).select_related("organization", "designer")
    if status:
        qs = qs.filter(status=status)
    if designer:
        qs = qs.filter(designer_id=designer)
    return qs.order_by("deadline", "-priority", "pk")


def board(user: User) -> list[tuple[str, str, list[DesignRequest]]]:
    """Open requests grouped by status, each column ordered by deadline (one query)."""
    rows = list(
        requests_visible_to(user)
        .filter(status__in=DesignRequest.OPEN)
        .select_related("organization", "designer")
        .order_by("deadline", "-priority", "pk")
    )
    return [
        (status, str(label), [r for r in rows if r.status == status])
        for status, label in DesignRequest.Status.choices
        if status in DesignRequest.OPEN
    ]


def queue_position(request: DesignRequest) -> int | None:
    """How many open requests of the same province come before this one in the unit's queue (1 = next)."""
    if not request.is_open:
        return None
    province_path = request.organization.path.split("/")
    root = "/".join(province_path[:3]) if len(province_path) > 2 else request.organization.path
    ahead = (
        DesignRequest.objects.filter(status__in=DesignRequest.OPEN, organization__path__startswith=root)
        .filter(
            Q(deadline__lt=request.deadline)
            | Q(deadline=request.deadline, priority__gt=request.priority)
            | Q(deadline=request.deadline, priority=request.priority, pk__lt=request.pk)
        )
        .count()
    )
    return ahead + 1


def designers(user: User) -> QuerySet[User]:
    province = province_for(user)
    qs = User.objects.filter(is_active=True, role__in=[Role.STAFF, Role.UNIT_HEAD])
    if province is None:
        return qs.none()
    return qs.filter(organization__path__startswith=province.path).order_by("first_name", "last_name")


# Assets ---------------------------------------------------------------------------------------


def assets_visible_to(user: User) -> QuerySet[Asset]:
    """The unit sees its province's library; an institution its own assets.

    The scope is read as a list of organization ids (one small query), so a text search over the
    library scans the assets alone instead of joining each row to its organization's path.
    """
    root = scope_root(user)
    if root is None:
        return Asset.objects.none()
    if not isinstance(root, Organization):
        return Asset.objects.all()  # administrators
    ids = list(Organization.objects.filter(path__startswith=root.path).values_list("pk", flat=True))
    return Asset.objects.filter(organization_id__in=ids)


def get_asset_for_user(user: User, pk: int) -> Asset:
    try:
        return assets_visible_to(user).select_related("organization", "created_by").get(pk=pk)
    except Asset.DoesNotExist as exc:
        raise Http404 from exc


def get_upload_for_user(user: User, token: Any) -> VideoUpload:
    """A chunked upload is continued only by the person who started it."""
    try:
        return VideoUpload.objects.get(token=token, created_by=user)
    except VideoUpload.DoesNotExist as exc:
        raise Http404 from exc


def search_assets(
    user: User,
    *,
    text: str = "",
    kind: str = "",
    organization: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Asset]:
    """Assets matching every word of ``text`` (Turkish-aware, in the folded search column)."""
    qs = assets_visible_to(user).select_related("organization")
    for word in text.split():
        qs = qs.filter(search_text__contains=turkish.ascii_fold(word))
    if kind:
        qs = qs.filter(kind=kind)
    if organization:
        qs = qs.filter(organization_id=organization)
    if date_from:
        qs = qs.filter(taken_on__gte=date_from)
    if date_to:
        qs = qs.filter(taken_on__lte=date_to)
    return qs.order_by("-created_at", "-pk")


# Special days ---------------------------------------------------------------------------------


def special_days_visible_to(user: User) -> QuerySet[SpecialDay]:
    return SpecialDay.objects.filter(is_active=True) if is_studio(user) else SpecialDay.objects.none()


def get_special_day_for_user(user: User, pk: int) -> SpecialDay:
    try:
        return special_days_visible_to(user).get(pk=pk)
    except SpecialDay.DoesNotExist as exc:
        raise Http404 from exc


def upcoming_days(
    user: User, *, days: int = 60, today: datetime.date | None = None
) -> list[tuple[datetime.date, SpecialDay]]:
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=days)
    found = []
    for day in special_days_visible_to(user):
        start = day.next_date(today)
        if start <= horizon:
            found.append((start, day))
    return sorted(found, key=lambda pair: (pair[0], turkish.lower(pair[1].name)))


# İşlerim and the agenda -----------------------------------------------------------------------


def _waiting_q(user: User) -> Q:
    mine = Q(created_by=user, status__in=[DesignRequest.Status.MORE_INFO, DesignRequest.Status.IN_REVIEW])
    if user.is_unit_member:
        mine |= Q(status=DesignRequest.Status.NEW) & scope_q(user)
        mine |= Q(designer=user, status__in=[DesignRequest.Status.ACCEPTED, DesignRequest.Status.CHANGES])
        mine |= Q(designer=user, status=DesignRequest.Status.IN_APPROVAL, pk__in=_finals_approved())
    return mine


def _finals_approved() -> Any:
    """Ids of design requests whose final completed its chain (the designer delivers it then)."""
    from django.contrib.contenttypes.models import ContentType

    from pressdesk.approvals.models import ApprovalFlow

    return ApprovalFlow.objects.filter(
        content_type=ContentType.objects.get_for_model(DesignRequest), status=ApprovalFlow.Status.APPROVED
    ).values("object_id")


def inbox_items(user: User) -> list[InboxItem]:
    items = [
        InboxItem(
            kind=_("Design"),
            title=request.title,
            url=request.get_absolute_url(),
            due=request.deadline,
            priority=request.priority,
            subtitle=request.get_status_display(),
        )
        for request in DesignRequest.objects.filter(_waiting_q(user)).order_by("deadline")[:50]
    ]
    if user.is_unit_member:
        today = timezone.localdate()
        upcoming = upcoming_days(user, days=20, today=today)
        # One query for the days this user answers for, not one per upcoming day.
        mine = (
            set(
                SpecialDay.responsible.through.objects.filter(
                    user=user, specialday__in=[day.pk for _start, day in upcoming]
                ).values_list("specialday_id", flat=True)
            )
            if upcoming
            else set()
        )
        for start, day in upcoming:
            if day.pk in mine:
                items.append(
                    InboxItem(
                        kind=_("Special day"),
                        title=day.name,
                        url=day.get_absolute_url(),
                        due=start - datetime.timedelta(days=day.text_lead_days),
                    )
                )
    return items


def inbox_query(user: User) -> QuerySet[DesignRequest]:
    """What the navigation badge counts (with every module's in one statement, ``lib.inbox.count_for``)."""
    return DesignRequest.objects.filter(_waiting_q(user))


def inbox_count(user: User) -> int:
    return inbox_query(user).count()


def agenda_entries(
    *, person: User, viewer: User | None = None, start: datetime.datetime, end: datetime.datetime
) -> list[AgendaEntry]:
    viewer = viewer or person
    if not is_studio(person) or not is_studio(viewer):
        return []
    first, last = timezone.localtime(start).date(), timezone.localtime(end).date()
    entries = []
    for day in SpecialDay.objects.filter(is_active=True, responsible=person):
        for year in {first.year, last.year}:
            date = day.date_in(year)
            if first <= date <= last:
                moment = timezone.make_aware(datetime.datetime.combine(date, datetime.time(0)))
                entries.append(
                    AgendaEntry(
                        kind="special_day",
                        kind_label=_("Special day"),
                        title=day.name,
                        start=moment,
                        end=moment + datetime.timedelta(days=max(day.duration_days, 1)),
                        all_day=True,
                        url=reverse("creative:special_day", args=[day.pk]),
                        uid=f"special-day-{day.pk}-{year}@pressdesk",
                    )
                )
    return entries


def status_counts(user: User) -> dict[str, int]:
    return dict(requests_visible_to(user).values_list("status").annotate(n=Count("pk")).values_list("status", "n"))


def packages_visible_to(user: User) -> QuerySet[DayPackage]:
    if not is_studio(user):
        return DayPackage.objects.none()
    return DayPackage.objects.filter(scope_q(user))


def get_package_for_user(user: User, pk: int) -> DayPackage:
    try:
        return packages_visible_to(user).select_related("day", "story").get(pk=pk)
    except DayPackage.DoesNotExist as exc:
        raise Http404 from exc


# --- The unit's activity figures (lib/activity.py; issue 26 point 9) ---------------------------


def design_requests_by_month(province: Any, start: datetime.date, end: datetime.date) -> dict[datetime.date, float]:
    """Design requests received, per month of [start, end), in the province (one query)."""
    from pressdesk.creative.models import DesignRequest
    from pressdesk.lib import activity

    qs = DesignRequest.objects.all()
    if province is not None:
        qs = qs.filter(organization__path__startswith=province.path)
    return activity.count_by_month(qs, "created_at", start, end)


def shoots_visible_to(user: User) -> QuerySet[Any]:
    from pressdesk.creative.models import ShootPlan

    if not is_studio(user):
        return ShootPlan.objects.none()
    return ShootPlan.objects.filter(scope_q(user))


def get_shoot_for_user(user: User, pk: int) -> Any:
    from pressdesk.creative.models import ShootPlan

    try:
        return shoots_visible_to(user).select_related("video").get(pk=pk)
    except ShootPlan.DoesNotExist as exc:
        raise Http404 from exc


def attachable_stories(user: User) -> QuerySet[Any]:
    """Stories the user may still edit, for attaching a library asset."""
    from pressdesk.publishing.models import NewsStory
    from pressdesk.publishing.queries import stories_visible_to

    return stories_visible_to(user).filter(status__in=(NewsStory.Status.DRAFT, NewsStory.Status.RETURNED))


def get_attachable_story(user: User, pk: int) -> Any:
    """A story the user may still attach library assets to, or 404 (another province's, published…)."""
    story = attachable_stories(user).filter(pk=pk).first()
    if story is None or not is_studio(user):
        raise Http404
    return story


def story_library(user: User, story: Any, *, text: str = "", limit: int = 12) -> list[Asset]:
    """Photos and ready videos of the library for the story's picker, newest first.

    Within the reader's library scope and the story's province; the assets already on the story
    are left out. Each asset carries ``problem``: why it may not be published ("not for
    publication", expired rights), or ``""``.
    """
    from pressdesk.creative import files
    from pressdesk.creative.actions import publish_problem
    from pressdesk.creative.models import StoryAttachment
    from pressdesk.organizations.queries import province_of

    qs = search_assets(user, text=text).filter(
        Q(kind__in=(Asset.Kind.PHOTO, Asset.Kind.LOGO), content_type__in=(files.PNG, files.JPEG))
        | Q(kind=Asset.Kind.VIDEO) & ~Q(web_video="")
    )
    province = province_of(story.organization)
    if province is not None:
        qs = qs.filter(organization__path__startswith=province.path)
    attached = StoryAttachment.objects.filter(story_id=story.pk).values("asset_id")
    assets = list(qs.exclude(pk__in=attached).order_by("-created_at", "-pk")[:limit])
    for asset in assets:
        asset.problem = publish_problem(asset)  # type: ignore[attr-defined]
    return assets


def get_story_video_for_user(user: User, pk: int) -> Any:
    """A library video on a story the user may read (the internal story page plays it), by the
    attachment's id: the story's readers, not the asset's library scope, decide."""
    from pressdesk.creative.models import StoryAttachment
    from pressdesk.publishing.queries import stories_visible_to

    attachment = (
        StoryAttachment.objects.select_related("asset")
        .filter(pk=pk, asset__kind=Asset.Kind.VIDEO, story__in=stories_visible_to(user).values("pk"))
        .first()
    )
    if attachment is None or not attachment.asset.web_video:
        raise Http404
    return attachment


def story_videos(story: Any) -> list[Asset]:
    """The library videos attached to a story whose web copy is ready (the newsroom plays them)."""
    from pressdesk.creative.models import StoryAttachment

    return [
        a.asset
        for a in StoryAttachment.objects.filter(story_id=story.pk, asset__kind=Asset.Kind.VIDEO)
        .select_related("asset")
        .order_by("pk")
        if a.asset.web_video
    ]
