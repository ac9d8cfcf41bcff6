from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from pressdesk.approvals import actions as approvals
from pressdesk.creative import actions
from pressdesk.creative.models import SpecialDay

pytestmark = pytest.mark.django_db


def _approve_all(flow):  # type: ignore[no-untyped-def]
    signers = []
    while True:
        flow.refresh_from_db()
        step = flow.steps.filter(status="current").first()
        if step is None:
            return signers
        user = approvals.eligible_users(flow, step)[0]
        signers.append(user.role)
        approvals.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)


def test_last_years_package_is_offered_and_the_approved_one_goes_to_publishing(province):
    day = SpecialDay.objects.get(name="Dünya Sağlık Günü")
    old = actions.start_package(actor=province.staff, day=day, year=2029)
    actions.save_package(actor=province.staff, package=old, press_text="Geçen yılın metni", social_posts="X: Sağlık")
    package = actions.start_package(actor=province.staff, day=day, year=2030)
    assert package.press_text == "Geçen yılın metni"
    with pytest.raises(ValidationError):
        actions.hand_to_publishing(actor=province.staff, package=package)
    flow = actions.submit_package(actor=province.staff, package=package)
    with pytest.raises(ValidationError):
        actions.save_package(actor=province.staff, package=package, press_text="değişti", social_posts="")
    signers = _approve_all(flow)
    assert signers[-1] == "director"
    story = actions.hand_to_publishing(actor=province.staff, package=package)
    assert story.title == "Dünya Sağlık Günü"
    assert story.event_date.isoformat() == "2030-04-07"
    assert actions.hand_to_publishing(actor=province.staff, package=package) == story  # once
