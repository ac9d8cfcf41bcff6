"""The kinds of notification a user can receive, each with default channels.

Modules add their kinds here (one list, so the preferences page shows them
all). ``email`` is the default for the e-mail channel; in-app is on by default.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pressdesk.infonotes.kinds import NOTIFICATION_KINDS as INFONOTE_KINDS


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    email: bool = True


KINDS = [
    Kind("task_assigned", _("A task was given to me")),
    Kind("task_due", _("A task of mine is due"), email=True),
    Kind("approval_requested", _("A document waits for my initial or signature")),
    Kind("approval_returned", _("My document was returned with a comment")),
    Kind("approval_completed", _("My document was approved")),
    Kind("approval_reminder", _("Reminder before an approval step is due")),
    Kind("approval_escalated", _("An approval step under me is overdue")),
    Kind("external_answered", _("An external unit answered an approval request"), email=False),
    Kind("monitoring_alert", _("A monitoring alert rule matched a story")),
    Kind("monitoring_story_assigned", _("A monitored story was assigned to me")),
    Kind("monitoring_alert_capped", _("An alert rule reached its hourly limit")),
    *(Kind(code, label, email=email) for code, label, email in INFONOTE_KINDS),
    Kind("news_submitted", _("An institution sent a news story for review")),
    Kind("news_reviewed", _("The unit reviewed my institution's news story")),
    Kind("channel_token_expiring", _("A publishing channel's token expires soon")),
    Kind("channel_failing", _("A publishing channel started failing")),
    Kind("report_failed", _("A monitoring report could not be sent")),
    Kind("report_ready", _("A monitoring report waits for review")),
]
KIND_BY_CODE = {kind.code: kind for kind in KINDS}


def choices() -> list[tuple[str, str | Promise]]:
    return [(kind.code, kind.label) for kind in KINDS]
