"""Step 2 of the import: confirming creates the valid rows' users, once, all or none."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pressdesk.accounts import actions
from pressdesk.accounts.models import Role, User, UserImport
from pressdesk.accounts.tests.conftest import HEADER, csv_file
from pressdesk.testing.factories import Province, UserFactory

GOOD_AND_BAD = [
    HEADER,
    ["ayse.kaya", "Ayşe", "Kaya", "ayse.kaya@example.gov.tr", "basin", "staff", "Uzman", "0532 123 45 67"],
    ["veli", "Veli", "Can", "veli@example.gov.tr", "yok-boyle-kurum", "staff", "", ""],
    ["deniz", "Deniz", "Su", "deniz@example.gov.tr", "sehir", "affiliate_press", "", "5051234567"],
]


def _preview(upload: Any, rows: list[list[str]] = GOOD_AND_BAD) -> tuple[UserImport, Any]:
    response = upload(csv_file(rows))
    assert response.status_code == 200
    return UserImport.objects.get(), response


def _confirm(client: Client, batch: UserImport, preview: Any, **extra: Any) -> Any:
    data = {"fingerprint": preview.context["report"].fingerprint, "send_emails": "on", **extra}
    return client.post(reverse("accounts:import_confirm", args=[batch.token]), data, follow=True)


def test_confirming_imports_only_the_good_rows_and_emails_them(
    province: Province,
    upload: Any,
    as_admin: Client,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    batch, preview = _preview(upload)
    users_before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = _confirm(as_admin, batch, preview, acknowledge_skipped="on")
    assert response.status_code == 200
    assert User.objects.count() == users_before + 2
    ayse = User.objects.get(username="ayse.kaya")
    assert (ayse.organization, ayse.role, ayse.title, ayse.phone) == (
        province.unit,
        Role.STAFF,
        "Uzman",
        "+905321234567",
    )
    assert not ayse.has_usable_password()
    deniz = User.objects.get(username="deniz")
    assert (deniz.organization, deniz.role, deniz.phone) == (province.hospital, Role.AFFILIATE_PRESS, "+905051234567")
    assert not User.objects.filter(username="veli").exists()

    assert sorted(mail.to[0] for mail in mailoutbox) == ["ayse.kaya@example.gov.tr", "deniz@example.gov.tr"]
    assert all("/accounts/reset/" in mail.body for mail in mailoutbox)

    batch.refresh_from_db()
    assert batch.status == UserImport.Status.IMPORTED
    assert batch.imported_by == province.admin
    assert batch.skipped_lines == [3]
    assert batch.rows == []  # the uploaded personal data is not kept
    assert "accounts/user_import_done.html" in [t.name for t in response.templates]
    assert {u.username for u in response.context["imported_users"]} == {"ayse.kaya", "deniz"}


def test_confirming_twice_does_not_duplicate(
    province: Province,
    upload: Any,
    as_admin: Client,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    batch, preview = _preview(upload)
    with django_capture_on_commit_callbacks(execute=True):
        _confirm(as_admin, batch, preview, acknowledge_skipped="on")
        users_after_first = User.objects.count()
        second = _confirm(as_admin, batch, preview, acknowledge_skipped="on")
    assert second.status_code == 200
    assert User.objects.count() == users_after_first
    assert User.objects.filter(username="ayse.kaya").count() == 1
    assert len(mailoutbox) == 2


def test_the_action_is_a_no_op_on_an_imported_batch(province: Province, upload: Any) -> None:
    batch, preview = _preview(upload)
    fingerprint = preview.context["report"].fingerprint
    actions.import_users(actor=province.admin, batch=batch, fingerprint=fingerprint)
    count = User.objects.count()
    again = actions.import_users(actor=province.admin, batch=batch, fingerprint=fingerprint)
    assert again.status == UserImport.Status.IMPORTED
    assert User.objects.count() == count


def test_bad_rows_must_be_acknowledged_before_importing(province: Province, upload: Any, as_admin: Client) -> None:
    batch, preview = _preview(upload)
    count = User.objects.count()
    response = _confirm(as_admin, batch, preview)
    assert "acknowledge_skipped" in response.context["form"].errors
    assert User.objects.count() == count
    batch.refresh_from_db()
    assert batch.is_pending


def test_no_acknowledgement_needed_when_every_row_is_good(province: Province, upload: Any, as_admin: Client) -> None:
    batch, preview = _preview(upload, [GOOD_AND_BAD[0], GOOD_AND_BAD[1]])
    assert "acknowledge_skipped" not in preview.context["form"].fields
    _confirm(as_admin, batch, preview)
    assert User.objects.filter(username="ayse.kaya").exists()


def test_no_emails_when_the_admin_unticks_them(
    province: Province,
    upload: Any,
    as_admin: Client,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    batch, preview = _preview(upload)
    with django_capture_on_commit_callbacks(execute=True):
        _confirm(as_admin, batch, preview, acknowledge_skipped="on", send_emails="")
    assert User.objects.filter(username="ayse.kaya").exists()
    assert mailoutbox == []


def test_nothing_is_imported_if_the_file_checks_differently_at_confirmation(
    province: Province, upload: Any, as_admin: Client
) -> None:
    batch, preview = _preview(upload)
    UserFactory(username="deniz", organization=province.unit)  # taken after the preview
    count = User.objects.count()
    response = _confirm(as_admin, batch, preview, acknowledge_skipped="on")
    assert User.objects.count() == count
    assert not User.objects.filter(username="ayse.kaya").exists()
    batch.refresh_from_db()
    assert batch.is_pending
    assert any("checks differently" in str(m) for m in response.context["messages"])
    # The new report shows the taken name; confirming it imports the remaining good row.
    assert [row.line for row in response.context["report"].valid_rows] == [2]
    _confirm(as_admin, batch, response, acknowledge_skipped="on")
    assert User.objects.filter(username="ayse.kaya").exists()


def test_the_import_is_all_or_nothing(province: Province, upload: Any, monkeypatch: Any) -> None:
    batch, preview = _preview(upload)
    count = User.objects.count()
    original_save = User.save

    def failing_save(self: User, *args: Any, **kwargs: Any) -> None:
        if self.username == "deniz":
            raise RuntimeError("disk full")
        original_save(self, *args, **kwargs)

    monkeypatch.setattr(User, "save", failing_save)
    with pytest.raises(RuntimeError):
        actions.import_users(actor=province.admin, batch=batch, fingerprint=preview.context["report"].fingerprint)
    monkeypatch.undo()
    assert User.objects.count() == count
    batch.refresh_from_db()
    assert batch.is_pending


def test_a_file_without_good_rows_offers_no_import_button(province: Province, upload: Any, as_admin: Client) -> None:
    batch, preview = _preview(upload, [GOOD_AND_BAD[0], GOOD_AND_BAD[2]])
    assert preview.context["valid_count"] == 0
    assert 'name="fingerprint"' not in preview.content.decode()
    count = User.objects.count()
    _confirm(as_admin, batch, preview, acknowledge_skipped="on")
    assert User.objects.count() == count
