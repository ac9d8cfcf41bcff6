"""``items_ingested`` is sent again for an item whose text grew (a print scan's OCR, ``text_added=True``).

Its receivers — triage's alert rules, media relations' coverage links — must be
idempotent: an item seen before raises no second alert, links no release twice, and
its story (the cluster) stays the one it is in.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from pressdesk.mediarelations.models import Coverage, Release, ReleaseItem
from pressdesk.monitoring import actions, signals
from pressdesk.monitoring.models import Item, Outlet, Source, Story, WatchTerm
from pressdesk.triage.models import Alert, AlertRule

pytestmark = pytest.mark.django_db

TEXT = (
    "Kocaeli Şehir Hastanesi'nde robotik cerrahi ünitesi hizmete girdi. İlk ameliyatlar başarıyla yapıldı; "
    "hastalar aynı gün taburcu edildi ve ünite haftada yirmi ameliyat yapacak."
)


def test_sending_items_ingested_again_duplicates_no_alert_coverage_or_story(
    province, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from pressdesk.mediarelations.actions import _index

    term = WatchTerm.objects.create(name="Robotik cerrahi", query='"robotik cerrahi"')
    rule = AlertRule.objects.create(name="Robotik cerrahi", organization=province.directorate)
    rule.terms.set([term])
    rule.recipients.set([province.unit_head])
    release = Release.objects.create(
        province=province.directorate,
        organization=province.unit,
        title="Robotik cerrahi ünitesi açıldı",
        status=Release.Status.SENT,
        sent_at=timezone.now(),
        created_by=province.staff,
    )
    part = ReleaseItem(release=release, title="Robotik cerrahi ünitesi hizmete girdi", text=TEXT)
    _index(part)
    part.save()
    paper = Outlet.objects.create(name="Kocaeli Gazetesi", kind=Outlet.Kind.LOCAL_NEWSPAPER)

    with django_capture_on_commit_callbacks(execute=True):
        item = actions.add_clip_by_hand(
            actor=province.staff,
            outlet=paper,
            title="Robotik cerrahi ünitesi hizmete girdi",
            published_at=None,
            text=TEXT,
        )
    item.refresh_from_db()
    assert item.matched and item.story_id
    assert Alert.objects.filter(rule=rule).count() == 1
    assert Coverage.objects.filter(release=release, item=item).count() == 1
    stories = Story.objects.count()

    for _ in range(2):  # the OCR's second send, and a redelivered task's
        with django_capture_on_commit_callbacks(execute=True):
            fresh = Item.objects.select_related("source").get(pk=item.pk)
            signals.items_ingested.send(sender=Source, source=fresh.source, items=[fresh], text_added=True)
    assert Alert.objects.filter(rule=rule).count() == 1
    assert Alert.objects.count() == 1
    assert Coverage.objects.filter(item=item).count() == 1
    assert Story.objects.count() == stories
    assert Item.objects.get(pk=item.pk).story_id == item.story_id
