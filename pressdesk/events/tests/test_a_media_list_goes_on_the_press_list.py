"""Point 3 of issue 25, "to chosen press lists": a whole media list (media relations) goes on an
event's press list in one action; contacts already there, unsubscribed ones and those without an
address are skipped and counted; another province's list is refused; a double click adds nobody twice."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pressdesk.events import actions

pytestmark = pytest.mark.django_db


def _contact(province: Any, name: str, email: str = "", *, other: bool = False, **extra: Any) -> Any:
    from pressdesk.mediarelations.models import MediaContact

    return MediaContact.objects.create(
        province=province.other_directorate if other else province.directorate,
        organization=province.other_directorate if other else province.unit,
        name=name,
        email=email,
        **extra,
    )


def _list(province: Any, name: str, contacts: list[Any], *, other: bool = False) -> Any:
    from pressdesk.mediarelations.models import MediaList

    media_list = MediaList.objects.create(
        province=province.other_directorate if other else province.directorate,
        organization=province.other_directorate if other else province.unit,
        name=name,
    )
    media_list.contacts.set(contacts)
    return media_list


@pytest.fixture
def local_press(province: Any) -> Any:
    return _list(
        province,
        "Yerel basın",
        [
            _contact(province, "Ali Muhabir", "ali@example.com", mobile="+905321112233"),
            _contact(province, "Berk Editör", "Berk@Example.com"),
            _contact(province, "Cem Çıkmış", "cem@example.com", unsubscribed_at=timezone.now()),
            _contact(province, "Derya Adressiz", mobile="+905324445566"),
        ],
    )


def test_a_media_list_is_added_skipping_who_is_there_unsubscribed_or_without_address(
    province: Any, plan: Any, local_press: Any, client: Any
) -> None:
    event = plan()
    actions.add_invitee(actor=province.staff, event=event, name="Berk E.", email="berk@example.com")
    client.force_login(province.staff)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Yerel basın (4 kişi)" in page
    response = client.post(
        reverse("events:media_list_add", args=[event.pk]), {"medialist-media_list": local_press.pk}, follow=True
    )
    body = response.content.decode()
    assert "1 kişi basın listesine eklendi." in body
    assert "Eklenmedi: 1 kişi zaten listede, 1 kişi abonelikten çıkmış, 1 kişinin e-posta adresi yok." in body
    ali = event.invitees.get(name="Ali Muhabir")
    assert (ali.email, ali.phone, ali.contact.name) == ("ali@example.com", "+905321112233", "Ali Muhabir")
    assert sorted(event.invitees.values_list("name", flat=True)) == ["Ali Muhabir", "Berk E."]


def test_a_double_click_adds_nobody_twice(province: Any, plan: Any, local_press: Any, client: Any) -> None:
    event = plan()
    first = actions.add_media_list(actor=province.staff, event=event, media_list=local_press)
    second = actions.add_media_list(actor=province.staff, event=event, media_list=local_press)
    assert first == {"added": 2, "already": 0, "unsubscribed": 1, "no_email": 1}
    from auditlog.models import LogEntry

    from pressdesk.events.models import Invitee

    assert LogEntry.objects.get_for_model(Invitee).count() == 2  # each addition is audited
    assert second == {"added": 0, "already": 2, "unsubscribed": 1, "no_email": 1}
    assert event.invitees.count() == 2
    client.force_login(province.staff)
    url = reverse("events:media_list_add", args=[event.pk])
    body = client.post(url, {"medialist-media_list": local_press.pk}, follow=True).content.decode()
    assert "0 kişi basın listesine eklendi." in body and "2 kişi zaten listede" in body
    assert event.invitees.count() == 2


def test_another_provinces_list_is_refused(province: Any, plan: Any, client: Any) -> None:
    event = plan()
    theirs = _list(
        province, "Denizli basını", [_contact(province, "Denizli Muhabiri", "d@example.com", other=True)], other=True
    )
    with pytest.raises(ValidationError):
        actions.add_media_list(actor=province.staff, event=event, media_list=theirs)
    client.force_login(province.staff)
    assert "Denizli basını" not in client.get(event.get_absolute_url()).content.decode()
    response = client.post(
        reverse("events:media_list_add", args=[event.pk]), {"medialist-media_list": theirs.pk}, follow=True
    )
    assert "Bu ilin basın rehberi listelerinden birini seçin." in response.content.decode()
    assert not event.invitees.exists()


def test_another_provinces_staff_cannot_add_a_list_to_the_event(
    province: Any, plan: Any, local_press: Any, client: Any
) -> None:
    event = plan()
    client.force_login(province.outsider)
    response = client.post(reverse("events:media_list_add", args=[event.pk]), {"medialist-media_list": local_press.pk})
    assert response.status_code == 404
    assert not event.invitees.exists()
