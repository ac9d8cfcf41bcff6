from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from pressdesk.approvals.models import ApprovalFlow
from pressdesk.mediarelations import actions
from pressdesk.mediarelations.models import Coverage, Delivery, MediaContact, Release
from pressdesk.triage.tests.helpers import ingest, source_for

from .releases import DISTRACTOR, EDITED_A, STORY_A, STORY_B, approve, approved_story


@pytest.fixture(autouse=True)
def _run_queued_tasks(django_capture_on_commit_callbacks, monkeypatch):
    """Queued e-mails run when the action's transaction commits, as in production."""
    for name in ("send_release", "resend_delivery"):
        original = getattr(actions, name)

        def run(*args, _original=original, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return _original(*args, **kwargs)

        monkeypatch.setattr(actions, name, run)


@pytest.fixture
def press_list(province, contacts):
    return actions.create_list(actor=province.staff, name="Yerel basın", contacts=contacts)


def _bulletin(province):
    a = approved_story(province, *STORY_A)
    b = approved_story(province, *STORY_B)
    release = actions.create_release(
        actor=province.staff, kind=Release.Kind.BULLETIN, title="Haftalık basın bülteni", lead="Bu hafta"
    )
    assert actions.add_items_from_sources(actor=province.staff, release=release, story_ids=[a.pk, b.pk]) == 2
    return release


def test_bulletin_is_approved_sent_once_per_recipient_and_picked_up(province, contacts, press_list, client):
    release = _bulletin(province)
    with pytest.raises(ValidationError):
        actions.send_release(actor=province.staff, release=release, lists=[press_list])
    actions.submit_release(actor=province.staff, release=release)
    flow = approve(province, release)
    assert flow.status == ApprovalFlow.Status.APPROVED and not flow.needs_external
    mail.outbox.clear()
    count = actions.send_release(actor=province.staff, release=release, lists=[press_list])
    assert count == len(contacts)
    assert actions.send_release(actor=province.staff, release=release, lists=[press_list]) == 0  # double click
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.email for c in contacts)
    assert all("/media-relations/unsubscribe/" in m.body and "/privacy/" in m.body for m in mail.outbox)
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
    # A retry of one task sends nothing again.
    actions.deliver(delivery_id=Delivery.objects.first().pk)
    assert len(mail.outbox) == len(contacts)

    source = source_for(province, name="Anadolu Ajansı Kocaeli")
    items = ingest(source, EDITED_A, DISTRACTOR)
    links = list(Coverage.objects.filter(release=release))
    assert [link.item_id for link in links] == [items[0].pk]
    assert links[0].similarity >= 0.3 and 0.5 < links[0].kept_share <= 1
    client.force_login(province.staff)
    page = client.get(reverse("mediarelations:release", args=[release.pk])).content.decode()
    assert "Anadolu Ajansı Kocaeli" in page
    report = client.get(reverse("mediarelations:report")).content.decode()
    assert "Haftalık basın bülteni" in report
    assert client.get(reverse("mediarelations:report_export")).status_code == 200
    archive = client.get(reverse("mediarelations:releases"), {"q": contacts[0].email}).content.decode()
    assert "Haftalık basın bülteni" in archive


def test_statement_goes_out_after_the_directors_signature_without_external_approvals(province, press_list):
    statement = actions.create_release(
        actor=province.staff, kind=Release.Kind.STATEMENT, title="Basın bildirisi", body="Kamuoyuna duyurulur."
    )
    actions.submit_release(actor=province.staff, release=statement)
    flow = approve(province, statement)
    assert flow.status == ApprovalFlow.Status.APPROVED and not flow.needs_external
    assert actions.send_release(actor=province.staff, release=statement, lists=[press_list]) > 0


def test_external_approvals_only_when_ticked(province, press_list):
    statement = actions.create_release(
        actor=province.staff,
        kind=Release.Kind.STATEMENT,
        title="Bildiri",
        body="Metin.",
        needs_external=True,
    )
    flow = actions.submit_release(actor=province.staff, release=statement)
    assert flow.needs_external


def test_unsubscribed_contacts_get_nothing_and_failures_resend_once(province, contacts, press_list, settings):
    actions.unsubscribe(token=actions.unsubscribe_token(contacts[0]))
    release = _bulletin(province)
    actions.submit_release(actor=province.staff, release=release)
    approve(province, release)
    settings.EMAIL_BACKEND = "pressdesk.mediarelations.tests.failing_mail.Backend"
    actions.send_release(actor=province.staff, release=release, lists=[press_list])
    deliveries = list(Delivery.objects.filter(release=release))
    assert contacts[0].email not in {d.email for d in deliveries}
    assert {d.status for d in deliveries} == {Delivery.Status.BOUNCED}
    assert MediaContact.objects.get(pk=contacts[1].pk).bounce_count == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    actions.resend_delivery(actor=province.staff, delivery=deliveries[0])
    assert Delivery.objects.get(pk=deliveries[0].pk).status == Delivery.Status.SENT
    with pytest.raises(ValidationError):
        actions.resend_delivery(actor=province.staff, delivery=deliveries[0])


def test_large_photos_become_a_media_kit_link(province, press_list, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("mediarelations/test/foto.jpg", ContentFile(b"\xff\xd8" + b"0" * 5000))
    release = actions.create_release(actor=province.staff, kind=Release.Kind.BULLETIN, title="Fotoğraflı")
    actions.add_item(actor=province.staff, release=release, title="Haber", text="Metin", photos=[name])
    actions.submit_release(actor=province.staff, release=release)
    approve(province, release)
    settings.MEDIARELATIONS_MAIL_MAX_BYTES = 1000
    mail.outbox.clear()
    actions.send_release(actor=province.staff, release=release, lists=[press_list])
    assert mail.outbox and all(not m.attachments and "/kit/" in m.body for m in mail.outbox)


def test_public_bulletin_waits_for_the_embargo(province, press_list, client):
    import datetime

    from django.utils import timezone

    release = actions.create_release(
        actor=province.staff,
        kind=Release.Kind.BULLETIN,
        title="Ambargolu bülten",
        embargo_until=timezone.now() + datetime.timedelta(hours=2),
    )
    actions.add_item(actor=province.staff, release=release, title="Haber", text="Metin")
    actions.submit_release(actor=province.staff, release=release)
    approve(province, release)
    mail.outbox.clear()
    actions.send_release(actor=province.staff, release=release, lists=[press_list])
    assert "EMBARGO" in mail.outbox[0].body or "AMBARGO" in mail.outbox[0].body
    url = reverse("mediarelations:public_bulletin", args=[release.pk])
    assert client.get(url).status_code == 404
    Release.objects.filter(pk=release.pk).update(embargo_until=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(url).status_code == 200
