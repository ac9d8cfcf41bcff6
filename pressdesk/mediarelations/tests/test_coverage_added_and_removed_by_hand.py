"""Staff add a coverage link by the item's address and remove a wrong one; a removed link stays removed
when the item, or the same article from another source, comes through ingest again (3.7.3)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.mediarelations import actions
from pressdesk.mediarelations.models import Coverage, Release
from pressdesk.monitoring import ingest as monitoring_ingest
from pressdesk.monitoring import signals
from pressdesk.monitoring.models import Item, Source
from pressdesk.monitoring.parsing import ParsedEntry
from pressdesk.triage.tests.helpers import ingest, source_for

from .releases import DISTRACTOR, EDITED_A, STORY_A, approve, approved_story


@pytest.fixture
def sent(province, contacts, django_capture_on_commit_callbacks):
    press_list = actions.create_list(actor=province.staff, name="Yerel basın", contacts=contacts)
    story = approved_story(province, *STORY_A)
    release = actions.create_release(actor=province.staff, kind=Release.Kind.BULLETIN, title="Haftalık bülten")
    actions.add_items_from_sources(actor=province.staff, release=release, story_ids=[story.pk])
    actions.submit_release(actor=province.staff, release=release)
    approve(province, release)
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_release(actor=province.staff, release=release, lists=[press_list])
    return release


def _entry(url: str, title: str, text: str, guid: str) -> ParsedEntry:
    return ParsedEntry(guid=guid, url=url, title=title, text=text, published_at=timezone.now())


def test_a_removed_link_stays_removed_after_a_reingest(province, sent, client):
    agency = source_for(province, name="Anadolu Ajansı Kocaeli")
    url = "https://ajans.example/haber/robotik-cerrahi"
    monitoring_ingest.ingest_entries(source=agency, entries=[_entry(url, *EDITED_A, "aa-1")], fetched_at=timezone.now())
    item = Item.objects.get(url=url)
    link = Coverage.objects.get(release=sent, item=item)
    assert not link.manual and not link.removed

    client.force_login(province.staff)
    response = client.post(reverse("mediarelations:coverage_remove", args=[sent.pk, link.pk]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.removed
    page = client.get(reverse("mediarelations:release", args=[sent.pk])).content.decode()
    assert "Anadolu Ajansı Kocaeli" not in page

    # The same feed read again, the signal sent again for the item, and the same article from another source.
    monitoring_ingest.ingest_entries(source=agency, entries=[_entry(url, *EDITED_A, "aa-1")], fetched_at=timezone.now())
    signals.items_ingested.send(sender=Source, source=agency, items=[item])
    portal = source_for(province, name="Haber portalı")
    monitoring_ingest.ingest_entries(
        source=portal, entries=[_entry(url + "?utm_source=rss", *EDITED_A, "portal-1")], fetched_at=timezone.now()
    )
    assert Item.objects.filter(url=url).count() == 2
    assert not Coverage.objects.filter(release=sent, removed=False).exists()
    assert Coverage.objects.filter(release=sent).count() == 1


def test_a_link_is_added_by_the_items_address_and_a_removed_one_restored(province, sent, client):
    source = source_for(province, name="Özgür Kocaeli")
    unrelated, copy = ingest(source, DISTRACTOR, EDITED_A)
    assert not Coverage.objects.filter(item=unrelated).exists()
    client.force_login(province.staff)
    add = reverse("mediarelations:coverage_add", args=[sent.pk])
    client.post(add, {"url": unrelated.url + "?utm_source=twitter"})  # tracking parameters do not matter
    manual = Coverage.objects.get(release=sent, item=unrelated)
    assert manual.manual and not manual.removed
    # Bad input: not an address, or an address monitoring does not know.
    response = client.post(add, {"url": "haber değil"}, follow=True)
    assert response.status_code == 200
    response = client.post(add, {"url": "https://bilinmeyen.example/haber"}, follow=True)
    assert "Medya takibinde bu adreste bir yayın yok." in response.content.decode()
    assert Coverage.objects.filter(release=sent).count() == 2
    found = Coverage.objects.get(release=sent, item=copy)
    actions.remove_coverage(actor=province.staff, coverage=found)
    client.post(add, {"url": copy.url})
    found.refresh_from_db()
    assert found.manual and not found.removed


def test_another_provinces_staff_cannot_add_or_remove_links(province, sent, client):
    source = source_for(province, name="Özgür Kocaeli")
    (copy,) = ingest(source, EDITED_A)
    link = Coverage.objects.get(release=sent, item=copy)
    client.force_login(province.outsider)
    assert client.post(reverse("mediarelations:coverage_remove", args=[sent.pk, link.pk])).status_code in (403, 404)
    assert client.post(reverse("mediarelations:coverage_add", args=[sent.pk]), {"url": copy.url}).status_code in (
        403,
        404,
    )
    link.refresh_from_db()
    assert not link.removed and Coverage.objects.filter(release=sent).count() == 1
