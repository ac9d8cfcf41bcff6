"""What each channel accepts (``../shared/reference/social-apis.md`` and the networks' docs).

The editor shows these while typing; scheduling refuses a post over a limit.
"""

from __future__ import annotations

from pressdesk.channels.base import ChannelLimits
from pressdesk.channels.models import Channel

LIMITS: dict[str, ChannelLimits] = {
    Channel.Kind.WORDPRESS: ChannelLimits(max_text=100_000, max_images=20, supports_edit=True),
    Channel.Kind.WEBHOOK: ChannelLimits(max_text=100_000, max_images=20, supports_edit=True),
    # Graph API: 63,206 characters in a Page post; photos up to 4 MB (JPEG/PNG).
    Channel.Kind.FACEBOOK: ChannelLimits(
        max_text=63_206, max_images=10, image_max_bytes=4 * 1024 * 1024, supports_edit=True
    ),
    # Instagram: a caption of 2,200 characters; an image is required, aspect 4:5 to 1.91:1, 8 MB.
    Channel.Kind.INSTAGRAM: ChannelLimits(
        max_text=2_200,
        max_images=10,
        image_max_bytes=8 * 1024 * 1024,
        min_aspect=0.8,
        max_aspect=1.91,
        requires_image=True,
        supports_delete=False,
    ),
    Channel.Kind.X: ChannelLimits(max_text=280, max_images=4, image_max_bytes=5 * 1024 * 1024),
    # Bluesky counts graphemes; images up to 1,000,000 bytes.
    Channel.Kind.BLUESKY: ChannelLimits(max_text=300, max_images=4, image_max_bytes=1_000_000),
    Channel.Kind.MASTODON: ChannelLimits(
        max_text=500, max_images=4, image_max_bytes=16 * 1024 * 1024, supports_edit=True
    ),
    # YouTube: the title is 100 characters, the description 5,000.
    Channel.Kind.YOUTUBE: ChannelLimits(max_text=5_000, max_images=0, supports_edit=True),
}
