"""İleti Merkezi: ``POST /v1/send-sms/json`` (one text per order), ``POST /v1/get-report/json``.

Authentication by API key and hash. A batch of personalised messages becomes
one order per distinct text. An order sent again after a timeout is answered
with 451 (duplicate order): it was accepted the first time, so it counts as
sent. ``iys "0"`` flags the messages as informational.
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

BASE_URL = "https://api.iletimerkezi.com"

# Report status of a message → Recipient.Status (110 waiting, 111 delivered, 112 not delivered).
STATUSES = {"111": "delivered", "112": "not_delivered", "113": "expired", "114": "rejected"}


def error_message(code: str) -> str:
    messages = {
        "400": _("İleti Merkezi: the request could not be understood."),
        "401": _("İleti Merkezi: invalid API key or hash."),
        "402": _("İleti Merkezi: the account has insufficient credit."),
        "450": _("İleti Merkezi: the sender name (header) is not approved."),
        "452": _("İleti Merkezi: the recipient numbers are not valid."),
        "453": _("İleti Merkezi: the order is too large."),
        "454": _("İleti Merkezi: the message text is empty."),
        "503": _("İleti Merkezi: the service is busy; trying again shortly."),
    }
    return messages.get(code, _("İleti Merkezi refused the message (code %(code)s).") % {"code": code})


class IletiMerkeziProvider(Provider):
    name = "iletimerkezi"
    idempotent = True

    def _auth(self) -> dict[str, str]:
        key, hash_ = setting("SMS_ILETIMERKEZI_KEY"), setting("SMS_ILETIMERKEZI_HASH")
        if not (key and hash_ and setting("SMS_SENDER")):
            raise ProviderError(
                _("İleti Merkezi is chosen but its API key, hash or sender name is not set."), pause=True
            )
        return {"key": key, "hash": hash_}

    def _post(self, path: str, request: dict) -> tuple[str, dict]:
        body = {"request": {"authentication": self._auth(), **request}}
        url = setting("SMS_ILETIMERKEZI_URL", BASE_URL).rstrip("/") + path
        try:
            response = self.client().post(url, json=body)
        except httpx.HTTPError as exc:
            raise ProviderError(
                _("İleti Merkezi could not be reached (%(error)s).") % {"error": exc.__class__.__name__},
                retryable=True,
                maybe_accepted=transport_error(exc),
            ) from exc
        try:
            data = response.json().get("response", {})
            code = str(data.get("status", {}).get("code", response.status_code))
        except (ValueError, AttributeError) as exc:
            if response.status_code >= 500:
                raise ProviderError(error_message("503"), code="503", retryable=True) from exc
            raise ProviderError(_("İleti Merkezi gave an answer that could not be read.")) from exc
        return code, data

    def send(self, messages: Sequence[Outgoing], *, key: str) -> Accepted:
        by_text: dict[str, list[Outgoing]] = {}
        for m in messages:
            by_text.setdefault(m.text, []).append(m)
        orders, duplicate = [], False
        for text, group in by_text.items():
            code, data = self._post(
                "/v1/send-sms/json",
                {
                    "order": {
                        "sender": setting("SMS_SENDER"),
                        "sendDateTime": [],
                        "iys": "0",
                        "iysList": "BIREYSEL",
                        "message": {"text": text, "receipents": {"number": [national(m.number) for m in group]}},
                    }
                },
            )
            if code == "451":
                duplicate = True  # the same order was accepted before: not sent again
                continue
            if code != "200":
                raise ProviderError(
                    error_message(code), code=code, retryable=code == "503", pause=code in {"401", "402", "450"}
                )
            orders.append(str(data.get("order", {}).get("id", "")))
        return Accepted(job_ref=",".join(o for o in orders if o), duplicate=duplicate and not orders)

    def report(self, job_refs: Sequence[str]) -> list[Report]:
        reports = []
        for job in job_refs:
            for order_id in filter(None, job.split(",")):
                code, data = self._post("/v1/get-report/json", {"order": {"id": order_id, "page": 1, "rowCount": 1000}})
                if code != "200":
                    raise ProviderError(error_message(code), code=code, retryable=code == "503")
                rows = data.get("order", {}).get("message", [])
                for row in rows if isinstance(rows, list) else [rows]:
                    status = STATUSES.get(str(row.get("status", "")))
                    if status:
                        reports.append(
                            Report(number=from_provider(str(row.get("number", ""))), status=status, job_ref=job)
                        )
        return reports
