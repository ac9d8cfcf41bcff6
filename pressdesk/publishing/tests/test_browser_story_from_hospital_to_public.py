"""Issue 7, done when: a hospital's story goes through review, the approval chain and the external
approvals, and is published on the public newsroom (page and RSS), on two social channels and to the press."""

import os
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from pressdesk.publishing import actions
from pressdesk.publishing.models import NewsStory, Publication
from pressdesk.publishing.tests.conftest import jpeg
from pressdesk.testing.factories import PASSWORD
from pressdesk.testing.fake_channels import FakeBluesky, FakeMastodon

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Şehir Hastanesinde organ bağışı haftası"


@pytest.fixture
def fake_networks():
    with FakeMastodon() as mastodon, FakeBluesky() as bluesky:
        yield mastodon, bluesky


@pytest.fixture
def social_channels(province, fake_networks):
    """The real Mastodon and Bluesky adapters, talking HTTP to fake servers on 127.0.0.1."""
    mastodon, bluesky = fake_networks
    return [
        mastodon.make_channel(organization=province.directorate, name="Mastodon hesabı"),
        bluesky.make_channel(organization=province.directorate, name="Bluesky hesabı"),
    ]


def _as(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, locale="tr-TR", timezone_id="Europe/Istanbul")
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Kullanıcı adı").fill(user.username)
    page.get_by_label("Parola").fill(PASSWORD)
    page.get_by_role("button", name="Giriş yap").click()
    expect(page.get_by_role("heading", name="İşlerim")).to_be_visible()
    return page


def _decide_in_chain(browser, live_server, user, story):
    page = _as(browser, live_server, user)
    page.goto(f"/publishing/{story.pk}/")
    page.get_by_test_id("open-flow").click()
    expect(page.get_by_test_id("story-preview")).to_contain_text(TITLE)
    page.get_by_test_id("approve").click()
    page.context.close()


def test_hospital_story_reaches_the_newsroom_social_channels_and_the_press(
    province, browser, live_server, tmp_path, social_channels, fake_networks
):
    province.ministry_press.email = "basin@saglik.example.gov.tr"
    province.ministry_press.save()
    province.governorship.email = "basin@valilik.example.gov.tr"
    province.governorship.save()
    actions.save_press_contact(
        actor=province.staff, name="Elif Kara", outlet="Kocaeli Gazetesi", email="elif@gazete.example"
    )
    # Screenshots of the screens, to look at: PRESSDESK_SCREENSHOTS=/some/dir keeps them.
    shots = os.path.join(os.environ.get("PRESSDESK_SCREENSHOTS", str(tmp_path)), "publishing-")
    photo_path = tmp_path / "bagis.jpg"
    photo_path.write_bytes(jpeg(1600, 1200).read())

    # The hospital's press officer writes the story and sends it to the unit.
    hospital = _as(browser, live_server, province.affiliate)
    hospital.goto("/publishing/new/")
    hospital.locator("#id_title").fill(TITLE)
    hospital.locator("#id_spot").fill("Hastanemizde organ bağışı haftasında bilgilendirme standı kuruldu.")
    hospital.locator("[data-editor-surface]").click()
    hospital.keyboard.type("Organ bağışı hayat kurtarır. Stantta vatandaşlar bilgilendirildi.")
    hospital.locator("#id_tag_names").fill("organ bağışı, Şehir Hastanesi")
    hospital.locator("#id_social_text").fill("Organ bağışı haftasında Şehir Hastanesinde bilgilendirme standı kuruldu.")
    expect(hospital.locator("[data-counters] [data-kind=x]")).to_contain_text("/ 280")
    hospital.screenshot(path=shots + "editor.png", full_page=True)
    hospital.get_by_test_id("save-story").click()
    hospital.locator("#id_photo").set_input_files(str(photo_path))
    hospital.locator("#id_caption").fill("Bilgilendirme standı")
    hospital.get_by_test_id("add-photo").click()
    expect(hospital.get_by_text("Fotoğraf eklendi.")).to_be_visible()
    hospital.get_by_test_id("submit-to-unit").click()
    expect(hospital.get_by_test_id("story-status")).to_have_text("İncelenmek üzere birime gönderildi")
    story = NewsStory.objects.get(title=TITLE)

    # The unit returns it with a correction; the hospital sees the comment, corrects and sends it again.
    staff = _as(browser, live_server, province.staff)
    staff.goto("/publishing/?show=submissions")
    staff.get_by_role("link", name=TITLE).click()
    staff.locator("#review-comment").fill("Lütfen fotoğraf hakkını ekleyiniz.")
    staff.get_by_test_id("return-submission").click()
    hospital.reload()
    expect(hospital.get_by_test_id("comments")).to_contain_text("Lütfen fotoğraf hakkını ekleyiniz.")
    expect(hospital.get_by_test_id("story-status")).to_have_text("Kuruma düzeltme için iade edildi")
    hospital.get_by_test_id("edit-story").click()
    hospital.locator("#id_spot").fill(
        "Hastanemizde organ bağışı haftasında bilgilendirme standı kuruldu (Foto: Şehir Hastanesi)."
    )
    hospital.get_by_test_id("save-story").click()
    hospital.get_by_test_id("submit-to-unit").click()

    # The unit accepts it, chooses the channels, "goes to the press" and the external approvals, and sends it.
    staff.reload()
    staff.get_by_test_id("accept-submission").click()
    staff.get_by_test_id("edit-story").click()
    for channel in social_channels:
        staff.get_by_label(channel.name).check()
    staff.locator("#id_goes_to_press").check()
    staff.locator("#id_needs_external_approval").check()
    staff.get_by_test_id("save-story").click()
    staff.get_by_test_id("submit-for-approval").click()
    expect(staff.get_by_test_id("flow-status")).to_have_text("Onay sürecinde")

    # Unit head and chief initial, the director signs.
    for user in (province.unit_head, province.chief, province.director):
        _decide_in_chain(browser, live_server, user, story)

    # External approvals: the Ministry's press office and the Governorship, each through its link.
    staff.goto(f"/publishing/{story.pk}/")
    staff.get_by_test_id("open-flow").click()
    expect(staff.get_by_test_id("flow-status")).to_have_text("Dış onaylar bekleniyor")
    staff.get_by_label(re.compile("Basın Müşavirliği")).check()
    staff.get_by_label(re.compile("Kocaeli Valiliği")).check()
    mail.outbox.clear()
    staff.get_by_test_id("send-external").click()
    expect(staff.get_by_text("Onay talepleri e-postayla gönderildi.")).to_be_visible()
    links = [re.search(r"https?://\S+/approvals/x/\S+/", m.body).group(0) for m in mail.outbox]
    assert len(links) == 2
    for link in links:
        outside = browser.new_context(locale="tr-TR").new_page()
        outside.goto(live_server.url + "/approvals/x/" + link.rsplit("/approvals/x/", 1)[1])
        outside.get_by_label("Adınız ve unvanınız").fill("Basın Müşaviri")
        outside.get_by_test_id("external-approve").click()
        expect(outside.get_by_role("heading", name="Yanıtınız kaydedildi")).to_be_visible()
        outside.context.close()

    # Publish now on the newsroom, both social channels and to the local press.
    mail.outbox.clear()
    staff.goto(f"/publishing/{story.pk}/")
    expect(staff.get_by_test_id("preview-bluesky")).to_be_visible()
    staff.get_by_test_id("publish").click()
    expect(staff.get_by_text("Haber yayınlandı; kanallar güncelleniyor.")).to_be_visible()
    staff.reload()
    for channel in social_channels:
        expect(staff.get_by_test_id(f"publication-{channel.kind}").get_by_test_id("publication-status")).to_have_text(
            "Yayında"
        )
    staff.screenshot(path=shots + "detail.png", full_page=True)
    assert Publication.objects.filter(story=story, status="published").count() == 2
    # What the networks received: one post each, with the text, the newsroom link and the photo.
    mastodon, bluesky = fake_networks
    [toot] = mastodon.posts
    assert toot["status"].startswith("Organ bağışı haftasında") and story.public_path() in toot["status"]
    assert toot["media_ids"]
    [record] = bluesky.posts
    assert record["text"].startswith("Organ bağışı haftasında")
    assert record["embed"]["images"]
    mastodon_post = Publication.objects.get(story=story, channel=social_channels[0])
    assert mastodon_post.url and mastodon_post.remote_id

    # The content calendar shows the story and both posts today.
    staff.goto("/publishing/calendar/?view=week")
    expect(staff.get_by_test_id("calendar")).to_contain_text("Mastodon hesabı")
    expect(staff.get_by_test_id("calendar")).to_contain_text("Bluesky hesabı")
    staff.screenshot(path=shots + "calendar.png", full_page=True)
    staff.goto("/publishing/")
    staff.screenshot(path=shots + "list.png", full_page=True)

    # The press e-mail: one message to the journalist, with the photo and an unsubscribe link.
    [press] = [m for m in mail.outbox if m.to == ["elif@gazete.example"]]
    assert press.subject == TITLE
    assert "/newsroom/unsubscribe/" in press.body and press.attachments

    # The public newsroom, without logging in: the list, the story page and the RSS feed.
    public = browser.new_context(base_url=live_server.url, locale="tr-TR").new_page()
    public.goto("/newsroom/")
    public.get_by_role("link", name=TITLE).click()
    expect(public.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(public.locator("figure img").first).to_be_visible()
    assert public.locator('meta[property="og:title"]').get_attribute("content") == TITLE
    public.screenshot(path=shots + "newsroom.png", full_page=True)
    rss = public.request.get(live_server.url + "/newsroom/feed.xml")
    assert rss.ok and TITLE in rss.text()
    # The richer newsroom (issue 23.16): the province, share links, the contact box, search, the about page.
    expect(public.get_by_test_id("newsroom-name")).to_contain_text("İl Sağlık Müdürlüğü")
    expect(public.get_by_test_id("share")).to_contain_text("LinkedIn")
    expect(public.get_by_test_id("press-contact")).to_be_visible()
    public.get_by_label("Haberlerde ara").fill("organ bağışı")
    public.get_by_role("button", name="Ara", exact=True).click()
    expect(public.get_by_test_id("newsroom-list")).to_contain_text(TITLE)
    public.get_by_role("link", name="Hakkımızda").click()
    expect(public.get_by_test_id("newsroom-about")).to_be_visible()
