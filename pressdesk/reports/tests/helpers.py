"""Small helpers shared by the report tests."""

from __future__ import annotations

from typing import Any

from django.test import TestCase

from pressdesk.reports import actions, queries
from pressdesk.reports.models import Recipient, Report


def add_recipient(province: Any, **fields: Any) -> Recipient:
    report_settings = queries.settings_for(province.directorate)
    fields.setdefault("organization", province.directorate)
    return actions.add_recipient(actor=province.unit_head, report_settings=report_settings, **fields)


def daily_report(province: Any, actor: Any = None) -> Report:
    report, _created = actions.prepare_report(
        actor=actor or province.staff, province=province.directorate, kind="daily"
    )
    return report


def send(report: Report, actor: Any) -> bool:
    """Send and run the on-commit side effects (the delivery tasks, eager in tests)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        started = actions.send_report(actor=actor, report=report)
    report.refresh_from_db()
    return started
