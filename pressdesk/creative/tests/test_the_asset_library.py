from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

from pressdesk.creative import actions, queries
from pressdesk.creative.models import Asset, Download
from pressdesk.testing.creative import jpeg_with_gps, make_asset

pytestmark = pytest.mark.django_db


def test_search_follows_turkish_letters(province):
    make_asset(province, title="IŞIK Hastanesi açılışı", tags="açılış")
    make_asset(province, title="İlçe ziyareti", tags="ziyaret")
    assert [a.title for a in queries.search_assets(province.staff, text="ışık")] == ["IŞIK Hastanesi açılışı"]
    assert [a.title for a in queries.search_assets(province.staff, text="ilçe")] == ["İlçe ziyareti"]
    assert [a.title for a in queries.search_assets(province.staff, text="ACILIS")] == ["IŞIK Hastanesi açılışı"]


def test_renditions_strip_gps_keep_the_original_and_run_once(province):
    asset = make_asset(province, upload=jpeg_with_gps())
    with asset.file.open("rb") as handle:
        assert Image.open(io.BytesIO(handle.read())).getexif().get(0x8825) is not None  # the original is kept
    assert actions.make_renditions(asset_id=asset.pk) == 4
    asset.refresh_from_db()
    assert (asset.rendition_status, asset.rendition_progress) == ("done", 100)
    for rendition in asset.renditions.all():
        with rendition.file.open("rb") as handle:
            assert not Image.open(io.BytesIO(handle.read())).getexif()
    assert actions.make_renditions(asset_id=asset.pk) == 0  # never twice
    assert actions.make_renditions(asset_id=987654) == 0  # a deleted row


def test_a_worker_dying_mid_way_makes_only_the_missing_sizes(province):
    asset = make_asset(province)
    actions.make_renditions(asset_id=asset.pk)
    asset.renditions.filter(size__in=["square", "story"]).delete()
    Asset.objects.filter(pk=asset.pk).update(rendition_status="running")
    assert actions.make_renditions(asset_id=asset.pk) == 2


def test_downloads_are_logged(province, client, login):
    asset = make_asset(province)
    actions.make_renditions(asset_id=asset.pk)
    login(province.staff)
    assert client.get(reverse("creative:asset_download", args=[asset.pk])).status_code == 200
    assert client.get(reverse("creative:asset_download_size", args=[asset.pk, "web"])).status_code == 200
    assert list(Download.objects.values_list("size", "user")) == [("", province.staff.pk), ("web", province.staff.pk)]


def test_the_library_list_runs_a_constant_number_of_queries(province, client, login, django_assert_max_num_queries):
    for index in range(30):
        make_asset(province, title=f"Fotoğraf {index}")
    login(province.staff)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("creative:assets"), {"q": "fotoğraf"})
    assert response.status_code == 200
    with django_assert_max_num_queries(25):
        client.get(reverse("creative:list"))
