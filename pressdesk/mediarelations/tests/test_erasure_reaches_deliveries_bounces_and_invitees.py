"""KVKK erasure: the person's name and address leave every table that copied them, counts stay."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from pressdesk.events import actions as event_actions
from pressdesk.events.models import Invitee
from pressdesk.mediarelations import actions
from pressdesk.mediarelations.models import Bounce, Delivery, Interaction, MediaContact, Release
from pressdesk.testing.events import make_event

from .releases import STORY_A, approve, approved_story


@pytest.fixture
def sent_release(province, contacts, django_capture_on_commit_callbacks):
    press_list = actions.create_list(actor=province.staff, name="Yerel basın", contacts=contacts)
    story = approved_story(province, *STORY_A)
    release = actions.create_release(actor=province.staff, kind=Release.Kind.BULLETIN, title="Haftalık bülten")
    actions.add_items_from_sources(actor=province.staff, release=release, story_ids=[story.pk])
    actions.submit_release(actor=province.staff, release=release)
    approve(province, release)
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_release(actor=province.staff, release=release, lists=[press_list])
    return release


def _holds(model, field_values):
    return [
        (model.__name__, pk)
        for pk, *values in model.objects.values_list("pk", *field_values[0])
        if any(needle in str(value) for value in values for needle in field_values[1])
    ]


def test_erasure_blanks_name_and_address_everywhere_and_keeps_counts(province, contacts, sent_release, client):
    ayse = contacts[0]
    name, email = ayse.name, ayse.email
    actions.log_interaction(
        actor=province.staff, contact=ayse, kind=Interaction.Kind.CALL, happened_on=sent_release.created_at.date()
    )
    delivery = Delivery.objects.get(release=sent_release, contact=ayse)
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.BOUNCED, error=f"{email}: 550 no such user")
    Bounce.objects.create(
        delivery=delivery, contact=ayse, email=email, kind="hard", status="5.1.1", diagnostic=f"<{email}> unknown"
    )
    Bounce.objects.create(email=email.upper(), kind="soft", status="4.2.2", message_id="<b2@mx>")  # unmatched
    event = make_event(province)
    event_actions.add_invitee(actor=province.staff, event=event, name="", contact=ayse)
    event_actions.add_invitee(actor=province.staff, event=event, name="Başka Gazeteci", email="baska@example.com")
    counts = (Delivery.objects.count(), Bounce.objects.count(), Invitee.objects.count(), Interaction.objects.count())
    client.force_login(province.staff)
    assert "Haftalık bülten" in client.get(reverse("mediarelations:releases"), {"q": email}).content.decode()

    actions.erase_contact(actor=province.staff, contact=ayse)

    needles = (name, "Ayşe", "Gündoğdu", email, email.upper(), email.split("@")[0])
    assert _holds(Delivery, (["name", "email", "error"], needles)) == []
    assert _holds(Bounce, (["email", "diagnostic"], needles)) == []
    assert _holds(Invitee, (["name", "email", "phone"], needles)) == []
    assert _holds(MediaContact, (["name", "email", "mobile", "notes"], needles)) == []
    assert (
        Delivery.objects.count(),
        Bounce.objects.count(),
        Invitee.objects.count(),
        Interaction.objects.count(),
    ) == counts
    assert Invitee.objects.filter(name="Başka Gazeteci", email="baska@example.com").exists()  # others untouched
    assert Delivery.objects.filter(release=sent_release).exclude(contact=ayse).filter(email=contacts[1].email).exists()
    # The archive no longer finds the release by the erased address or name; the recipient count stays.
    for query in (email, "Gündoğdu"):
        assert "Haftalık bülten" not in client.get(reverse("mediarelations:releases"), {"q": query}).content.decode()
    assert sent_release.deliveries.count() == len(contacts)
    # The audit history no longer shows the name; one row records the erasure.
    entries = LogEntry.objects.get_for_object(ayse)
    assert all("Gündoğdu" not in f"{e.object_repr} {e.changes} {e.serialized_data}" for e in entries)
    erasure = entries.filter(additional_data__kvkk_erasure=True).get()
    assert erasure.actor == province.staff
    assert erasure.additional_data["deliveries"] == 1 and erasure.additional_data["invitees"] == 1
