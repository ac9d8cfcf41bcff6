"""The newsroom: cache entries only for parameters it reads, a per-address rate limit, a capped body."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_unknown_query_parameters_do_not_create_cache_entries(client):
    url = reverse("newsroom:index")
    assert client.get(url + "?x=1")["X-Newsroom-Cache"] == "miss"
    assert client.get(url + "?x=2")["X-Newsroom-Cache"] == "hit"
    assert client.get(url + "?utm_source=twitter&page=1")["X-Newsroom-Cache"] == "hit"
    assert client.get(url)["X-Newsroom-Cache"] == "hit"


def test_a_page_number_past_the_end_is_not_stored_under_that_number(client):
    url = reverse("newsroom:index")
    for number in (99998, 99999):
        response = client.get(f"{url}?page={number}")
        assert response.status_code == 200
        assert response.get("X-Newsroom-Cache") is None


def test_newsroom_answers_429_past_the_limit(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "newsroom": (3, 60)}
    url = reverse("newsroom:index")
    statuses = [client.get(url, REMOTE_ADDR="203.0.113.20").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert client.get(reverse("newsroom:feed"), REMOTE_ADDR="203.0.113.20").status_code == 429
    assert client.get(url, REMOTE_ADDR="203.0.113.21").status_code == 200


def test_unsubscribe_is_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "unsubscribe": (2, 60)}
    statuses = [client.post(f"/newsroom/unsubscribe/sahte-{n}/").status_code for n in range(4)]
    assert statuses == [404, 404, 429, 429]


def test_an_anonymous_request_body_over_the_cap_is_refused_before_it_is_read(client, settings):
    settings.ANONYMOUS_REQUEST_MAX_BYTES = 1024
    response = client.post("/newsroom/unsubscribe/sahte/", {"x": "a" * 5000})
    assert response.status_code == 413


def test_a_logged_in_request_body_over_the_cap_is_refused(province, login, settings):
    settings.REQUEST_MAX_BYTES = 10 * 1024
    response = login(province.staff).post(reverse("monitoring:clip_add"), {"url": "https://example.org/" + "a" * 20000})
    assert response.status_code == 413
    assert "büyük" in response.content.decode()
