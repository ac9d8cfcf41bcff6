"""Recording a voice, routing a complaint to its institution, the institution's answer, closing."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role, User
from pressdesk.notifications.actions import notify
from pressdesk.organizations.models import AFFILIATE_KINDS, Organization, OrganizationKind
from pressdesk.organizations.queries import province_for, province_of
from pressdesk.publicvoice import queries
from pressdesk.publicvoice.models import Voice
from pressdesk.workdays.business_days import add_business_days, business_days_between

if TYPE_CHECKING:
    from pressdesk.monitoring.models import Story

#: Who a complaint can be routed to: the affiliated institutions and the directorate's presidencies.
ROUTABLE_KINDS = (*AFFILIATE_KINDS, OrganizationKind.PRESIDENCY)


def _check_unit(actor: User) -> Organization:
    province = province_for(actor)
    if not queries.can_mark(actor) or province is None:
        raise PermissionDenied(_("Only the province's press unit records complaints and suggestions."))
    return province


def _check_institution(institution: Organization | None, province: Organization) -> None:
    if institution is None:
        return
    if institution.kind not in ROUTABLE_KINDS or province_of(institution) != province:
        raise ValidationError(_("Choose an institution of this province."), code="institution")


@transaction.atomic
def mark(
    *,
    actor: User,
    story: Story,
    kind: str,
    institution: Organization | None = None,
    summary: str = "",
    route: bool = False,
    deadline_days: int = 3,
) -> Voice:
    """Record the story as a complaint, suggestion, question, praise or misinformation (again: update it).

    ``route``: send it to the institution concerned now (a complaint or a question needs an answer).
    """
    province = _check_unit(actor)
    if kind not in Voice.Kind.values:
        raise ValidationError(_("Choose what kind of voice this is."), code="kind")
    _check_institution(institution, province)
    if route and institution is None:
        raise ValidationError(_("Choose the institution the complaint is about before routing it."), code="institution")
    if not 1 <= deadline_days <= 30:
        raise ValidationError(_("The deadline must be between 1 and 30 business days."), code="deadline")
    voice = Voice.objects.select_for_update().filter(story=story, province=province).first()
    if voice is None:
        voice = Voice(story=story, province=province, created_by=actor)
    elif voice.status in (Voice.Status.ANSWERED, Voice.Status.CLOSED) and route:
        raise ValidationError(_("This complaint was already answered."), code="answered")
    voice.kind = kind
    voice.institution = institution
    voice.summary = summary.strip()
    voice.deadline_days = deadline_days
    voice.save()
    if route and voice.status == Voice.Status.NOTED:
        _route(actor, voice)
    return voice


def _route(actor: User, voice: Voice) -> None:
    now = timezone.now()
    voice.status = Voice.Status.ROUTED
    voice.routed_at = now
    voice.deadline = add_business_days(timezone.localdate(), voice.deadline_days)
    voice.save(update_fields=["status", "routed_at", "deadline"])
    notify(
        recipients=_officers(voice),
        kind="voice_routed",
        title=_("%(kind)s about your institution: %(title)s")
        % {"kind": voice.get_kind_display(), "title": voice.story.title[:150]},
        body=voice.summary,
        url=voice.get_absolute_url(),
    )


@transaction.atomic
def route(*, actor: User, voice: Voice) -> Voice:
    _check_unit(actor)
    voice = Voice.objects.select_for_update().select_related("story").get(pk=voice.pk)
    if voice.status != Voice.Status.NOTED:
        raise ValidationError(_("This voice was already routed."), code="routed")
    if voice.institution_id is None:
        raise ValidationError(_("Choose the institution the complaint is about before routing it."), code="institution")
    _route(actor, voice)
    return voice


@transaction.atomic
def answer(*, actor: User, voice: Voice, action_taken: str, public_reply: str = "") -> Voice:
    """The institution records what was done (and, optionally, the reply it gave in public)."""
    voice = Voice.objects.select_for_update().select_related("story", "created_by").get(pk=voice.pk)
    if voice.status != Voice.Status.ROUTED:
        answered = voice.answered_by.get_full_name() if voice.answered_by else "-"
        raise ValidationError(
            _("This complaint was already answered by %(name)s.") % {"name": answered}, code="answered"
        )
    if not queries.is_answerable_by(actor, voice):
        raise PermissionDenied(_("Only the institution concerned or the province's press unit can answer."))
    if not action_taken.strip():
        raise ValidationError(_("Write what was done about it."), code="action_taken")
    voice.status = Voice.Status.ANSWERED
    voice.action_taken = action_taken.strip()
    voice.public_reply = public_reply.strip()
    voice.answered_by = actor
    voice.answered_at = timezone.now()
    voice.save(update_fields=["status", "action_taken", "public_reply", "answered_by", "answered_at"])
    notify(
        recipients=[voice.created_by],
        kind="voice_answered",
        title=_("The institution answered: %(title)s") % {"title": voice.story.title[:150]},
        body=voice.action_taken,
        url=voice.get_absolute_url(),
    )
    return voice


@transaction.atomic
def close(*, actor: User, voice: Voice) -> Voice:
    province = _check_unit(actor)
    voice = Voice.objects.select_for_update().get(pk=voice.pk)
    if voice.province_id != province.pk:
        raise PermissionDenied
    if voice.status == Voice.Status.CLOSED:
        raise ValidationError(_("This voice is already closed."), code="closed")
    voice.status = Voice.Status.CLOSED
    voice.closed_at = timezone.now()
    voice.save(update_fields=["status", "closed_at"])
    return voice


def _officers(voice: Voice) -> list[User]:
    return list(
        User.objects.filter(organization=voice.institution_id, role=Role.AFFILIATE_PRESS, is_active=True).order_by("pk")
    )


def process_deadlines(today: datetime.date | None = None) -> tuple[int, int]:
    """Remind the institution a business day before the deadline (once); tell the unit head of an overdue
    complaint (once). Returns (reminded, escalated); safe to run as often as the scheduler likes."""
    from django.conf import settings
    from django.utils import translation

    today = today or timezone.localdate()
    reminded = escalated = 0
    waiting = Voice.objects.filter(status=Voice.Status.ROUTED, deadline__isnull=False)
    for voice_id in waiting.filter(reminded_on__isnull=True, deadline__gte=today).values_list("pk", flat=True):
        with transaction.atomic():
            voice = (
                Voice.objects.select_for_update(of=("self",))
                .select_related("story")
                .filter(pk=voice_id, status=Voice.Status.ROUTED, reminded_on__isnull=True)
                .first()
            )
            if voice is None or voice.deadline is None or business_days_between(today, voice.deadline) > 1:
                continue
            voice.reminded_on = today
            voice.save(update_fields=["reminded_on"])
            with translation.override(settings.LANGUAGE_CODE):
                title = _("Reminder: the complaint “%(title)s” is to be answered by %(date)s") % {
                    "title": voice.story.title[:150],
                    "date": voice.deadline.strftime("%d.%m.%Y"),
                }
            notify(recipients=_officers(voice), kind="voice_due", title=title, url=voice.get_absolute_url())
            reminded += 1
    for voice_id in waiting.filter(deadline__lt=today, escalated_on__isnull=True).values_list("pk", flat=True):
        with transaction.atomic():
            voice = (
                Voice.objects.select_for_update(of=("self",))
                .select_related("story", "institution")
                .filter(pk=voice_id, status=Voice.Status.ROUTED, escalated_on__isnull=True)
                .first()
            )
            if voice is None or voice.deadline is None:
                continue
            voice.escalated_on = today
            voice.save(update_fields=["escalated_on"])
            unit_heads = User.objects.filter(
                role=Role.UNIT_HEAD, is_active=True, organization__path__startswith=voice.province.path
            ).order_by("pk")
            with translation.override(settings.LANGUAGE_CODE):
                title = _("Overdue complaint: %(institution)s has not answered “%(title)s” (due %(date)s)") % {
                    "institution": voice.institution.name if voice.institution else "-",
                    "title": voice.story.title[:150],
                    "date": voice.deadline.strftime("%d.%m.%Y"),
                }
            notify(
                recipients=[*unit_heads, voice.created_by, *_officers(voice)],
                kind="voice_overdue",
                title=title,
                url=voice.get_absolute_url(),
            )
            escalated += 1
    return reminded, escalated
