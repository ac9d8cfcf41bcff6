"""Helpers shared by the demo data modules (``pressdesk/demo/*.py``)."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.html import format_html_join

from pressdesk.accounts.models import User
from pressdesk.approvals import actions as approval_actions
from pressdesk.approvals.models import ApprovalFlow, ApprovalStep
from pressdesk.organizations.models import Organization

Users = dict[str, User]
Orgs = dict[str, Organization]


def approve_through_chain(flow: ApprovalFlow) -> ApprovalFlow:
    """Initial and sign every step of ``flow`` as the demo user who holds it, in order.

    The chain comes from the responsibility matrix (data), so this follows
    whatever steps the matrix names instead of assuming paraf → paraf → imza.
    """
    for _attempt in range(10):
        flow.refresh_from_db()
        if flow.status != ApprovalFlow.Status.IN_REVIEW:
            return flow
        step = flow.steps.get(status=ApprovalStep.Status.CURRENT)
        holders = approval_actions.eligible_users(flow, step)
        if not holders:
            raise CommandError(f"No demo user can decide step {step.order} ({step.role}) of “{flow.title}”.")
        approval_actions.decide(
            actor=holders[0],
            flow_id=flow.pk,
            approve=True,
            seen_hash=flow.content_hash,
        )
    raise CommandError(f"The approval chain of “{flow.title}” did not finish.")


def paragraphs(*texts: str) -> str:
    """Plain paragraphs as the HTML a news story body holds."""
    return str(format_html_join("", "<p>{}</p>", ((text,) for text in texts)))
