"""Bounces of press e-mail: DSNs (RFC 3464) read from the bounce mailbox are matched to the delivery.

Real messages throughout: the release e-mail and the story's press e-mail are built by the senders'
own code, a DSN quoting their headers is written as a mail server does, and the mailbox is a small
IMAP server on 127.0.0.1 (monitoring's test server) read over TLS.
"""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from pressdesk.mediarelations import bounces, mail
from pressdesk.mediarelations.models import Bounce, Delivery, MediaContact, Release
from pressdesk.monitoring.tests.imap_server import FakeIMAPServer, Mailbox, client_context, tls_files


def _release(province: Any, title: str = "Bülten") -> Release:
    return Release.objects.create(
        province=province.directorate,
        organization=province.unit,
        title=title,
        status=Release.Status.SENT,
        sent_at=timezone.now(),
        created_by=province.staff,
    )


def _delivery(province: Any, contact: MediaContact, title: str = "Bülten") -> Delivery:
    return Delivery.objects.create(
        release=_release(province, title),
        contact=contact,
        name=contact.name,
        email=contact.email,
        status=Delivery.Status.SENT,
    )


def _sent_bytes(delivery: Delivery) -> bytes:
    return mail.build(delivery, unsubscribe_token="t", attach=False).message().as_bytes()


def test_a_hard_bounce_marks_the_delivery_and_counts_against_the_contact(province, contacts):
    ayse = contacts[0]
    delivery = _delivery(province, ayse)
    sent = _sent_bytes(delivery)
    assert bounces.HEADER.encode() in sent
    dsn = bounces.make_dsn(original=sent, recipient=ayse.email, status="5.1.1")
    outcome = bounces.process(dsn)
    assert (outcome.recorded, outcome.unmatched) == (1, 0)
    delivery.refresh_from_db()
    ayse.refresh_from_db()
    assert delivery.status == Delivery.Status.BOUNCED and "5.1.1" in delivery.error
    assert ayse.bounce_count == 1 and ayse.email_invalid_at is None
    bounce = Bounce.objects.get()
    assert (bounce.kind, bounce.status, bounce.contact) == ("hard", "5.1.1", ayse)
    # The same bounce read again (a mailbox read twice) records nothing more.
    assert bounces.process(dsn).duplicates == 1
    ayse.refresh_from_db()
    assert ayse.bounce_count == 1 and Bounce.objects.count() == 1


@override_settings(MEDIARELATIONS_HARD_BOUNCE_LIMIT=3)
def test_three_hard_bounces_flag_the_address_invalid_and_it_is_shown(province, contacts, client):
    ayse = contacts[0]
    soft = _delivery(province, ayse, "Ertelenen")
    bounces.process(bounces.make_dsn(original=_sent_bytes(soft), recipient=ayse.email, status="4.2.2"))
    for n in range(3):
        delivery = _delivery(province, ayse, f"Bülten {n}")
        bounces.process(bounces.make_dsn(original=_sent_bytes(delivery), recipient=ayse.email))
        ayse.refresh_from_db()
        assert (ayse.email_invalid_at is not None) == (n == 2)
    assert ayse.bounce_count == 4 and not ayse.receives_email
    assert Bounce.objects.filter(kind="soft").count() == 1
    client.force_login(province.staff)
    page = client.get(reverse("mediarelations:contact", args=[ayse.pk])).content.decode()
    assert 'data-testid="mr-email-invalid"' in page and "geçersiz" in page
    listing = client.get(reverse("mediarelations:contacts")).content.decode()
    assert listing.count('data-testid="mr-email-invalid"') == 1
    # A new address starts clean.
    from pressdesk.mediarelations import actions

    actions.update_contact(actor=province.staff, contact=ayse, email="ayse.yeni@kocaeligazetesi.example")
    ayse.refresh_from_db()
    assert ayse.email_invalid_at is None and ayse.receives_email


def test_a_delayed_notice_is_soft_and_leaves_the_delivery_sent(province, contacts):
    delivery = _delivery(province, contacts[1])
    dsn = bounces.make_dsn(original=_sent_bytes(delivery), recipient=delivery.email, status="4.4.1", action="delayed")
    assert bounces.process(dsn).recorded == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert Bounce.objects.get().kind == "soft"


@override_settings(MEDIARELATIONS_BOUNCE_ADDRESS="basin-iade@saglik.example")
def test_verp_sender_matches_a_bounce_that_quotes_nothing(province, contacts):
    delivery = _delivery(province, contacts[0])
    message = mail.build(delivery, unsubscribe_token="t", attach=False)
    ref = bounces.ref_for("r", delivery.pk)
    assert message.from_email == f"basin-iade+{ref}@saglik.example"  # the envelope sender
    assert "basin-iade" not in message.message()["From"]  # the From header stays the directorate's
    # A server that returns none of the original: only the address it came back to names the delivery.
    bare = EmailMessage()
    bare["Subject"] = "Teslim edilemedi"
    bare.set_content("x")
    dsn = bounces.make_dsn(original=bare, recipient=delivery.email, to=message.from_email)
    assert bounces.process(dsn).recorded == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.BOUNCED


def test_auto_replies_and_forged_references_are_not_recorded(province, contacts):
    delivery = _delivery(province, contacts[0])
    reply = EmailMessage()
    reply["Subject"] = "Ofis dışındayım"
    reply["To"] = "basin@saglik.example"
    reply["In-Reply-To"] = f"<{bounces.ref_for('r', delivery.pk)}@saglik.example>"
    reply.set_content("10 Aralık'a kadar izindeyim.")
    assert bounces.process(reply.as_bytes()).ignored == 1
    forged = EmailMessage()
    forged[bounces.HEADER] = f"r{delivery.pk}-0123456789ab"
    forged.set_content("x")
    assert bounces.process(bounces.make_dsn(original=forged, recipient=delivery.email)).unmatched == 1
    assert not Bounce.objects.exists()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


def test_a_bounce_of_a_storys_press_email_is_recorded(province, contacts):
    from pressdesk.publishing import actions as publishing
    from pressdesk.publishing.models import PressContact, PressDelivery
    from pressdesk.publishing.tasks import _press_message

    story = publishing.create_story(
        actor=province.staff, organization=province.directorate, title="Aşı haftası", spot="Aşı haftası başladı."
    )
    press_contact = PressContact.objects.create(
        organization=province.directorate, name="Ayşe Gündoğdu", email=contacts[0].email
    )
    press = PressDelivery.objects.create(story=story, contact=press_contact, created_by=province.staff)
    sent = _press_message(story, press).message().as_bytes()
    assert bounces.ref_for("p", press.pk).encode() in sent
    assert bounces.process(bounces.make_dsn(original=sent, recipient=press_contact.email)).recorded == 1
    press.refresh_from_db()
    assert press.status == PressDelivery.Status.FAILED and "5.1.1" in press.error
    bounce = Bounce.objects.get()
    assert bounce.press_delivery == press and bounce.contact == contacts[0]  # the same address in the guide


@pytest.fixture
def tls(tmp_path: Path) -> tuple[Path, Path]:
    return tls_files(tmp_path)


@pytest.fixture
def imap_mailbox(tls: tuple[Path, Path]) -> Iterator[tuple[FakeIMAPServer, Mailbox]]:
    box = Mailbox(username="iade@saglik.example", password="gizli")
    server = FakeIMAPServer(box, cert=tls[0], key=tls[1])
    yield server, box
    server.close()


def test_the_mailbox_is_read_over_imap_and_marked_seen(province, contacts, imap_mailbox, tls):
    server, box = imap_mailbox
    delivery = _delivery(province, contacts[0])
    box.add(bounces.make_dsn(original=_sent_bytes(delivery), recipient=delivery.email))
    ooo = EmailMessage()
    ooo["Subject"] = "Otomatik yanıt"
    ooo.set_content("İzindeyim.")
    box.add(ooo.as_bytes())
    with override_settings(
        MEDIARELATIONS_BOUNCE_IMAP_HOST="127.0.0.1",
        MEDIARELATIONS_BOUNCE_IMAP_PORT=server.port,
        MEDIARELATIONS_BOUNCE_IMAP_USER=box.username,
        MEDIARELATIONS_BOUNCE_IMAP_PASSWORD=box.password,
        MEDIARELATIONS_BOUNCE_IMAP_ALLOW_PRIVATE=True,
    ):
        outcome = bounces.fetch_mailbox(ssl_context=client_context(tls[0]))
        assert (outcome.recorded, outcome.ignored) == (1, 1)
        assert all(message.seen for message in box.messages.values())
        assert bounces.fetch_mailbox(ssl_context=client_context(tls[0])).recorded == 0  # nothing unseen left
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.BOUNCED


def test_the_management_command_parses_files(province, contacts, tmp_path, capsys):
    delivery = _delivery(province, contacts[0])
    path = tmp_path / "bounce.eml"
    path.write_bytes(bounces.make_dsn(original=_sent_bytes(delivery), recipient=delivery.email))
    call_command("fetch_bounces", str(path))
    assert "1 recorded" in capsys.readouterr().out
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.BOUNCED
