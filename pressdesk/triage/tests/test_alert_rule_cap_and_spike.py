"""A rule that would alert thousands of times is held back at its hourly limit and the admin warned; spikes."""

import datetime

import pytest
from django.utils import timezone

from pressdesk.monitoring.models import Item, WatchTerm
from pressdesk.notifications.models import Notification
from pressdesk.triage import actions
from pressdesk.triage.models import Alert, AlertRule
from pressdesk.triage.tests.helpers import ingest, source_for

pytestmark = pytest.mark.django_db

TOPICS = [
    "kızamık aşısı", "grip salgını", "kuduz vakası", "kene ısırığı", "sıtma şüphesi", "verem taraması",
    "diyabet okulu", "obezite programı", "sigara bırakma", "organ bağışı", "kan bağışı", "göz taraması",
]  # fmt: skip


def test_broad_rule_is_capped_and_admins_warned_once(province, django_capture_on_commit_callbacks):
    WatchTerm.objects.create(name="Sağlık", query="sağlık")
    actions.save_rule(
        actor=province.unit_head,
        organization=province.directorate,
        name="Her şey",
        query="sağlık",
        recipients=[province.unit_head],
        max_per_hour=3,
    )
    entries = [
        (f"İl sağlık müdürlüğü {topic} duyurusu", f"{topic} hakkında sağlık açıklaması {n}")
        for n, topic in enumerate(TOPICS)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        ingest(source_for(province), *entries)
    stories = Item.objects.values("story").distinct().count()
    assert stories > 3
    assert Alert.objects.filter(held_back=False).count() == 3
    assert Alert.objects.filter(held_back=True).count() == stories - 3
    assert Notification.objects.filter(kind="monitoring_alert", recipient=province.unit_head).count() == 3
    warnings = Notification.objects.filter(kind="monitoring_alert_capped")
    assert [w.recipient for w in warnings] == [province.admin]
    assert AlertRule.objects.get().capped_at is not None


def test_spike_against_the_last_14_days(province, django_capture_on_commit_callbacks):
    term = WatchTerm.objects.create(name="Kızamık", query="kızamık", organization=province.hospital)
    actions.save_rule(
        actor=province.unit_head,
        organization=province.directorate,
        name="Kızamık patlaması",
        spike=True,
        spike_factor=3,
        spike_min_items=4,
        terms=[term],
        recipients=[province.director],
    )
    source = source_for(province)
    now = timezone.now()
    for day in range(1, 8):  # one item every other day: a mean of 0.5 a day
        if day % 2:
            ingest(source, (f"Kızamık aşısı hatırlatması {day}", f"Gün {day}"), when=now - datetime.timedelta(days=day))
    with django_capture_on_commit_callbacks(execute=True):
        ingest(source, *[(f"Kızamık vakası {topic} bölgesinde", f"kızamık {topic}") for topic in TOPICS[:3]])
    assert not Alert.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        ingest(source, ("Kızamık vakaları okullarda artıyor", "kızamık okul"))
    [alert] = Alert.objects.all()
    assert alert.key.startswith(f"spike:{term.pk}:")
    assert alert.story is not None
    with django_capture_on_commit_callbacks(execute=True):
        ingest(source, ("Kızamık için aşı kuyruğu", "kızamık aşı"))
    assert Alert.objects.count() == 1  # once a day per term
