"""A bulletin serves approved information notes (3.7.1), and its photos go attached to each e-mail when
they fit under the mail size limit (3.7.2)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from pressdesk.infonotes import actions as note_actions
from pressdesk.infonotes.models import InfoNote
from pressdesk.infonotes.tests.conftest import answered_case, approve_flow, make_story
from pressdesk.mediarelations import actions
from pressdesk.mediarelations.models import Delivery, Release, ReleaseItem

from .releases import approve


@pytest.fixture(autouse=True)
def _holidays():
    """Information notes count working days: the seeded holidays, as the infonotes tests have them."""
    from pressdesk.workdays.models import Holiday
    from pressdesk.workdays.seed import load_holidays

    if not Holiday.objects.exists():
        load_holidays(Holiday)


@pytest.fixture
def notes(province):
    """An approved information note and one still waiting for the director."""
    approved_case = answered_case(province, make_story(province, "Acil serviste saatlerce bekleme"))
    approve_flow(province, note_actions.submit_note(actor=province.staff, case=approved_case))
    waiting_case = answered_case(province, make_story(province, "Poliklinikte randevu sorunu"))
    return InfoNote.objects.get(case=approved_case), InfoNote.objects.get(case=waiting_case)


def test_an_approved_information_note_becomes_a_bulletin_item_and_a_waiting_one_is_not_offered(province, notes, client):
    approved, waiting = notes
    approved.title, waiting.title = "Onaylı bilgi notu", "Onay bekleyen bilgi notu"
    approved.save(update_fields=["title"])
    waiting.save(update_fields=["title"])
    release = actions.create_release(actor=province.staff, kind=Release.Kind.BULLETIN, title="Haftalık bülten")
    client.force_login(province.staff)
    page = client.get(reverse("mediarelations:release", args=[release.pk])).content.decode()
    assert "Onaylı bilgi notu" in page and "Onay bekleyen bilgi notu" not in page
    pick = reverse("mediarelations:release_pick", args=[release.pk])
    client.post(pick, {"notes": [waiting.pk]})  # not a valid choice: nothing is added
    assert not release.items.exists()
    client.post(pick, {"notes": [approved.pk]})
    item = ReleaseItem.objects.get(release=release)
    assert item.title == "Onaylı bilgi notu" and "25 dakikadır" in item.text
    assert item.origin == f"Bilgi notu {approved.pk}" and item.signature
    # Another province's staff are not offered the note, and cannot add it to their own bulletin.
    theirs = actions.create_release(actor=province.outsider, kind=Release.Kind.BULLETIN, title="Başka il")
    added = actions.add_items_from_sources(actor=province.outsider, release=theirs, note_ids=[approved.pk])
    assert added == 0 and not theirs.items.exists()


def test_photos_under_the_limit_are_attached_to_each_email(
    province, contacts, settings, django_capture_on_commit_callbacks
):
    photo = default_storage.save("mediarelations/test/acilis.jpg", ContentFile(b"\xff\xd8" + b"1" * 2000))
    logo = default_storage.save("mediarelations/test/afis.png", ContentFile(b"\x89PNG" + b"2" * 1000))
    press_list = actions.create_list(actor=province.staff, name="Yerel basın", contacts=contacts)
    release = actions.create_release(actor=province.staff, kind=Release.Kind.BULLETIN, title="Fotoğraflı bülten")
    actions.add_item(actor=province.staff, release=release, title="Açılış", text="Metin", photos=[photo, logo])
    actions.submit_release(actor=province.staff, release=release)
    approve(province, release)
    settings.MEDIARELATIONS_MAIL_MAX_BYTES = 10_000  # both photos (about 3 KB) fit
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_release(actor=province.staff, release=release, lists=[press_list])
    assert len(mail.outbox) == len(contacts)
    for message in mail.outbox:
        names = [(name, mime) for name, _content, mime in message.attachments]
        assert names == [("acilis.jpg", "image/jpeg"), ("afis.png", "image/png")]
        assert message.attachments[0][1] == b"\xff\xd8" + b"1" * 2000
        assert "/kit/" not in message.body
    assert not Delivery.objects.filter(release=release, with_kit_link=True).exists()
