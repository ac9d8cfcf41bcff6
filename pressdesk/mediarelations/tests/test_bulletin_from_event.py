"""A press bulletin drafted from an event or training of the events app (3.7.1)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from pressdesk.events.models import Event, Kind
from pressdesk.mediarelations import actions
from pressdesk.mediarelations.models import Release
from pressdesk.testing.events import make_event, make_hall


def test_release_form_is_prefilled_from_an_event(province, client):
    # Within the period offered (a month either side of today): a fixed date would expire.
    start = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=3), datetime.time(14, 30))
    )
    event = make_event(
        province,
        title="Acil tıp eğitimi",
        kind=Kind.TRAINING,
        start=start,
        hall=make_hall(province, "İl Sağlık Müdürlüğü konferans salonu"),
        invitation_text="Acil servis çalışanlarına yönelik eğitim programı düzenlenecektir.",
    )
    client.force_login(province.staff)
    listing = client.get(reverse("mediarelations:release_create")).content.decode()
    assert f"?event={event.pk}" in listing  # the period's events are offered
    page = client.get(reverse("mediarelations:release_create"), {"event": event.pk})
    form = page.context["form"]
    assert form.initial["title"] == "Acil tıp eğitimi"
    assert start.strftime("%d.%m.%Y") in form.initial["lead"] and "14:30" in form.initial["lead"]
    assert "İl Sağlık Müdürlüğü konferans salonu" in form.initial["lead"]
    assert form.initial["body"].startswith("Acil servis çalışanlarına")
    data = {k: v for k, v in form.initial.items() if v is not None}
    response = client.post(reverse("mediarelations:release_create") + f"?event={event.pk}", data)
    release = Release.objects.get()
    assert response.status_code == 302
    assert release.kind == Release.Kind.BULLETIN and release.title == "Acil tıp eğitimi"
    item = release.items.get()
    assert item.origin == f"Etkinlik {event.pk}" and "eğitim programı" in item.text


def test_events_can_be_picked_into_a_bulletin(province, client):
    event = make_event(province, title="Şehir Hastanesi ek binası açılışı")
    cancelled = make_event(province, title="İptal edilen tören", status=Event.Status.CANCELLED)
    release = actions.create_release(actor=province.staff, kind=Release.Kind.BULLETIN, title="Haftalık bülten")
    client.force_login(province.staff)
    choices = dict(
        client.get(reverse("mediarelations:release", args=[release.pk])).context["pick_form"]["events"].field.choices
    )
    assert event.pk in choices and cancelled.pk not in choices
    client.post(reverse("mediarelations:release_pick", args=[release.pk]), {"events": [event.pk]})
    item = release.items.get()
    assert item.title == "Şehir Hastanesi ek binası açılışı" and "Kocaeli Şehir Hastanesi" in item.text


def test_another_provinces_event_cannot_be_used(province, client):
    event = make_event(province, title="Açılış")
    client.force_login(province.outsider)
    assert client.get(reverse("mediarelations:release_create"), {"event": event.pk}).status_code == 404
