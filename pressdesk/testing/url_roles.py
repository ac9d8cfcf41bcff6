"""Role sets for the URL permission walk (``pressdesk/tests/test_url_permissions.py``).

An app adds its URLs to the walk with a ``url_policy`` module of its own
(``pressdesk/<app>/url_policy.py``) holding:

* ``POLICY``: URL name → the set of roles below that may open it, or ``PUBLIC``;
* optionally ``sample_kwargs(province, world) -> dict[str, dict]``: URL name →
  the keyword arguments to reverse it with, creating the app's sample records
  (which belong to the provincial unit or to ``province.hospital``).
"""

from __future__ import annotations

ROLES = ["staff", "unit_head", "chief", "director", "affiliate_press", "requester", "admin", "outsider"]
ALL = set(ROLES)
UNIT = {"staff", "unit_head", "chief", "director"}
ADMIN = {"admin"}
SUPERIORS = {"unit_head", "chief", "director", "admin"}
SEES_UNIT_RECORD = UNIT | ADMIN  # a record of the provincial unit
PUBLIC = "public"
