"""The one approval state machine, used by every approvable document.

    DRAFT ─submit→ IN_REVIEW ─(each step: initial / initial / sign)→ APPROVED
                     │  └─return→ RETURNED ─submit→ IN_REVIEW (steps whose
                     │                       approved hash no longer matches are asked again)
                     └─last step signed, goes to the press→ EXTERNAL ─all required approve→ APPROVED
                                                               └─a required one rejects→ REJECTED ─submit→ …

Every function locks the flow row (``select_for_update``) before reading its
state, so two approvers at the same moment, a double click or a replayed link
leave exactly one decision.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role, User
from pressdesk.approvals.models import (
    ApprovalDecision,
    ApprovalFlow,
    ApprovalStep,
    ApprovalVersion,
    Deputyship,
    ExternalApproval,
    ExternalLinkAccess,
)
from pressdesk.approvals.registry import approved_listeners, content_hash
from pressdesk.lib.dates import format_datetime
from pressdesk.organizations.models import PATH_STEP, Organization, OrganizationKind, Process
from pressdesk.organizations.queries import responsibility_for
from pressdesk.outbox.actions import enqueue

if TYPE_CHECKING:
    from collections.abc import Iterable

Action = ApprovalDecision.Action
log = logging.getLogger(__name__)


class ApprovalError(ValidationError):
    """A decision that cannot be taken now; the message says why (in the user's language)."""


# --- who may act ----------------------------------------------------------------


def chain_organization(document_org: Organization, author: User) -> Organization:
    """The organization whose chain of command approves a document.

    The unit's own documents are approved up its own line (unit → presidency →
    directorate). A document written by an affiliated institution (a hospital's
    news) is approved by the provincial press unit's line.
    """
    if author.is_unit_member and author.organization is not None:
        return author.organization
    province = (
        document_org.ancestors().filter(kind=OrganizationKind.PROVINCIAL_DIRECTORATE).last()
        if document_org.kind != OrganizationKind.PROVINCIAL_DIRECTORATE
        else document_org
    )
    if province is not None:
        unit = (
            Organization.objects.filter(
                path__startswith=province.path, kind=OrganizationKind.UNIT, users__role=Role.UNIT_HEAD
            )
            .order_by("path")
            .first()
        )
        if unit is not None:
            return unit
    return document_org


def _holds_step(user: User, step: ApprovalStep, chain_org: Organization) -> bool:
    """The user has the step's role in an organization above (or at) the chain organization."""
    return (
        user.is_active
        and user.role == step.role
        and user.organization is not None
        and chain_org.path.startswith(user.organization.path)
    )


def acting_capacity(user: User, flow: ApprovalFlow, step: ApprovalStep, at: datetime.datetime | None = None) -> str:
    """'' if ``user`` cannot act on ``step``; 'self' or 'deputy' if they can."""
    if user.pk == flow.author_id:
        return ""
    chain_org = flow.chain_organization
    if _holds_step(user, step, chain_org):
        return "self"
    at = at or timezone.now()
    principals = User.objects.filter(
        deputyships__deputy=user, deputyships__starts_at__lte=at, deputyships__ends_at__gt=at
    ).select_related("organization")
    if any(_holds_step(principal, step, chain_org) and principal.pk != flow.author_id for principal in principals):
        return "deputy"
    return ""


def eligible_users(flow: ApprovalFlow, step: ApprovalStep) -> list[User]:
    chain_org = flow.chain_organization
    step_len = PATH_STEP + 1
    ancestors = [chain_org.path[: i + step_len] for i in range(0, len(chain_org.path), step_len)]
    holders = User.objects.filter(role=step.role, is_active=True, organization__path__in=ancestors).exclude(
        pk=flow.author_id
    )
    return list(holders)


# --- submitting -----------------------------------------------------------------


def flow_for(target: Model) -> ApprovalFlow | None:
    ct = ContentType.objects.get_for_model(target)
    return ApprovalFlow.objects.filter(content_type=ct, object_id=target.pk).first()


def _record(flow: ApprovalFlow, action: str, actor: User | None = None, **fields: Any) -> ApprovalDecision:
    return ApprovalDecision.objects.create(
        flow=flow,
        action=action,
        actor=actor,
        actor_name=fields.pop("actor_name", str(actor) if actor else ""),
        version=flow.version,
        content_hash=flow.content_hash,
        **fields,
    )


def _due(process: Process, now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(hours=process.step_due_hours)


@transaction.atomic
def submit(
    *,
    actor: User,
    target: Any,
    needs_external: bool | None = None,
    chain: Organization | None = None,
    skip_roles: Collection[str] | None = None,
) -> ApprovalFlow:
    """Put ``target`` into its approval chain (first submission or resubmission).

    The chain comes from the responsibility matrix of the target's process.
    On resubmission, steps that approved a different content hash are asked
    again; steps that approved this very content stay done. ``chain`` names
    the organization whose line of command decides, when it is not the
    author's (a TV guest's own line: their unit head, Başkan, the director).
    ``skip_roles`` leaves the matrix steps of those roles out (a guest who is
    a Başkan is not asked of a unit head below them); the last step (the
    signature) stays even then. When it is given and the steps so named differ from an
    editable flow's steps (another guest), the steps are built anew.
    """
    if actor.pk != target.created_by_id:
        raise PermissionDenied(_("Only the author can submit this document."))
    process = Process.objects.get(code=target.approval_process_code)
    content = target.approval_content()
    digest = content_hash(content)
    ct = ContentType.objects.get_for_model(target)
    flow, _created = ApprovalFlow.objects.select_for_update().get_or_create(
        content_type=ct,
        object_id=target.pk,
        defaults={
            "title": target.approval_title(),
            "process": process,
            "organization": target.organization,
            "chain_organization": chain or chain_organization(target.organization, actor),
            "author": actor,
            "needs_external": bool(needs_external) if needs_external is not None else process.needs_external_approval,
        },
    )
    if flow.status not in ApprovalFlow.EDITABLE:
        raise ApprovalError(_("This document is already in its approval chain."))
    if needs_external is not None:
        flow.needs_external = needs_external
    if chain is not None:
        flow.chain_organization = chain
    now = timezone.now()
    if digest != flow.content_hash:
        flow.version += 1
        flow.content_hash = digest
        ApprovalVersion.objects.create(
            flow=flow, number=flow.version, content=content, content_hash=digest, created_by=actor
        )
    flow.title = target.approval_title()
    steps = list(flow.steps.all())
    wanted: list[str] | None = None
    if skip_roles is not None:
        wanted = _controls(process, target.organization, skip_roles)
        if [step.role for step in steps] != wanted:
            flow.steps.all().delete()
            steps = []
    if not steps:
        controls = wanted if wanted is not None else _controls(process, target.organization, ())
        steps = [
            ApprovalStep.objects.create(
                flow=flow,
                order=n,
                role=role,
                kind=ApprovalStep.Kind.SIGNATURE if n == len(controls) else ApprovalStep.Kind.INITIAL,
            )
            for n, role in enumerate(controls, start=1)
        ]
    for step in steps:
        if step.status == ApprovalStep.Status.DONE and step.approved_hash != digest:
            _record(flow, Action.INVALIDATED, step.decided_by, step=step, role=step.role, as_deputy=step.as_deputy)
            step.status, step.approved_hash = ApprovalStep.Status.WAITING, ""
            step.decided_by, step.decided_at, step.as_deputy = None, None, False
            step.save()
        elif step.status == ApprovalStep.Status.CURRENT:
            step.status = ApprovalStep.Status.WAITING
            step.save(update_fields=["status"])
    flow.status = ApprovalFlow.Status.IN_REVIEW
    flow.submitted_at, flow.completed_at = now, None
    flow.save()
    _record(flow, Action.SUBMITTED, actor)
    _advance(flow, now)
    return flow


def _controls(process: Process, organization: Organization, skip_roles: Collection[str]) -> list[str]:
    """The matrix's control roles in order, without ``skip_roles`` but never without the last."""
    row = responsibility_for(process, organization)
    controls = row.controls() if row else []
    if not controls:
        raise ApprovalError(
            _("The responsibility matrix names no controls for process %(code)s.") % {"code": process.code}
        )
    return [role for role in controls if role not in skip_roles] or controls[-1:]


def _advance(flow: ApprovalFlow, now: datetime.datetime) -> None:
    """Make the next undone step current, or finish the internal chain."""
    next_step = flow.steps.exclude(status=ApprovalStep.Status.DONE).order_by("order").first()
    if next_step is not None:
        next_step.status = ApprovalStep.Status.CURRENT
        next_step.due_at = _due(flow.process, now)
        next_step.reminded_at = next_step.escalated_at = None
        next_step.save()
        _notify_later(flow.pk, "approval_requested", next_step.pk)
        return
    if flow.needs_external:
        flow.status = ApprovalFlow.Status.EXTERNAL
        flow.save(update_fields=["status", "updated_at"])
        return
    _complete(flow, now)


def _complete(flow: ApprovalFlow, now: datetime.datetime) -> None:
    flow.status, flow.completed_at = ApprovalFlow.Status.APPROVED, now
    flow.save(update_fields=["status", "completed_at", "updated_at"])
    _record(flow, Action.APPROVED)
    _notify_later(flow.pk, "approval_completed")
    # The modules that act on an approval (e.g. meetings on its notice letter), in this transaction.
    model = ContentType.objects.get_for_id(flow.content_type_id).model_class()
    listeners = approved_listeners(model) if model is not None else []
    if listeners and (target := flow.target) is not None:
        for listener in listeners:
            listener(target)


# --- deciding -------------------------------------------------------------------


@dataclass
class Decision:
    flow: ApprovalFlow
    step: ApprovalStep
    action: str


STEP_DECISIONS = (Action.INITIALLED, Action.SIGNED, Action.RETURNED)


def _just_decided(flow: ApprovalFlow, actor: User, step_id: int | None) -> ApprovalError | None:
    """Why ``actor`` came too late: the step they saw was decided by someone else a moment ago.

    ``step_id`` is the step the actor's page showed. Without it (an older page),
    the flow's latest step decision counts if the actor could have taken it.
    """
    decisions = flow.decisions.filter(action__in=STEP_DECISIONS).select_related("step").order_by("-created_at", "-pk")
    if step_id is not None:
        current = flow.current_step()
        if current is not None and current.pk == step_id:
            return None
        decisions = decisions.filter(step_id=step_id)
    last = decisions.first()
    if last is None or last.actor_id == actor.pk:
        return None
    if step_id is None and (last.step is None or not acting_capacity(actor, flow, last.step, at=last.created_at)):
        return None
    return ApprovalError(
        _("This step was just decided: %(name)s, %(time)s — %(action)s.")
        % {
            "name": last.actor_name or str(last.actor or ""),
            "time": format_datetime(last.created_at),
            "action": last.get_action_display(),
        }
    )


@transaction.atomic
def decide(
    *,
    actor: User,
    flow_id: int,
    approve: bool,
    seen_hash: str,
    comment: str = "",
    ip_address: str | None = None,
    step_id: int | None = None,
) -> Decision:
    """Initial/sign the current step (``approve``) or return the document with a comment.

    ``step_id`` is the step the actor saw; when another approver decided it in
    the meantime, the error says who and when instead of a generic refusal.
    """
    flow = ApprovalFlow.objects.select_for_update().select_related("process", "chain_organization").get(pk=flow_id)
    late = _just_decided(flow, actor, step_id)
    if late is not None and (step_id is not None or flow.status != ApprovalFlow.Status.IN_REVIEW):
        raise late
    if flow.status != ApprovalFlow.Status.IN_REVIEW:
        raise ApprovalError(_("This document is not waiting for a decision any more (it was already decided)."))
    step = flow.steps.filter(status=ApprovalStep.Status.CURRENT).first()
    if step is None:
        raise ApprovalError(_("This document is not waiting for a decision any more (it was already decided)."))
    capacity = acting_capacity(actor, flow, step)
    if not capacity:
        if late is not None:
            raise late
        if actor.pk == flow.author_id:
            raise PermissionDenied(_("You cannot approve your own document."))
        raise PermissionDenied(_("This step waits for someone else."))
    if seen_hash != flow.content_hash:
        raise ApprovalError(_("The document changed after you opened it. Read the current version and decide again."))
    now = timezone.now()
    as_deputy = capacity == "deputy"
    if not approve:
        if not comment.strip():
            raise ApprovalError({"comment": _("Write what should be corrected when returning a document.")})
        step.status = ApprovalStep.Status.WAITING
        step.save(update_fields=["status"])
        flow.status = ApprovalFlow.Status.RETURNED
        flow.save(update_fields=["status", "updated_at"])
        _record(
            flow,
            Action.RETURNED,
            actor,
            step=step,
            role=step.role,
            as_deputy=as_deputy,
            comment=comment,
            ip_address=ip_address,
        )
        _notify_later(flow.pk, "approval_returned")
        return Decision(flow, step, Action.RETURNED)
    action = Action.SIGNED if step.kind == ApprovalStep.Kind.SIGNATURE else Action.INITIALLED
    step.status, step.decided_by, step.decided_at = ApprovalStep.Status.DONE, actor, now
    step.as_deputy, step.approved_hash = as_deputy, flow.content_hash
    step.save()
    _record(flow, action, actor, step=step, role=step.role, as_deputy=as_deputy, comment=comment, ip_address=ip_address)
    _advance(flow, now)
    return Decision(flow, step, action)


@transaction.atomic
def withdraw(*, actor: User, flow: ApprovalFlow) -> ApprovalFlow:
    flow = ApprovalFlow.objects.select_for_update().get(pk=flow.pk)
    if actor.pk != flow.author_id:
        raise PermissionDenied
    if flow.status not in (ApprovalFlow.Status.IN_REVIEW, ApprovalFlow.Status.EXTERNAL):
        raise ApprovalError(_("Only a document in its approval chain can be withdrawn."))
    flow.steps.filter(status=ApprovalStep.Status.CURRENT).update(status=ApprovalStep.Status.WAITING)
    flow.status = ApprovalFlow.Status.RETURNED
    flow.save(update_fields=["status", "updated_at"])
    _record(flow, Action.WITHDRAWN, actor)
    return flow


@transaction.atomic
def reopen(*, actor: User, flow: ApprovalFlow, comment: str = "") -> ApprovalFlow:
    """Open an approved document for a new version (e.g. an information note corrected after it was sent).

    The flow goes back to RETURNED, so the document can be edited and
    submitted again; the next ``submit`` asks again every step whose approved
    hash no longer matches. Earlier versions and decisions stay as they were.
    The caller checks that the flow is approved and tells the user otherwise.
    """
    flow = ApprovalFlow.objects.select_for_update().get(pk=flow.pk)
    if not actor.is_unit_member and not actor.is_admin:
        raise PermissionDenied
    if flow.status != ApprovalFlow.Status.APPROVED:
        raise ValueError(f"Only an approved flow can be reopened (flow {flow.pk} is {flow.status}).")
    flow.status, flow.completed_at = ApprovalFlow.Status.RETURNED, None
    flow.save(update_fields=["status", "completed_at", "updated_at"])
    _record(flow, Action.REOPENED, actor, comment=comment)
    return flow


# --- external approvals ---------------------------------------------------------


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "ignore")).hexdigest()


@dataclass
class ExternalTarget:
    organization: Organization
    email: str
    required: bool = True


@transaction.atomic
def send_external(
    *, actor: User, flow: ApprovalFlow, targets: Iterable[ExternalTarget]
) -> list[tuple[ExternalApproval, str]]:
    """Ask external units to approve the signed version; e-mail each an expiring single-use link."""
    flow = ApprovalFlow.objects.select_for_update().get(pk=flow.pk)
    if not actor.is_unit_member and not actor.is_admin:
        raise PermissionDenied
    if flow.status != ApprovalFlow.Status.EXTERNAL:
        raise ApprovalError(_("External approvals are asked only after the director has signed."))
    now = timezone.now()
    expires = now + datetime.timedelta(days=settings.APPROVAL_LINK_DAYS)
    created: list[tuple[ExternalApproval, str]] = []
    for target in targets:
        token = secrets.token_urlsafe(32)
        external = ExternalApproval.objects.create(
            flow=flow,
            organization=target.organization,
            email=target.email,
            required=target.required,
            version=flow.version,
            content_hash=flow.content_hash,
            token_hash=_hash_token(token),
            sent_at=now,
            expires_at=expires,
        )
        _record(flow, Action.EXTERNAL_SENT, actor, external=external, comment=target.email)
        created.append((external, token))
        _send_external_mail(external.pk, token)
    if not created:
        raise ApprovalError(_("Choose at least one external unit."))
    return created


def external_link(token: str) -> str:
    return settings.SITE_URL + reverse("approvals:external", args=[token])


def _send_external_mail(external_id: int, token: str) -> None:
    from pressdesk.approvals.tasks import send_external_request

    enqueue(send_external_request, external_id, token)


class LinkError(Exception):
    """Why an external link cannot be used: 'forged', 'expired', 'used' or 'closed'."""

    def __init__(self, reason: str, external: ExternalApproval | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.external = external


FORGED_LOG_SECONDS = 3600


def _log_access(external: ExternalApproval | None, outcome: str, ip: str | None, ua: str) -> None:
    if external is None and not _first_forged_from(ip):
        # Unknown tokens from an address already on record are counted in the log, not a row each:
        # anyone can send them, and each would otherwise be a database write.
        log.warning("forged external approval link from %s (repeated within the hour)", ip or "unknown address")
        return
    ExternalLinkAccess.objects.create(external=external, outcome=outcome, ip_address=ip, user_agent=ua[:300])


def _first_forged_from(ip: str | None) -> bool:
    return bool(cache.add(f"approvals:forged-link:{ip or 'unknown'}", 1, FORGED_LOG_SECONDS))


def open_external_link(*, token: str, ip_address: str | None, user_agent: str = "") -> ExternalApproval:
    """The external approval a link points to, if it can still be used; logs every access."""
    external = (
        ExternalApproval.objects.select_related("flow", "organization").filter(token_hash=_hash_token(token)).first()
    )
    reason = _link_problem(external)
    if reason:
        _log_access(external, reason, ip_address, user_agent)
        raise LinkError(reason, external)
    _log_access(external, ExternalLinkAccess.Outcome.VIEWED, ip_address, user_agent)
    assert external is not None
    return external


def _link_problem(external: ExternalApproval | None) -> str:
    if external is None:
        return ExternalLinkAccess.Outcome.FORGED
    if external.used_at is not None or external.status != ExternalApproval.Status.PENDING:
        return ExternalLinkAccess.Outcome.USED
    if external.expires_at is None or external.expires_at <= timezone.now():
        return ExternalLinkAccess.Outcome.EXPIRED
    return ""


@transaction.atomic
def answer_external_link(
    *, token: str, approve: bool, comment: str, answered_by: str, ip_address: str | None, user_agent: str = ""
) -> ExternalApproval:
    """The external unit's answer through its link: single use, refused once expired."""
    found = ExternalApproval.objects.filter(token_hash=_hash_token(token)).values_list("flow_id", flat=True).first()
    if found is None:
        _log_access(None, ExternalLinkAccess.Outcome.FORGED, ip_address, user_agent)
        raise LinkError(ExternalLinkAccess.Outcome.FORGED)
    flow = ApprovalFlow.objects.select_for_update().get(pk=found)
    external = ExternalApproval.objects.select_for_update().get(token_hash=_hash_token(token))
    reason = _link_problem(external)
    if not reason and flow.status != ApprovalFlow.Status.EXTERNAL:
        reason = ExternalLinkAccess.Outcome.USED
    if reason:
        _log_access(external, reason, ip_address, user_agent)
        raise LinkError(reason, external)
    if not approve and not comment.strip():
        raise ApprovalError({"comment": _("Please write the reason for the rejection.")})
    _log_access(external, ExternalLinkAccess.Outcome.DECIDED, ip_address, user_agent)
    _apply_external_answer(
        flow,
        external,
        approve=approve,
        comment=comment,
        answered_by=answered_by,
        answered_at=timezone.now(),
        actor=None,
        ip_address=ip_address,
    )
    return external


@transaction.atomic
def record_external_answer(
    *,
    actor: User,
    external: ExternalApproval,
    approve: bool,
    answered_at: datetime.datetime,
    answered_by: str,
    comment: str = "",
    evidence: UploadedFile | None = None,
) -> ExternalApproval:
    """Staff record an answer that came by e-mail or EBYS, with the evidence."""
    if not actor.is_unit_member and not actor.is_admin:
        raise PermissionDenied
    flow = ApprovalFlow.objects.select_for_update().get(pk=external.flow_id)
    external = ExternalApproval.objects.select_for_update().get(pk=external.pk)
    if external.status != ExternalApproval.Status.PENDING or flow.status != ApprovalFlow.Status.EXTERNAL:
        raise ApprovalError(_("This external approval has already been answered."))
    if evidence is not None:
        from pressdesk.lib.files import validate_document_upload

        validate_document_upload(evidence)
        external.evidence = evidence
    external.recorded_by = actor
    _apply_external_answer(
        flow, external, approve=approve, comment=comment, answered_by=answered_by, answered_at=answered_at, actor=actor
    )
    return external


def _apply_external_answer(
    flow: ApprovalFlow,
    external: ExternalApproval,
    *,
    approve: bool,
    comment: str,
    answered_by: str,
    answered_at: datetime.datetime,
    actor: User | None,
    ip_address: str | None = None,
) -> None:
    external.status = ExternalApproval.Status.APPROVED if approve else ExternalApproval.Status.REJECTED
    external.used_at = timezone.now()
    external.answered_at, external.answered_by, external.comment = answered_at, answered_by[:200], comment
    external.save()
    _record(
        flow,
        Action.EXTERNAL_APPROVED if approve else Action.EXTERNAL_REJECTED,
        actor,
        actor_name=answered_by or external.organization.name,
        external=external,
        comment=comment,
        ip_address=ip_address,
    )
    _notify_later(flow.pk, "external_answered")
    if not approve and external.required:
        flow.status = ApprovalFlow.Status.REJECTED
        flow.save(update_fields=["status", "updated_at"])
        # Other pending links of this round can no longer be used.
        flow.externals.filter(status=ExternalApproval.Status.PENDING).update(expires_at=timezone.now())
        return
    required = flow.externals.filter(required=True, version=flow.version)
    if required.exists() and not required.exclude(status=ExternalApproval.Status.APPROVED).exists():
        _complete(flow, timezone.now())


# --- deputies ---------------------------------------------------------------------


@transaction.atomic
def set_deputy(
    *, actor: User, principal: User, deputy: User, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> Deputyship:
    """Name a deputy (vekil) for a period; the principal or an administrator may do it."""
    if actor.pk != principal.pk and not actor.is_admin:
        raise PermissionDenied
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")})
    if deputy.pk == principal.pk:
        raise ValidationError({"deputy": _("A person cannot be their own deputy.")})
    return Deputyship.objects.create(
        principal=principal, deputy=deputy, starts_at=starts_at, ends_at=ends_at, created_by=actor
    )


# --- deadlines ----------------------------------------------------------------------


def process_deadlines(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Remind before a step is due and escalate overdue steps once. Returns (reminded, escalated)."""
    now = now or timezone.now()
    remind_before = datetime.timedelta(hours=settings.APPROVAL_REMIND_BEFORE_HOURS)
    reminded = escalated = 0
    base = ApprovalStep.objects.filter(status=ApprovalStep.Status.CURRENT, flow__status=ApprovalFlow.Status.IN_REVIEW)
    for step_id in base.filter(reminded_at__isnull=True, due_at__lte=now + remind_before, due_at__gt=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            step = ApprovalStep.objects.select_for_update().filter(pk=step_id, reminded_at__isnull=True).first()
            if step is None:
                continue
            step.reminded_at = now
            step.save(update_fields=["reminded_at"])
            _notify_later(step.flow_id, "approval_reminder", step.pk)
            reminded += 1
    for step_id in base.filter(escalated_at__isnull=True, due_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            step = (
                ApprovalStep.objects.select_for_update()
                .select_related("flow")
                .filter(pk=step_id, escalated_at__isnull=True)
                .first()
            )
            if step is None:
                continue
            step.escalated_at = now
            step.save(update_fields=["escalated_at"])
            _record(step.flow, Action.ESCALATED, None, step=step, role=step.role)
            _notify_later(step.flow_id, "approval_escalated", step.pk)
            escalated += 1
    return reminded, escalated


def escalation_recipients(flow: ApprovalFlow, step: ApprovalStep) -> list[User]:
    """The next superior: whoever holds the next step; after the last step, the unit heads of the chain."""
    later = flow.steps.filter(order__gt=step.order).order_by("order").first()
    if later is not None:
        return eligible_users(flow, later)
    chain_org = flow.chain_organization
    return list(User.objects.filter(Q(role=Role.UNIT_HEAD) & Q(organization=chain_org), is_active=True))


# --- notifications ------------------------------------------------------------------


def _notify_later(flow_id: int, kind: str, step_id: int | None = None) -> None:
    from pressdesk.approvals.tasks import notify_flow_event

    enqueue(notify_flow_event, flow_id, kind, step_id)
