"""A clip added by hand raises the province's alerts like a polled item."""

import pytest

from pressdesk.monitoring import actions as monitoring_actions
from pressdesk.monitoring.models import Outlet
from pressdesk.triage import actions
from pressdesk.triage.models import Alert
from pressdesk.triage.tests.helpers import NEGATIVE, hospital_term

pytestmark = pytest.mark.django_db


def test_hand_added_negative_clip_raises_an_alert(province, django_capture_on_commit_callbacks):
    hospital_term(province)
    actions.save_rule(
        actor=province.unit_head,
        organization=province.directorate,
        name="Olumsuz hastane haberleri",
        sentiment="negative",
        recipients=[province.unit_head],
    )
    outlet = Outlet.objects.create(name="Yerel Gazete", kind=Outlet.Kind.LOCAL_NEWSPAPER)
    title, text = NEGATIVE
    with django_capture_on_commit_callbacks(execute=True):
        item = monitoring_actions.add_manual_item(
            actor=province.staff, outlet=outlet, url="https://yerel.example/haber/1", title=title, text=text
        )
    assert item.source.organization == province.directorate
    alert = Alert.objects.get()
    assert alert.story_id == item.story_id


def test_each_province_clips_into_its_own_manual_source(province):
    outlet = Outlet.objects.create(name="Ulusal Gazete", kind=Outlet.Kind.NATIONAL_NEWSPAPER)
    mine = monitoring_actions.add_manual_item(
        actor=province.staff, outlet=outlet, url="https://ulusal.example/a", title="Birinci haber"
    )
    theirs = monitoring_actions.add_manual_item(
        actor=province.outsider, outlet=outlet, url="https://ulusal.example/b", title="İkinci haber"
    )
    assert mine.source.organization == province.directorate
    assert theirs.source.organization == province.other_directorate
    assert mine.source_id != theirs.source_id
