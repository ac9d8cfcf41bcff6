"""Passwords stored on a source (an IMAP mailbox), encrypted at rest.

Fernet (AES-128-CBC + HMAC-SHA256) with a key derived from ``SECRET_KEY``:
a database dump alone does not reveal the password. Changing ``SECRET_KEY``
makes stored passwords unreadable: the source then reports that its password
must be entered again.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class SecretUnreadableError(Exception):
    pass


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"pressdesk.monitoring.sources.credentials:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(password: str) -> str:
    return _fernet().encrypt(password.encode("utf-8")).decode("ascii") if password else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError) as exc:
        raise SecretUnreadableError("The stored password cannot be read; enter it again.") from exc
