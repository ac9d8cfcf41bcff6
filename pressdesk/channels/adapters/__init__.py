"""One adapter per network, each behind the ``ChannelAdapter`` interface (``base.py``)."""

from __future__ import annotations

from pressdesk.channels import registry


def register_all() -> None:
    from pressdesk.channels.adapters.bluesky import BlueskyAdapter
    from pressdesk.channels.adapters.mastodon import MastodonAdapter
    from pressdesk.channels.adapters.meta import FacebookAdapter, InstagramAdapter
    from pressdesk.channels.adapters.webhook import WebhookAdapter
    from pressdesk.channels.adapters.wordpress import WordPressAdapter
    from pressdesk.channels.adapters.x import XAdapter
    from pressdesk.channels.adapters.youtube import YouTubeAdapter

    registry.register(MastodonAdapter.kind, MastodonAdapter)
    registry.register(BlueskyAdapter.kind, BlueskyAdapter)
    registry.register(FacebookAdapter.kind, FacebookAdapter)
    registry.register(InstagramAdapter.kind, InstagramAdapter)
    registry.register(XAdapter.kind, XAdapter)
    registry.register(WordPressAdapter.kind, WordPressAdapter)
    registry.register(WebhookAdapter.kind, WebhookAdapter)
    registry.register(YouTubeAdapter.kind, YouTubeAdapter)
