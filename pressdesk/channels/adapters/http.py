"""What every channel adapter shares: a guarded httpx client and one reading of error answers.

* Every connection goes through ``pressdesk.lib.safehttp`` (the SSRF guard of
  ``netguard``, a wall-clock deadline, answers decoded under a size cap, one
  content encoding): a channel's address (and every redirect) must be public
  unless an administrator allowed that channel's own host
  (``Channel.allow_internal_host``).
* An answer that is not a success becomes a ``ChannelError`` with a plain
  Turkish message: 429 is retryable after ``Retry-After`` (or the network's
  rate-limit reset header), 5xx and network failures are retryable, 401/403
  are not and mark the token as refused.
* Nothing here logs a header, a body or a credential; messages taken from a
  network's answer have the channel's secrets blanked out before they are
  shown or stored.
* ``publish``/``update``/``delete`` record their outcome on the channel row
  (``actions.record_outcome``), so a channel that starts failing is noticed.
"""

from __future__ import annotations

import datetime
import email.utils
import logging
import ssl
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

import httpx
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.channels.base import ChannelError, ChannelLimits, MediaFile, PostPayload, PublishResult, TokenHealth
from pressdesk.lib import netguard, safehttp

log = logging.getLogger("pressdesk.channels")

USER_AGENT = "BasinMasasi/1.0 (+https://github.com/; press desk of a provincial health directorate)"
TIMEOUT = httpx.Timeout(30.0, connect=10.0)
UPLOAD_TIMEOUT = httpx.Timeout(300.0, connect=10.0)
DEADLINE = 330.0  # wall clock per request, socket reads and writes included (uploads take the longest)
MAX_RESPONSE_BYTES = 5 * 1024 * 1024  # decoded; a network's answer is JSON of a few kilobytes
MAX_DETAIL = 300

_T = TypeVar("_T")


def ssl_context() -> ssl.SSLContext:
    """One verifying TLS context for every adapter: building one loads the CA bundle (~200 ms here)."""
    return safehttp.ssl_context()


def parse_retry_after(value: str | None, *, now: datetime.datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - (now or timezone.now())).total_seconds())


def parse_reset(value: str | None, *, now: datetime.datetime | None = None) -> float | None:
    """Seconds until a rate-limit reset given as epoch seconds or an ISO 8601 time."""
    if not value:
        return None
    now = now or timezone.now()
    value = value.strip()
    try:
        number = float(value)
    except ValueError:
        try:
            when = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.UTC)
        return max(0.0, (when - now).total_seconds())
    if number > 1_000_000_000:  # epoch seconds
        return max(0.0, number - now.timestamp())
    return max(0.0, number)


RESET_HEADERS = ("x-ratelimit-reset", "ratelimit-reset", "x-rate-limit-reset")


def retry_after_from(response: httpx.Response) -> float | None:
    seconds = parse_retry_after(response.headers.get("retry-after"))
    if seconds is not None:
        return seconds
    for header in RESET_HEADERS:
        seconds = parse_reset(response.headers.get(header))
        if seconds is not None:
            return seconds
    return None


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


def rate_limited_error(retry_after: float | None, status: int | None = 429) -> ChannelError:
    if retry_after is not None:
        message = _("The channel's rate limit was reached; it will be tried again in %(seconds)s seconds.") % {
            "seconds": round(retry_after)
        }
    else:
        message = _("The channel's rate limit was reached; it will be tried again later.")
    return ChannelError(message, retryable=True, retry_after=retry_after, status=status)


def token_error(detail: str, status: int | None) -> ChannelError:
    message = _("The channel refused the access token (%(detail)s). Reconnect the channel with a new token.") % {
        "detail": detail or str(status)
    }
    return ChannelError(message, retryable=False, status=status, token_invalid=True)


def refused_error(detail: str, status: int | None) -> ChannelError:
    return ChannelError(
        _("The channel refused the post: %(detail)s") % {"detail": detail or str(status)},
        retryable=False,
        status=status,
    )


def server_error(status: int) -> ChannelError:
    return ChannelError(
        _("The channel's server answered an error (%(status)s); it will be tried again.") % {"status": status},
        retryable=True,
        status=status,
    )


def not_found_error(status: int | None = 404) -> ChannelError:
    return ChannelError(
        _("The post was not found on the channel (it may have been deleted there)."), retryable=False, status=status
    )


def setting_missing(field: str) -> ChannelError:
    return ChannelError(_("The channel is missing a setting: %(field)s.") % {"field": field}, retryable=False)


def media_error(message: str) -> ChannelError:
    return ChannelError(message, retryable=False)


class HttpAdapter:
    """Base of the adapters: subclasses implement ``_publish``, ``_update``, ``_delete``, ``_check``."""

    kind: str
    limits: ChannelLimits
    secret_names: ClassVar[tuple[str, ...]] = ()

    def __init__(self, channel: Any, *, transport: httpx.BaseTransport | None = None) -> None:
        from pressdesk.channels.limits import LIMITS

        self.channel = channel
        self.limits = LIMITS[self.kind]
        from pressdesk.channels.crypto import CredentialsUnreadable

        self._credentials_unreadable = False
        try:
            self.credentials: dict[str, str] = channel.get_credentials()
        except CredentialsUnreadable:
            # Reported as a refused token when a secret is needed (the key changed: reconnect).
            self.credentials = {}
            self._credentials_unreadable = True
        self.options: dict[str, Any] = dict(channel.options or {})
        self._transport = transport
        self._client: httpx.Client | None = None

    # --- The interface (ChannelAdapter) ---------------------------------------

    def publish(self, payload: PostPayload) -> PublishResult:
        return self._recorded(lambda: self._publish(payload))

    def update(self, remote_id: str, payload: PostPayload) -> PublishResult:
        if not self.limits.supports_edit:
            raise ChannelError(_("This channel does not allow editing a post."), retryable=False)
        return self._recorded(lambda: self._update(remote_id, payload))

    def delete(self, remote_id: str) -> None:
        if not self.limits.supports_delete:
            raise ChannelError(_("This channel does not allow deleting a post."), retryable=False)
        self._recorded(lambda: self._delete(remote_id))

    def check(self) -> TokenHealth:
        try:
            return self._check()
        except ChannelError as exc:
            return TokenHealth(ok=False, message=exc.message, token_invalid=exc.token_invalid)
        finally:
            self.close()

    # --- For subclasses ----------------------------------------------------

    def _publish(self, payload: PostPayload) -> PublishResult:
        raise NotImplementedError

    def _update(self, remote_id: str, payload: PostPayload) -> PublishResult:
        raise NotImplementedError

    def _delete(self, remote_id: str) -> None:
        raise NotImplementedError

    def _check(self) -> TokenHealth:
        raise NotImplementedError

    def error_detail(self, response: httpx.Response) -> str:
        """The network's own words for an error answer (subclasses read their format)."""
        try:
            data = response.json()
        except ValueError:
            return response.reason_phrase or ""
        if isinstance(data, dict):
            for key in ("error_description", "message", "error", "detail", "title"):
                value = data.get(key)
                if isinstance(value, str) and value:
                    return value
                if isinstance(value, dict) and isinstance(value.get("message"), str):
                    return str(value["message"])
        return response.reason_phrase or ""

    def classify(self, response: httpx.Response) -> ChannelError:
        """Turn an error answer into a ChannelError (subclasses refine with the network's codes)."""
        status = response.status_code
        detail = self.safe_detail(response)
        if status == 429:
            return rate_limited_error(retry_after_from(response))
        if status in (401, 403):
            return token_error(detail, status)
        if status in (404, 410):
            return not_found_error(status)
        if status >= 500:
            error = server_error(status)
            error.retry_after = retry_after_from(response)
            return error
        return refused_error(detail, status)

    def safe_detail(self, response: httpx.Response) -> str:
        detail = " ".join(self.error_detail(response).split())[:MAX_DETAIL]
        return redact(detail, self.credentials.values())

    def secret(self, name: str, label: str) -> str:
        value = self.credentials.get(name, "")
        if not value and self._credentials_unreadable:
            raise ChannelError(
                _("The stored token cannot be decrypted; connect the channel again."), token_invalid=True
            )
        if not value:
            raise setting_missing(label)
        return value

    def url(self, path: str, base: str | None = None) -> str:
        root = (base if base is not None else self.channel.base_url or "").rstrip("/")
        if not root:
            raise setting_missing(_("address"))
        return f"{root}{path}"

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = safehttp.safe_client(
                allow=self.channel.allowed_hosts,
                transport=self._transport,
                timeout=TIMEOUT,
                deadline=DEADLINE,
                max_bytes=MAX_RESPONSE_BYTES,
                headers={"User-Agent": USER_AGENT},
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def request(
        self,
        method: str,
        url: str,
        *,
        ok: Iterable[int] = (),
        headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send one request; answer the response if it succeeded, else raise ``ChannelError``."""
        parts = urlsplit(url)
        if parts.scheme not in netguard.ALLOWED_SCHEMES or not parts.hostname:
            raise ChannelError(_("The channel's address is not a valid http(s) address."), retryable=False)
        try:
            response = self.client.request(method, url, headers=headers, **kwargs)
        except netguard.BlockedAddressError as exc:
            raise ChannelError(
                _("The channel's address is on an internal network; an administrator must allow it first."),
                retryable=False,
            ) from exc
        except safehttp.ResponseRefusedError as exc:
            log.info("channel %s (%s): answer refused: %s", self.channel.pk, self.kind, exc)
            raise ChannelError(
                _("The channel's answer was refused (too large or in an unsupported encoding)."), retryable=False
            ) from exc
        except httpx.TimeoutException as exc:
            raise ChannelError(
                _("The channel did not answer in time; it will be tried again."), retryable=True
            ) from exc
        except httpx.TransportError as exc:
            raise ChannelError(
                _("The channel could not be reached (%(detail)s); it will be tried again.")
                % {"detail": type(exc).__name__},
                retryable=True,
            ) from exc
        if response.is_success or response.status_code in set(ok):
            return response
        error = self.classify(response)
        log.info(
            "channel %s (%s) answered %s to %s %s", self.channel.pk, self.kind, response.status_code, method, parts.path
        )
        raise error

    def json(self, response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError as exc:
            raise ChannelError(
                _("The channel answered something that is not JSON (%(status)s).") % {"status": response.status_code},
                retryable=response.status_code >= 500,
                status=response.status_code,
            ) from exc
        if not isinstance(data, dict):
            raise ChannelError(
                _("The channel answered something that is not JSON (%(status)s).") % {"status": response.status_code},
                retryable=False,
                status=response.status_code,
            )
        return data

    # --- Media -------------------------------------------------------------

    def images(self, payload: PostPayload) -> list[MediaFile]:
        images = [media for media in payload.media if media.content_type.startswith("image/")]
        if len(images) > self.limits.max_images:
            images = images[: self.limits.max_images]
        for media in images:
            try:
                size = media.size()
            except OSError as exc:
                raise media_error(_("A photo of the post could not be read.")) from exc
            if size > self.limits.image_max_bytes:
                raise media_error(
                    _("A photo is too large for this channel (%(size)s KB; at most %(limit)s KB).")
                    % {"size": size // 1024, "limit": self.limits.image_max_bytes // 1024}
                )
        return images

    # --- Outcome -----------------------------------------------------------

    def _recorded(self, call: Callable[[], _T]) -> _T:
        from pressdesk.channels import actions

        try:
            result = call()
        except ChannelError as exc:
            if getattr(self.channel, "pk", None):
                actions.record_outcome(channel_id=self.channel.pk, error=exc)
            raise
        finally:
            self.close()
        if getattr(self.channel, "pk", None):
            actions.record_outcome(channel_id=self.channel.pk, error=None)
        return result
