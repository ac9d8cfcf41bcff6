"""Log-in protection in Chromium: lock-out after wrong passwords, and choosing a new password by e-mail."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from pressdesk.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Yeni.Kocaeli.Parola.2026"


def _log_in(page, username, password):
    page.goto("/accounts/login/")
    page.get_by_label("Kullanıcı adı").fill(username)
    page.get_by_label("Parola").fill(password)
    page.get_by_role("button", name="Giriş yap").click()


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(province, page):
    for _attempt in range(4):
        _log_in(page, province.staff.username, "yanlis-parola")
        expect(page.get_by_role("alert")).to_contain_text("kullanıcı adı ve parola")
        expect(page.get_by_role("heading", name="Giriş yap")).to_be_visible()
    _log_in(page, province.staff.username, "yanlis-parola")  # the fifth wrong password locks
    expect(page.get_by_role("heading", name="Çok fazla hatalı giriş denemesi")).to_be_visible()

    _log_in(page, province.staff.username, PASSWORD)
    expect(page.get_by_role("heading", name="Çok fazla hatalı giriş denemesi")).to_be_visible()
    expect(page.get_by_role("link", name="Parolamı sıfırla")).to_be_visible()
    expect(page.get_by_role("heading", name="İşlerim")).to_have_count(0)


def test_forgotten_password_is_reset_through_the_emailed_link(province, page):
    mail.outbox.clear()
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Parolanızı mı unuttunuz?").click()
    expect(page.get_by_role("heading", name="Parola sıfırlama")).to_be_visible()
    page.get_by_label("E-posta").fill(province.staff.email)
    page.get_by_role("button", name="Bağlantıyı gönder").click()
    expect(page.get_by_role("heading", name="E-postanızı kontrol edin")).to_be_visible()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [province.staff.email]
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page.goto(link.group(1))
    expect(page.get_by_role("heading", name="Yeni parola belirleyin")).to_be_visible()
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Yeni parolayı kaydet").click()
    expect(page.get_by_role("heading", name="Parolanız belirlendi")).to_be_visible()

    page.get_by_role("link", name="Giriş yap").click()
    page.get_by_label("Kullanıcı adı").fill(province.staff.username)
    page.get_by_label("Parola").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Giriş yap").click()
    expect(page.get_by_role("heading", name="İşlerim")).to_be_visible()
    province.staff.refresh_from_db()
    assert province.staff.check_password(NEW_PASSWORD)
