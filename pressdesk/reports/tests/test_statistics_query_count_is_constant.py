"""The statistics page and the report aggregate in the database: the query count does not grow with the news."""

from django.urls import reverse

from pressdesk.reports import content, queries
from pressdesk.reports.tests.helpers import daily_report


def _fill(world, n):
    for i in range(n):
        world.news(
            f"Şehir Hastanesi haberi {i}",
            about="hospital" if i % 2 else "other_hospital",
            sentiment="negative" if i % 3 == 0 else "",
            importance=2 if i % 4 == 0 else 1,
            sources=[world.source, world.national_source, world.tv_source][: 1 + i % 3],
        )


def test_statistics_page_queries_do_not_grow(province, world, client, login, django_assert_max_num_queries):
    login(province.staff)
    _fill(world, 3)
    with django_assert_max_num_queries(23):  # the page, plus the navigation's İşlerim count: one query per provider
        assert client.get(reverse("reports:statistics"), {"period": "30"}).status_code == 200
    _fill(world, 30)
    with django_assert_max_num_queries(23):  # the page, plus the navigation's İşlerim count: one query per provider
        response = client.get(reverse("reports:statistics"), {"period": "30"})
    assert response.context["stats"].totals.stories == 33


def test_report_content_queries_do_not_grow(province, world, django_assert_max_num_queries):
    _fill(world, 40)
    report = daily_report(province)
    with django_assert_max_num_queries(12):
        gathered = content.gather(report, queries.scope_for_delivery(report, None))
    assert gathered.totals.stories == 40
    assert len(gathered.important) + len(gathered.others) == 40
