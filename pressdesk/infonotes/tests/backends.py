"""An e-mail backend whose server always refuses, to test retries and failures."""

from __future__ import annotations

import smtplib
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    calls = 0

    def send_messages(self, email_messages: Any) -> int:
        RefusingBackend.calls += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
