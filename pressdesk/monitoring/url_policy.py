"""URL permissions of monitoring screens added after the first slice (the rest are in the central walk)."""

from pressdesk.testing.url_roles import ADMIN, UNIT, own_province

POLICY = {
    "monitoring:clip_add": own_province(UNIT | ADMIN),  # another province's staff clip into their own province
}
