"""An event picks a photo already in the creative asset library (issue 28 point 3): only its own
province's library, never a restricted or expired photo in the press kit, linked once however often
it is picked, refused in Turkish on bad input."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from pressdesk.creative.models import Asset
from pressdesk.events import afterwards
from pressdesk.events.models import EventPhoto
from pressdesk.testing.creative import make_asset, png_upload
from pressdesk.testing.events import make_event
from pressdesk.testing.factories import SecondProvince

pytestmark = pytest.mark.django_db


def _pick(client: Any, event: Any, asset_id: Any, **extra: str) -> Any:
    data = {"library-asset": str(asset_id), **extra}
    return client.post(reverse("events:photo_pick", args=[event.pk]), data, follow=True)


def test_a_library_photo_is_found_by_text_and_linked_once(province: Any, client: Any, login: Any) -> None:
    event = make_event(province, title="Göz kliniği açılışı")
    asset = make_asset(province, actor=province.staff, title="IŞIK Hastanesi kurdele kesimi", credit="Can Foto")
    other = make_asset(province, actor=province.staff, title="Aşı haftası afişi")
    login(province.staff)

    page = client.get(reverse("events:detail", args=[event.pk]), {"photo_q": "isik"}).content.decode()
    assert "IŞIK Hastanesi kurdele kesimi" in page  # Turkish-aware search: isik finds IŞIK
    assert "Aşı haftası afişi" not in page
    assert 'data-testid="library-photo-picker"' in page
    nothing = client.get(reverse("events:detail", args=[event.pk]), {"photo_q": "yokböylebirşey"}).content.decode()
    assert 'data-testid="library-photo-none"' in nothing

    response = _pick(client, event, asset.pk)
    assert response.status_code == 200
    assert "IŞIK Hastanesi kurdele kesimi" in response.content.decode()
    _pick(client, event, asset.pk)  # a double click
    photo = EventPhoto.objects.get(event=event)
    assert (photo.asset, photo.in_press_kit) == (asset, True)
    assert afterwards.publishable(photo)
    # once linked, the picker offers the others only
    assert [a.pk for a in afterwards.library_photos(province.staff, event)] == [other.pk]
    assert afterwards.add_library_photo(actor=province.staff, event=event, asset_id=asset.pk) == photo
    assert EventPhoto.objects.filter(event=event).count() == 1


def test_another_provinces_photo_or_event_is_refused(province: Any, client: Any, login: Any) -> None:
    event = make_event(province)
    second = SecondProvince(province)
    theirs = make_asset(second, actor=second.staff, title="Denizli fotoğrafı")
    their_event = make_event(second, title="Denizli açılışı")
    mine = make_asset(province, actor=province.staff, title="Kocaeli fotoğrafı")

    with pytest.raises(ValidationError):
        afterwards.add_library_photo(actor=province.staff, event=event, asset_id=theirs.pk)
    with pytest.raises(ValidationError):  # the administrator sees every library, but not for this event
        afterwards.add_library_photo(actor=province.admin, event=event, asset_id=theirs.pk)
    assert theirs not in afterwards.library_photos(province.admin, event)
    assert theirs not in afterwards.library_photos(province.staff, event)

    login(province.staff)
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Kocaeli fotoğrafı" in page and "Denizli fotoğrafı" not in page
    with translation.override("tr"):
        response = _pick(client, event, theirs.pk)
    assert "Görsel arşivden bir fotoğraf seçin" in response.content.decode()
    assert not EventPhoto.objects.exists()

    login(second.staff)  # the other province's unit: not their event
    assert client.post(reverse("events:photo_pick", args=[event.pk]), {"library-asset": theirs.pk}).status_code == 404
    assert _pick(client, their_event, mine.pk).status_code == 200  # their own event, our photo: refused
    assert not EventPhoto.objects.exists()
    login(province.affiliate)  # the hospital's press officer does not run events
    response = client.post(reverse("events:photo_pick", args=[event.pk]), {"library-asset": mine.pk})
    assert response.status_code in (403, 404)
    assert not EventPhoto.objects.exists()


def test_a_photo_without_consent_or_with_expired_rights_stays_out_of_the_press_kit(
    province: Any, client: Any, login: Any
) -> None:
    event = make_event(province)
    restricted = make_asset(
        province, actor=province.staff, title="Hasta ile fotoğraf", consent=Asset.Consent.NOT_FOR_PUBLICATION
    )
    expired = make_asset(
        province,
        actor=province.staff,
        title="Eski fotoğraf",
        rights_expire_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    with translation.override("tr"), pytest.raises(ValidationError) as caught:
        afterwards.add_library_photo(actor=province.staff, event=event, asset_id=restricted.pk)
    assert "Yayımlanamaz" in caught.value.messages[0]
    assert "basın dosyası" in caught.value.messages[1]

    login(province.staff)
    with translation.override("tr"):
        page = _pick(client, event, expired.pk).content.decode()
    assert "kullanım hakkı" in page.lower()
    assert not EventPhoto.objects.exists()

    # Left out of the press kit, the event may keep it (the unit's own record); the kit refuses it.
    _pick(client, event, restricted.pk, **{"library-not_for_publication": "on"})
    photo = EventPhoto.objects.get(event=event)
    assert (photo.asset, photo.in_press_kit) == (restricted, False)
    assert not afterwards.publishable(photo)
    with pytest.raises(ValidationError):
        afterwards.set_photo_in_kit(actor=province.staff, photo=photo, in_kit=True)


def test_bad_input_is_refused_and_nothing_is_linked(province: Any, client: Any, login: Any) -> None:
    from pressdesk.creative import actions as creative

    event = make_event(province)
    final = creative.add_asset(
        actor=province.staff,
        upload=png_upload("afis.png"),
        kind=Asset.Kind.FINAL,
        title="Son tasarım",
    )
    login(province.staff)
    with translation.override("tr"):
        for value in ("", "abc", "-3", "999999", str(final.pk)):  # empty, not a number, no such photo, not a photo
            page = _pick(client, event, value).content.decode()
            assert "Görsel arşivden bir fotoğraf seçin" in page, value
    assert not EventPhoto.objects.exists()
