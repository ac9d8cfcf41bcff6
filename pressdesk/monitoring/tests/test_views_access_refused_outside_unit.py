"""Only the unit's roles and administrators use media monitoring; others get 403, other provinces 404."""

import pytest
from django.urls import reverse

from pressdesk.monitoring.models import Story, WatchTerm
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def _urls(source, story, term):
    return [
        ("get", reverse("monitoring:story_list")),
        ("get", reverse("monitoring:story_detail", args=[story.pk])),
        ("get", reverse("monitoring:archive")),
        ("get", reverse("monitoring:archive_export")),
        ("get", reverse("monitoring:source_list")),
        ("get", reverse("monitoring:source_create")),
        ("get", reverse("monitoring:source_detail", args=[source.pk])),
        ("get", reverse("monitoring:source_edit", args=[source.pk])),
        ("post", reverse("monitoring:source_poll", args=[source.pk])),
        ("post", reverse("monitoring:source_toggle", args=[source.pk])),
        ("get", reverse("monitoring:term_list")),
        ("get", reverse("monitoring:term_create")),
        ("get", reverse("monitoring:term_edit", args=[term.pk])),
    ]


@pytest.fixture
def rows(province):
    source = SourceFactory(organization=province.directorate)
    story = Story.objects.create(title="Gebze hastanesinde yangın tatbikatı", item_count=1)
    source.items.create(
        outlet=source.outlet, identity_hash="x", title="Gebze hastanesinde yangın tatbikatı", story=story
    )
    term = WatchTerm.objects.create(name="Şehir Hastanesi", query='"Şehir Hastanesi"', province=province.directorate)
    return source, story, term


@pytest.mark.parametrize("role", ["affiliate", "requester"])
def test_other_roles_are_refused_everywhere(province, login, rows, role):
    client = login(getattr(province, role))
    for method, url in _urls(*rows):
        assert getattr(client, method)(url).status_code == 403, url


def test_staff_of_another_province_sees_none_of_this_province(province, login, rows):
    source, story, _term = rows
    client = login(province.outsider)
    assert client.get(reverse("monitoring:source_detail", args=[source.pk])).status_code == 404
    assert client.get(reverse("monitoring:story_detail", args=[story.pk])).status_code == 404
    assert client.post(reverse("monitoring:source_poll", args=[source.pk])).status_code == 404
    assert story.title not in client.get(reverse("monitoring:story_list")).content.decode()
    assert source.name not in client.get(reverse("monitoring:source_list")).content.decode()


def test_unit_staff_and_admin_get_in(province, login, rows):
    source, story, term = rows
    for user in (province.staff, province.admin):
        client = login(user)
        for method, url in _urls(source, story, term):
            if method == "get":
                assert client.get(url).status_code == 200, url
