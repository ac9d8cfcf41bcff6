"""One interface for every SMS provider.

``Provider.send(messages, key=…)`` hands one batch (personalised texts, one per
number) to the provider and returns what it accepted; ``Provider.report(refs)``
reads the delivery status of earlier sends. Every message is sent flagged as
informational (not commercial) for İYS. A refusal is a ``ProviderError`` whose
message is shown to the user in Turkish; ``retryable`` says whether trying
again later may help, ``pause`` that the campaign must wait for a person
(insufficient credit, wrong credentials), ``maybe_accepted`` that the request
may have reached the provider (a timeout).

Idempotency: ``key`` is the batch's own key, the same on every attempt.
Providers that honour a caller-chosen id (Verimor ``custom_id``) or refuse a
repeated order (İleti Merkezi 451) use it, so sending a batch again after a
timeout does not deliver it twice (``idempotent = True``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import httpx
from django.conf import settings

from pressdesk.lib import safehttp

TIMEOUT = httpx.Timeout(15.0, connect=5.0)
DEADLINE = 30.0
MAX_RESPONSE_BYTES = 1024 * 1024


class ProviderError(Exception):
    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        retryable: bool = False,
        pause: bool = False,
        maybe_accepted: bool = False,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.retryable = retryable
        self.pause = pause
        # The request may have reached the provider (a timeout after sending): sending again is safe only with
        # a provider that honours the idempotency key.
        self.maybe_accepted = maybe_accepted


def transport_error(exc: httpx.HTTPError) -> bool:
    """``maybe_accepted`` of a transport error: only a refused connection certainly sent nothing."""
    return not isinstance(exc, httpx.ConnectError)


@dataclass(frozen=True)
class Outgoing:
    ref: str  # our reference of the recipient (its primary key)
    number: str  # +905XXXXXXXXX
    text: str


@dataclass
class Accepted:
    job_ref: str
    message_refs: dict[str, str] = field(default_factory=dict)  # our ref → the provider's message id
    duplicate: bool = False  # the provider had this batch already (its idempotency answer)


@dataclass(frozen=True)
class Report:
    number: str  # +905XXXXXXXXX
    status: str  # a Recipient.Status value
    job_ref: str = ""


class Provider:
    name: ClassVar[str] = ""
    idempotent: ClassVar[bool] = False

    def __init__(self, client: httpx.Client | None = None) -> None:
        self._client = client

    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = safehttp.safe_client(
                allow=getattr(settings, "SMS_ALLOW_HOSTS", ()),
                timeout=TIMEOUT,
                deadline=DEADLINE,
                max_bytes=MAX_RESPONSE_BYTES,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def send(self, messages: Sequence[Outgoing], *, key: str) -> Accepted:
        raise NotImplementedError

    def report(self, job_refs: Sequence[str]) -> list[Report]:
        raise NotImplementedError


def national(number: str) -> str:
    """``+905321234567`` → ``5321234567``."""
    return number[3:] if number.startswith("+90") else number


def international(number: str) -> str:
    """``+905321234567`` → ``905321234567``."""
    return number.lstrip("+")


def from_provider(number: str) -> str:
    """A number as a provider writes it (``905…``, ``05…``, ``5…``) → ``+905…``."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if digits.startswith("90"):
        digits = digits[2:]
    return "+90" + digits.lstrip("0")


def setting(name: str, default: str = "") -> str:
    return str(getattr(settings, name, "") or default)
