"""The home screen ("Ana sayfa", issue 23 point 13): the unit's day on one page, each card linking to its list."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.dashboard import queries
from pressdesk.dashboard.tests import records
from pressdesk.lib import agenda
from pressdesk.monitoring.models import Importance, Relevance, Sentiment
from pressdesk.tasks.models import Task
from pressdesk.testing.factories import SecondProvince

pytestmark = pytest.mark.django_db


def _page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_root_address_shows_the_home_screen_and_my_work_stays_where_it_was(province, client):
    client.force_login(province.staff)
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="h3 mb-0">Ana sayfa</h1>' in page
    assert client.get(reverse("tasks:inbox")).status_code == 200
    assert reverse("tasks:inbox") == "/my-work/"


def test_todays_negative_and_important_stories_newest_first_with_counts_linking_to_the_list(province, client):
    now = timezone.now()
    start = agenda.day_bounds(timezone.localdate())[0]  # earlier today, even in the first minutes of the day
    records.story(
        province, "Acil serviste uzun bekleme", sentiment_suggested=Sentiment.NEGATIVE, when=start + (now - start) / 3
    )
    important = records.story(province, "Yeni hastane açılıyor", when=start + (now - start) * 2 / 3)
    records.triage(province, important, importance=Importance.HIGH, relevance=Relevance.RELEVANT)
    relabelled = records.story(province, "Aslında olumlu haber", sentiment_suggested=Sentiment.NEGATIVE)
    records.triage(province, relabelled, sentiment=Sentiment.POSITIVE)
    dropped = records.story(province, "Alakasız olumsuz haber", sentiment_suggested=Sentiment.NEGATIVE)
    records.triage(province, dropped, relevance=Relevance.IRRELEVANT)
    records.story(
        province, "Dünkü olumsuz haber", sentiment_suggested=Sentiment.NEGATIVE, when=now - datetime.timedelta(days=2)
    )
    records.story(province, "Sıradan bir haber")

    card = queries.todays_stories(province.staff, timezone.localdate())
    assert card is not None
    assert [row.title for row in card.rows] == ["Yeni hastane açılıyor", "Acil serviste uzun bekleme"]
    assert (card.negative, card.important) == (1, 1)

    page = _page(client, province.staff)
    assert "Bugünün olumsuz ve önemli haberleri" in page
    assert "Acil serviste uzun bekleme" in page
    assert "Alakasız olumsuz haber" not in page
    assert "Dünkü olumsuz haber" not in page
    assert f'href="{reverse("triage:live")}?sentiment=negative"' in page
    assert f'href="{reverse("triage:live")}?importance=2"' in page  # the important count opens those stories


def test_a_spike_is_flagged_for_the_province_and_for_the_institution(province, client):
    today = timezone.localdate()
    for days in range(1, 29):  # the usual: one item a day about the other hospital
        moment = timezone.now() - datetime.timedelta(days=days)
        records.story(province, f"Olağan haber {days}", when=moment, institution=province.other_hospital)
    records.story(province, "Şehir hastanesinde yangın", items=8, sentiment_suggested=Sentiment.NEGATIVE)

    trend = queries.trend_for(province.staff, today)
    assert trend is not None
    assert trend.province.today == 8
    assert trend.province.usual == pytest.approx(1.0)
    assert trend.province.flagged
    by_name = {spike.name: spike for spike in trend.institutions}
    assert by_name[province.hospital.name].flagged
    assert province.other_hospital.name not in by_name  # nothing about it today
    assert len(trend.days) == 30 and trend.days[-1] == f"{today:%d.%m}"
    assert trend.tones["negative"][-1] == 8

    page = _page(client, province.staff)
    assert "Olağandışı artış" in page
    assert 'id="home-trend-data"' in page
    assert "dashboard/home.js" in page


def test_spike_rule():
    assert queries.is_spike(10, 2.0)
    assert not queries.is_spike(3, 0.0)  # too few to call it a spike
    assert not queries.is_spike(10, 6.0)  # busy, but not twice the usual


def test_what_waits_for_me_the_directors_approvals_and_the_deadlines(province, client):
    today = timezone.localdate()
    Task.objects.create(
        title="Basın bültenini hazırla",
        organization=province.unit,
        created_by=province.unit_head,
        assignee=province.staff,
        due_date=today,
    )
    records.waiting_for_director(province, "Aşı kampanyası haberi")
    records.case_due(province, "Ambulans gecikmesi bilgi notu", deadline=today + datetime.timedelta(days=2))
    records.case_due(province, "Uzak bilgi notu", deadline=today + datetime.timedelta(days=20))

    page = _page(client, province.staff)
    assert "Basın bültenini hazırla" in page
    assert "Aşı kampanyası haberi" in page
    assert "Müdür onayını bekleyenler" in page
    assert "Ambulans gecikmesi bilgi notu" in page
    assert f'href="{reverse("approvals:list")}?show=all&amp;status=in_review"' in page

    approvals = queries.director_approvals(province.director)
    assert approvals is not None and approvals.count == 1
    deadlines = queries.deadlines_for(province.staff, today)
    assert deadlines.infonotes == 1
    assert [row.title for row in deadlines.rows] == ["Ambulans gecikmesi bilgi notu"]  # not the one in 20 days


def test_an_approvers_due_steps_are_among_the_deadlines_but_not_the_directors(province):
    today = timezone.localdate()
    due = timezone.localtime().replace(hour=17, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
    flow = records.waiting_for_director(province, "Aşı kampanyası haberi", due_at=due)
    records.waiting_for_director(province, "Uzak onay", due_at=due + datetime.timedelta(days=30))
    # The same flow waiting for the unit head instead: the step is the unit head's deadline.
    flow.steps.filter(order=1).update(status="current", due_at=due)
    flow.steps.filter(order=2).update(status="waiting")
    rows = queries.deadlines_for(province.unit_head, today).rows
    assert [(row.title, row.kind_label) for row in rows] == [("Aşı kampanyası haberi", "Onayınız")]
    assert rows[0].at == due and rows[0].url == reverse("approvals:detail", args=[flow.pk])
    assert queries.deadlines_for(province.staff, today).rows == []  # not an approver of it
    flow.steps.filter(order=1).update(status="done")
    flow.steps.filter(order=2).update(status="current")
    assert queries.deadlines_for(province.director, today).rows == []  # his approvals card has it


def test_every_card_has_an_empty_state(province, client):
    page = _page(client, province.staff)
    assert page.count('data-testid="empty-state"') == 5
    assert "Bugün olumsuz ya da önemli haber yok." in page


def test_a_hospitals_press_officer_and_a_requester_see_the_cards_that_concern_them(province, client):
    records.story(province, "Şehir hastanesi haberi", sentiment_suggested=Sentiment.NEGATIVE)
    records.story(
        province, "Derince haberi", sentiment_suggested=Sentiment.NEGATIVE, institution=province.other_hospital
    )
    records.waiting_for_director(province, "Müdürün imzasındaki yazı")

    page = _page(client, province.affiliate)
    assert "Şehir hastanesi haberi" in page
    assert "Derince haberi" not in page
    assert 'data-testid="card-approvals"' not in page
    assert "Müdürün imzasındaki yazı" not in page

    page = _page(client, province.requester)
    assert 'data-testid="card-work"' in page
    assert 'data-testid="card-stories"' not in page
    assert 'data-testid="card-trend"' not in page


def test_nothing_of_the_other_province_appears(province, client):
    second = SecondProvince(province)
    today = timezone.localdate()
    records.story(province, "Kocaeli olumsuz haberi", sentiment_suggested=Sentiment.NEGATIVE, items=6)
    records.waiting_for_director(province, "Kocaeli onay yazısı")
    records.case_due(province, "Kocaeli bilgi notu", deadline=today)
    records.story(second, "Denizli olumsuz haberi", sentiment_suggested=Sentiment.NEGATIVE)

    for user in (second.staff, second.unit_head, second.director, second.affiliate):
        page = _page(client, user)
        assert "Kocaeli" not in page.replace(province.directorate.name, ""), user.username
    page = _page(client, second.director)
    assert "Denizli olumsuz haberi" in page
    trend = queries.trend_for(second.staff, today)
    assert trend is not None and trend.province.today == 1

    page = _page(client, province.director)
    assert "Denizli olumsuz haberi" not in page
    assert "Kocaeli olumsuz haberi" in page


def _fill(province, n: int, tag: str) -> None:
    today = timezone.localdate()
    for i in range(n):
        found = records.story(province, f"{tag} haber {i}", sentiment_suggested=Sentiment.NEGATIVE, items=2)
        records.triage(province, found, importance=Importance.HIGH)
        records.story(province, f"{tag} eski {i}", when=timezone.now() - datetime.timedelta(days=i + 1))
        records.waiting_for_director(province, f"{tag} onay {i}")
        records.case_due(province, f"{tag} not {i}", deadline=today + datetime.timedelta(days=i % 7))
        Task.objects.create(
            title=f"{tag} görev {i}", organization=province.unit, created_by=province.unit_head, assignee=province.staff
        )


@pytest.mark.parametrize("role", ["staff", "director", "affiliate_press", "requester"])
def test_the_number_of_queries_does_not_grow_with_the_records(role, province, client, django_assert_max_num_queries):
    client.force_login(province.by_role()[role])
    _fill(province, 2, "Az")
    with django_assert_max_num_queries(
        33
    ) as few:  # 32 for the unit's staff, measured: each module adds its İşlerim and agenda reads
        assert client.get(reverse("home")).status_code == 200
    _fill(province, 12, "Çok")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("home")).status_code == 200


def test_the_shared_figures_are_reused_for_a_few_seconds_and_computed_when_the_cache_fails(
    province, monkeypatch, django_assert_max_num_queries
):
    from django.core.cache import cache

    from pressdesk.lib import cached_counts

    cache.clear()
    monkeypatch.setattr(cached_counts, "SHARED_COUNT_SECONDS", 15)
    records.story(province, "Paylaşılan sayı", items=3)
    today = timezone.localdate()
    first = queries.trend_for(province.staff, today)
    # The unit head reads the staff's figures (same province, same day): only their scope is looked up.
    with django_assert_max_num_queries(1):
        again = queries.trend_for(province.unit_head, today)
    assert first is not None and again is not None and again.province.today == 3

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    fresh = queries.trend_for(province.staff, today)
    assert fresh is not None and fresh.province.today == 3
    cache.clear()


def test_each_user_chooses_the_cards_and_their_order_and_hidden_cards_cost_nothing(province, client, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    records.case_due(province, "Ambulans gecikmesi bilgi notu", deadline=timezone.localdate())
    client.force_login(province.staff)
    page = client.get(reverse("home")).content.decode()
    usual = re.findall(r'data-card="(\w+)"', page)
    assert usual == ["stories", "trend", "work", "approvals", "deadlines"]
    with CaptureQueriesContext(connection) as everything:
        client.get(reverse("home"))

    form = client.get(reverse("home_layout")).content.decode()
    assert form.count('data-testid="home-layout-row"') == 5
    # Only the deadlines first and the work card second; the others left out.
    choice = {"show_deadlines": "on", "place_deadlines": "1", "show_work": "on", "place_work": "2"}
    for key in ("stories", "trend", "approvals"):
        choice[f"place_{key}"] = "5"
    assert client.post(reverse("home_layout"), choice).status_code == 302
    province.staff.refresh_from_db()
    assert province.staff.home_cards == ["deadlines", "work"]
    page = client.get(reverse("home")).content.decode()
    assert re.findall(r'data-card="(\w+)"', page) == ["deadlines", "work"]
    assert "Ambulans gecikmesi bilgi notu" in page and "Bugünün olumsuz ve önemli haberleri" not in page

    # A card left out is not computed at all.
    def never(*_args, **_kwargs):
        raise AssertionError("a hidden card was computed")

    monkeypatch.setattr(queries, "todays_stories", never)
    monkeypatch.setattr(queries, "trend_for", never)
    monkeypatch.setattr(queries, "director_approvals", never)
    with CaptureQueriesContext(connection) as fewer:
        assert client.get(reverse("home")).status_code == 200
    assert len(fewer) <= len(everything)
    monkeypatch.undo()

    # Nothing ticked: refused in Turkish, nothing saved. Another user keeps the usual cards.
    response = client.post(reverse("home_layout"), {"place_work": "1"})
    assert response.status_code == 200 and "en az bir kart kalsın" in response.content.decode()
    province.staff.refresh_from_db()
    assert province.staff.home_cards == ["deadlines", "work"]
    client.force_login(province.unit_head)
    assert re.findall(r'data-card="(\w+)"', client.get(reverse("home")).content.decode())[0] == "stories"

    # Back to the usual cards.
    client.force_login(province.staff)
    client.post(reverse("home_layout"), {"reset": "1"})
    province.staff.refresh_from_db()
    assert province.staff.home_cards == []


def test_the_directors_usual_order_puts_his_approvals_first(province, client):
    client.force_login(province.director)
    page = client.get(reverse("home")).content.decode()
    assert re.findall(r'data-card="(\w+)"', page)[0] == "approvals"
