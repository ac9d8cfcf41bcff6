"""URL permissions of channel management (see ``pressdesk/testing/url_roles.py``).

The unit head and administrators manage the channels of their directorate;
the outsider (staff of another province) and everyone else are refused.
"""

from __future__ import annotations

from typing import Any

from pressdesk.testing.url_roles import ADMIN, own_province

MANAGERS = {"unit_head"} | ADMIN

POLICY: dict[str, set[str] | str] = {
    "channels:list": own_province(MANAGERS),
    "channels:create": own_province(MANAGERS),
    "channels:edit": MANAGERS,
    "channels:check": MANAGERS,
    "channels:delete": MANAGERS,
}


def sample_kwargs(province: Any, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from pressdesk.channels.models import Channel

    channel = Channel(organization=province.directorate, kind=Channel.Kind.MASTODON, name=f"Mastodon {world['marker']}")
    channel.base_url = "https://mastodon.example"
    channel.set_credentials({"access_token": "policy-walk-token"})
    channel.save()
    return {name: {"pk": channel.pk} for name in ("channels:edit", "channels:check", "channels:delete")}
