"""The administrator imports users from a CSV file in Chromium: preview, confirm, summary, no duplicates."""

import csv

import pytest
from playwright.sync_api import expect

from pressdesk.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = [
    ["username", "first_name", "last_name", "email", "organization", "role", "title", "phone"],
    ["ayse.kaya", "Ayşe", "Kaya", "ayse.kaya@example.gov.tr", "basin", "staff", "Uzman", "0532 123 45 67"],
    ["deniz.su", "Deniz", "Su", "deniz.su@example.gov.tr", "sehir", "affiliate_press", "", "0505 123 45 67"],
    ["fatma.er", "Fatma", "Er", "fatma.er@example.gov.tr", "sehir", "patron", "", ""],  # unknown role
]


def test_admin_imports_the_good_rows_once(province, page, browser_login, tmp_path):
    path = tmp_path / "kullanicilar.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(ROWS)
    users_before = User.objects.count()

    browser_login(province.admin)
    page.goto("/users/import/")
    expect(page.get_by_role("heading", name="Kullanıcı içe aktar")).to_be_visible()
    page.get_by_label("Kullanıcı listesi").set_input_files(path)
    page.get_by_role("button", name="Dosyayı denetle").click()

    # The preview: two good rows, the bad one with its reason; nothing saved yet.
    expect(page.get_by_role("heading", name="Raporu inceleyip onaylayın")).to_be_visible()
    expect(page.get_by_test_id("valid-count")).to_contain_text("2")
    expect(page.get_by_test_id("invalid-count")).to_contain_text("1")
    bad_row = page.get_by_test_id("import-report").locator("tr[data-line='4']")
    expect(bad_row).to_contain_text("fatma.er")
    expect(bad_row).to_contain_text("Bilinmeyen rol “patron”")
    assert User.objects.count() == users_before

    confirm_url = page.url
    form = page.locator("form[method=post]").filter(has=page.locator("input[name=fingerprint]"))
    fields = {
        "csrfmiddlewaretoken": form.locator("input[name=csrfmiddlewaretoken]").input_value(),
        "fingerprint": form.locator("input[name=fingerprint]").input_value(),
        "acknowledge_skipped": "on",
    }
    page.get_by_label("Hatalı 1 satırın atlanacağını anlıyorum.").check()
    page.get_by_role("button", name="Geçerli 2 satırı içe aktar").click()

    # The summary.
    expect(page.get_by_role("heading", name="İçe aktarma tamamlandı")).to_be_visible()
    expect(page.get_by_test_id("imported-count")).to_have_text("2 kullanıcı oluşturuldu.")
    assert User.objects.count() == users_before + 2
    assert set(
        User.objects.filter(username__in=["ayse.kaya", "deniz.su", "fatma.er"]).values_list("username", flat=True)
    ) == {"ayse.kaya", "deniz.su"}

    # The user list shows them.
    page.get_by_role("link", name="Kullanıcı listesine git").click()
    expect(page.get_by_role("heading", name="Kullanıcılar")).to_be_visible()
    user_names = page.locator("#user-results code")
    expect(user_names.get_by_text("ayse.kaya", exact=True)).to_be_visible()
    expect(user_names.get_by_text("deniz.su", exact=True)).to_be_visible()
    expect(user_names.get_by_text("fatma.er", exact=True)).to_have_count(0)

    # The confirmation posted a second time (a double click, or Back and submit again) creates nobody.
    response = page.request.post(confirm_url, form=fields, headers={"Referer": confirm_url})
    assert response.ok
    assert "İçe aktarma tamamlandı" in response.text()
    page.goto(confirm_url)
    expect(page.get_by_role("heading", name="İçe aktarma tamamlandı")).to_be_visible()
    assert User.objects.count() == users_before + 2
    assert User.objects.filter(username="ayse.kaya").count() == 1
