"""In Chromium: the requester asks for a special-day poster; the unit accepts it and gives it to a
designer; the designer uploads two drafts; the requester pins a comment on the first and asks for a
change, then approves the second; after the 3.3 chain the unit delivers it (in the library, its sizes
ready); the day's package is approved by the director, scheduled, and on the day it is on the newsroom
and two fake social servers. Then a 50 MB video uploads in chunks with a progress bar, is transcoded, is
attached to a story, goes to a fake YouTube API and plays on the newsroom."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import struct
import subprocess

import httpx
import pytest
import respx
from django.utils import timezone
from playwright.sync_api import expect

from pressdesk.approvals import actions as approvals
from pressdesk.channels.models import Channel
from pressdesk.creative import actions
from pressdesk.creative.models import Asset, DesignRequest, SpecialDay
from pressdesk.publishing import actions as publishing
from pressdesk.publishing.models import Publication
from pressdesk.testing.creative import approve_all, approve_story, make_asset, make_story, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    shots = os.environ.get("PRESSDESK_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/{name}.png", full_page=True)


def _as(page, browser_login, user):  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    return browser_login(user)


def _upload(page, tmp_path, name: str, color: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(png_bytes(width=600, height=400, color=color))
    page.locator("#id_file").set_input_files(str(path))
    page.get_by_test_id("creative-version-form").locator("button[type=submit]").click()


def test_a_special_day_poster_from_brief_to_approved_draft(province, page, browser_login, live_server, tmp_path):
    day = SpecialDay.objects.get(name="Dünya Sağlık Günü")
    _as(page, browser_login, province.requester)
    page.goto("/creative/new/")
    page.locator("#id_kind").select_option("special_day")
    page.locator("#id_title").fill("Dünya Sağlık Günü afişi")
    page.locator("#id_purpose").fill("Aile sağlığı merkezlerinde asılacak")
    page.locator("#id_texts").fill("Sağlığınız için her gün 30 dakika yürüyün")
    page.locator("#id_medium").select_option("print")
    page.locator("#id_quantity").fill("40")
    page.locator("#id_deadline").fill((timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    page.locator("#id_special_day").select_option(str(day.pk))
    page.get_by_test_id("creative-request-form").locator("button[type=submit]").click()
    expect(page.get_by_text("Tasarımın boyutunu veya biçimini yazın")).to_be_visible()  # no size: refused, kept
    page.locator("#id_sizes").fill("A3")
    page.get_by_test_id("creative-request-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("creative-title")).to_have_text("Dünya Sağlık Günü afişi")
    expect(page.get_by_test_id("creative-queue")).to_contain_text("1")
    request = DesignRequest.objects.get()

    _as(page, browser_login, province.unit_head)
    page.goto(f"/creative/{request.pk}/")
    decide = page.get_by_test_id("creative-decide")
    decide.locator("select[name=decision]").select_option("accept")
    decide.locator("select[name=priority]").select_option("3")
    decide.locator("select[name=designer]").select_option(str(province.staff.pk))
    decide.locator("button[type=submit]").click()
    expect(page.get_by_test_id("creative-status")).to_have_text("Kabul edildi")

    _as(page, browser_login, province.staff)
    page.goto(f"/creative/{request.pk}/")
    _upload(page, tmp_path, "taslak1.png", "#2e86c1")
    expect(page.get_by_test_id("creative-version-1").locator("img")).to_be_visible()

    _as(page, browser_login, province.requester)
    page.goto(f"/creative/{request.pk}/")
    first = page.get_by_test_id("creative-version-1")
    first.locator("img").click(position={"x": 60, "y": 40})
    first.locator("textarea[name=text]").fill("Logo burada daha büyük olsun")
    first.get_by_role("button", name="Yorumu ekle").click()
    first = page.get_by_test_id("creative-version-1")
    expect(first.locator(".creative-pin")).to_have_count(1)
    answer = page.get_by_test_id("creative-answer-1")
    answer.locator("select[name=approve]").select_option("0")
    answer.locator("textarea[name=comment]").fill("Zemin rengi daha açık olsun")
    answer.locator("button[type=submit]").click()
    expect(page.get_by_test_id("creative-status")).to_have_text("Değişiklik istendi")

    _as(page, browser_login, province.staff)
    page.goto(f"/creative/{request.pk}/")
    _upload(page, tmp_path, "taslak2.png", "#aed6f1")
    expect(page.get_by_test_id("creative-version-2").locator("img")).to_be_visible()

    _as(page, browser_login, province.requester)
    page.goto(f"/creative/{request.pk}/")
    answer = page.get_by_test_id("creative-answer-2")
    answer.locator("select[name=approve]").select_option("1")
    answer.locator("button[type=submit]").click()
    expect(page.get_by_test_id("creative-status")).to_have_text("Son tasarım onay zincirinde")
    assert approve_all(approvals.flow_for(request))[-1] == "director"

    _as(page, browser_login, province.staff)
    page.goto(f"/creative/{request.pk}/")
    page.get_by_role("button", name="Son tasarımı teslim et").click()
    expect(page.get_by_test_id("creative-status")).to_have_text("Onaylandı")
    page.reload()
    expect(page.get_by_test_id("creative-deliveries")).to_contain_text("A3")
    _shot(page, "creative_request_approved")
    final = Asset.objects.get(kind="final")
    assert final.version is not None and final.version.number == 2
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/creative/assets/{final.pk}/")
    expect(page.get_by_role("heading", name="Dünya Sağlık Günü afişi")).to_be_visible()
    _shot(page, "creative_final_in_library_phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    _the_days_package_goes_out_on_the_day(province, page, browser_login, day)


def _the_days_package_goes_out_on_the_day(province, page, browser_login, day) -> None:  # type: ignore[no-untyped-def]
    """3.5.3–3.5.4: the unit writes the day's package, the director approves it on a phone-sized screen,
    it is scheduled, and on the day it is on the newsroom and on the (fake) social accounts."""
    from zoneinfo import ZoneInfo

    import time_machine

    from pressdesk.creative.models import DayPackage
    from pressdesk.testing.fake_channels import FakeBluesky, FakeMastodon

    with FakeMastodon() as mastodon, FakeBluesky() as bluesky:
        mastodon.make_channel(organization=province.directorate)
        bluesky.make_channel(organization=province.directorate)
        page.goto(f"/creative/special-days/{day.pk}/")
        page.get_by_test_id("creative-package-start").click()
        page.locator("#id_press_text").fill("Dünya Sağlık Günü kutlu olsun.\n\nHastanelerimizde etkinlikler var.")
        page.locator("#id_social_posts").fill("Mastodon: Bugün Dünya Sağlık Günü #sağlık\n\nBluesky: Hareket edin")
        page.get_by_role("button", name="Onaya gönder").click()
        package = DayPackage.objects.get()
        flow = approvals.flow_for(package)
        assert flow is not None
        while (step := flow.steps.filter(status="current").first()) is not None and step.role != "director":
            user = approvals.eligible_users(flow, step)[0]
            approvals.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
            flow.refresh_from_db()

        _as(page, browser_login, province.director)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"/approvals/{flow.pk}/")
        page.get_by_test_id("approve").click()
        flow.refresh_from_db()
        assert flow.status == "approved"
        page.set_viewport_size({"width": 1280, "height": 900})

        _as(page, browser_login, province.staff)
        page.goto(package.get_absolute_url())
        schedule = page.get_by_test_id("creative-package-schedule")
        schedule.locator("#id_publish_time").fill("10:00")
        for box in schedule.locator("input[name=channels]").all():
            box.check()
        schedule.get_by_role("button", name="Gün için zamanla").click()
        expect(page.get_by_test_id("creative-package-status")).to_be_visible()
        package.refresh_from_db()
        assert package.status == DayPackage.Status.SCHEDULED and package.story is not None
        story = package.story
        assert story.scheduled_for is not None
        local = story.scheduled_for.astimezone(ZoneInfo("Europe/Istanbul"))
        assert (local.month, local.day, local.hour) == (4, 7, 10)  # World Health Day, 10:00 Istanbul time
        assert mastodon.posts == [] and bluesky.posts == []

        with time_machine.travel(story.scheduled_for + datetime.timedelta(minutes=1)):
            assert publishing.publish_due() == (1, 2)
            page.goto(story.public_path())
            expect(page.get_by_text("Hastanelerimizde etkinlikler var.", exact=True)).to_be_visible()
            _shot(page, "creative_day_package_on_the_newsroom")
        assert mastodon.posts[0]["status"] == "Bugün Dünya Sağlık Günü #sağlık"
        assert bluesky.posts[0]["text"] == "Hareket edin"


def _fifty_megabyte_video(tmp_path) -> str:  # type: ignore[no-untyped-def]
    """A short real clip padded with an MP4 ``free`` box to 50 MB (players and ffmpeg skip the box)."""
    clip = tmp_path / "klip.mp4"
    subprocess.run(  # noqa: S603
        [shutil.which("ffmpeg") or "/usr/bin/ffmpeg", "-v", "error", "-f", "lavfi", "-i",
         "testsrc=duration=2:size=320x240:rate=10", "-pix_fmt", "yuv420p", str(clip)],
        check=True,
        timeout=120,
    )  # fmt: skip
    data = clip.read_bytes()
    padding = 50 * 1024 * 1024 - len(data)
    target = tmp_path / "tanitim.mp4"
    target.write_bytes(data + struct.pack(">I", padding) + b"free" + b"\0" * (padding - 8))
    return str(target)


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
def test_a_fifty_megabyte_video_goes_to_youtube_and_the_newsroom(province, page, browser_login, live_server, tmp_path):
    video_path = _fifty_megabyte_video(tmp_path)
    story = make_story(province, title="Aşı tanıtım filmi yayında")
    _as(page, browser_login, province.staff)
    page.goto("/creative/videos/new/")
    page.locator("#creative-video-title").fill("Aşı tanıtım filmi")
    page.locator("#creative-video-file").set_input_files(video_path)
    expect(page.get_by_test_id("creative-video-progress")).to_be_visible()
    page.get_by_test_id("creative-video-send").click()
    expect(page.get_by_test_id("creative-video")).to_be_visible(timeout=180_000)  # transcoded
    asset = Asset.objects.get(kind="video")
    assert asset.upload.received == 50 * 1024 * 1024
    _shot(page, "creative_video_transcoded")

    attach = page.get_by_test_id("creative-attach")
    attach.locator("select[name=story]").select_option(str(story.pk))
    attach.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/publishing/{story.pk}/?(#photos-title)?$"))

    # The story's own page picks a photo of the library too: open the picker, search, add it with a caption.
    photo = make_asset(province, title="Aşı haftası açılış fotoğrafı", event="Aşı Haftası")
    actions.make_renditions(asset_id=photo.pk)
    make_asset(province, title="Ambulans filosu", tags="112", event="Filo")
    page.get_by_test_id("open-photo-picker").click()
    expect(page.get_by_test_id("story-library-asset")).to_have_count(2)
    page.get_by_test_id("story-library-search").fill("asi haftasi")
    page.get_by_test_id("story-library-search").press("Enter")
    expect(page.get_by_test_id("story-library-asset")).to_have_count(1)
    page.get_by_test_id("story-library-asset").get_by_label("Fotoğraf altı").fill("Aşı haftası açılışı")
    page.get_by_test_id("story-library-attach").click()
    expect(page.get_by_role("figure").filter(has_text="Aşı haftası açılışı")).to_be_visible()
    assert story.photos.get().credit == "Basın birimi"
    approve_story(story)
    youtube = Channel(organization=province.directorate, kind="youtube", name="YouTube", account_id="cid.apps")
    youtube.set_credentials({"client_secret": "cs-secret", "refresh_token": "1//refresh"})
    youtube.save()
    api = "https://www.googleapis.com"
    session = f"{api}/upload/youtube/v3/videos?uploadType=resumable&upload_id=xyz"
    with respx.mock(assert_all_called=False) as fake_youtube:
        fake_youtube.route(host="127.0.0.1").pass_through()
        fake_youtube.route(host="localhost").pass_through()
        fake_youtube.post("https://oauth2.googleapis.com/token").mock(
            return_value=httpx.Response(200, json={"access_token": "ya29.access", "expires_in": 3599})
        )
        fake_youtube.post(f"{api}/upload/youtube/v3/videos").mock(
            return_value=httpx.Response(200, headers={"Location": session})
        )
        put = fake_youtube.put(session).mock(return_value=httpx.Response(200, json={"id": "vid42", "status": {}}))
        publishing.publish(actor=province.staff, story=story, channels=[youtube])
        assert put.called
    assert Publication.objects.get(story=story).url == "https://www.youtube.com/watch?v=vid42"

    page.context.clear_cookies()
    page.goto(story.public_path())
    expect(page.get_by_test_id("newsroom-video")).to_be_visible()
    _shot(page, "creative_video_on_the_newsroom")
