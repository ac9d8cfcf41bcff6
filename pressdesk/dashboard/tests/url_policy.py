"""URL permissions of the home screen (see ``pressdesk/testing/url_roles.py``).

Everybody who logs in opens it; each card shows only what the user's own
province (or institution) holds, which the walk checks with the records it
creates in both provinces.
"""

from __future__ import annotations

from pressdesk.testing.url_roles import ALL

POLICY: dict[str, set[str] | str] = {
    "home": ALL,
    "home_layout": ALL,  # each user's own layout; there is nobody else's to reach
}
