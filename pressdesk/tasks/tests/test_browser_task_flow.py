"""Clicking through process 3.17 in Chromium: give a task, report progress with htmx, complete it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pressdesk.tasks import actions
from pressdesk.tasks.models import Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_unit_head_gives_a_task_through_the_form(province, page, browser_login):
    browser_login(province.unit_head)
    page.goto("/tasks/new/")
    page.locator("#id_title").fill("Basın toplantısı salonunu hazırlayınız")
    page.locator("#id_description").fill("Ses sistemi ve kürsü.")
    page.locator("#id_assignee").select_option(str(province.staff.pk))
    page.locator("#id_due_date").fill((timezone.localdate() + datetime.timedelta(days=3)).isoformat())
    page.locator("#id_priority").select_option(str(Task.Priority.HIGH))
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Basın toplantısı salonunu hazırlayınız")
    task = Task.objects.get()
    assert task.assignee == province.staff
    assert page.url.endswith(f"/tasks/{task.pk}/")


def test_assignee_reports_progress_without_reloading_and_completes(province, page, browser_login):
    task = actions.assign_task(
        actor=province.unit_head,
        assignee=province.staff,
        title="Diyabet Günü afişi",
        due_date=timezone.localdate() + datetime.timedelta(days=2),
    )
    browser_login(province.staff)
    page.goto(f"/tasks/{task.pk}/")
    page.evaluate("window.notReloaded = true")
    page.locator("#id_body").fill("Taslak hazır, renkler onayda.")
    page.locator("#id_progress").fill("60")
    page.locator("#comment-form button[type=submit]").click()

    expect(page.get_by_test_id("comment")).to_contain_text("Taslak hazır, renkler onayda.")
    expect(page.locator("#task-progress [role=progressbar]")).to_have_attribute("aria-valuenow", "60")
    expect(page.locator("#id_body")).to_have_value("")  # a fresh form for the next comment
    assert page.evaluate("window.notReloaded === true")
    task.refresh_from_db()
    assert (task.status, task.progress) == (Task.Status.IN_PROGRESS, 60)

    # An invalid progress shows the error in place, still without a reload.
    page.locator("#id_progress").fill("150")
    page.locator("#id_progress").evaluate("el => el.removeAttribute('max')")  # get past the browser's own check
    page.locator("#comment-form button[type=submit]").click()
    expect(page.locator("#id_progress_error")).to_be_visible()
    assert page.evaluate("window.notReloaded === true")

    page.locator(f"form[action='/tasks/{task.pk}/complete/'] button").click()
    expect(page.locator("#task-progress [role=progressbar]")).to_have_attribute("aria-valuenow", "100")
    task.refresh_from_db()
    assert task.status == Task.Status.DONE
