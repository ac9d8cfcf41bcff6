import pytest

from pressdesk.monitoring.models import Item
from pressdesk.monitoring.tests.factories import SourceFactory
from pressdesk.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["outlet", "source", "fetchlog", "item", "story", "watchterm", "itemmatch"])
def test_admin_lists_open(client: object, model: str) -> None:
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)  # type: ignore[attr-defined]
    assert client.get(f"/django-admin/monitoring/{model}/").status_code == 200  # type: ignore[attr-defined]


def test_items_are_read_only_in_admin(client: object) -> None:
    source = SourceFactory()
    item = Item.objects.create(source=source, outlet=source.outlet, identity_hash="x", title="Başlık")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))  # type: ignore[attr-defined]
    assert client.get("/django-admin/monitoring/item/add/").status_code == 403  # type: ignore[attr-defined]
    page = client.get(f"/django-admin/monitoring/item/{item.pk}/change/")  # type: ignore[attr-defined]
    assert page.status_code == 200 and b'name="title"' not in page.content
