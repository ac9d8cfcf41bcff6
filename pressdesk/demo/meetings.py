"""Demo of the director's office: a monthly coordination meeting with hospitals (held last month,
its minutes written, two decisions — one done, one open in the city hospital's İşlerim), the next
meeting of the series with an agenda request, and a VTC room with a passed and a failed test."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from pressdesk.demo.common import Orgs, Users
from pressdesk.meetings import actions
from pressdesk.meetings.models import Meeting, Series


def seed(users: Users, orgs: Orgs) -> None:
    if Meeting.objects.exists():
        return
    staff = users["calisan"]
    tz = timezone.get_default_timezone()
    room = actions.save_room(
        actor=staff,
        name="Müdürlük VTC salonu",
        location="İl Sağlık Müdürlüğü, 2. kat",
        devices='Polycom kamera, 2 mikrofon, 65" ekran',
        connection="vtc.kocaeli.example / 1234",
    )
    actions.record_test(actor=staff, room=room, result="ok", quality_notes="Görüntü ve ses net.")
    actions.record_test(actor=staff, room=room, result="failed", fault="Bakanlık hattında ses gelmiyor.")
    today = timezone.localdate()
    held_day = today - datetime.timedelta(days=28)
    start = timezone.make_aware(datetime.datetime.combine(held_day, datetime.time(10, 0)), tz)
    held = actions.create_meeting(
        actor=staff,
        title="Hastanelerle aylık koordinasyon toplantısı",
        kind="coordination",
        start=start,
        end=start + datetime.timedelta(hours=2),
        place="Müdürlük toplantı salonu",
        users=[users["sorumlu"]],
        institutions=[orgs["koc-sehir"], orgs["koc-derince"]],
        agenda_deadline=start - datetime.timedelta(days=2),
        recurrence=Series.Frequency.MONTHLY,
        week_of_month=min(4, (held_day.day - 1) // 7 + 1),
    )
    actions.save_minutes(
        actor=staff,
        meeting=held,
        notes="Toplantı İl Sağlık Müdürü başkanlığında yapıldı.",
        attended=[p.pk for p in held.participants.all()],
        item_notes={},
    )
    done = actions.add_decision(
        actor=staff,
        meeting=held,
        text="Acil servis bekleme sürelerine ilişkin rapor hazırlanacak.",
        owner=orgs["koc-sehir"],
        due=today - datetime.timedelta(days=7),
    )
    actions.add_decision(
        actor=staff,
        meeting=held,
        text="Hastane girişindeki yönlendirme tabelaları yenilenecek.",
        owner=orgs["koc-sehir"],
        due=today + datetime.timedelta(days=14),
    )
    actions.report_progress(actor=users["hastane"], decision=done, note="Rapor Müdürlüğe gönderildi.", done=True)
    # The next meeting whose agenda is still open: the very next one may be a day or two away, its
    # deadline (two days before) already passed — the demo must build on any day it is run.
    now = timezone.now()
    following = (
        Meeting.objects.filter(series=held.series, start__gt=now)
        .filter(Q(agenda_deadline__isnull=True) | Q(agenda_deadline__gt=now))
        .order_by("start")
        .first()
    )
    if following is not None:
        actions.request_agenda(
            actor=users["hastane"],
            meeting=following,
            topic="Kış dönemi acil servis yoğunluğu",
            presenter="Kocaeli Şehir Hastanesi Başhekimi",
            minutes_needed=15,
        )
