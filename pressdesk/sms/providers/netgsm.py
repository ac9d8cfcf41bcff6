"""Netgsm REST v2: ``POST /sms/rest/v2/send`` (n:n messages), ``POST /sms/rest/v2/report``.

HTTP Basic authentication; ``iysfilter "0"`` = informational (no İYS check);
``encoding "TR"`` = the Turkish single shift table. Netgsm has no caller-chosen
id: a batch is recorded as sent in the same transaction that claimed it.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx
from django.utils.translation import gettext as _

from pressdesk.sms.providers.base import (
    Accepted,
    Outgoing,
    Provider,
    ProviderError,
    Report,
    from_provider,
    national,
    setting,
    transport_error,
)

BASE_URL = "https://api.netgsm.com.tr"


def error_message(code: str) -> str:
    messages = {
        "20": _("Netgsm: the message text or its length is not accepted."),
        "30": _("Netgsm: invalid user name or password, or this server's address is not allowed."),
        "40": _("Netgsm: the sender name (header) is not defined for the account."),
        "50": _("Netgsm: the İYS check failed."),
        "51": _("Netgsm: the İYS brand code is missing."),
        "60": _("Netgsm: no record of this job."),
        "70": _("Netgsm: a parameter is wrong or missing."),
        "80": _("Netgsm: the sending limit was exceeded."),
        "85": _("Netgsm: more than 20 messages to one number within a minute."),
        "100": _("Netgsm: system error at the provider."),
        "101": _("Netgsm: system error at the provider."),
    }
    return messages.get(code, _("Netgsm refused the message (code %(code)s).") % {"code": code})


# Netgsm report status → Recipient.Status
STATUSES = {"1": "delivered", "2": "expired", "3": "rejected", "4": "not_delivered", "11": "rejected", "12": "failed"}


class NetgsmProvider(Provider):
    name = "netgsm"
    idempotent = False

    def _auth(self) -> tuple[str, str]:
        username, password = setting("SMS_NETGSM_USERNAME"), setting("SMS_NETGSM_PASSWORD")
        if not (username and password and setting("SMS_SENDER")):
            raise ProviderError(
                _("Netgsm is chosen but its user name, password or sender name is not set."), pause=True
            )
        return username, password

    def _post(self, path: str, body: dict) -> dict:
        auth = self._auth()
        try:
            response = self.client().post(setting("SMS_NETGSM_BASE_URL", BASE_URL) + path, json=body, auth=auth)
        except httpx.HTTPError as exc:
            raise ProviderError(
                _("Netgsm could not be reached (%(error)s).") % {"error": exc.__class__.__name__},
                retryable=True,
                maybe_accepted=transport_error(exc),
            ) from exc
        if response.status_code >= 500:
            raise ProviderError(
                _("Netgsm answered with a server error (HTTP %(status)s).") % {"status": response.status_code},
                retryable=True,
            )
        try:
            data = response.json()
        except ValueError as exc:
            raise ProviderError(
                _("Netgsm gave an answer that could not be read (HTTP %(status)s).") % {"status": response.status_code}
            ) from exc
        code = str(data.get("code", ""))
        if code != "00":
            raise ProviderError(
                error_message(code), code=code, retryable=code in {"80", "85", "100", "101"}, pause=code in {"30", "40"}
            )
        return data

    def send(self, messages: Sequence[Outgoing], *, key: str) -> Accepted:
        data = self._post(
            "/sms/rest/v2/send",
            {
                "msgheader": setting("SMS_SENDER"),
                "messages": [{"msg": m.text, "no": national(m.number)} for m in messages],
                "encoding": "TR",
                "iysfilter": "0",
            },
        )
        return Accepted(job_ref=str(data.get("jobid", "")))

    def report(self, job_refs: Sequence[str]) -> list[Report]:
        data = self._post("/sms/rest/v2/report", {"bulkIds": list(job_refs)})
        reports = []
        for job in data.get("jobs", []):
            status = STATUSES.get(str(job.get("status", "")))
            if status:
                reports.append(
                    Report(
                        number=from_provider(str(job.get("number", ""))),
                        status=status,
                        job_ref=str(job.get("jobid", "")),
                    )
                )
        return reports
