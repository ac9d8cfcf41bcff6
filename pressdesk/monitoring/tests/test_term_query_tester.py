"""The query tester on the watch-term form: the last 30 days of the user's own archive, highlighted, bounded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pressdesk.monitoring import queries
from pressdesk.monitoring.tests.archive_items import archive_item, province_source

pytestmark = pytest.mark.django_db

URL = reverse("monitoring:term_test")


def _try(client, query: str):
    return client.get(URL, {"query": query}, HTTP_HX_REQUEST="true")


def test_it_counts_and_highlights_what_the_query_would_have_matched(province, login) -> None:
    own = province_source(province.directorate)
    archive_item(own, "Kocaeli Şehir Hastanesi'nde yeni servis", "Şehir Hastanesi bugün açıldı.", days_ago=2)
    archive_item(own, "Belediye meclisi toplandı", "Gündemde yollar vardı.", days_ago=1)
    archive_item(own, "Şehir Hastanesi eski haber", days_ago=45)  # older than 30 days
    response = _try(login(province.staff), '"Şehir Hastanesi"')
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    trial = response.context["trial"]
    assert trial.count == 1 and trial.checked == 2 and not trial.capped
    assert "<mark>Şehir Hastanesi&#x27;nde</mark>" in page or "<mark>Şehir Hastanesi'nde</mark>" in page
    assert "<mark>Şehir Hastanesi</mark> bugün" in page
    assert "eski haber" not in page and "Belediye" not in page
    assert "1 haber eşleşti" in page


def test_another_provinces_items_are_neither_counted_nor_shown(province, login) -> None:
    archive_item(province_source(province.directorate), "Kocaeli'de aşı kampanyası")
    archive_item(province_source(province.other_directorate, "Denizli Gazetesi"), "Denizli'de aşı kampanyası")
    mine = _try(login(province.staff), "aşı")
    assert mine.context["trial"].count == 1 and mine.context["trial"].checked == 1
    assert "Kocaeli&#x27;de" in mine.content.decode() and "Denizli" not in mine.content.decode()
    theirs = _try(login(province.outsider), "aşı")
    assert theirs.context["trial"].count == 1
    assert "Kocaeli" not in theirs.content.decode()


def test_a_malformed_query_gets_a_turkish_message_and_no_results(province, login) -> None:
    archive_item(province_source(province.directorate), "Şehir hastanesi")
    response = _try(login(province.staff), "(Şehir AND hastane")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="term-test-error"' in page and "Parantezler eşleşmiyor" in page
    assert "trial" not in response.context


def test_an_empty_query_only_asks_for_one(province, login) -> None:
    response = _try(login(province.staff), "   ")
    assert response.status_code == 200 and "trial" not in response.context and "error" not in response.context


def test_the_items_checked_are_capped_and_the_page_says_so(province, login, monkeypatch) -> None:
    monkeypatch.setattr(queries, "TESTER_MAX_ITEMS", 3)
    monkeypatch.setattr(queries, "TESTER_SHOWN", 2)
    own = province_source(province.directorate)
    for day in range(5):
        archive_item(own, f"Ambulans haberi {day}", days_ago=day + 1)
    response = _try(login(province.staff), "ambulans")
    trial = response.context["trial"]
    assert trial.capped and trial.checked == 3 and trial.count == 3
    assert [item.title for item in trial.items] == ["Ambulans haberi 0", "Ambulans haberi 1"]
    assert "yalnızca son 30 günün en yeni 3 haberine bakıldı" in response.content.decode()


def test_its_queries_do_not_grow_with_the_matches(province, login, django_assert_max_num_queries) -> None:
    own = province_source(province.directorate)
    for day in range(25):
        archive_item(own, f"Ambulans haberi {day}", days_ago=day / 2)
    client = login(province.staff)
    with django_assert_max_num_queries(8):
        response = _try(client, "ambulans")
    assert response.context["trial"].count == 25 and len(response.context["trial"].items) == 20


def test_the_form_asks_for_results_as_the_query_is_typed(province, login) -> None:
    page = login(province.staff).get(reverse("monitoring:term_create")).content.decode()
    assert f'hx-get="{URL}"' in page
    assert "input changed delay:500ms from:#id_query" in page and 'aria-live="polite"' in page


def test_people_outside_the_unit_cannot_use_it(province, login) -> None:
    assert login(province.affiliate).get(URL, {"query": "aşı"}).status_code == 403
    assert login(province.requester).get(URL, {"query": "aşı"}).status_code == 403


def test_a_site_query_reads_each_items_host(province, login) -> None:
    own = province_source(province.directorate)
    archive_item(own, "Aşı kampanyası başladı")  # at https://gazete.example/haber/…
    client = login(province.staff)
    assert _try(client, "aşı site:gazete.example").context["trial"].count == 1
    assert _try(client, "aşı site:baska.example").context["trial"].count == 0
