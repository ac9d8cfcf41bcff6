"""A double click on "send" sends the report once."""

from django.core import mail
from django.test import TestCase
from django.urls import reverse

from pressdesk.reports.tests.helpers import add_recipient, daily_report, send


def test_second_send_does_nothing(province, world):
    world.news("Şehir Hastanesi haberi")
    add_recipient(province, user=province.director)
    report = daily_report(province)
    assert send(report, province.staff) is True
    assert send(report, province.staff) is False
    assert len(mail.outbox) == 1
    assert report.deliveries.count() == 1


def test_two_posts_of_the_send_form_send_once(province, world, client, login):
    world.news("Şehir Hastanesi haberi")
    add_recipient(province, user=province.director)
    add_recipient(province, email="bashekim@example.gov.tr", organization=province.hospital)
    report = daily_report(province)
    login(province.staff)
    url = reverse("reports:report_send", args=[report.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        first = client.post(url)
    with TestCase.captureOnCommitCallbacks(execute=True):
        second = client.post(url)
    assert first.status_code == second.status_code == 302
    assert len(mail.outbox) == 2
    report.refresh_from_db()
    assert report.status == "sent"


def test_preparing_the_same_report_twice_gives_the_same_report(province):
    assert daily_report(province).pk == daily_report(province).pk
