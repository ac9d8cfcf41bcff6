"""Notification kinds of information notes (registered in ``InfonotesConfig.ready()``).

Kept here so their labels live in this module's translation catalogue.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (code, label, e-mail on by default)
NOTIFICATION_KINDS = [
    ("infonote_opened", _("An information-note case was opened"), True),
    ("infonote_requested", _("An information note is requested from my institution"), True),
    ("infonote_answered", _("An institution answered an information-note request"), True),
    ("infonote_due", _("An information note is due soon"), True),
    ("infonote_overdue", _("An information note is overdue"), True),
    ("infonote_send_failed", _("An information note could not be e-mailed"), True),
]
