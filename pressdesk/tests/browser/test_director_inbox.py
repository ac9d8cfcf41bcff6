"""The director logs in in Turkish and finds the unit head's task in İşlerim."""

import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pressdesk.tasks import actions as task_actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_director_sees_task_from_unit_head_in_my_work(province, page, browser_login, live_server):
    task_actions.assign_task(
        actor=province.unit_head,
        assignee=province.director,
        title="Haftalık basın özetini inceleyiniz",
        due_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    browser_login(province.director)
    expect(page.get_by_role("heading", name="İşlerim")).to_be_visible()
    expect(page.get_by_text("Haftalık basın özetini inceleyiniz")).to_be_visible()
    expect(page.get_by_text("Mehmet Işık").first).to_be_visible()
    expect(page.get_by_test_id("inbox-count")).to_contain_text("1")
    shots = os.environ.get("PRESSDESK_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/director_inbox.png", full_page=True)


def test_director_reads_my_work_on_a_phone(province, browser, live_server):
    from pressdesk.testing.factories import PASSWORD

    task_actions.assign_task(actor=province.unit_head, assignee=province.director, title="Basın bülteni onayı")
    context = browser.new_context(
        base_url=live_server.url, locale="tr-TR", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    phone = context.new_page()
    phone.goto("/accounts/login/")
    phone.get_by_label("Kullanıcı adı").fill(province.director.username)
    phone.get_by_label("Parola").fill(PASSWORD)
    phone.get_by_role("button", name="Giriş yap").click()
    expect(phone.get_by_role("heading", name="İşlerim")).to_be_visible()
    expect(phone.get_by_text("Basın bülteni onayı")).to_be_visible()
    # Nothing overflows sideways on a phone.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()


def test_language_switch_in_the_browser(province, page, browser_login):
    browser_login(province.staff)
    expect(page.get_by_role("heading", name="İşlerim")).to_be_visible()
    page.get_by_test_id("lang-en").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    page.get_by_test_id("lang-tr").click()
    expect(page.get_by_role("heading", name="İşlerim")).to_be_visible()
