from __future__ import annotations

from pressdesk.mediarelations import actions
from pressdesk.mediarelations.models import MediaContact, Tag

from .conftest import upload

BAD_CSV = (
    "Ad Soyad;Kuruluş;Cep Telefonu;E-posta\n"
    "Çağrı Öztürk;Kocaeli Gazetesi;0532 111 22 33;cagri@example\n"
    "Gülşen Ilgaz;Kocaeli Gazetesi;0532 999 88 77;gulsen@example.com\n"
    "Gülşen Ilgaz;Kocaeli Gazetesi;05329998877;gulsen2@example.com\n"
    "Nur İnce;Olmayan Gazete;12345;nur@example.com\n"
)


def test_a_file_with_bad_rows_imports_nothing_and_says_why_per_row(province, outlets):
    report = actions.import_contacts(actor=province.staff, upload=upload(BAD_CSV, encoding="cp1254"))
    assert not report.ok
    errors = {row.line: " ".join(row.errors) for row in report.bad_rows}
    assert "cagri@example" in errors[2]
    assert 3 not in errors
    assert "3" in errors[4]
    assert "Olmayan Gazete" in errors[5] and "12345" in errors[5]
    assert MediaContact.objects.count() == 0
    assert [row.name for row in report.rows][:2] == ["Çağrı Öztürk", "Gülşen Ilgaz"]  # Windows-1254 read right


def test_every_turkish_phone_format_and_tags_are_stored_in_one_form(contacts, outlets):
    by_name = {c.name: c for c in contacts}
    assert by_name["Ayşe Gündoğdu"].mobile == "+905321112233"
    assert by_name["İsmail Çakır"].mobile == "+905332223344"
    assert by_name["Şule Işık"].mobile == "+905343334455"
    assert by_name["Oğuz Ünal"].mobile == "" and by_name["Oğuz Ünal"].phone == "0262 321 45 67"
    assert by_name["Ayşe Gündoğdu"].outlet == outlets["gazete"]
    assert by_name["Şule Işık"].role == MediaContact.Role.AGENCY
    assert by_name["İsmail Çakır"].role == MediaContact.Role.EDITOR
    assert set(Tag.objects.values_list("name", flat=True)) == {"yerel basın", "sağlık muhabirleri", "ulusal muhabirler"}
    assert (
        by_name["Ayşe Gündoğdu"].data_source.startswith("Imported from")
        or "basin.csv" in by_name["Ayşe Gündoğdu"].data_source
    )


def test_importing_again_updates_instead_of_duplicating(province, contacts):
    text = "Ad Soyad;E-posta;Alan\nAyşe Gündoğdu Kaya;AYSE@kocaeligazetesi.example;Sağlık politikası\n"
    report = actions.import_contacts(actor=province.staff, upload=upload(text))
    assert report.ok
    assert MediaContact.objects.count() == len(contacts)
    ayse = MediaContact.objects.get(pk=contacts[0].pk)
    assert ayse.name == "Ayşe Gündoğdu Kaya" and ayse.beat == "Sağlık politikası"


def test_a_file_that_is_not_a_spreadsheet_is_refused(province):
    report = actions.import_contacts(actor=province.staff, upload=upload("x", name="liste.pdf"))
    assert report.error and MediaContact.objects.count() == 0
