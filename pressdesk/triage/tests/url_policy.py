"""Who may open the triage URLs (see ``pressdesk/testing/url_roles.py``).

The sample story belongs to the provincial unit and is matched to a watch
term of ``province.hospital``: the hospital's press officer sees it (read
only, may add a note); the other province's staff do not.
"""

from __future__ import annotations

from typing import Any

from pressdesk.monitoring.models import ItemMatch, WatchTerm
from pressdesk.testing.url_roles import ADMIN, UNIT, own_province

SEES_LIST = own_province(UNIT | ADMIN | {"affiliate_press"})
SEES_STORY = UNIT | ADMIN | {"affiliate_press"}
TRIAGES = UNIT | ADMIN

POLICY: dict[str, set[str] | str] = {
    "triage:live": SEES_LIST,
    "triage:poll": SEES_LIST,
    "triage:story": SEES_STORY,
    "triage:update": TRIAGES,
    "triage:assign": TRIAGES,
    "triage:note": SEES_STORY,
    "triage:forward": TRIAGES,
    "triage:resend_forward": TRIAGES,
    "triage:rule_list": own_province(UNIT | ADMIN),
    "triage:rule_create": own_province(UNIT | ADMIN),
    "triage:rule_edit": UNIT | ADMIN,
    "triage:alert_list": SEES_LIST,
    "triage:preferences": SEES_LIST,
}


def sample_kwargs(province: Any, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from pressdesk.triage.models import AlertRule, StoryForward

    item = world["item"]
    item.matched = True
    item.save(update_fields=["matched"])
    term = WatchTerm.objects.create(
        name=f"Şehir Hastanesi (triage) {world['marker']}",
        query="hastane",
        organization=province.hospital,
        province=province.directorate,
    )
    ItemMatch.objects.create(item=item, term=term, field="title", spans=[[0, 5, "Haber"]])
    rule = AlertRule.objects.create(name=f"Olumsuz {world['marker']}", organization=province.directorate)
    story = {"pk": world["story"].pk}
    forward = StoryForward.objects.create(story=world["story"], sender=province.staff, recipients=["a@example.gov.tr"])
    return {
        "triage:story": story,
        "triage:update": story,
        "triage:assign": story,
        "triage:note": story,
        "triage:forward": story,
        "triage:resend_forward": {"pk": world["story"].pk, "forward_pk": forward.pk},
        "triage:rule_edit": {"pk": rule.pk},
    }
