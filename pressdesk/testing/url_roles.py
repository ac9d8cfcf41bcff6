"""Role sets for the URL permission walk (``pressdesk/tests/test_url_permissions.py``).

An app adds its URLs to the walk with a ``url_policy`` module of its own
(``pressdesk/<app>/tests/url_policy.py``, test code, not shipped with the app) holding:

* ``POLICY``: URL name → the set of roles below that may open it, or ``PUBLIC``;
* optionally ``sample_kwargs(province, world) -> dict[str, dict]``: URL name →
  the keyword arguments to reverse it with, creating the app's sample records
  (which belong to the provincial unit or to ``province.hospital``). It is
  called for both provinces (``province`` is then a ``SecondProvince``): put
  ``world["marker"]`` in the records' names and titles, so the walk can check
  that no page shows one province's records to the other's users.

The second province's staff ("outsider"), unit head, director and press
officer walk every URL too: they are refused every record of the first
province, and open the lists (which must show only their own province's
records) where their first-province counterpart does — ``own_province()``.
"""

from __future__ import annotations

# The second province's roles and their counterparts in the first province.
OTHER_PROVINCE = {
    "outsider": "staff",
    "other_unit_head": "unit_head",
    "other_director": "director",
    "other_press": "affiliate_press",
}
ROLES = ["staff", "unit_head", "chief", "director", "affiliate_press", "requester", "admin", *OTHER_PROVINCE]
ALL = set(ROLES)
UNIT = {"staff", "unit_head", "chief", "director"}
ADMIN = {"admin"}
SUPERIORS = {"unit_head", "chief", "director", "admin"}
SEES_UNIT_RECORD = UNIT | ADMIN  # a record of the provincial unit
PUBLIC = "public"


def own_province(roles: set[str]) -> set[str]:
    """``roles`` and their second-province counterparts: a page showing each province its own records."""
    return roles | {other for other, role in OTHER_PROVINCE.items() if role in roles}
