"""Issue 25 point 7: the coverage of an event is the news about that event — not any news of the
same institution the same week. Without a text of the unit, the event's distinctive keywords
decide; with the drafted story or the press statement, the MinHash comparison media relations
uses for releases decides too. The event page reads the coverage in a constant number of queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pressdesk.events import afterwards, queries
from pressdesk.events.models import Event

pytestmark = pytest.mark.django_db

TITLE = "Kocaeli Şehir Hastanesi Göz Kliniği açılışı"
SUMMARY = (
    "Kocaeli Şehir Hastanesi bünyesinde kurulan Göz Kliniği, İl Sağlık Müdürü'nün katıldığı törenle "
    "hizmete açıldı. Klinikte katarakt, glokom ve retina hastalıklarının tedavisi için yeni cihazlar "
    "kullanılacak; günde iki yüz hastaya bakılabilecek. Müdür, bölgede göz hastalıkları için başka "
    "ile gitme zorunluluğunun sona erdiğini söyledi."
)


def _held(event: Event) -> Event:
    start = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(hours=3)
    Event.objects.filter(pk=event.pk).update(start=start, end=start + datetime.timedelta(hours=2))
    event.refresh_from_db()
    return event


def _item(province: Any, title: str, text: str, *, hours_after: int = 5) -> Any:
    from pressdesk.monitoring.clustering import signature
    from pressdesk.monitoring.models import Item, Outlet, Source

    outlet, _ = Outlet.objects.get_or_create(name="Kocaeli Gazetesi", defaults={"kind": "local_newspaper"})
    source, _ = Source.objects.get_or_create(
        name="Gazete", defaults={"outlet": outlet, "organization": province.directorate, "url": "https://g.example/rss"}
    )
    number = Item.objects.count() + 1
    event = Event.objects.get()
    return Item.objects.create(
        source=source,
        outlet=outlet,
        url=f"https://g.example/{number}",
        identity_hash=f"c{number}",
        title=title,
        text=text,
        published_at=event.end + datetime.timedelta(hours=hours_after),
        signature=signature(f"{title}\n{text}"),  # as monitoring's ingest signs it
    )


@pytest.fixture
def opening(province: Any, plan: Any) -> Event:
    return _held(plan(title=TITLE, institution=province.hospital))


@pytest.fixture
def distractor(province: Any, opening: Event) -> Any:
    """Another story of the same hospital in the same week: its name in the title and the text."""
    return _item(
        province,
        "Kocaeli Şehir Hastanesi'nde yeni otopark hizmete açıldı",
        "Kocaeli Şehir Hastanesi'ne gelen hasta ve yakınları için 800 araçlık otopark açıldı. "
        "Kocaeli Şehir Hastanesi başhekimi otoparkın ücretsiz olacağını söyledi.",
        hours_after=30,
    )


def test_the_distinctive_keywords_leave_out_the_institutions_name(opening: Event) -> None:
    assert queries.title_keywords(opening.title)[:3] == ["Kocae", "Şehir", "Hasta"]
    assert queries.distinctive_keywords(opening) == ["Klini"]


def test_without_a_text_the_same_hospitals_other_news_does_not_count(
    province: Any, opening: Event, distractor: Any
) -> None:
    found = _item(province, "Şehir Hastanesi'nde göz kliniği hizmete girdi", "Yeni klinik bugün açıldı.")
    assert [row["pk"] for row in queries.coverage_of(province.staff, opening)] == [found.pk]


def test_with_the_drafted_story_an_edited_copy_counts_and_the_same_hospitals_other_news_does_not(
    province: Any, opening: Event, distractor: Any
) -> None:
    afterwards.save_afterwards(actor=province.staff, event=opening, summary=SUMMARY, press_kit_text="")
    story = afterwards.draft_story(actor=province.staff, event=Event.objects.get(pk=opening.pk))
    copy = _item(
        province,
        "Şehir Hastanesi Göz Kliniği hizmete girdi",
        f"{story.spot} {SUMMARY.replace('iki yüz', '200')} Açılışa vatandaşlar da katıldı.",
    )
    # The same distinctive keyword, another story: the text is not the unit's.
    other_clinic = _item(
        province,
        "Göz kliniğinde randevu yoğunluğu",
        "Vatandaşlar randevu almakta zorlandıklarını anlattı; hastane yönetimi yeni doktorların "
        "gelecek ay göreve başlayacağını ve bekleme sürelerinin kısalacağını açıkladı.",
    )
    event = Event.objects.select_related("institution", "story").get(pk=opening.pk)
    rows = queries.coverage_of(province.staff, event)
    assert [row["pk"] for row in rows] == [copy.pk]
    assert other_clinic.pk not in [row["pk"] for row in rows] and distractor.pk not in [row["pk"] for row in rows]


def test_the_press_statement_is_compared_too(province: Any, opening: Event, distractor: Any) -> None:
    afterwards.save_afterwards(actor=province.staff, event=opening, summary="", press_kit_text=SUMMARY)
    copy = _item(province, "Göz Kliniği açıldı", SUMMARY)
    event = Event.objects.select_related("institution").get(pk=opening.pk)
    assert [row["pk"] for row in queries.coverage_of(province.staff, event)] == [copy.pk]


def test_the_event_page_reads_the_coverage_in_a_constant_number_of_queries(
    province: Any, opening: Event, client: Any
) -> None:
    afterwards.draft_story(actor=province.staff, event=opening)
    client.force_login(province.staff)
    url = opening.get_absolute_url()
    _item(province, "Göz Kliniği açıldı", "Yeni klinik bugün açıldı.")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).content.decode().count("· Kocaeli Gazetesi:") == 1
    for n in range(5):
        _item(province, f"Göz Kliniği haberi {n}", "Yeni klinik bugün açıldı.")
    with CaptureQueriesContext(connection) as six:
        assert client.get(url).content.decode().count("· Kocaeli Gazetesi:") == 6
    assert len(six) == len(one)


def test_a_statement_too_short_to_compare_leaves_the_keywords_to_decide(
    province: Any, opening: Event, distractor: Any
) -> None:
    afterwards.save_afterwards(actor=province.staff, event=opening, summary="", press_kit_text="Klinik açıldı.")
    found = _item(province, "Göz Kliniği hizmete girdi", SUMMARY)
    event = Event.objects.select_related("institution").get(pk=opening.pk)
    assert [row["pk"] for row in queries.coverage_of(province.staff, event)] == [found.pk]
