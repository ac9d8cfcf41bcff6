"""A small provider-agnostic SMS client.

``send_sms(numbers, text)`` hands one informational message to the backend
named by ``settings.SMS_BACKEND``:

* ``console`` (development): writes the message to the log, numbers masked;
* ``locmem`` (tests): appends to ``pressdesk.lib.sms.outbox``;
* ``netgsm``: Netgsm's REST v2 API (``POST /sms/rest/v2/send``, HTTP Basic
  authentication, JSON body, ``iysfilter "0"`` = informational, ``encoding
  "TR"`` for the Turkish shift table). A reply other than ``code "00"`` is an
  ``SmsError`` with the provider's code and a readable reason.

Numbers are personal data (KVKK): they are never logged in full
(``mask``), and message bodies are not logged together with numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import httpx
from django.conf import settings

from pressdesk.lib import safehttp
from pressdesk.lib.phone import normalize_mobile

log = logging.getLogger(__name__)

NETGSM_URL = "https://api.netgsm.com.tr/sms/rest/v2/send"
NETGSM_ERRORS = {
    "20": "message text or length problem",
    "30": "invalid credentials or IP address not allowed",
    "40": "sender header (msgheader) not defined",
    "50": "İYS check failed",
    "51": "İYS brand code missing",
    "60": "no record for the given job",
    "70": "invalid or missing parameter",
    "80": "sending limit exceeded",
    "85": "more than 20 jobs to one number within a minute",
    "100": "provider system error",
    "101": "provider system error",
}
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
DEADLINE = 30.0
MAX_RESPONSE_BYTES = 64 * 1024  # Netgsm answers a few bytes of JSON


class SmsError(Exception):
    def __init__(self, message: str, *, code: str = "", retryable: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.retryable = retryable


@dataclass
class SmsMessage:
    numbers: list[str]
    text: str
    reference: str = ""
    extra: dict[str, str] = field(default_factory=dict)


outbox: list[SmsMessage] = []


def mask(number: str) -> str:
    """``+905321234567`` → ``+90532*****67``."""
    if len(number) < 7:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 8) + number[-2:]


def _national(number: str) -> str:
    """``+905321234567`` → ``5321234567`` (Netgsm's ``no`` format)."""
    return normalize_mobile(number)[3:]


def _send_console(message: SmsMessage) -> str:
    log.info("SMS to %s (%d characters)", ", ".join(mask(n) for n in message.numbers), len(message.text))
    return "console"


def _send_locmem(message: SmsMessage) -> str:
    outbox.append(message)
    return f"locmem-{len(outbox)}"


def _send_netgsm(message: SmsMessage, client: httpx.Client | None = None) -> str:
    username = settings.SMS_NETGSM_USERNAME
    password = settings.SMS_NETGSM_PASSWORD
    header = settings.SMS_SENDER
    if not (username and password and header):
        raise SmsError("Netgsm is selected but SMS_NETGSM_USERNAME, SMS_NETGSM_PASSWORD or SMS_SENDER is empty")
    body = {
        "msgheader": header,
        "messages": [{"msg": message.text, "no": _national(number)} for number in message.numbers],
        "encoding": "TR",
        "iysfilter": "0",
    }
    own = client is None
    http = client or safehttp.safe_client(timeout=TIMEOUT, deadline=DEADLINE, max_bytes=MAX_RESPONSE_BYTES)
    try:
        response = http.post(settings.SMS_NETGSM_URL or NETGSM_URL, json=body, auth=(username, password))
    except httpx.HTTPError as exc:
        raise SmsError(f"Netgsm could not be reached: {exc.__class__.__name__}", retryable=True) from exc
    finally:
        if own:
            http.close()
    if response.status_code >= 500:
        raise SmsError(f"Netgsm answered HTTP {response.status_code}", retryable=True)
    try:
        data = response.json()
    except ValueError as exc:
        raise SmsError(f"Netgsm answered HTTP {response.status_code} without JSON") from exc
    code = str(data.get("code", ""))
    if code != "00":
        reason = NETGSM_ERRORS.get(code, "unknown error")
        raise SmsError(f"Netgsm refused the message: {code} {reason}", code=code, retryable=code in {"80", "85", "100"})
    return str(data.get("jobid", ""))


def send_sms(numbers: Sequence[str], text: str, *, client: httpx.Client | None = None) -> str:
    """Send ``text`` to ``numbers`` (any Turkish mobile format) and return the provider's job id.

    Raises ``SmsError`` (``retryable`` tells whether trying later may help) or
    ``ValidationError`` for a number that is not a Turkish mobile number.
    """
    message = SmsMessage(numbers=[normalize_mobile(n) for n in numbers], text=text)
    if not message.numbers:
        return ""
    backend = settings.SMS_BACKEND
    if backend == "netgsm":
        return _send_netgsm(message, client)
    if backend == "locmem":
        return _send_locmem(message)
    if backend == "console":
        return _send_console(message)
    raise SmsError(f"Unknown SMS_BACKEND {backend!r} (console, locmem or netgsm)")
