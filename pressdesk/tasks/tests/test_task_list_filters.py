"""The task list's tabs, status filter, search and pagination."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.tasks import actions

pytestmark = pytest.mark.django_db


def _titles(response):
    return [task.title for task in response.context["tasks"]]


def test_tabs_assigned_to_me_given_by_me_and_all_i_can_see(province, client, login, make_task):
    make_task(title="Sorumluya verilen", actor=province.chief, assignee=province.unit_head)
    make_task(title="Sorumlunun verdiği", actor=province.unit_head, assignee=province.staff)
    make_task(title="Başkanın başkasına verdiği", actor=province.chief, assignee=province.staff2)
    login(province.unit_head)
    url = reverse("tasks:list")
    assert _titles(client.get(url)) == ["Sorumluya verilen"]  # default tab: assigned to me
    assert _titles(client.get(url, {"tab": "given"})) == ["Sorumlunun verdiği"]
    assert set(_titles(client.get(url, {"tab": "all"}))) == {
        "Başkanın başkasına verdiği",
        "Sorumluya verilen",
        "Sorumlunun verdiği",
    }


def test_status_filter(province, client, login, make_task):
    make_task(title="Açık iş")
    done = make_task(title="Biten iş")
    actions.complete_task(actor=province.staff, task=done)
    login(province.staff)
    url = reverse("tasks:list")
    assert _titles(client.get(url)) == ["Açık iş"]  # default: open or in progress
    assert _titles(client.get(url, {"status": "done"})) == ["Biten iş"]
    assert sorted(_titles(client.get(url, {"status": "any"}))) == ["Açık iş", "Biten iş"]
    assert _titles(client.get(url, {"status": "nonsense"})) == ["Açık iş"]  # bad value: default


def test_search_matches_title_and_description_in_any_turkish_case(province, client, login, make_task):
    make_task(title="İLÇE ziyareti programı")
    make_task(title="Afiş", description="Işıklı pano için görsel")
    make_task(title="Başka bir iş")
    login(province.staff)
    url = reverse("tasks:list")
    assert _titles(client.get(url, {"q": "ilçe"})) == ["İLÇE ziyareti programı"]
    assert _titles(client.get(url, {"q": "IŞIKLI"})) == ["Afiş"]
    assert _titles(client.get(url, {"q": "yok böyle"})) == []
    assert 'data-testid="empty-state"' in client.get(url, {"q": "yok böyle"}).content.decode()


def test_overdue_and_soonest_come_first(province, client, login, make_task):
    make_task(title="Tarihsiz", days=None)
    make_task(title="Haftaya", days=7)
    make_task(title="Gecikmiş", days=-1)
    make_task(title="Yarın", days=1)
    login(province.staff)
    assert _titles(client.get(reverse("tasks:list"))) == ["Gecikmiş", "Yarın", "Haftaya", "Tarihsiz"]


def test_list_is_paginated_by_25_and_keeps_the_filters(province, client, login, make_task):
    for n in range(27):
        make_task(title=f"İş {n:02d}")
    login(province.staff)
    first = client.get(reverse("tasks:list"), {"tab": "mine", "q": "İş"})
    assert len(first.context["tasks"]) == 25
    html = first.content.decode()
    assert "?tab=mine&amp;q=%C4%B0%C5%9F&amp;page=2" in html
    second = client.get(reverse("tasks:list"), {"tab": "mine", "q": "İş", "page": 2})
    assert len(second.context["tasks"]) == 2


def test_list_shows_the_columns(province, client, login, make_task):
    make_task(title="Sütunlu iş", days=0)
    login(province.unit_head)
    html = client.get(reverse("tasks:list"), {"tab": "given"}).content.decode()
    for expected in (
        "Sütunlu iş",
        str(province.staff),
        str(province.unit_head),
        'role="progressbar"',
        "Normal",
        "Open",
    ):
        assert expected in html
    assert timezone.localdate().strftime("%d.%m.%Y") in html


def test_htmx_filter_returns_only_the_results(province, client, login, make_task):
    make_task(title="Parça iş")
    login(province.staff)
    response = client.get(reverse("tasks:list"), {"q": "Parça"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Parça iş" in html
    assert "<html" not in html
    assert "<table" in html
