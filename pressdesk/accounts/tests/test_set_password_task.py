"""The set-password e-mail task is safe to run late or twice."""

from __future__ import annotations

from typing import Any

from pressdesk.accounts.tasks import send_set_password_email
from pressdesk.testing.factories import Province, UserFactory


def _new_user(**extra: Any) -> Any:
    user = UserFactory(username="yeni", **extra)
    user.set_unusable_password()
    user.save()
    return user


def test_sends_a_link_to_a_user_without_a_password(province: Province, mailoutbox: list[Any]) -> None:
    user = _new_user()
    assert send_set_password_email(user.pk) is True
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body


def test_nothing_for_a_deleted_user(db: Any, mailoutbox: list[Any]) -> None:
    assert send_set_password_email(987654) is False
    assert mailoutbox == []


def test_nothing_once_the_user_chose_a_password(province: Province, mailoutbox: list[Any]) -> None:
    assert send_set_password_email(province.staff.pk) is False
    assert mailoutbox == []


def test_nothing_for_an_inactive_user_or_one_without_email(province: Province, mailoutbox: list[Any]) -> None:
    inactive = _new_user(is_active=False)
    no_email = UserFactory(username="epostasiz", email="")
    no_email.set_unusable_password()
    no_email.save()
    assert send_set_password_email(inactive.pk) is False
    assert send_set_password_email(no_email.pk) is False
    assert mailoutbox == []
