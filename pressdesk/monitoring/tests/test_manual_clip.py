"""Staff add a missed clip by hand; outsiders cannot."""

import pytest
from django.core.exceptions import PermissionDenied

from pressdesk.accounts.models import Role
from pressdesk.monitoring import actions
from pressdesk.monitoring.models import Item, Source, WatchTerm
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.monitoring.tests.factories import OutletFactory
from pressdesk.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_unit_member_adds_a_clip_that_is_matched_once() -> None:
    WatchTerm.objects.create(name="112", query="112")
    staff = UserFactory(role=Role.STAFF)
    outlet = OutletFactory()
    item = actions.add_manual_item(
        actor=staff,
        outlet=outlet,
        url="https://www.gazete.example/haber?utm_medium=x",
        title="<b>112</b> ekipleri",
        text="<script>x</script>Metin",
        engines=STUB_ENGINES,
    )
    assert item.title == "112 ekipleri"
    assert item.text == "Metin"
    assert item.url == "https://gazete.example/haber"
    assert item.matched and item.created_by == staff
    assert item.source.kind == Source.Kind.MANUAL and not item.source.is_active
    again = actions.add_manual_item(
        actor=staff, outlet=outlet, url="https://gazete.example/haber", title="112 ekipleri", engines=STUB_ENGINES
    )
    assert again.pk == item.pk
    assert Item.objects.count() == 1


@pytest.mark.parametrize("role", [Role.AFFILIATE_PRESS, Role.REQUESTER])
def test_outsider_cannot_add_a_clip(role: str) -> None:
    outsider = UserFactory(role=role)
    with pytest.raises(PermissionDenied):
        actions.add_manual_item(actor=outsider, outlet=OutletFactory(), url="https://x.example/", title="t")
