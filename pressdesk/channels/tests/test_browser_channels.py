"""An administrator connects a Mastodon account served on 127.0.0.1, sees its health, checks it and deletes it."""

import os

import pytest
from playwright.sync_api import expect

from pressdesk.channels import actions
from pressdesk.channels.models import Channel
from pressdesk.testing.fake_channels import FakeMastodon

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mastodon_server():
    with FakeMastodon() as server:
        yield server


def test_admin_connects_checks_and_deletes_a_channel(province, page, browser_login, live_server, mastodon_server):
    shots = os.environ.get("PRESSDESK_SCREENSHOTS")
    browser_login(province.admin)
    page.goto("/channels/")
    expect(page.get_by_test_id("channel-empty")).to_be_visible()
    page.get_by_test_id("channel-connect").locator("select").select_option("mastodon")
    page.get_by_test_id("channel-connect").locator("button").click()

    form = page.get_by_test_id("channel-form")
    form.locator("#id_name").fill("Mastodon @saglik")
    form.locator("#id_organization").select_option(str(province.directorate.pk))
    form.locator("#id_base_url").fill(mastodon_server.url)
    form.locator("#id_secret_access_token").fill(mastodon_server.token)
    form.locator("#id_allow_internal_host").check()
    if shots:
        page.screenshot(path=f"{shots}/channels_form.png", full_page=True)
    form.get_by_test_id("channel-save").click()
    expect(page.get_by_role("heading", name="Mastodon @saglik")).to_be_visible()

    channel = Channel.objects.get()
    if channel.last_checked_at is None:  # the check runs on commit; run it here if the worker did not
        actions.check_channel(channel_id=channel.pk)
    page.reload()
    expect(page.get_by_test_id("channel-health")).to_contain_text("Çalışıyor")
    expect(page.get_by_test_id("channel-form")).not_to_contain_text(mastodon_server.token)
    assert mastodon_server.token not in page.content()

    mastodon_server.fail_next(401, times=5)
    page.get_by_test_id("channel-check").click()
    page.wait_for_load_state()
    channel.refresh_from_db()
    if channel.health != Channel.Health.TOKEN_INVALID:
        actions.check_channel(channel_id=channel.pk)
    page.reload()
    expect(page.get_by_test_id("channel-last-error")).to_contain_text("yeniden bağlayın")
    if shots:
        page.screenshot(path=f"{shots}/channels_detail.png", full_page=True)

    page.goto("/channels/")
    expect(page.get_by_test_id("channel-row")).to_have_count(1)
    if shots:
        page.screenshot(path=f"{shots}/channels_list.png", full_page=True)
    page.get_by_test_id("channel-row").click()
    page.get_by_test_id("channel-delete").click()
    page.get_by_test_id("channel-delete-confirm").click()
    expect(page.get_by_test_id("channel-empty")).to_be_visible()
    assert not Channel.objects.exists()
