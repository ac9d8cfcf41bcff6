"""A bulletin item takes its photos from the creative studio's asset library (issue 28, point 3): the web
copy (without EXIF) is used, and a photo marked "not for publication" or whose rights ran out is refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pressdesk.creative import actions as creative
from pressdesk.creative.models import Asset, Rendition
from pressdesk.mediarelations import actions
from pressdesk.mediarelations.models import Release
from pressdesk.testing.creative import make_asset

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(province):
    release = actions.create_release(actor=province.staff, kind=Release.Kind.BULLETIN, title="Haftalık bülten")
    return actions.add_item(actor=province.staff, release=release, title="Aşı haftası", text="Aşı haftası başladı.")


def _photo(province, **fields):
    asset = make_asset(province, actor=province.staff, **fields)
    creative.make_renditions(asset_id=asset.pk)  # what the background task does
    return asset


def test_a_library_photo_goes_on_the_item_as_its_web_copy(province, item, client):
    asset = _photo(province)
    client.force_login(province.staff)
    page = client.get(reverse("mediarelations:release", args=[item.release_id])).content.decode()
    assert "Aşı kampanyası açılışı" in page  # offered in the picker
    response = client.post(
        reverse("mediarelations:release_item_photo", args=[item.release_id, item.pk]), {"asset": asset.pk}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    web = asset.renditions.get(size=Rendition.Size.WEB)
    assert item.photos == [web.file.name]
    with pytest.raises(ValidationError):  # once is enough
        actions.add_library_photo(actor=province.staff, release=item.release, item=item, asset_id=asset.pk)


def test_a_photo_not_for_publication_or_with_expired_rights_is_refused(province, item):
    restricted = _photo(province, consent=Asset.Consent.NOT_FOR_PUBLICATION, title="Hasta ile çekim")
    expired = _photo(province, title="Eski kampanya", rights_expire_on=timezone.localdate() - datetime.timedelta(1))
    for asset in (restricted, expired):
        with pytest.raises(ValidationError):
            actions.add_library_photo(actor=province.staff, release=item.release, item=item, asset_id=asset.pk)
    item.refresh_from_db()
    assert item.photos == []


def test_another_provinces_photo_is_not_offered_nor_taken(province, item, client):
    from pressdesk.testing.factories import SecondProvince

    other = SecondProvince(province)
    foreign = _photo(other, title="Denizli fotoğrafı")
    client.force_login(province.staff)
    page = client.get(reverse("mediarelations:release", args=[item.release_id])).content.decode()
    assert "Denizli fotoğrafı" not in page
    with pytest.raises(ValidationError):
        actions.add_library_photo(actor=province.staff, release=item.release, item=item, asset_id=foreign.pk)
