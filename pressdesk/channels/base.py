"""One interface for every publishing channel (process 1.1.5, 3.6).

The publishing module builds a ``PostPayload`` per channel and calls the
channel's adapter from a background task; adapters talk to the network's
documented API with ``httpx`` (see ``../shared/reference/social-apis.md``)
and raise ``ChannelError`` with a message fit for the user (Turkish through
gettext) when the network answers an error.

Idempotency: ``PostPayload.idempotency_key`` is unique per publication and
attempt series; an adapter that can (WordPress, webhooks, Mastodon's
``Idempotency-Key`` header) passes it to the network, and the publishing task
never calls ``publish`` again for a publication whose remote id is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any, Protocol

from django.core.files import File
from django.core.files.storage import default_storage


@dataclass(frozen=True)
class ChannelLimits:
    """What a channel accepts; shown while typing and enforced before scheduling."""

    max_text: int  # characters (graphemes where the network counts them)
    max_images: int = 4
    image_max_bytes: int = 5 * 1024 * 1024
    min_aspect: float | None = None  # width / height
    max_aspect: float | None = None
    requires_image: bool = False
    supports_edit: bool = False
    supports_delete: bool = True


@dataclass(frozen=True)
class MediaFile:
    """A file to upload, read through Django's storage API (``name`` is its name in the default storage)."""

    name: str
    content_type: str
    alt_text: str = ""
    # A public address of the same file (the newsroom's media URL): Instagram fetches photos
    # from a URL and cannot take an upload; webhooks pass it on instead of the bytes.
    url: str = ""

    @property
    def filename(self) -> str:
        return PurePosixPath(self.name).name

    def open(self) -> File:
        return default_storage.open(self.name, "rb")

    def size(self) -> int:
        return default_storage.size(self.name)

    def read_bytes(self) -> bytes:
        with self.open() as handle:
            return handle.read()


@dataclass(frozen=True)
class PostPayload:
    text: str  # channel-ready text, already within the channel's limit
    title: str = ""
    link: str = ""  # the story's page on the public newsroom
    html: str = ""  # sanitised body, for websites (WordPress, webhook)
    media: tuple[MediaFile, ...] = ()
    video_url: str = ""
    idempotency_key: str = ""


@dataclass(frozen=True)
class PublishResult:
    remote_id: str
    url: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TokenHealth:
    ok: bool
    message: str = ""
    expires_at: datetime | None = None
    token_invalid: bool = False  # the network refused the token (reconnect), not merely unreachable
    account: str = ""  # the account the token belongs to, as the network names it


class ChannelError(Exception):
    """The network refused or failed; ``message`` is shown to the user as is."""

    def __init__(
        self,
        message: str,
        *,
        retryable: bool = False,
        retry_after: float | None = None,
        status: int | None = None,
        token_invalid: bool = False,
    ):
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.retry_after = retry_after
        self.status = status
        # The network refused the credentials (401/403, Graph API code 190): reconnect, don't retry.
        self.token_invalid = token_invalid


class ChannelAdapter(Protocol):
    kind: str
    limits: ChannelLimits

    def publish(self, payload: PostPayload) -> PublishResult: ...

    def update(self, remote_id: str, payload: PostPayload) -> PublishResult: ...

    def delete(self, remote_id: str) -> None: ...

    def check(self) -> TokenHealth: ...
