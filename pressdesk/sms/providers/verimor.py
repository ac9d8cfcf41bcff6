"""Verimor: ``POST /v2/send.json`` with a caller-chosen ``custom_id``, ``GET /v2/status``.

The batch's key is the ``custom_id``: a batch sent again after a timeout is
recognised by Verimor and answered as a double send, not delivered twice.
Statuses: DELIVERED, NOT_DELIVERED, EXPIRED, REJECTED, DOUBLE_SEND_ERROR,
BLACKLISTED. 150 requests per minute; the sending server's address must be
allowed in the Verimor panel.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx
from django.utils.translation import gettext as _

from pressdesk.sms import encoding
from pressdesk.sms.providers.base import (
    Accepted,
    Outgoing,
    Provider,
    ProviderError,
    Report,
    from_provider,
    international,
    setting,
    transport_error,
)

BASE_URL = "https://sms.verimor.com.tr"

STATUSES = {
    "DELIVERED": "delivered",
    "NOT_DELIVERED": "not_delivered",
    "EXPIRED": "expired",
    "REJECTED": "rejected",
    "BLACKLISTED": "rejected",
    "DOUBLE_SEND_ERROR": "rejected",
}


def error_message(text: str) -> tuple[str, bool, bool]:
    """(Turkish message, retryable, pause) for Verimor's error answer (a short text)."""
    upper = text.upper()
    if "CREDIT" in upper or "KREDİ" in upper or "BAKİYE" in upper:
        return _("Verimor: the account has insufficient credit."), False, True
    if "PASSWORD" in upper or "USERNAME" in upper or "AUTH" in upper or "ŞİFRE" in upper:
        return _("Verimor: invalid user name or password."), False, True
    if "IP" in upper.split() or "WHITELIST" in upper:
        return _("Verimor: this server's address is not allowed in the Verimor panel."), False, True
    if "SOURCE_ADDR" in upper or "HEADER" in upper or "BAŞLIK" in upper:
        return _("Verimor: the sender name (header) is not defined for the account."), False, True
    if "RATE" in upper or "LIMIT" in upper:
        return _("Verimor: too many requests; trying again shortly."), True, False
    return _("Verimor refused the message: %(reason)s") % {"reason": text[:200]}, False, False


def datacoding(messages: Sequence[Outgoing]) -> str:
    """0 = GSM-7, 1 = Turkish single shift, 2 = UCS-2 (the widest message of the batch decides)."""
    codes = {encoding.encoding_of(m.text) for m in messages}
    if encoding.UCS2 in codes:
        return "2"
    return "1" if encoding.GSM7_TR in codes else "0"


class VerimorProvider(Provider):
    name = "verimor"
    idempotent = True

    def _credentials(self) -> dict[str, str]:
        username, password = setting("SMS_VERIMOR_USERNAME"), setting("SMS_VERIMOR_PASSWORD")
        if not (username and password and setting("SMS_SENDER")):
            raise ProviderError(
                _("Verimor is chosen but its user name, password or sender name is not set."), pause=True
            )
        return {"username": username, "password": password}

    def _url(self, path: str) -> str:
        return setting("SMS_VERIMOR_URL", BASE_URL).rstrip("/") + path

    def send(self, messages: Sequence[Outgoing], *, key: str) -> Accepted:
        body = {
            **self._credentials(),
            "source_addr": setting("SMS_SENDER"),
            "custom_id": key,
            "datacoding": datacoding(messages),
            "valid_for": "48:00",
            "is_commercial": False,
            "messages": [{"msg": m.text, "dest": international(m.number)} for m in messages],
        }
        try:
            response = self.client().post(self._url("/v2/send.json"), json=body)
        except httpx.HTTPError as exc:
            raise ProviderError(
                _("Verimor could not be reached (%(error)s).") % {"error": exc.__class__.__name__},
                retryable=True,
                maybe_accepted=transport_error(exc),
            ) from exc
        text = response.text.strip()
        if response.status_code >= 500:
            raise ProviderError(
                _("Verimor answered with a server error (HTTP %(status)s).") % {"status": response.status_code},
                retryable=True,
            )
        if response.status_code != 200:
            if "CUSTOM_ID" in text.upper() or "DOUBLE" in text.upper():
                return Accepted(job_ref="", duplicate=True)  # this batch was accepted before
            message, retryable, pause = error_message(text)
            raise ProviderError(message, code=str(response.status_code), retryable=retryable, pause=pause)
        return Accepted(job_ref=text)

    def report(self, job_refs: Sequence[str]) -> list[Report]:
        reports = []
        for job in job_refs:
            params = {**self._credentials(), "id": job}
            try:
                response = self.client().get(self._url("/v2/status"), params=params)
            except httpx.HTTPError as exc:
                raise ProviderError(
                    _("Verimor could not be reached (%(error)s).") % {"error": exc.__class__.__name__}, retryable=True
                ) from exc
            if response.status_code != 200:
                message, retryable, pause = error_message(response.text.strip())
                raise ProviderError(message, code=str(response.status_code), retryable=retryable, pause=pause)
            try:
                rows = response.json()
            except ValueError as exc:
                raise ProviderError(_("Verimor gave an answer that could not be read.")) from exc
            for row in rows if isinstance(rows, list) else []:
                status = STATUSES.get(str(row.get("status", "")).upper())
                if status:
                    reports.append(Report(number=from_provider(str(row.get("dest", ""))), status=status, job_ref=job))
        return reports
