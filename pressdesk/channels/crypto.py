"""Channel credentials at rest: Fernet (AES-128-CBC + HMAC-SHA256) through ``MultiFernet``.

Keys come from ``PRESSDESK_CREDENTIALS_KEY`` (or ``…_FILE``): one or more
Fernet keys, comma-separated, newest first. The first key encrypts; every key
decrypts, so a new key can be put in front and ``manage.py
rotate_channel_credentials`` re-encrypts the rows with it before the old one
is removed.

Without a configured key (the embedded mode) a key is derived from
``SECRET_KEY`` with HKDF-SHA256: the database alone still does not reveal the
tokens, but whoever has the settings has both. Production sets its own key
(``docs/decisions.md``); ``manage.py check --deploy`` warns otherwise.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_HKDF_INFO = b"pressdesk.channels.credentials.v1"


class CredentialsUnreadable(Exception):
    """The stored credentials do not decrypt with any configured key."""


def derived_key(secret_key: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO)
    return base64.urlsafe_b64encode(hkdf.derive(secret_key.encode("utf-8")))


def uses_derived_key() -> bool:
    return not list(getattr(settings, "CHANNEL_CREDENTIALS_KEYS", []))


def _fernet() -> MultiFernet:
    configured = [key for key in getattr(settings, "CHANNEL_CREDENTIALS_KEYS", []) if key]
    keys = configured or [derived_key(settings.SECRET_KEY).decode("ascii")]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as exc:
        # Never echo the key itself.
        raise ImproperlyConfigured(
            "PRESSDESK_CREDENTIALS_KEY must hold Fernet keys (32 url-safe base64 bytes), comma-separated"
        ) from exc


def encrypt(values: dict[str, str]) -> str:
    """Encrypt a small dict of secrets; empty dict → empty string."""
    clean = {name: value for name, value in values.items() if value}
    if not clean:
        return ""
    return _fernet().encrypt(json.dumps(clean, sort_keys=True).encode("utf-8")).decode("ascii")


def decrypt(token: str) -> dict[str, str]:
    if not token:
        return {}
    try:
        data: Any = json.loads(_fernet().decrypt(token.encode("ascii")))
    except (InvalidToken, ValueError) as exc:
        raise CredentialsUnreadable("channel credentials do not decrypt with the configured keys") from exc
    return {str(name): str(value) for name, value in dict(data).items()}


def rotate(token: str) -> str:
    """Re-encrypt ``token`` with the first (newest) key."""
    if not token:
        return ""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise CredentialsUnreadable("channel credentials do not decrypt with the configured keys") from exc
