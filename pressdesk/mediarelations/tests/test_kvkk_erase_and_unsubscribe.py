from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from pressdesk.mediarelations import actions
from pressdesk.mediarelations.models import Interaction, MediaContact


def test_erasure_empties_personal_fields_and_keeps_log_counts(province, contacts):
    ayse = contacts[0]
    actions.log_interaction(
        actor=province.staff,
        contact=ayse,
        kind=Interaction.Kind.VISIT_RECEIVED,
        happened_on=timezone.localdate(),
        notes="Çay içildi, özel konular konuşuldu",
    )
    actions.erase_contact(actor=province.staff, contact=ayse)
    ayse.refresh_from_db()
    assert ayse.is_erased and ayse.email == "" and ayse.mobile == "" and "Ayşe" not in ayse.name
    assert not ayse.tags.exists()
    entry = Interaction.objects.get(contact=ayse)
    assert entry.notes == "" and entry.kind == Interaction.Kind.VISIT_RECEIVED


def test_signed_unsubscribe_link_is_honoured_and_a_forged_one_refused(province, contacts, client):
    ayse = contacts[0]
    token = actions.unsubscribe_token(ayse)
    url = reverse("mediarelations:unsubscribe", args=[token])
    assert client.get(url).status_code == 200
    MediaContact.objects.filter(pk=ayse.pk).update()
    assert MediaContact.objects.get(pk=ayse.pk).unsubscribed_at is None  # a GET (mail scanner) changes nothing
    response = client.post(url)
    assert response.status_code == 200
    ayse.refresh_from_db()
    assert ayse.unsubscribed_at is not None and not ayse.receives_email
    client.post(url)  # twice: still one time
    first = ayse.unsubscribed_at
    ayse.refresh_from_db()
    assert ayse.unsubscribed_at == first
    assert client.post(reverse("mediarelations:unsubscribe", args=[token + "x"])).status_code == 400
    assert client.get(reverse("mediarelations:privacy")).status_code == 200


def test_relations_log_and_quiet_key_contact_reminder(province, contacts, client):
    from pressdesk.lib import inbox

    ayse = contacts[0]
    actions.update_contact(actor=province.staff, contact=ayse, is_key=True)
    assert any("Ayşe Gündoğdu" in item.title for item in inbox.items_for(province.staff))
    client.force_login(province.staff)
    response = client.post(
        reverse("mediarelations:log", args=[ayse.pk]),
        {
            "kind": Interaction.Kind.GIFT,
            "happened_on": timezone.localdate().isoformat(),
            "occasion": "10 Ocak Çalışan Gazeteciler Günü",
            "participants": [province.director.pk],
        },
    )
    assert response.status_code == 302
    entry = Interaction.objects.get(contact=ayse)
    assert list(entry.participants.all()) == [province.director]
    assert not any("Ayşe Gündoğdu" in item.title for item in inbox.items_for(province.staff))
    Interaction.objects.filter(pk=entry.pk).update(happened_on=timezone.localdate() - datetime.timedelta(days=200))
    assert any("Ayşe Gündoğdu" in item.title for item in inbox.items_for(province.staff))
    page = client.get(reverse("mediarelations:contact", args=[ayse.pk])).content.decode()
    assert "10 Ocak Çalışan Gazeteciler Günü" in page


def test_future_log_date_is_refused(province, contacts, client):
    client.force_login(province.staff)
    client.post(
        reverse("mediarelations:log", args=[contacts[0].pk]),
        {"kind": "call", "happened_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
    )
    assert not Interaction.objects.exists()
