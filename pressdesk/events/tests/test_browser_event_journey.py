"""In Chromium: plan a hospital opening with the director attending, see it on the director's calendar
and iCal feed, e-mail the approved press invitations, answer two through their personal links (one asks
for transport and is put in a vehicle), check one journalist in on a 390 px wide phone, and afterwards
upload a photo and pick one from the asset library (keyboard only), draft the news story from the event
and see an edited copy of it found as coverage, taken out and put back by hand."""

from __future__ import annotations

import datetime
import os
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from pressdesk.approvals import actions as approval_actions
from pressdesk.events.models import Event, Invitation
from pressdesk.testing.events import make_hall

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    shots = os.environ.get("PRESSDESK_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/{name}.png", full_page=True)


def _approve(event: Event) -> None:
    flow = approval_actions.flow_for(event)
    for _i in range(10):
        flow.refresh_from_db()
        step = flow.current_step()
        if step is None:
            break
        user = approval_actions.eligible_users(flow, step)[0]
        approval_actions.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)


def test_a_hospital_opening_from_plan_to_check_in(province, page, browser_login, live_server):
    hall = make_hall(province, name="Şehir Hastanesi konferans salonu")
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=6)).replace(hour=10, minute=0)
    browser_login(province.staff)
    page.goto("/events/new/")
    page.locator("#id_kind").select_option("opening")
    page.locator("#id_title").fill("Göz Kliniği açılışı")
    page.locator("#id_start").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_end").fill((start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_hall").select_option(str(hall.pk))
    page.locator("#id_attendees").select_option([str(province.director.pk)])
    page.locator("#id_press_kit_url").fill("https://example.com/basin-dosyasi")
    page.get_by_test_id("save-event").click()
    expect(page.get_by_test_id("event-title")).to_have_text("Göz Kliniği açılışı")
    event = Event.objects.get()
    expect(page.get_by_test_id("checklist-item").first).to_be_visible()

    # The press list: two journalists with an address, and one without: kept on the list (to be
    # called), with a Turkish warning that no invitation can be e-mailed to them.
    for name, email in (("Ali Muhabir", "ali@example.com"), ("Veli Kameraman", "veli@example.com"), ("Can Foto", "")):
        page.locator("#id_invitee-name").fill(name)
        page.locator("#id_invitee-outlet_name").fill("Kocaeli TV")
        page.locator("#id_invitee-email").fill(email)
        page.get_by_test_id("add-invitee").click()
    expect(page.get_by_text("Can Foto için e-posta adresi yok: davet e-postayla gönderilemez.")).to_be_visible()
    expect(page.get_by_test_id("invitee-row")).to_have_count(3)
    page.locator("#id_invitation-text").fill("Göz Kliniğimizin açılışına davetlisiniz.")
    page.get_by_test_id("submit-invitation").click()
    expect(page.get_by_test_id("invitation-status")).to_contain_text("Onay")
    _approve(event)
    page.reload()
    mail.outbox.clear()
    page.get_by_test_id("send-invitations").click()
    expect(page.get_by_text("2 davet e-postayla gönderiliyor")).to_be_visible()
    expect(page.get_by_text("E-posta adresi olmadığı için davet edilmedi: Can Foto.")).to_be_visible()
    page.get_by_test_id("send-invitations").click()  # a second click sends nothing
    expect(page.get_by_text("zaten gönderildi")).to_be_visible()
    assert sorted(m.to[0] for m in mail.outbox) == ["ali@example.com", "veli@example.com"]
    links = {m.to[0]: re.search(r"(/events/rsvp/[^/\s]+/)", m.body).group(1) for m in mail.outbox}

    # Two answers through the personal links, logged out.
    page.context.clear_cookies()
    page.goto(links["ali@example.com"])
    page.get_by_label("Evet, katılacağım").check()
    page.locator("#id_people").fill("2")
    page.locator("#id_needs_transport").check()
    page.get_by_test_id("rsvp-send").click()
    expect(page.get_by_test_id("rsvp-done")).to_be_visible()
    page.goto(links["ali@example.com"])  # reused: refused
    expect(page.get_by_test_id("rsvp-invalid")).to_be_visible()
    page.goto(links["veli@example.com"])
    page.get_by_label("Hayır").check()
    page.get_by_test_id("rsvp-send").click()
    expect(page.get_by_test_id("rsvp-done")).to_be_visible()

    # A vehicle for the one who asked for transport.
    browser_login(province.staff)
    page.goto(f"/events/{event.pk}/")
    expect(page.get_by_test_id("rsvp-yes")).to_contain_text("1")
    page.locator("#id_vehicle-name").fill("Minibüs 41 ABC 123")
    page.locator("#id_vehicle-capacity").fill("8")
    page.locator("#id_vehicle-driver").fill("Hasan Usta")
    page.locator("#id_vehicle-departure_point").fill("Müdürlük önü")
    page.locator("#id_vehicle-departure_at").fill((start - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_test_id("add-vehicle").click()
    mail.outbox.clear()
    page.get_by_test_id("vehicle-select").select_option(label="Minibüs 41 ABC 123")
    page.get_by_test_id("assign-vehicle").click()
    expect(page.get_by_test_id("vehicle")).to_contain_text("2/8")
    assert Invitation.objects.get(invitee__email="ali@example.com").vehicle is not None
    assert "Minibüs 41 ABC 123" in mail.outbox[0].body
    _shot(page, "events_detail")

    # The director's calendar and iCal feed.
    page.context.clear_cookies()
    browser_login(province.director)
    page.goto(f"/events/?view=month&date={start.date().isoformat()}")
    expect(page.get_by_test_id("calendar-event")).to_contain_text("Göz Kliniği açılışı")
    _shot(page, "events_calendar")
    ical = page.request.get("/meetings/agenda.ics").text()
    assert "Göz Kliniği açılışı" in ical and "TZID=Europe/Istanbul" in ical

    # On the day, on a phone: check one journalist in.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(province.staff)
    page.goto(f"/events/{event.pk}/checkin/")
    page.get_by_test_id("checkin-row").filter(has_text="Ali Muhabir").get_by_test_id("check-in").click()
    expect(page.get_by_test_id("checked-in")).to_have_count(1)
    expect(page.get_by_test_id("press-kit")).to_contain_text("basin-dosyasi")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    _shot(page, "events_checkin_phone")

    # Afterwards: a photo into the asset library, the news story in one click, its copy as coverage.
    from pressdesk.creative.models import Asset
    from pressdesk.monitoring.models import Item, Outlet, Source
    from pressdesk.publishing.models import NewsStory
    from pressdesk.testing.events import tiny_jpeg

    held = timezone.now() - datetime.timedelta(hours=3)
    Event.objects.filter(pk=event.pk).update(start=held, end=held + datetime.timedelta(hours=2))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/events/{event.pk}/#photos")
    page.locator("#id_photo-upload").set_input_files(
        files=[{"name": "acilis.jpg", "mimeType": "image/jpeg", "buffer": tiny_jpeg()}]
    )
    page.get_by_test_id("upload-photo").click()
    expect(page.get_by_test_id("event-photo")).to_have_count(1)
    assert f"etkinlik-{event.pk}" in Asset.objects.get().tags
    # A photo already in the asset library, found by text and picked with the keyboard alone.
    from pressdesk.testing.creative import make_asset

    make_asset(province, actor=province.staff, title="Kurdele kesimi, IŞIK salonu")
    search = page.get_by_test_id("library-photo-search")
    search.fill("isik")
    search.press("Enter")
    choice = page.get_by_label(re.compile("Kurdele kesimi"))
    choice.focus()
    page.keyboard.press("Space")
    expect(choice).to_be_checked()
    page.keyboard.press("Enter")  # submits the picker
    expect(page.get_by_test_id("event-photo")).to_have_count(2)
    expect(page.get_by_test_id("event-photo").last).to_contain_text("Kurdele kesimi")
    page.get_by_test_id("draft-story").click()
    expect(page.locator("h1")).to_contain_text("Göz Kliniği açılışı")
    story = NewsStory.objects.get()
    outlet = Outlet.objects.create(name="Körfez Gazetesi", kind="local_newspaper")
    source = Source.objects.create(
        name="Körfez", outlet=outlet, organization=province.directorate, url="https://korfez.example/rss"
    )
    Item.objects.create(
        source=source,
        outlet=outlet,
        url="https://korfez.example/goz-klinigi",
        identity_hash="korfez-1",
        title="Şehir Hastanesinde Göz Kliniği hizmete girdi",
        text=f"{story.spot} Kliniğin açılışı dün yapıldı.",
        published_at=timezone.now() - datetime.timedelta(minutes=30),
    )
    page.goto(f"/events/{event.pk}/#afterwards")
    expect(page.get_by_test_id("story-link")).to_contain_text("Göz Kliniği açılışı")
    expect(page.get_by_test_id("coverage")).to_contain_text("Körfez Gazetesi")
    _shot(page, "events_afterwards")
    # Coverage corrected by hand: the match taken out (after a confirmation), then put back by its address.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("coverage-remove").first.click()
    expect(page.get_by_test_id("coverage")).not_to_contain_text("Körfez Gazetesi")
    address = page.get_by_label("Yayının adresi")
    address.fill("https://korfez.example/goz-klinigi")
    address.press("Enter")
    expect(page.get_by_test_id("coverage-manual")).to_have_count(1)
    expect(page.get_by_test_id("coverage")).to_contain_text("Körfez Gazetesi")
