"""Fixtures of SMS tests: a staff list, a fake Verimor server, approval helpers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pressdesk.approvals import actions as approvals
from pressdesk.sms.models import Contact
from pressdesk.testing.fake_sms import FakeVerimor

STAFF_CSV = (
    "Ad Soyad;Kurum;Birim;Unvan;Cep Telefonu;Doğum Tarihi\n"
    "Ayşe Demir;Kocaeli Şehir Hastanesi;Acil Servis;Hemşire;0532 111 22 33;12.05.1985\n"
    "Hasan Kaya;Kocaeli Şehir Hastanesi;Başhekimlik;Başhekim;0533 222 33 44;\n"
    "Elif Şahin;Derince EAH;Başhekimlik;Başhekim;+90 (534) 333-4455;\n"
    "Murat Öz;Derince EAH;Radyoloji;Tekniker;5354445566;\n"
)


def upload(text: str = STAFF_CSV, name: str = "personel.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def staff(province: Any) -> list[Contact]:
    from pressdesk.sms import actions

    report = actions.import_contacts(actor=province.staff, upload=upload())
    assert report.ok, [row.errors for row in report.rows]
    return list(Contact.objects.order_by("pk"))


@pytest.fixture
def verimor(settings: Any) -> Iterator[FakeVerimor]:
    with FakeVerimor() as fake:
        settings.SMS_PROVIDER = "verimor"
        settings.SMS_VERIMOR_URL = fake.url
        settings.SMS_VERIMOR_USERNAME = "kocaeli"
        settings.SMS_VERIMOR_PASSWORD = "gizli"
        settings.SMS_SENDER = "KOCAELI ISM"
        settings.SMS_ALLOW_HOSTS = ["127.0.0.1"]
        yield fake


def approve(province: Any, campaign: Any) -> Any:
    flow = approvals.flow_for(campaign)
    for user in (province.unit_head, province.chief, province.director):
        flow.refresh_from_db()
        approvals.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    flow.refresh_from_db()
    return flow
