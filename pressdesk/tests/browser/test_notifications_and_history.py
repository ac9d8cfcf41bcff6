"""Staff get a task: the bell counts it, the notification leads to it, they tune their choices, read the history."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pressdesk.notifications.models import Notification, Preference
from pressdesk.tasks import actions as task_actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_follow_a_task_notification_and_choose_what_they_receive(province, page, browser_login):
    task = task_actions.assign_task(
        actor=province.unit_head,
        assignee=province.staff,
        title="Kan bağışı kampanyası duyurusu",
        due_date=timezone.localdate() + datetime.timedelta(days=2),
    )
    browser_login(province.staff)
    expect(page.get_by_role("heading", name="İşlerim")).to_be_visible()
    expect(page.get_by_test_id("notification-count")).to_have_text("1 okunmamış")

    page.get_by_role("link", name="Bildirimler").click()
    expect(page.get_by_role("heading", name="Bildirimler")).to_be_visible()
    page.get_by_role("link", name="Yeni görev: Kan bağışı kampanyası duyurusu").click()

    expect(page.locator("h1")).to_have_text("Kan bağışı kampanyası duyurusu")
    assert page.url.endswith(f"/tasks/{task.pk}/")
    expect(page.get_by_test_id("notification-count")).to_have_count(0)
    assert Notification.objects.get(recipient=province.staff).read_at is not None

    # Notification choices: no more e-mail when a task is given to me.
    page.goto("/notifications/")
    page.get_by_role("link", name="Neleri alacağımı seç").click()
    expect(page.get_by_role("heading", name="Bildirim tercihleri")).to_be_visible()
    by_email = page.get_by_label("Bana bir görev verildi — E-postayla")
    in_app = page.get_by_label("Bana bir görev verildi — Uygulamada")
    expect(by_email).to_be_checked()
    by_email.uncheck()
    page.get_by_role("button", name="Kaydet", exact=True).click()
    expect(page.get_by_text("Bildirim tercihleriniz kaydedildi.")).to_be_visible()
    expect(page.get_by_label("Bana bir görev verildi — E-postayla")).not_to_be_checked()
    expect(in_app).to_be_checked()
    choice = Preference.objects.get(user=province.staff, kind="task_assigned")
    assert (choice.in_app, choice.email) == (True, False)

    # The task's record history shows who created it.
    page.goto(f"/tasks/{task.pk}/")
    page.get_by_role("link", name="Kayıt geçmişi").click()
    expect(page.get_by_role("heading", name="Geçmiş")).to_be_visible()
    created = page.get_by_role("row").filter(has_text="Oluşturuldu")
    expect(created).to_have_count(1)
    expect(created).to_contain_text("Mehmet Işık")
