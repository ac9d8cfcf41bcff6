"""Points 6 and 7 of issue 25: interview slots, photos into the asset library, the news story
drafted from the event, coverage found by monitoring, the press kit e-mail, the event report PDF,
media contacts on the press list and the SMS invitation through the corporate SMS approval."""

from __future__ import annotations

import datetime
import shutil
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pressdesk.events import actions, afterwards, queries
from pressdesk.events.models import Event, Invitation
from pressdesk.testing.events import make_event_photo, tiny_jpeg

pytestmark = pytest.mark.django_db


def _held(event: Event, *, hours_ago: int = 3) -> Event:
    """Move a planned event into the past (planning refuses a past date)."""
    start = timezone.now() - datetime.timedelta(hours=hours_ago)
    Event.objects.filter(pk=event.pk).update(start=start, end=start + datetime.timedelta(hours=2))
    event.refresh_from_db()
    return event


def _item(province: Any, title: str, *, published: datetime.datetime, text: str = "", other: bool = False) -> Any:
    from pressdesk.monitoring.models import Item, Outlet, Source

    outlet, _ = Outlet.objects.get_or_create(name="Kocaeli Gazetesi", defaults={"kind": "local_newspaper"})
    organization = province.other_directorate if other else province.directorate
    source, _ = Source.objects.get_or_create(
        name=f"Gazete {organization.pk}",
        defaults={
            "outlet": outlet,
            "organization": organization,
            "url": f"https://gazete{organization.pk}.example/rss",
        },
    )
    return Item.objects.create(
        source=source,
        outlet=outlet,
        url=f"https://gazete.example/{Item.objects.count() + 1}",
        identity_hash=f"h{Item.objects.count() + 1}-{title[:10]}",
        title=title,
        text=text,
        published_at=published,
    )


# --- 3.9: press conferences and interviews -------------------------------------------------


def test_an_interview_is_recorded_with_its_questions_and_later_its_published_result(province: Any, plan: Any) -> None:
    event = plan(kind="interview")
    with pytest.raises(ValidationError) as refused:
        afterwards.save_slot(actor=province.staff, event=event, kind="interview", start=event.start, topic="Aşı")
    assert "journalist" in refused.value.message_dict
    slot = afterwards.save_slot(
        actor=province.staff,
        event=event,
        kind="interview",
        start=event.start,
        topic="Göz sağlığı",
        journalist="Ali Muhabir",
        outlet="Kocaeli TV",
        questions="Kaç hekim çalışacak?",
        spokesperson=province.director.get_full_name(),
    )
    afterwards.save_slot(
        actor=province.staff,
        event=event,
        slot=slot,
        kind="interview",
        start=event.start,
        topic="Göz sağlığı",
        journalist="Ali Muhabir",
        result_url="https://kocaelitv.example/roportaj",
    )
    assert queries.slots_of(event)[0].result_url == "https://kocaelitv.example/roportaj"
    with pytest.raises(PermissionDenied):
        afterwards.save_slot(
            actor=province.outsider, event=event, kind="press_conference", start=event.start, topic="Başka il"
        )


# --- photos into the creative library --------------------------------------------------------


def test_photos_go_into_the_asset_library_tagged_with_the_event(province: Any, plan: Any) -> None:
    from pressdesk.creative.models import Asset
    from pressdesk.creative.queries import search_assets

    event = plan()
    upload = SimpleUploadedFile("acilis.jpg", tiny_jpeg(), content_type="image/jpeg")
    with pytest.raises(ValidationError):  # not before the event
        afterwards.add_photo(actor=province.staff, event=event, upload=upload)
    event = _held(event)
    with pytest.raises(ValidationError) as refused:
        afterwards.add_photo(actor=province.staff, event=event, upload=SimpleUploadedFile("not.jpg", b"%PDF-1.4 nope"))
    assert "upload" in refused.value.message_dict
    assert Asset.objects.count() == 0
    photo = afterwards.add_photo(actor=province.staff, event=event, upload=upload, credit="Foto: Can")
    asset = photo.asset
    assert (asset.kind, asset.event, asset.credit) == ("photo", event.title, "Foto: Can")
    assert f"etkinlik-{event.pk}" in asset.tag_list()
    assert asset.taken_on == timezone.localtime(event.start).date()
    assert list(search_assets(province.staff, text=f"etkinlik-{event.pk}")) == [asset]  # found in the library
    restricted = afterwards.add_photo(
        actor=province.staff,
        event=event,
        upload=SimpleUploadedFile("yuz.jpg", tiny_jpeg("red"), content_type="image/jpeg"),
        for_publication=False,
    )
    assert restricted.in_press_kit is False
    with pytest.raises(ValidationError):  # no consent: never in the press kit
        afterwards.set_photo_in_kit(actor=province.staff, photo=restricted, in_kit=True)


# --- the news story drafted from the event -----------------------------------------------------


def test_one_click_drafts_the_news_story_from_the_event_and_links_it(province: Any, plan: Any, client: Any) -> None:
    from pressdesk.publishing.models import NewsStory

    event = plan()
    with pytest.raises(ValidationError):
        afterwards.draft_story(actor=province.staff, event=event)
    event = _held(event)
    afterwards.save_afterwards(
        actor=province.staff, event=event, summary="Klinik hizmete açıldı.\n<b>12</b> yatak", press_kit_text=""
    )
    client.force_login(province.staff)
    response = client.post(reverse("events:story_draft", args=[event.pk]))
    story = NewsStory.objects.get()
    assert response.url == story.get_absolute_url()
    assert story.status == NewsStory.Status.DRAFT
    assert (story.title, story.event_name, story.event_date) == (
        event.title,
        event.title,
        timezone.localtime(event.start).date(),
    )
    assert event.where in story.spot and timezone.localtime(event.start).strftime("%d.%m.%Y") in story.spot
    assert "Klinik hizmete açıldı." in story.body_html and "<b>" not in story.body_html
    assert "İsmail Öztürk" in story.body_html  # the director attended
    assert story.organization == province.hospital
    event.refresh_from_db()
    assert event.story == story
    client.post(reverse("events:story_draft", args=[event.pk]))  # a second click: the same story
    assert NewsStory.objects.count() == 1


# --- coverage found by monitoring -----------------------------------------------------------


def test_coverage_is_the_monitored_news_about_the_event_in_the_days_after(province: Any, plan: Any) -> None:
    event = _held(plan(title="Kocaeli Şehir Hastanesi Göz Kliniği açılışı"))
    after = event.end + datetime.timedelta(hours=5)
    found = _item(province, "Şehir Hastanesi'nde yeni göz kliniği hizmete girdi", published=after)
    _item(province, "Kocaeli'de trafik kazası", published=after)  # one keyword only
    _item(province, "Kocaeli Şehir Hastanesi kliniği", published=event.start - datetime.timedelta(days=3))  # before
    _item(province, "Kocaeli Şehir Hastanesi göz kliniği", published=after, other=True)  # another province's source
    late = event.end + datetime.timedelta(days=queries.COVERAGE_DAYS + 1)
    _item(province, "KOCAELİ ŞEHİR HASTANESİ GÖZ KLİNİĞİ", published=late)
    rows = queries.coverage_of(province.staff, event)
    assert [row["pk"] for row in rows] == [found.pk]
    assert queries.coverage_of(province.requester, event) == []  # not a monitoring user


# --- the press kit e-mailed afterwards ------------------------------------------------------------


def test_the_press_kit_goes_once_to_each_journalist_with_its_photo_links(
    province: Any, invited: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event, _tokens = invited
    actions.add_invitee(actor=province.staff, event=event, name="Adresi yok")
    with pytest.raises(ValidationError):  # before the event
        afterwards.send_press_kit(actor=province.staff, event=event)
    event = _held(event)
    with pytest.raises(ValidationError):  # nothing to send yet
        afterwards.send_press_kit(actor=province.staff, event=event)
    kit_photo = make_event_photo(province, event)
    hidden = make_event_photo(province, event, in_press_kit=False)
    afterwards.save_afterwards(actor=province.staff, event=event, summary="", press_kit_text="Basın açıklaması metni.")
    client.force_login(province.staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:press_kit_send", args=[event.pk]))
        client.post(reverse("events:press_kit_send", args=[event.pk]))  # a double click
    assert sorted(m.to[0] for m in mail.outbox) == ["ali@example.com", "veli@example.com"]
    body = mail.outbox[0].body
    event.refresh_from_db()
    kit = reverse("events:press_kit", args=[event.press_kit_key])
    photo_url = reverse("events:press_kit_photo", args=[event.press_kit_key, kit_photo.pk])
    assert "Basın açıklaması metni." in body and kit in body and photo_url in body
    assert reverse("events:press_kit_photo", args=[event.press_kit_key, hidden.pk]) not in body
    assert "UTC" not in body
    # The task itself sends once even if the broker delivers it again.
    from pressdesk.events.tasks import send_press_kit_mail

    assert send_press_kit_mail(event.invitees.get(email="ali@example.com").pk) is False
    client.logout()
    page = client.get(kit)
    assert page.status_code == 200 and "Basın açıklaması metni." in page.content.decode()
    assert "Ali Muhabir" not in page.content.decode()  # the press list is not shown
    image = client.get(photo_url)
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    hidden_url = reverse("events:press_kit_photo", args=[event.press_kit_key, hidden.pk])
    assert client.get(hidden_url).status_code == 404
    assert client.get(reverse("events:press_kit", args=["tahmin"])).status_code == 404


# --- the event report ---------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is needed for the PDF")
def test_the_event_report_is_a_pdf_with_attendance_photos_and_coverage(
    province: Any, invited: Any, client: Any
) -> None:
    from pressdesk.events import report

    event, _tokens = invited
    event = _held(event)
    ali = event.invitees.get(email="ali@example.com")
    Invitation.objects.filter(invitee=ali).update(answer="yes", people=2)
    actions.check_in(actor=province.staff, invitee=ali)
    make_event_photo(province, event)
    afterwards.save_afterwards(actor=province.staff, event=event, summary="Açılış yapıldı.", press_kit_text="")
    _item(province, "Şehir Hastanesi göz kliniği açıldı", published=event.end + datetime.timedelta(hours=1))
    content = report.report_content(province.staff, event)
    assert content["turnout"]["arrived"] == 1 and content["turnout"]["arrived_people"] == 2
    assert content["press"] == [{"name": "Ali Muhabir", "outlet": "Kocaeli TV", "people": 2, "camera": False}]
    assert content["photos"] == 1 and len(content["coverage"]) == 1
    client.force_login(province.staff)
    response = client.get(reverse("events:report_pdf", args=[event.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    docx = client.get(reverse("events:report_pdf", args=[event.pk]) + "?format=docx")
    assert docx.content.startswith(b"PK")


# --- media contacts on the press list ---------------------------------------------------------------


def test_a_media_contact_is_picked_for_the_press_list(province: Any, plan: Any, client: Any) -> None:
    from pressdesk.mediarelations.models import MediaContact

    event = plan()
    ours = MediaContact.objects.create(
        province=province.directorate,
        organization=province.unit,
        name="Deniz Haberci",
        email="deniz@example.com",
        mobile="+905321234567",
    )
    theirs = MediaContact.objects.create(
        province=province.other_directorate, organization=province.other_directorate, name="Denizli Muhabiri"
    )
    client.force_login(province.staff)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Deniz Haberci" in page and "Denizli Muhabiri" not in page  # the picker
    client.post(reverse("events:invitee_add", args=[event.pk]), {"invitee-contact": ours.pk})
    invitee = event.invitees.get()
    assert (invitee.contact, invitee.name, invitee.email, invitee.phone) == (
        ours,
        "Deniz Haberci",
        "deniz@example.com",
        "+905321234567",
    )
    with pytest.raises(ValidationError):
        actions.add_invitee(actor=province.staff, event=event, name="", contact=theirs)
    with pytest.raises(ValidationError):
        actions.add_invitee(actor=province.staff, event=event, name="", contact=ours)  # already on the list
    ours.delete()
    invitee.refresh_from_db()
    assert invitee.contact is None and invitee.name == "Deniz Haberci"  # the list keeps the journalist


# --- SMS invitations through the corporate SMS approval -----------------------------------------------


def test_the_sms_invitation_is_a_campaign_that_waits_for_the_sms_approval(
    province: Any, plan: Any, approve: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from pressdesk.sms.models import Batch, Campaign, Recipient

    event = plan()
    actions.add_invitee(actor=province.staff, event=event, name="Ali Muhabir", phone="0532 111 22 33")
    actions.add_invitee(actor=province.staff, event=event, name="Sabit Hat", phone="0262 111 22 33")
    actions.add_invitee(actor=province.staff, event=event, name="E-posta", email="e@example.com")
    with pytest.raises(ValidationError):  # the invitation itself is not approved yet
        afterwards.invite_by_sms(actor=province.staff, event=event)
    actions.save_invitation_text(actor=province.staff, event=event, text="Açılışımıza davetlisiniz.", note="")
    event.refresh_from_db()
    approve(actions.submit_invitation(actor=province.staff, event=event))
    client.force_login(province.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:invitations_sms", args=[event.pk]), follow=True)
    assert "Sabit Hat" in response.content.decode()  # left out: no mobile number
    event.refresh_from_db()
    campaign = event.sms_campaign
    assert campaign is not None and campaign.status == Campaign.Status.APPROVAL
    assert campaign.kind == Campaign.Kind.ANNOUNCEMENT
    assert timezone.localtime(event.start).strftime("%d.%m.%Y %H:%M") in campaign.text
    assert list(Recipient.objects.filter(campaign=campaign).values_list("mobile", flat=True)) == ["+905321112233"]
    assert not Batch.objects.filter(campaign=campaign).exists()  # nothing goes before the SMS approval
    with pytest.raises(ValidationError):  # a second click prepares nothing more
        afterwards.invite_by_sms(actor=province.staff, event=event)
    assert Campaign.objects.count() == 1


def test_the_event_page_after_the_event_keeps_a_constant_number_of_queries(
    province: Any, plan: Any, client: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event = _held(plan())
    client.force_login(province.staff)

    def grow(n: int) -> int:
        for i in range(n):
            make_event_photo(province, event)
            event.slots.create(kind="interview", start=event.start, topic=f"Konu {i}", journalist=f"Gazeteci {i}")
            invitee = event.invitees.create(name=f"Muhabir {event.invitees.count()}", email="")
            actions.check_in(actor=province.staff, invitee=invitee)
            _item(province, f"Kocaeli Şehir Hastanesi Göz Kliniği {i}", published=event.end)
        with CaptureQueriesContext(connection) as queries_run:
            assert client.get(event.get_absolute_url()).status_code == 200
        return len(queries_run)

    small = grow(1)
    assert grow(6) == small
