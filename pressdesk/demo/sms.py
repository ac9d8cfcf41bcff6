"""Demo of corporate SMS: a small staff list and a Ramazan Bayramı greeting waiting to be submitted."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from pressdesk.demo.common import Orgs, Users
from pressdesk.sms import actions
from pressdesk.sms.models import Campaign, Contact
from pressdesk.sms.templates_text import template

STAFF = (
    ("Ayşe Demir", "koc-sehir", "Acil Servis", "Hemşire", "0532 111 22 33"),
    ("Hasan Kaya", "koc-sehir", "Başhekimlik", "Başhekim", "0533 222 33 44"),
    ("Elif Şahin", "koc-derince", "Başhekimlik", "Başhekim", "0534 333 44 55"),
    ("Murat Öz", "koc-derince", "Radyoloji", "Tekniker", "0535 444 55 66"),
    ("Zeynep Ak", "koc-112", "Komuta Kontrol", "Birim Sorumlusu", "0536 555 66 77"),
)


def seed(users: Users, orgs: Orgs) -> None:
    if Contact.objects.exists() or Campaign.objects.exists():
        return
    staff = users["calisan"]
    lines = ["Ad Soyad;Kurum;Birim;Unvan;Cep Telefonu"]
    lines += [f"{name};{orgs[code].code};{unit};{title};{mobile}" for name, code, unit, title, mobile in STAFF]
    upload = SimpleUploadedFile("personel.csv", "\n".join(lines).encode("utf-8"), content_type="text/csv")
    if not actions.import_contacts(actor=staff, upload=upload).ok:
        return
    greeting = template("ramazan")
    assert greeting is not None
    actions.save_campaign(
        actor=staff,
        title="Ramazan Bayramı kutlaması",
        kind=Campaign.Kind.GREETING,
        text=greeting.text,
        groups=[f"org:{orgs['koc-sehir'].pk}", "chief_physicians"],
    )
