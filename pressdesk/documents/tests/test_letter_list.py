"""The letter list: search by subject in any Turkish letter case, 25 per page, a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _queries(client):
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("documents:list"))
    assert response.status_code == 200
    return len(context.captured_queries)


def test_query_count_does_not_grow_with_the_number_of_letters(province, client, login, make_letter, approve):
    for n in range(3):
        make_letter(subject=f"Konu {n}")
    approve(make_letter(subject="Onaya giden"), steps=1)
    login(province.staff)
    _queries(client)  # warm caches (content types, session)
    few = _queries(client)
    for n in range(30):
        make_letter(subject=f"Çok konu {n}", actor=province.staff2)
    approve(make_letter(subject="İkinci onay"), steps=0)
    many = _queries(client)
    assert few == many


def test_search_finds_subjects_whatever_the_turkish_case(province, client, login, make_letter):
    make_letter(subject="Işıklı hastane haberi")
    make_letter(subject="İzmit genelgesi")
    make_letter(subject="Başka konu")
    login(province.staff)
    page = client.get(reverse("documents:list"), {"q": "IŞIKLI"}).content.decode()
    assert "Işıklı hastane haberi" in page
    assert "Başka konu" not in page
    page = client.get(reverse("documents:list"), {"q": "izmit"}).content.decode()
    assert "İzmit genelgesi" in page


def test_list_is_paginated_by_25(province, client, login, make_letter):
    for n in range(27):
        make_letter(subject=f"Konu {n:02d}")
    login(province.staff)
    first = client.get(reverse("documents:list"))
    assert len(first.context["rows"]) == 25
    second = client.get(reverse("documents:list"), {"page": 2})
    assert len(second.context["rows"]) == 2
