"""Every change of a news story, its publications and the press list.

    institution: DRAFT ─submit_to_unit→ SUBMITTED ─return_submission→ RETURNED ─submit_to_unit→ …
                                            └─accept_submission→ DRAFT (the unit's reviewer is now its author)
    unit:        DRAFT ─submit_for_approval→ (approvals: paraf → paraf → imza [→ external]) ─publish→
                 PUBLISHED (now) or SCHEDULED ─publish_due→ PUBLISHED

Nothing is published, scheduled or e-mailed to the press unless the story's
approval flow is APPROVED for exactly the current content (its hash).
Network calls (channels, e-mail) run in tasks after commit.
"""

from __future__ import annotations

import datetime
import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role, User
from pressdesk.approvals import actions as approval_actions
from pressdesk.approvals.models import ApprovalFlow
from pressdesk.approvals.registry import content_hash
from pressdesk.channels.base import ChannelError
from pressdesk.channels.limits import LIMITS
from pressdesk.channels.models import Channel
from pressdesk.organizations.models import Organization, OrganizationKind
from pressdesk.organizations.queries import in_scope, scope_root
from pressdesk.outbox.actions import enqueue
from pressdesk.publishing import extensions, images, text
from pressdesk.publishing.models import (
    NewsroomProfile,
    NewsStory,
    PressContact,
    PressDelivery,
    Publication,
    PublicationAttempt,
    StoryComment,
    StoryPhoto,
    Tag,
)
from pressdesk.publishing.queries import can_manage

Status = NewsStory.Status
STORY_FIELDS = (
    "title",
    "spot",
    "body_html",
    "social_text",
    "video_urls",
    "event_name",
    "event_date",
    "goes_to_press",
    "needs_external_approval",
    "embargo_until",
)
NEWSROOM_VERSION_KEY = "publishing:newsroom-version"
UNSUBSCRIBE_SALT = "publishing.unsubscribe"


class PublishingError(ValidationError):
    """A step that cannot be taken now; the message says why."""


# --- helpers ---------------------------------------------------------------------


def _flow(story: NewsStory) -> ApprovalFlow | None:
    return approval_actions.flow_for(story)


def approval_problem(story: NewsStory) -> str:
    """'' when the chain is complete for exactly this content, else why not (in the user's language)."""
    flow = _flow(story)
    if flow is None:
        outside = extensions.outside_approval(story)
        if outside is not None:  # made from content approved in another module's chain
            return outside
    if flow is None or flow.status != ApprovalFlow.Status.APPROVED:
        return _("The story has not completed its approval chain yet; nothing is published before that.")
    if flow.content_hash != content_hash(story.approval_content()):
        return _("The story changed after it was approved; it must be approved again.")
    return ""


def _ensure_approved(story: NewsStory) -> None:
    problem = approval_problem(story)
    if problem:
        raise PublishingError(problem)


def _province(user: User) -> Organization | None:
    root = scope_root(user)
    return root if isinstance(root, Organization) else user.organization


def invalidate_newsroom() -> None:
    """New public pages for everyone: the newsroom's cache keys carry this version."""
    cache.set(NEWSROOM_VERSION_KEY, secrets.token_hex(6), None)


def newsroom_version() -> str:
    version = cache.get(NEWSROOM_VERSION_KEY)
    if version is None:
        version = secrets.token_hex(6)
        cache.add(NEWSROOM_VERSION_KEY, version, None)
        version = cache.get(NEWSROOM_VERSION_KEY, version)
    return str(version)


def _notify(recipients: Iterable[User], kind: str, title: str, story: NewsStory) -> None:
    from pressdesk.notifications.actions import notify

    notify(recipients=list(recipients), kind=kind, title=title, url=story.get_absolute_url())


def _unit_reviewers(story: NewsStory) -> list[User]:
    """The unit's staff and heads of the story's province."""
    org = story.organization
    province = (
        org
        if org.kind == OrganizationKind.PROVINCIAL_DIRECTORATE
        else org.ancestors().filter(kind=OrganizationKind.PROVINCIAL_DIRECTORATE).last()
    )
    if province is None:
        return []
    return list(
        User.objects.filter(
            is_active=True, role__in=[Role.STAFF, Role.UNIT_HEAD], organization__path__startswith=province.path
        )
    )


# --- writing ---------------------------------------------------------------------


def can_write(user: User) -> bool:
    return user.is_active and (user.is_unit_member or user.is_admin or user.role == Role.AFFILIATE_PRESS)


def can_edit(user: User, story: NewsStory) -> bool:
    flow = _flow(story)
    if flow is not None and not flow.is_editable:
        return False
    if story.status in (Status.PUBLISHED, Status.SCHEDULED):
        return False
    if user.pk == story.created_by_id and story.status in NewsStory.EDITABLE_BY_AUTHOR:
        return True
    # The unit edits a submission while reviewing it (3.11 "eksiklerin giderilmesi").
    return (
        story.status == Status.SUBMITTED
        and (user.is_unit_member or user.is_admin)
        and in_scope(user, story.organization)
    )


def _set_tags(story: NewsStory, names: Iterable[str]) -> None:
    tags = []
    for name in {n.strip()[:60] for n in names if n.strip()}:
        tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        tags.append(tag)
    story.tags.set(tags)


def _check_organization(actor: User, organization: Organization) -> Organization:
    if actor.role == Role.AFFILIATE_PRESS:
        assert actor.organization is not None
        return actor.organization  # an institution writes about itself
    if not in_scope(actor, organization):
        raise PermissionDenied
    return organization


@transaction.atomic
def create_story(
    *,
    actor: User,
    organization: Organization,
    tags: Iterable[str] = (),
    channels: Iterable[Channel] = (),
    **fields: Any,
) -> NewsStory:
    if not can_write(actor) or actor.organization is None:
        raise PermissionDenied
    organization = _check_organization(actor, organization)
    values = {key: fields[key] for key in STORY_FIELDS if key in fields}
    values["body_html"] = text.sanitize_body(values.get("body_html", ""))
    for extra in ("source_story", "source_url"):
        if extra in fields:
            values[extra] = fields[extra]
    story = NewsStory.objects.create(
        organization=organization,
        created_by=actor,
        submitting_organization=actor.organization if actor.role == Role.AFFILIATE_PRESS else None,
        **values,
    )
    _set_tags(story, tags)
    if actor.is_unit_member or actor.is_admin:
        story.channels.set(list(channels))
    return story


@transaction.atomic
def update_story(
    *,
    actor: User,
    story: NewsStory,
    organization: Organization | None = None,
    tags: Iterable[str] | None = None,
    channels: Iterable[Channel] | None = None,
    **fields: Any,
) -> NewsStory:
    story = NewsStory.objects.select_for_update().get(pk=story.pk)
    if not can_edit(actor, story):
        raise PermissionDenied(_("This story cannot be edited now."))
    for key in STORY_FIELDS:
        if key in fields:
            setattr(story, key, fields[key])
    story.body_html = text.sanitize_body(story.body_html)
    if organization is not None and actor.role != Role.AFFILIATE_PRESS:
        story.organization = _check_organization(actor, organization)
    story.save()
    if tags is not None:
        _set_tags(story, tags)
    if channels is not None and (actor.is_unit_member or actor.is_admin):
        story.channels.set(list(channels))
    if story.status == Status.SUBMITTED and actor.pk != story.created_by_id:
        StoryComment.objects.create(story=story, author=actor, kind=StoryComment.Kind.EDITED)
    return story


@transaction.atomic
def add_photo(
    *, actor: User, story: NewsStory, upload: UploadedFile, caption: str = "", credit: str = ""
) -> StoryPhoto:
    story = NewsStory.objects.select_for_update().get(pk=story.pk)
    if not can_edit(actor, story):
        raise PermissionDenied(_("This story cannot be edited now."))
    images.validate_image(upload)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    photo = StoryPhoto(
        story=story,
        caption=caption,
        credit=credit,
        sha256=StoryPhoto.digest(data),
        order=story.photos.count(),
    )
    photo.original.save(upload.name or "photo.jpg", upload, save=False)
    upload.seek(0)
    stem = (upload.name or "photo").rsplit(".", 1)[0][:60]
    photo.web.save(f"{stem}.jpg", images.web_copy(upload), save=False)
    photo.save()
    return photo


@transaction.atomic
def remove_photo(*, actor: User, photo: StoryPhoto) -> None:
    story = NewsStory.objects.select_for_update().get(pk=photo.story_id)
    if not can_edit(actor, story):
        raise PermissionDenied(_("This story cannot be edited now."))
    files = [photo.original, photo.web]
    photo.delete()
    transaction.on_commit(lambda: [f.delete(save=False) for f in files if f])


# --- submissions of affiliated institutions (3.11) --------------------------------


def may_submit_to_unit(user: User, story: NewsStory) -> bool:
    """Only the institution's own author sends its draft or returned story to the unit.

    Once the unit accepted it the reviewer is its author; the story then goes on
    through the approval chain and is never "sent to the unit" again.
    """
    return (
        story.is_submission
        and user.pk == story.created_by_id
        and not (user.is_unit_member or user.is_admin)
        and story.status in NewsStory.EDITABLE_BY_AUTHOR
        and _flow(story) is None
    )


@transaction.atomic
def submit_to_unit(*, actor: User, story: NewsStory, comment: str = "") -> NewsStory:
    story = NewsStory.objects.select_for_update().get(pk=story.pk)
    if actor.pk != story.created_by_id or not story.is_submission:
        raise PermissionDenied
    if not may_submit_to_unit(actor, story):
        raise PublishingError(_("This story has already been sent to the unit."))
    story.status, story.submitted_by, story.submitted_at = Status.SUBMITTED, actor, timezone.now()
    story.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    StoryComment.objects.create(story=story, author=actor, kind=StoryComment.Kind.SUBMITTED, text=comment)
    _notify(
        _unit_reviewers(story),
        "news_submitted",
        _("%(institution)s sent a story: %(title)s") % {"institution": story.organization, "title": story.title},
        story,
    )
    return story


def _reviewable(actor: User, story: NewsStory) -> NewsStory:
    story = NewsStory.objects.select_for_update().get(pk=story.pk)
    if not (actor.is_unit_member or actor.is_admin) or not in_scope(actor, story.organization):
        raise PermissionDenied
    if story.status != Status.SUBMITTED:
        raise PublishingError(_("This story is not waiting for review (it was already reviewed)."))
    return story


@transaction.atomic
def return_submission(*, actor: User, story: NewsStory, comment: str) -> NewsStory:
    story = _reviewable(actor, story)
    if not comment.strip():
        raise PublishingError({"comment": _("Write which corrections are needed.")})
    story.status = Status.RETURNED
    story.save(update_fields=["status", "updated_at"])
    StoryComment.objects.create(story=story, author=actor, kind=StoryComment.Kind.RETURNED, text=comment)
    _notify([story.created_by], "news_reviewed", _("Corrections requested: %(title)s") % {"title": story.title}, story)
    return story


@transaction.atomic
def accept_submission(*, actor: User, story: NewsStory, comment: str = "") -> NewsStory:
    """The unit takes the institution's story over: the reviewer becomes its author in the approval chain."""
    story = _reviewable(actor, story)
    submitter = story.created_by
    story.status, story.created_by = Status.DRAFT, actor
    story.save(update_fields=["status", "created_by", "updated_at"])
    StoryComment.objects.create(story=story, author=actor, kind=StoryComment.Kind.ACCEPTED, text=comment)
    _notify([submitter], "news_reviewed", _("Accepted by the unit: %(title)s") % {"title": story.title}, story)
    return story


@transaction.atomic
def add_comment(*, actor: User, story: NewsStory, comment: str) -> StoryComment:
    if not comment.strip():
        raise PublishingError({"comment": _("Write a comment.")})
    return StoryComment.objects.create(story=story, author=actor, kind=StoryComment.Kind.COMMENT, text=comment)


# --- approval -----------------------------------------------------------------------


@transaction.atomic
def submit_for_approval(*, actor: User, story: NewsStory) -> ApprovalFlow:
    """Start (or restart) the paraf → paraf → imza chain.

    The external approvals (Ministry, General Directorate, Governorship) follow the director's
    signature only when the user asked for them or the process's matrix row does: sending the
    story to the press does not add them by itself (issue 24 point 5).
    """
    story = NewsStory.objects.select_for_update().get(pk=story.pk)
    if story.status != Status.DRAFT:
        raise PublishingError(_("Only a draft of the unit can be sent for approval."))
    if story.is_submission and story.created_by.role == Role.AFFILIATE_PRESS:
        raise PublishingError(_("The unit reviews an institution's story before it goes for approval."))
    return approval_actions.submit(actor=actor, target=story, needs_external=story.needs_external_approval or None)


# --- publishing ------------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelProblem:
    channel: Channel
    message: str


def channel_problems(story: NewsStory, channel: Channel, post: str | None = None) -> list[str]:
    """Why ``story`` cannot go to ``channel`` as it is (length, images), in plain words."""
    limits = LIMITS.get(channel.kind)
    if limits is None:
        return [_("This kind of channel is not supported.")]
    post = post if post is not None else compose(story, channel)
    problems = []
    check = text.check_length(channel.kind, post)
    if check.over:
        problems.append(
            _("The text is %(count)d characters; %(channel)s accepts at most %(limit)d. Shorten the social media text.")
            % {"count": check.count, "channel": channel.get_kind_display(), "limit": check.limit}
        )
    photos = list(story.photos.all())
    if limits.requires_image and not photos:
        problems.append(_("%(channel)s needs at least one photo.") % {"channel": channel.get_kind_display()})
    for photo in photos[: limits.max_images]:
        problem = images.aspect_problem(photo.width, photo.height, limits)
        if problem:
            problems.append(f"{photo.caption or photo.original.name.rsplit('/', 1)[-1]}: {problem}")
    if channel.kind == Channel.Kind.YOUTUBE and not extensions.videos(story):
        # The YouTube adapter uploads a video file, and a story carries only video links: refuse now, not later.
        problems.append(
            _(
                "YouTube needs a video file. Attach a video of the asset library to the story "
                "(Asset library → the video → Attach to a story)."
            )
        )
    return problems


def compose(story: NewsStory, channel: Channel) -> str:
    return text.post_text(story.title, story.spot, story.social_text, channel.kind, story.public_url())


@transaction.atomic
def publish(
    *,
    actor: User,
    story: NewsStory,
    channels: Iterable[Channel] = (),
    when: datetime.datetime | None = None,
    email_press: bool = False,
) -> NewsStory:
    """Publish now (``when`` empty or past) or schedule: on the newsroom and on each chosen channel."""
    if not can_manage(actor) or not in_scope(actor, story.organization):
        raise PermissionDenied
    story = NewsStory.objects.select_for_update().get(pk=story.pk)
    _ensure_approved(story)
    if story.status not in (Status.DRAFT, Status.SCHEDULED, Status.UNPUBLISHED, Status.PUBLISHED):
        raise PublishingError(_("This story cannot be published now."))
    if email_press and not story.goes_to_press:
        raise PublishingError(_("Only a story approved to go to the press is e-mailed to the press."))
    channels = list(channels)
    errors = [ValidationError(problem) for problem in extensions.publish_problems(story)]
    for channel in channels:
        if not channel.is_active or not in_scope(actor, channel.organization):
            raise PermissionDenied
        for problem in channel_problems(story, channel):
            errors.append(ValidationError(f"{channel.name}: {problem}"))
    if errors:
        raise PublishingError(errors)
    now = timezone.now()
    when = when if when and when > now else now
    if story.status != Status.PUBLISHED:
        if when <= now:
            story.status, story.published_at, story.scheduled_for = Status.PUBLISHED, now, None
        else:
            story.status, story.scheduled_for = Status.SCHEDULED, when
        story.save(update_fields=["status", "published_at", "scheduled_for", "updated_at"])
    # The channels post no sooner than the embargo ends; the press e-mail goes at once and states the embargo.
    post_at = max(when, story.embargo_until) if story.embargo_until else when
    due_now = []
    for channel in channels:
        publication = Publication.objects.select_for_update().filter(story=story, channel=channel).first()
        if publication is not None and publication.status not in (Publication.Status.DELETED,):
            continue  # already there or on its way: never twice
        if publication is None:
            publication = Publication(story=story, channel=channel, created_by=actor)
        publication.status, publication.scheduled_for = Publication.Status.SCHEDULED, post_at
        publication.text = compose(story, channel)
        publication.remote_id = publication.url = publication.last_error = ""
        publication.idempotency_key = secrets.token_hex(16)
        publication.save()
        if post_at <= now:
            due_now.append(publication.pk)
    if email_press:
        queue_press_mail(actor=actor, story=story, send_at=when)
    transaction.on_commit(invalidate_newsroom)
    if due_now:
        _enqueue_publications(due_now)
    return story


def _enqueue_publications(ids: list[int]) -> None:
    from pressdesk.publishing.tasks import publish_publication

    for pk in ids:
        Publication.objects.filter(pk=pk, status=Publication.Status.SCHEDULED).update(status=Publication.Status.QUEUED)
        enqueue(publish_publication, pk)


@transaction.atomic
def unpublish(*, actor: User, story: NewsStory) -> NewsStory:
    """Take the story off the public newsroom (channel posts are deleted one by one where allowed)."""
    if not can_manage(actor) or not in_scope(actor, story.organization):
        raise PermissionDenied
    story = NewsStory.objects.select_for_update().get(pk=story.pk)
    if story.status not in (Status.PUBLISHED, Status.SCHEDULED):
        raise PublishingError(_("This story is not published."))
    story.status = Status.UNPUBLISHED
    story.save(update_fields=["status", "updated_at"])
    story.publications.filter(status=Publication.Status.SCHEDULED).update(status=Publication.Status.DELETED)
    transaction.on_commit(invalidate_newsroom)
    return story


def publish_due(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Publish scheduled stories and channel posts whose time has come. Returns (stories, posts)."""
    now = now or timezone.now()
    stories = 0
    for pk in NewsStory.objects.filter(status=Status.SCHEDULED, scheduled_for__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            story = NewsStory.objects.select_for_update().filter(pk=pk, status=Status.SCHEDULED).first()
            if story is None:
                continue
            if approval_problem(story) or extensions.publish_problems(story):
                continue  # changed meanwhile (or a photo's rights ran out): stays scheduled and visible to staff
            story.status, story.published_at = Status.PUBLISHED, story.scheduled_for or now
            story.save(update_fields=["status", "published_at", "updated_at"])
            stories += 1
    if stories:
        invalidate_newsroom()
    due = list(
        Publication.objects.filter(
            status=Publication.Status.SCHEDULED, scheduled_for__lte=now, story__status=Status.PUBLISHED
        ).values_list("pk", flat=True)
    )
    _enqueue_publications(due)
    return stories, len(due)


@transaction.atomic
def retry_publication(*, actor: User, publication: Publication) -> Publication:
    if not can_manage(actor) or not in_scope(actor, publication.story.organization):
        raise PermissionDenied
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.status != Publication.Status.FAILED or publication.remote_id:
        raise PublishingError(_("Only a failed publication can be retried."))
    _ensure_approved(publication.story)
    publication.status, publication.last_error = Publication.Status.SCHEDULED, ""
    publication.scheduled_for = timezone.now()
    publication.save(update_fields=["status", "last_error", "scheduled_for", "updated_at"])
    _enqueue_publications([publication.pk])
    return publication


@transaction.atomic
def edit_publication(*, actor: User, publication: Publication, post: str) -> Publication:
    if not can_manage(actor) or not in_scope(actor, publication.story.organization):
        raise PermissionDenied
    publication = Publication.objects.select_for_update().select_related("channel", "story").get(pk=publication.pk)
    limits = LIMITS[publication.channel.kind]
    if publication.status == Publication.Status.PUBLISHED and not limits.supports_edit:
        raise PublishingError(_("This channel does not allow editing a post; delete it and publish again."))
    if publication.status not in (
        Publication.Status.PUBLISHED,
        Publication.Status.SCHEDULED,
        Publication.Status.FAILED,
    ):
        raise PublishingError(_("This post cannot be edited now."))
    problems = channel_problems(publication.story, publication.channel, post)
    if problems:
        raise PublishingError({"text": problems})
    # The post carries only approved words: its text is the approved story's text for the channel.
    # Other wording goes through the chain again (edit the story, which reopens its approval).
    _ensure_approved(publication.story)
    approved = compose(publication.story, publication.channel)
    if post.replace("\r\n", "\n").strip() != approved.strip():
        raise PublishingError(
            {
                "text": _(
                    "A post can only carry the approved text of the story. To change the wording, edit the story "
                    "and send it for approval again; then save the post with the newly approved text."
                )
            }
        )
    publication.text = approved
    publication.save(update_fields=["text", "updated_at"])
    if publication.status == Publication.Status.PUBLISHED:
        from pressdesk.publishing.tasks import update_remote_post

        enqueue(update_remote_post, publication.pk)
    return publication


@transaction.atomic
def delete_publication(*, actor: User, publication: Publication) -> Publication:
    if not can_manage(actor) or not in_scope(actor, publication.story.organization):
        raise PermissionDenied
    publication = Publication.objects.select_for_update().select_related("channel").get(pk=publication.pk)
    if publication.status == Publication.Status.PUBLISHED:
        if not LIMITS[publication.channel.kind].supports_delete:
            raise PublishingError(_("This channel does not allow deleting a post through its API; delete it there."))
        from pressdesk.publishing.tasks import delete_remote_post

        enqueue(delete_remote_post, publication.pk)
        return publication
    if publication.status in (Publication.Status.SCHEDULED, Publication.Status.FAILED):
        publication.status = Publication.Status.DELETED
        publication.save(update_fields=["status", "updated_at"])
        return publication
    raise PublishingError(_("This post cannot be deleted now."))


# --- channel posts: claims and outcomes (called by the publishing tasks) ---------------

MAX_PUBLISH_RETRIES = 5
STALE_CLAIM = datetime.timedelta(minutes=15)


def _backoff(retries: int, retry_after: float | None) -> float:
    base = min(3600.0, 30.0 * (2**retries))
    return max(retry_after or 0.0, base) + random.uniform(0, base / 4)  # noqa: S311 - jitter, not security


@transaction.atomic
def claim_publication(*, publication_id: int) -> Publication | None:
    """Take a queued post for this worker (QUEUED/RETRYING → PUBLISHING); ``None`` when it must not be posted.

    Called outside a transaction, so the claim is committed before the network call:
    a second run finds the claim or the recorded remote id and does nothing. A claim
    older than ``STALE_CLAIM`` (a worker died mid-call) is marked failed, never posted again.
    """
    publication = (
        Publication.objects.select_for_update().select_related("channel", "story").filter(pk=publication_id).first()
    )
    if publication is None or publication.remote_id:
        return None  # deleted, or already on the channel: never post twice
    if (
        publication.status == Publication.Status.PUBLISHING
        and publication.claimed_at
        and (timezone.now() - publication.claimed_at < STALE_CLAIM)
    ):
        return None  # another worker holds it
    if publication.status == Publication.Status.PUBLISHING:
        # A worker died mid-call: the post may be on the channel. Staff decide (retry uses the same key).
        publication.status = Publication.Status.FAILED
        publication.last_error = _("The result of the last attempt is unknown; check the channel before retrying.")
        publication.save(update_fields=["status", "last_error", "updated_at"])
        return None
    if publication.status not in (Publication.Status.QUEUED, Publication.Status.RETRYING):
        return None
    if approval_problem(publication.story):
        publication.status = Publication.Status.FAILED
        publication.last_error = approval_problem(publication.story)
        publication.save(update_fields=["status", "last_error", "updated_at"])
        return None
    publication.status, publication.claimed_at = Publication.Status.PUBLISHING, timezone.now()
    publication.attempt_count += 1
    publication.save(update_fields=["status", "claimed_at", "attempt_count", "updated_at"])
    return publication


def record_published(*, publication: Publication, started_at: datetime.datetime, remote_id: str, url: str) -> None:
    """The channel took the post: record the attempt and the post's id and address."""
    now = timezone.now()
    PublicationAttempt.objects.create(
        publication=publication,
        action=PublicationAttempt.Action.PUBLISH,
        outcome=PublicationAttempt.Outcome.OK,
        started_at=started_at,
        finished_at=now,
        remote_id=remote_id,
        url=url[:2000],
    )
    Publication.objects.filter(pk=publication.pk).update(
        status=Publication.Status.PUBLISHED,
        remote_id=remote_id,
        url=url[:2000],
        published_at=now,
        last_error="",
        updated_at=now,
    )


def record_publish_error(*, publication: Publication, started_at: datetime.datetime, error: ChannelError) -> bool:
    """The channel refused or failed: record the attempt; a retryable error within the limit is queued again
    with exponential backoff and jitter (honouring ``retry_after``), any other fails the post. Returns whether
    it will be retried.
    """
    retry = error.retryable and publication.attempt_count <= MAX_PUBLISH_RETRIES
    PublicationAttempt.objects.create(
        publication=publication,
        action=PublicationAttempt.Action.PUBLISH,
        outcome=PublicationAttempt.Outcome.RETRYABLE if retry else PublicationAttempt.Outcome.ERROR,
        started_at=started_at,
        finished_at=timezone.now(),
        message=error.message,
        http_status=error.status,
    )
    Publication.objects.filter(pk=publication.pk).update(
        status=Publication.Status.RETRYING if retry else Publication.Status.FAILED,
        last_error=error.message,
        updated_at=timezone.now(),
    )
    if retry:
        from pressdesk.publishing.tasks import publish_publication

        countdown = _backoff(publication.attempt_count - 1, error.retry_after)
        enqueue(publish_publication, publication.pk, countdown=countdown)
    return retry


def record_publish_crash(*, publication: Publication, started_at: datetime.datetime) -> None:
    """An unexpected error while publishing: the post fails with a general message (details in the server log)."""
    message = _("Unexpected error while publishing; the technical details are in the server log.")
    PublicationAttempt.objects.create(
        publication=publication,
        action=PublicationAttempt.Action.PUBLISH,
        outcome=PublicationAttempt.Outcome.ERROR,
        started_at=started_at,
        finished_at=timezone.now(),
        message=message,
    )
    Publication.objects.filter(pk=publication.pk).update(
        status=Publication.Status.FAILED, last_error=message, updated_at=timezone.now()
    )


def post_on_channel(*, publication_id: int) -> Publication | None:
    """The published post to update or delete on its channel; ``None`` when there is none (any more)."""
    return (
        Publication.objects.select_related("channel", "story")
        .filter(pk=publication_id, status=Publication.Status.PUBLISHED)
        .exclude(remote_id="")
        .first()
    )


def record_remote_change(
    *,
    publication: Publication,
    action: str,
    started_at: datetime.datetime,
    url: str = "",
    error: ChannelError | None = None,
) -> None:
    """Record an update or deletion of a published post (``action``): the attempt, then the post's state."""
    attempt = PublicationAttempt(
        publication=publication, action=action, remote_id=publication.remote_id, started_at=started_at
    )
    if error is not None:
        attempt.outcome, attempt.message, attempt.http_status = (
            PublicationAttempt.Outcome.ERROR,
            error.message,
            error.status,
        )
        attempt.finished_at = timezone.now()
        attempt.save()
        Publication.objects.filter(pk=publication.pk).update(last_error=error.message, updated_at=timezone.now())
        return
    attempt.outcome, attempt.finished_at, attempt.url = PublicationAttempt.Outcome.OK, timezone.now(), url[:2000]
    attempt.save()
    if action == PublicationAttempt.Action.DELETE:
        Publication.objects.filter(pk=publication.pk).update(
            status=Publication.Status.DELETED, last_error="", updated_at=timezone.now()
        )
    else:
        Publication.objects.filter(pk=publication.pk).update(
            url=url[:2000] or publication.url, last_error="", updated_at=timezone.now()
        )


# --- the local press list (1.1.4) ------------------------------------------------------


@transaction.atomic
def save_press_contact(*, actor: User, contact: PressContact | None = None, **fields: Any) -> PressContact:
    if not can_manage(actor):
        raise PermissionDenied
    province = _province(actor)
    if contact is None:
        if province is None:
            raise PermissionDenied
        contact = PressContact(organization=province)
    elif not in_scope(actor, contact.organization):
        raise PermissionDenied
    for key in ("name", "outlet", "email", "is_active"):
        if key in fields:
            setattr(contact, key, fields[key])
    if (
        PressContact.objects.filter(organization=contact.organization, email__iexact=contact.email)
        .exclude(pk=contact.pk)
        .exists()
    ):
        raise PublishingError({"email": _("This e-mail address is already on the list.")})
    contact.save()
    return contact


@transaction.atomic
def queue_press_mail(*, actor: User, story: NewsStory, send_at: datetime.datetime | None = None) -> int:
    """One e-mail per journalist on the list (never a shared recipient list); each is sent once."""
    if not can_manage(actor) or not in_scope(actor, story.organization):
        raise PermissionDenied
    _ensure_approved(story)
    if not story.goes_to_press:
        raise PublishingError(_("Only a story approved to go to the press is e-mailed to the press."))
    province = _province(actor)
    contacts = PressContact.objects.filter(is_active=True, unsubscribed_at__isnull=True)
    if province is not None and not actor.is_admin:
        contacts = contacts.filter(organization__path__startswith=province.path)
    rows = [PressDelivery(story=story, contact=contact, created_by=actor) for contact in contacts]
    if not rows:
        raise PublishingError(_("The press list has no one to send to. Add journalists first."))
    PressDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    from pressdesk.publishing.tasks import send_press_mail

    countdown = max(0.0, (send_at - timezone.now()).total_seconds()) if send_at else 0.0
    enqueue(send_press_mail, story.pk, countdown=countdown)
    return len(rows)


def record_press_mail_failure(*, delivery_id: int, error: str, final: bool) -> None:
    """Note why one press e-mail failed; after the last retry it is FAILED and waits for staff to resend it."""
    fields: dict[str, Any] = {"error": error[:2000]}
    if final:
        fields["status"] = PressDelivery.Status.FAILED
    PressDelivery.objects.filter(pk=delivery_id, status=PressDelivery.Status.PENDING).update(**fields)


@transaction.atomic
def resend_press_mail(*, actor: User, story: NewsStory) -> int:
    """Send the failed press e-mails of the story again; one already sent is never sent twice."""
    if not can_manage(actor) or not in_scope(actor, story.organization):
        raise PermissionDenied
    _ensure_approved(story)
    failed = list(
        PressDelivery.objects.select_for_update()
        .filter(story=story, status=PressDelivery.Status.FAILED)
        .values_list("pk", flat=True)
    )
    if not failed:
        return 0
    PressDelivery.objects.filter(pk__in=failed).update(status=PressDelivery.Status.PENDING, error="")
    from pressdesk.publishing.tasks import send_press_mail

    enqueue(send_press_mail, story.pk)
    return len(failed)


def unsubscribe_token(contact: PressContact) -> str:
    return signing.dumps(contact.pk, salt=UNSUBSCRIBE_SALT)


@transaction.atomic
def unsubscribe(*, token: str) -> PressContact:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise PublishingError(_("This unsubscribe link is not valid.")) from exc
    contact = PressContact.objects.select_for_update().filter(pk=pk).first()
    if contact is None:
        raise PublishingError(_("This unsubscribe link is not valid."))
    if contact.unsubscribed_at is None:
        contact.unsubscribed_at = timezone.now()
        contact.save(update_fields=["unsubscribed_at"])
        PressDelivery.objects.filter(contact=contact, status=PressDelivery.Status.PENDING).delete()
    return contact


# --- the newsroom profile and press e-mail tracking ---------------------------------------

PRESS_OPEN_SALT = "publishing.press-mail-open"
PRESS_CLICK_SALT = "publishing.press-mail-click"
PROFILE_FIELDS = (
    "about",
    "spokesperson_name",
    "spokesperson_title",
    "press_email",
    "press_phone",
    "track_press_mail",
)


@transaction.atomic
def save_newsroom_profile(*, actor: User, **fields: Any) -> NewsroomProfile:
    """The actor's province's newsroom text, spokesperson and press-list tracking choice."""
    province = _province(actor)
    if not can_manage(actor) or province is None or not in_scope(actor, province):
        raise PermissionDenied
    profile, _created = NewsroomProfile.objects.select_for_update().get_or_create(organization=province)
    for key in PROFILE_FIELDS:
        if key in fields:
            setattr(profile, key, fields[key])
    profile.full_clean()
    profile.save()
    transaction.on_commit(invalidate_newsroom)
    return profile


def tracks_press_mail(organization_id: int) -> bool:
    """Whether the press list of this organization is tracked (on unless the unit switched it off)."""
    profile = NewsroomProfile.objects.filter(organization_id=organization_id).only("track_press_mail").first()
    return profile is None or profile.track_press_mail


def press_open_token(delivery: PressDelivery) -> str:
    return signing.dumps(delivery.pk, salt=PRESS_OPEN_SALT)


def press_click_token(delivery: PressDelivery, url: str) -> str:
    """A signed link to one address of the e-mail: the redirect goes nowhere else (no open redirect)."""
    return signing.dumps([delivery.pk, url], salt=PRESS_CLICK_SALT, compress=True)


def _tracked_delivery(pk: object) -> PressDelivery | None:
    """The delivery, locked, when it was sent tracked and its list still allows tracking."""
    if not isinstance(pk, int):
        return None
    delivery = (
        PressDelivery.objects.select_for_update(of=("self",))
        .select_related("contact")
        .filter(pk=pk, tracked=True, status=PressDelivery.Status.SENT)
        .first()
    )
    if delivery is None or not tracks_press_mail(delivery.contact.organization_id):
        return None  # switched off since: nothing more is recorded
    return delivery


@transaction.atomic
def record_press_mail_open(*, token: str) -> None:
    """The tracking image was loaded: the first time and the count (no address, no browser kept)."""
    try:
        pk = signing.loads(token, salt=PRESS_OPEN_SALT)
    except signing.BadSignature as exc:
        raise PublishingError(_("This link is not valid.")) from exc
    delivery = _tracked_delivery(pk)
    if delivery is None:
        return
    delivery.opened_at = delivery.opened_at or timezone.now()
    delivery.open_count += 1
    delivery.save(update_fields=["opened_at", "open_count"])


@transaction.atomic
def record_press_mail_click(*, token: str) -> str:
    """A tracked link was followed: record it and give the address the e-mail carried."""
    from pressdesk.lib.links import safe_external_url

    try:
        pk, url = signing.loads(token, salt=PRESS_CLICK_SALT)
    except (signing.BadSignature, TypeError, ValueError) as exc:
        raise PublishingError(_("This link is not valid.")) from exc
    url = safe_external_url(url)
    if not url:
        raise PublishingError(_("This link is not valid."))
    delivery = _tracked_delivery(pk)
    if delivery is not None:
        now = timezone.now()
        delivery.clicked_at = delivery.clicked_at or now
        delivery.click_count += 1
        delivery.opened_at = delivery.opened_at or now  # images blocked, link followed: it was opened
        delivery.save(update_fields=["clicked_at", "click_count", "opened_at"])
    return url


# --- from media monitoring ---------------------------------------------------------------


@transaction.atomic
def draft_from_monitoring(*, actor: User, story: Any) -> NewsStory:
    """A draft prefilled from a positive monitored story: its title, link and summary; the source kept.

    Only the items the actor sees are read: a story can also hold another province's items.
    """
    from pressdesk.monitoring.normalize import html_to_text
    from pressdesk.monitoring.queries import items_visible_to

    if not can_manage(actor):
        raise PermissionDenied
    item = items_visible_to(actor).filter(story=story).order_by("published_at", "pk").first()
    if item is None:  # not a story the actor may see
        raise PermissionDenied
    existing = NewsStory.objects.filter(source_story=story, created_by=actor, status=Status.DRAFT).first()
    if existing is not None:
        return existing  # a double click opens the same draft
    link = item.url
    summary = html_to_text(item.summary_html)
    province = _province(actor)
    if province is None:
        raise PermissionDenied
    body = format_html("<p>{}</p>", summary) if summary else ""
    if link:
        body += format_html('<p><a href="{}">{}</a></p>', link, link)
    return create_story(
        actor=actor,
        organization=province,
        title=story.title[:200],
        spot=(summary or story.title)[:600],
        body_html=body,
        source_story=story,
        source_url=link[:2000],
    )


def story_filter_for_calendar(start: datetime.datetime, end: datetime.datetime) -> Q:
    return Q(published_at__gte=start, published_at__lt=end) | Q(scheduled_for__gte=start, scheduled_for__lt=end)
