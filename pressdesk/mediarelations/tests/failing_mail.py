"""A mail backend whose server refuses every recipient (a bounce at SMTP time)."""

from __future__ import annotations

import smtplib
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"No such user") for m in email_messages})
