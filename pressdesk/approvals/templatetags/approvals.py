"""The paper-like paraf block: "AB/CD/EF" initials with dates, preparer first."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from pressdesk.approvals.models import ApprovalFlow, ApprovalStep

register = template.Library()


def paraf_entries(flow: ApprovalFlow) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = [
        {
            "initials": flow.author.initials,
            "date": timezone.localtime(flow.submitted_at).date() if flow.submitted_at else None,
            "label": "",
            "done": flow.submitted_at is not None,
            "deputy": False,
        }
    ]
    for step in flow.steps.all():
        done = step.status == ApprovalStep.Status.DONE and step.decided_by is not None
        entries.append(
            {
                "initials": step.decided_by.initials if done and step.decided_by else "··",
                "date": timezone.localtime(step.decided_at).date() if done and step.decided_at else None,
                "label": step.get_kind_display(),
                "done": done,
                "deputy": step.as_deputy,
                "current": step.status == ApprovalStep.Status.CURRENT,
            }
        )
    return entries


@register.inclusion_tag("approvals/_paraf_block.html")
def paraf_block(flow: ApprovalFlow | None) -> dict[str, Any]:
    return {"entries": paraf_entries(flow) if flow else []}
