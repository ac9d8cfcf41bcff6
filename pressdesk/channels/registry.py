"""Which adapter serves which channel kind.

Adapters register themselves (``register(Channel.Kind.MASTODON, MastodonAdapter)``)
in ``ChannelsConfig.ready``; ``get_adapter(channel)`` builds one for a channel
row with its decrypted credentials. The publishing tasks only ever call
``get_adapter`` and the ``ChannelAdapter`` methods (``base.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pressdesk.channels.base import ChannelAdapter

_FACTORIES: dict[str, Callable[[Any], ChannelAdapter]] = {}


def register(kind: str, factory: Callable[[Any], ChannelAdapter]) -> None:
    _FACTORIES[kind] = factory


def get_adapter(channel: Any) -> ChannelAdapter:
    try:
        factory = _FACTORIES[channel.kind]
    except KeyError:
        raise LookupError(f"no adapter for channel kind {channel.kind!r}") from None
    return factory(channel)


def is_registered(kind: str) -> bool:
    return kind in _FACTORIES
