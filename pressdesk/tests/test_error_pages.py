"""A database outage shows a Turkish 503 page, any other failure a Turkish 500 page; neither needs the database."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("pressdesk.tests.error_urls")]


@pytest.fixture
def anonymous(settings):
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("url", ["/test-errors/database/", "/test-errors/interface/"])
def test_a_database_error_in_a_view_shows_the_503_page(anonymous, url, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = anonymous.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Hizmet geçici olarak kullanılamıyor" in body
    assert "yeniden deneyin" in body
    assert "try again" in body
    assert "Server Error (500)" not in body


def test_a_bug_shows_the_turkish_500_page(anonymous, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = anonymous.get("/test-errors/bug/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Beklenmeyen bir hata oluştu" in body and "yeniden deneyin" in body
    assert "Something went wrong" in body
    assert "Server Error (500)" not in body


def test_the_database_failing_while_loading_the_session_also_shows_the_503_page(anonymous, province, monkeypatch):
    anonymous.force_login(province.staff)

    def refuse(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionStore, "load", refuse)
    response = anonymous.get("/")
    assert response.status_code == 503
    assert "Hizmet geçici olarak kullanılamıyor" in response.content.decode()


def test_the_error_pages_are_static(settings):
    from django.template import loader

    for name in ("500.html", "503.html"):
        source = loader.get_template(name).template.source
        assert "{%" not in source and "{{" not in source  # no tags: nothing can query or fail
