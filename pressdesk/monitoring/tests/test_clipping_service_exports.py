"""A clipping service's export: mapped per provider, de-duplicated against monitoring, unknown columns kept."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from pressdesk.monitoring import actions
from pressdesk.monitoring.models import ClipDetails, ClippingImport, Item, Outlet, Source
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.testing.factories import Province

pytestmark = pytest.mark.django_db

CSV = (
    "Başlık;Yayın;Tarih;Link;Özet;Tiraj;Sayfa;Muhabir\n"
    "Şehir hastanesinde yeni bölüm;Bizim Gazete;01.12.2026;;Kardiyoloji açıldı;15.000;3;A. Yılmaz\n"
    "Aşı kampanyası;Ulusal Haber;01.12.2026;https://ulusal.example/asi?utm_source=x;Aşı;250000;;B. Kaya\n"
    "Zaten bilinen haber;Ulusal Haber;01.12.2026;https://ulusal.example/bilinen;;;;\n"
    ";Bizim Gazete;01.12.2026;;başlıksız satır;;;\n"
)


@pytest.fixture
def province() -> Province:
    return Province()


def csv_upload(text: str, name: str = "interpress.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("cp1254"))


def test_export_rows_become_items_known_ones_are_skipped_and_unknown_columns_kept(province: Province) -> None:
    national = Outlet.objects.create(name="Ulusal Haber", kind=Outlet.Kind.NATIONAL_NEWSPAPER)
    feed = Source.objects.create(outlet=national, organization=province.directorate, url="https://ulusal.example/rss")
    Item.objects.create(
        source=feed, outlet=national, url="https://ulusal.example/bilinen", identity_hash="x", title="Bilinen"
    )
    provider = actions.save_clipping_provider(actor=province.staff, name="Interpress", service="interpress")
    record = actions.import_clipping_export(
        actor=province.staff, provider=provider, upload=csv_upload(CSV), engines=STUB_ENGINES
    )
    assert (record.rows, record.new_items, record.known) == (4, 2, 1)
    assert [row for row, _reason in record.refused] == [5]
    assert record.unknown_columns == ["Muhabir"]
    provider.refresh_from_db()
    assert provider.mapping["title"] == "Başlık" and provider.mapping["reach"] == "Tiraj"
    clip = Item.objects.get(title="Şehir hastanesinde yeni bölüm")
    assert clip.source.kind == Source.Kind.MANUAL and clip.outlet.name == "Bizim Gazete"
    assert timezone.localtime(clip.published_at).date().isoformat() == "2026-12-01"
    details = clip.clip_details
    assert (details.reach, details.page, details.extra, details.provider) == (
        15000,
        "3",
        {"Muhabir": "A. Yılmaz"},
        provider,
    )
    assert Item.objects.get(title="Aşı kampanyası").url == "https://ulusal.example/asi"
    # The next delivery: the same rows are known, nothing stored twice.
    again = actions.import_clipping_export(
        actor=province.staff, provider=provider, upload=csv_upload(CSV), engines=STUB_ENGINES
    )
    assert (again.new_items, again.known) == (0, 3)
    assert ClipDetails.objects.count() == 2


def test_saved_mapping_reads_headers_nobody_knows(province: Province) -> None:
    provider = actions.save_clipping_provider(
        actor=province.staff,
        name="Ajans Press",
        service="ajans_press",
        mapping={"title": "HABER", "outlet": "MECRA ADI"},
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["HABER", "MECRA ADI", "YAYIN TARİHİ", "MUHABİR"])
    sheet.append(["Ambulans filosu yenilendi", "Körfez TV", timezone.localdate(), "C. Demir"])
    data = io.BytesIO()
    book.save(data)
    record = actions.import_clipping_export(
        actor=province.staff,
        provider=provider,
        upload=SimpleUploadedFile("ajans.xlsx", data.getvalue()),
        engines=STUB_ENGINES,
    )
    assert record.new_items == 1 and record.unknown_columns == ["MUHABİR"]
    item = Item.objects.get()
    assert item.clip_details.extra == {"MUHABİR": "C. Demir"}
    assert item.outlet.name == "Körfez TV"
    assert timezone.localtime(item.published_at).date() == timezone.localdate()


def test_an_export_without_a_title_column_names_its_columns(province: Province) -> None:
    provider = actions.save_clipping_provider(actor=province.staff, name="MTM", service="medya_takip")
    with pytest.raises(ValidationError) as caught:
        actions.import_clipping_export(
            actor=province.staff, provider=provider, upload=csv_upload("Kolon A;Kolon B\n1;2\n"), engines=STUB_ENGINES
        )
    assert "Kolon A, Kolon B" in caught.value.messages[0]
    assert not ClippingImport.objects.exists()


def test_another_province_cannot_open_or_use_the_service(province: Province, client: object) -> None:
    provider = actions.save_clipping_provider(actor=province.staff, name="Kocaeli kupür", service="interpress")
    client.force_login(province.outsider)  # type: ignore[attr-defined]
    assert client.get(reverse("monitoring:clipping_import", args=[provider.pk])).status_code == 404  # type: ignore[attr-defined]
    page = client.get(reverse("monitoring:clipping_services"))  # type: ignore[attr-defined]
    assert "Kocaeli kupür" not in page.content.decode()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.import_clipping_export(actor=province.outsider, provider=provider, upload=csv_upload(CSV))


def test_the_import_page_reports_counts_and_unknown_columns(province: Province, client: object) -> None:
    provider = actions.save_clipping_provider(actor=province.staff, name="Interpress", service="interpress")
    client.force_login(province.staff)  # type: ignore[attr-defined]
    response = client.post(  # type: ignore[attr-defined]
        reverse("monitoring:clipping_import", args=[provider.pk]), {"file": csv_upload(CSV)}, follow=True
    )
    text = response.content.decode()
    assert "Muhabir" in text
    assert ClippingImport.objects.get().new_items == 3
