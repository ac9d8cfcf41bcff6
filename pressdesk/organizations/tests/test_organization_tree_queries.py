import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pressdesk.organizations.models import OrganizationKind
from pressdesk.organizations.queries import organization_tree
from pressdesk.testing.factories import UserFactory, make_org

pytestmark = pytest.mark.django_db


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_tree_page_query_count_does_not_grow_with_the_tree(province, login):
    client = login(province.admin)
    url = reverse("organizations:list")
    client.get(url)  # warm up session and caches
    before = _count_queries(client, url)

    parent = province.directorate
    for n in range(15):
        org = make_org(f"ek-{n}", OrganizationKind.DISTRICT_DIRECTORATE, parent, name=f"İlçe {n}")
        UserFactory(username=f"ilce{n}", organization=org)
        if n % 3 == 0:
            parent = org  # deeper levels too

    assert _count_queries(client, url) == before
    assert _count_queries(client, url + "?q=ilçe&kind=district_directorate") == before


def test_tree_is_in_path_order_with_user_counts_in_one_query(province, django_assert_num_queries):
    UserFactory(username="eski", organization=province.hospital, is_active=False)
    with django_assert_num_queries(1):
        tree = organization_tree(with_user_counts=True)
        by_code = {org.code: org for org in tree}
        paths = [org.path for org in tree]
        parents = [org.parent.code for org in tree if org.parent]
    assert paths == sorted(paths)
    assert "ism" in parents
    assert by_code["sehir"].user_count == 2
    assert by_code["sehir"].active_user_count == 1
    assert by_code["basin"].active_user_count == 3


def test_user_counts_are_shown_on_the_tree_page(province, login):
    body = login(province.admin).get(reverse("organizations:list")).content.decode()
    unit_row = body[body.index(f'id="org-{province.unit.pk}"') :]
    unit_row = unit_row[: unit_row.index("</tr>")]
    assert re.search(r'data-testid="user-count">\s*3\s', unit_row)
