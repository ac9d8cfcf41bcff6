"""Fixtures of media relations tests: an outlet, a contact file, contacts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pressdesk.monitoring.models import Outlet

CONTACTS_CSV = (
    "Ad Soyad;Kuruluş;Görev;Alan;Cep Telefonu;E-posta;Etiketler\n"
    "Ayşe Gündoğdu;Kocaeli Gazetesi;Muhabir;Sağlık;0532 111 22 33;ayse@kocaeligazetesi.example;"
    "yerel basın, sağlık muhabirleri\n"
    "İsmail Çakır;Kocaeli Gazetesi;Editör;Gündem;+90 (533) 222-3344;ismail@kocaeligazetesi.example;yerel basın\n"
    "Şule Işık;Anadolu Ajansı;Ajans muhabiri;;905343334455;sule@aa.example;ulusal muhabirler\n"
    "Oğuz Ünal;;Kanaat önderi;;0262 321 45 67;oguz@example.com;\n"
)


def upload(text: str = CONTACTS_CSV, name: str = "basin.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


@pytest.fixture
def outlets(db: Any) -> dict[str, Outlet]:
    return {
        "gazete": Outlet.objects.create(name="Kocaeli Gazetesi", kind=Outlet.Kind.LOCAL_NEWSPAPER, reach=40000),
        "ajans": Outlet.objects.create(name="Anadolu Ajansı", kind=Outlet.Kind.AGENCY),
    }


@pytest.fixture
def contacts(province: Any, outlets: Any) -> list[Any]:
    from pressdesk.mediarelations import actions
    from pressdesk.mediarelations.models import MediaContact

    report = actions.import_contacts(actor=province.staff, upload=upload())
    assert report.ok, [row.errors for row in report.rows]
    return list(MediaContact.objects.order_by("pk"))
