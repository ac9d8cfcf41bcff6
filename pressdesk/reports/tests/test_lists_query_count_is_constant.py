"""The report list and the distribution list do not run a query per row."""

import datetime

from django.urls import reverse
from django.utils import timezone

from pressdesk.reports import actions
from pressdesk.reports.tests.helpers import add_recipient


def _reports(province, n):
    end = timezone.now().replace(microsecond=0)
    for i in range(n):
        actions.prepare_report(
            actor=province.staff,
            province=province.directorate,
            kind="daily",
            end=end - datetime.timedelta(days=i + 100 * n),
        )


def test_report_list(province, client, login, django_assert_max_num_queries):
    login(province.staff)
    _reports(province, 2)
    with django_assert_max_num_queries(
        18
    ) as few:  # the page, plus the navigation's İşlerim count: one query per provider
        assert client.get(reverse("reports:report_list")).status_code == 200
    _reports(province, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("reports:report_list"))
    assert len(response.context["reports"]) == 22


def test_distribution_list(province, client, login, django_assert_max_num_queries):
    login(province.staff)
    add_recipient(province, user=province.director)
    with django_assert_max_num_queries(
        19
    ) as few:  # the page, plus the navigation's İşlerim count: one query per provider
        assert client.get(reverse("reports:settings")).status_code == 200
    for n in range(15):
        add_recipient(province, email=f"kisi{n}@example.gov.tr", organization=province.hospital)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("reports:settings")).status_code == 200
