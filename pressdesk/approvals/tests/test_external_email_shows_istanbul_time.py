"""The external approval e-mail states the link's expiry in Istanbul time, never UTC."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from pressdesk.approvals import actions

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.mark.parametrize("active_zone", [None, "UTC"])
def test_the_link_expiry_is_printed_in_istanbul_time(
    province, letter, chain, mailoutbox, django_capture_on_commit_callbacks, time_machine, settings, active_zone
):
    settings.APPROVAL_LINK_DAYS = 7
    # 22:30 UTC is 01:30 the next day in Istanbul (UTC+3): the day and the hour both differ.
    time_machine.move_to(datetime.datetime(2026, 12, 5, 22, 30, tzinfo=UTC), tick=False)
    flow = chain.to_signed(actions.submit(actor=province.staff, target=letter, needs_external=True))
    with django_capture_on_commit_callbacks(execute=True):
        if active_zone:
            with timezone.override(zoneinfo.ZoneInfo(active_zone)):
                actions.send_external(
                    actor=province.staff, flow=flow, targets=[actions.ExternalTarget(province.ministry_press, "b@x.tr")]
                )
        else:
            actions.send_external(
                actor=province.staff, flow=flow, targets=[actions.ExternalTarget(province.ministry_press, "b@x.tr")]
            )
    [mail] = mailoutbox
    assert "13.12.2026 01:30" in mail.body
    assert "12.12.2026 22:30" not in mail.body
