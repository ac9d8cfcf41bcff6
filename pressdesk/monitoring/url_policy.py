"""URL permissions of monitoring screens added after the first slice (the rest are in the central walk)."""

from pressdesk.testing.url_roles import ADMIN, UNIT

POLICY = {
    "monitoring:clip_add": UNIT | ADMIN | {"outsider"},  # another province's staff clip into their own province
}
