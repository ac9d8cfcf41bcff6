"""The unit corrects an event's coverage by hand, as media relations does for a release: a news
item the matching missed is added by its address in monitoring, a wrong match is removed and stays
removed, and the event page and the event report both show the corrected coverage."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pressdesk.events import actions, queries, report
from pressdesk.events.models import Event, EventCoverage
from pressdesk.testing.factories import SecondProvince

pytestmark = pytest.mark.django_db

TITLE = "Kocaeli Şehir Hastanesi Göz Kliniği açılışı"


@pytest.fixture
def opening(province: Any, plan: Any) -> Event:
    """The hospital's eye clinic opening, held three hours ago."""
    event = plan(title=TITLE, institution=province.hospital)
    start = timezone.now() - datetime.timedelta(hours=3)
    Event.objects.filter(pk=event.pk).update(start=start, end=start + datetime.timedelta(hours=2))
    event.refresh_from_db()
    return event


def _item(province: Any, event: Event, title: str, *, hours_after: int = 5, outlet: str = "Kocaeli Gazetesi") -> Any:
    """A news item monitoring has taken in from a source of ``province``."""
    from pressdesk.monitoring.models import Item, Outlet, Source

    news_outlet, _ = Outlet.objects.get_or_create(name=outlet, defaults={"kind": "local_newspaper"})
    source, _ = Source.objects.get_or_create(
        name=f"Gazete {province.directorate.code}",
        defaults={
            "outlet": news_outlet,
            "organization": province.directorate,
            "url": f"https://{province.directorate.code}.example/rss",
        },
    )
    number = Item.objects.count() + 1
    return Item.objects.create(
        source=source,
        outlet=news_outlet,
        url=f"https://{province.directorate.code}.example/haber/{number}",
        identity_hash=f"h{number}",
        title=title,
        text="Yeni klinik bugün hizmete açıldı.",
        published_at=event.end + datetime.timedelta(hours=hours_after),
    )


def _add(client: Any, event: Event, url: str) -> Any:
    return client.post(reverse("events:coverage_add", args=[event.pk]), {"coverage-url": url}, follow=True)


def _remove(client: Any, event: Event, item: Any) -> Any:
    return client.post(reverse("events:coverage_remove", args=[event.pk, item.pk]), follow=True)


def _shown(user: Any, event: Event) -> list[tuple[int, bool]]:
    return [(row["pk"], row["manual"]) for row in queries.coverage_of(user, event)]


def test_a_missed_news_item_is_added_by_its_address(province: Any, opening: Event, client: Any, login: Any) -> None:
    matched = _item(province, opening, "Göz Kliniği hizmete girdi", hours_after=1)
    missed = _item(province, opening, "Valilikte sağlık buluşması", hours_after=8)  # no keyword of the title
    assert _shown(province.staff, opening) == [(matched.pk, False)]

    login(province.staff)
    page = _add(client, opening, f"{missed.url}?utm_source=twitter").content.decode()  # tracking parameters dropped
    assert "Yayın, etkinliğin basına yansımalarına eklendi." in page
    assert page.count('data-testid="coverage-row"') == 2
    assert page.count('data-testid="coverage-manual"') == 1 and "elle eklendi" in page
    assert "Valilikte sağlık buluşması" in page
    _add(client, opening, missed.url)  # a double click
    correction = EventCoverage.objects.get()
    assert (correction.event, correction.item, correction.removed, correction.created_by) == (
        opening,
        missed,
        False,
        province.staff,
    )
    assert _shown(province.staff, opening) == [(matched.pk, False), (missed.pk, True)]  # in date order


def test_a_removed_match_stays_hidden_and_comes_back_when_added_again(
    province: Any, opening: Event, client: Any, login: Any
) -> None:
    wrong = _item(province, opening, "Göz Kliniği önünde trafik kazası", hours_after=2)
    right = _item(province, opening, "Göz Kliniği hizmete girdi", hours_after=3)
    assert _shown(province.staff, opening) == [(wrong.pk, False), (right.pk, False)]

    login(province.staff)
    page = _remove(client, opening, wrong).content.decode()
    assert "Yayın, etkinliğin basına yansımalarından kaldırıldı." in page
    assert "trafik kazası" not in page
    _remove(client, opening, wrong)  # a double click
    assert EventCoverage.objects.get().removed is True
    # The matching finds it again on every read, and a later match still shows: the removal holds.
    later = _item(province, opening, "Göz Kliniği ilk hastalarını kabul etti", hours_after=30)
    assert _shown(province.staff, opening) == [(right.pk, False), (later.pk, False)]

    _add(client, opening, wrong.url)  # added again by hand: shown again, marked
    assert _shown(province.staff, opening) == [(wrong.pk, True), (right.pk, False), (later.pk, False)]
    assert EventCoverage.objects.get().removed is False
    _remove(client, opening, wrong)  # and a hand-added item is removed the same way
    assert _shown(province.staff, opening) == [(right.pk, False), (later.pk, False)]


def test_the_event_report_shows_the_corrected_coverage(province: Any, opening: Event) -> None:
    wrong = _item(province, opening, "Göz Kliniği önünde trafik kazası", hours_after=2)
    right = _item(province, opening, "Göz Kliniği hizmete girdi", hours_after=3)
    missed = _item(province, opening, "Valilikte sağlık buluşması", hours_after=8, outlet="Körfez TV")
    actions.remove_coverage(actor=province.staff, event=opening, item=wrong)
    actions.add_coverage(actor=province.staff, event=opening, item=missed)

    content = report.report_content(province.staff, opening)
    assert [(row["outlet"], row["title"]) for row in content["coverage"]] == [
        ("Kocaeli Gazetesi", right.title),
        ("Körfez TV", missed.title),
    ]


def test_an_address_monitoring_does_not_have_is_refused_in_turkish(
    province: Any, opening: Event, client: Any, login: Any
) -> None:
    second = SecondProvince(province)
    theirs = _item(second, opening, "Göz Kliniği açıldı (komşu il)")  # the other province's monitoring
    login(province.staff)
    for url in ("https://g.example/hic-yok", theirs.url):
        page = _add(client, opening, url).content.decode()
        assert "Medya takibinde bu adreste bir yayın yok." in page
    page = _add(client, opening, "adres değil").content.decode()
    assert "Yayının adresini yazın." in page
    assert not EventCoverage.objects.exists()
    # Nor can the other province's item be removed here: it is not the user's to see.
    assert client.post(reverse("events:coverage_remove", args=[opening.pk, theirs.pk])).status_code == 404
    assert not EventCoverage.objects.exists()


def test_another_provinces_unit_gets_404_and_the_hospitals_press_officer_is_refused(
    province: Any, opening: Event, client: Any, login: Any
) -> None:
    item = _item(province, opening, "Göz Kliniği hizmete girdi")
    second = SecondProvince(province)
    for user in (second.staff, second.director):
        login(user)
        assert (
            client.post(reverse("events:coverage_add", args=[opening.pk]), {"coverage-url": item.url}).status_code
            == 404
        )
        assert client.post(reverse("events:coverage_remove", args=[opening.pk, item.pk])).status_code == 404
    login(province.staff)
    assert client.get(reverse("events:coverage_add", args=[opening.pk])).status_code == 405
    with pytest.raises(PermissionDenied):
        actions.add_coverage(actor=province.affiliate, event=opening, item=item)
    with pytest.raises(PermissionDenied):
        actions.remove_coverage(actor=second.staff, event=opening, item=item)
    assert not EventCoverage.objects.exists()
    assert _shown(province.staff, opening) == [(item.pk, False)]


def test_the_event_page_reads_the_corrected_coverage_in_a_constant_number_of_queries(
    province: Any, opening: Event, client: Any, login: Any
) -> None:
    login(province.staff)
    url = opening.get_absolute_url()
    actions.add_coverage(actor=province.staff, event=opening, item=_item(province, opening, "Valilik haberi 0"))
    actions.remove_coverage(
        actor=province.staff, event=opening, item=_item(province, opening, "Göz Kliniği trafik 0", hours_after=2)
    )
    _item(province, opening, "Göz Kliniği açıldı 0")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).content.decode().count('data-testid="coverage-row"') == 2
    for n in range(1, 5):
        actions.add_coverage(actor=province.staff, event=opening, item=_item(province, opening, f"Valilik haberi {n}"))
        actions.remove_coverage(
            actor=province.staff, event=opening, item=_item(province, opening, f"Göz Kliniği trafik {n}", hours_after=2)
        )
        _item(province, opening, f"Göz Kliniği açıldı {n}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count('data-testid="coverage-row"') == 10 and page.count('data-testid="coverage-manual"') == 5
    assert "trafik" not in page
    assert len(many) == len(few)
