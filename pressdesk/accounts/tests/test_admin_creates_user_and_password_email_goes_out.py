"""An administrator adds a user; the new user gets a link to choose a password."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from pressdesk.accounts.models import Role, User
from pressdesk.testing.factories import Province


def _form(province: Province, **overrides: Any) -> dict[str, Any]:
    data = {
        "username": "aysel",
        "first_name": "Aysel",
        "last_name": "Kılıç",
        "email": "aysel.kilic@example.gov.tr",
        "organization": province.unit.pk,
        "role": Role.STAFF,
        "title": "Halkla İlişkiler Uzmanı",
        "phone": "0532 123 45 67",
        "is_active": "on",
        "send_password_email": "on",
    }
    data.update(overrides)
    return data


def test_admin_creates_a_user_and_the_set_password_email_goes_out(
    province: Province, as_admin: Client, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = as_admin.post(reverse("accounts:create"), _form(province))

    user = User.objects.get(username="aysel")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:detail", args=[user.pk])
    assert user.organization == province.unit
    assert user.role == Role.STAFF
    assert user.phone == "+905321234567"
    assert user.title == "Halkla İlişkiler Uzmanı"
    assert user.is_active
    assert not user.has_usable_password()
    assert len(callbacks) == 1

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["aysel.kilic@example.gov.tr"]
    assert "aysel" in mail.body
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.body)
    assert link is not None

    # The link lets the new user choose a password and log in.
    visitor = Client()
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    response = visitor.get("/" + path, follow=True)
    assert response.status_code == 200
    set_password_url = response.redirect_chain[-1][0]
    response = visitor.post(
        set_password_url, {"new_password1": "Yeni.Parola.2026!", "new_password2": "Yeni.Parola.2026!"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Yeni.Parola.2026!")


def test_no_email_when_the_admin_unticks_it(
    province: Province, as_admin: Client, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    data = _form(province)
    del data["send_password_email"]
    with django_capture_on_commit_callbacks(execute=True):
        as_admin.post(reverse("accounts:create"), data)
    assert User.objects.filter(username="aysel").exists()
    assert mailoutbox == []


def test_the_email_is_sent_only_after_the_transaction_commits(
    province: Province, as_admin: Client, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        as_admin.post(reverse("accounts:create"), _form(province))
    assert mailoutbox == []
    assert len(callbacks) == 1


def test_the_create_form_has_the_email_box_ticked_and_organizations_indented(
    province: Province, as_admin: Client
) -> None:
    response = as_admin.get(reverse("accounts:create"))
    form = response.context["form"]
    assert form["send_password_email"].value() is True
    labels = dict(form.fields["organization"].choices)
    unit_label = next(label for value, label in form.fields["organization"].choices if value == province.unit.pk)
    assert str(unit_label).startswith("\u00a0" * 4 * province.unit.depth)
    assert str(unit_label).strip() == province.unit.name
    assert len(labels) > 1


def test_admin_can_send_the_link_again_from_the_user_page(
    province: Province, as_admin: Client, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        as_admin.post(reverse("accounts:create"), {**_form(province), "send_password_email": ""})
    user = User.objects.get(username="aysel")
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = as_admin.post(reverse("accounts:send_password_link", args=[user.pk]))
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["aysel.kilic@example.gov.tr"]]


def test_no_link_for_a_user_who_already_has_a_password(
    province: Province, as_admin: Client, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        as_admin.post(reverse("accounts:send_password_link", args=[province.staff.pk]))
    assert mailoutbox == []
