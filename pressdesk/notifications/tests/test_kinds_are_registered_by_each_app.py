from __future__ import annotations

import pytest

from pressdesk.notifications import kinds
from pressdesk.notifications.models import Preference


def test_each_app_registers_its_notification_kinds_at_start() -> None:
    codes = [kind.code for kind in kinds.KINDS]
    for code in ("task_assigned", "approval_requested", "monitoring_alert", "infonote_opened", "news_submitted"):
        assert code in codes
    assert "channel_failing" in codes and "report_ready" in codes
    assert len(codes) == len(set(codes))
    assert kinds.KIND_BY_CODE["external_answered"].email is False


def test_kind_field_choices_follow_the_registry() -> None:
    field = Preference._meta.get_field("kind")
    assert [code for code, _label in field.choices] == [kind.code for kind in kinds.KINDS]


def test_registering_a_kind_again_is_harmless_but_a_clashing_code_is_refused() -> None:
    kind = kinds.KIND_BY_CODE["task_assigned"]
    count = len(kinds.KINDS)
    kinds.register(kind)
    assert len(kinds.KINDS) == count
    with pytest.raises(ValueError, match="task_assigned"):
        kinds.register(kinds.Kind("task_assigned", "other"))
