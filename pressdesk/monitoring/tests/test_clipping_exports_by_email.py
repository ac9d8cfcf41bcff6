"""A clipping service's daily export that comes by e-mail is taken in like an upload, once, and never stops the rest."""

from __future__ import annotations

import datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.urls import reverse

from pressdesk.monitoring import actions
from pressdesk.monitoring.forms import SourceForm
from pressdesk.monitoring.models import ClipDetails, ClippingImport, ClippingProvider, Item, Source
from pressdesk.monitoring.sources import credentials
from pressdesk.monitoring.tests.factories import OutletFactory
from pressdesk.monitoring.tests.imap_server import FakeIMAPServer, Mailbox, poll_mailbox
from pressdesk.testing.factories import Province

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 2, 5, 0, tzinfo=datetime.UTC)
EXPORT = (
    "Başlık;Yayın;Tarih;Link;Özet;Tiraj;Muhabir\n"
    "Şehir hastanesinde yeni kardiyoloji bölümü;Bizim Gazete;01.12.2026;;Kardiyoloji açıldı;15.000;A. Yılmaz\n"
    "Aşı kampanyası ilçelerde;Ulusal Haber;01.12.2026;https://ulusal.example/asi;Aşı;250000;B. Kaya\n"
)
NO_TITLE = "Yayın;Tarih;Tiraj\nBizim Gazete;01.12.2026;15.000\n"


def export_mail(attachment: str, message_id: str, *, filename: str = "interpress_01122026.csv") -> bytes:
    message = EmailMessage()
    message["From"] = "Interpress <rapor@interpress.example>"
    message["Subject"] = "Günlük kupür listesi"
    message["Date"] = "Wed, 02 Dec 2026 07:30:00 +0300"
    message["Message-ID"] = message_id
    message.set_content("Günlük listeniz ektedir.")
    message.add_attachment(attachment.encode("cp1254"), maintype="text", subtype="csv", filename=filename)
    return message.as_bytes()


@pytest.fixture
def province() -> Province:
    return Province()


@pytest.fixture
def interpress(province: Province) -> ClippingProvider:
    return actions.save_clipping_provider(actor=province.staff, name="Interpress", service="interpress")


def mailbox_source(province: Province, port: int, password: str, provider: ClippingProvider | None) -> Source:
    config = {"host": "127.0.0.1", "port": port, "security": "ssl", "username": "basin@saglik.example"}
    if provider is not None:
        config["clipping_provider"] = provider.pk
    return Source.objects.create(
        outlet=OutletFactory(name="Kupür e-postası"),
        organization=province.directorate,
        kind=Source.Kind.IMAP,
        config=config,
        secret=credentials.encrypt(password),
        allowed_private=True,
    )


def poll(source: Source, cert: Path, now: datetime.datetime = NOW) -> object:
    return poll_mailbox(source, cert, now)


def test_a_mailed_export_is_taken_in_once_with_the_services_columns(
    province: Province, interpress: ClippingProvider, imap_server: FakeIMAPServer, mailbox: Mailbox, tls
) -> None:
    mailbox.add(export_mail(EXPORT, "<liste-1@interpress.example>"))
    mailbox.add(export_mail(EXPORT, "<liste-1-tekrar@interpress.example>"))  # the same file sent again
    source = mailbox_source(province, imap_server.port, mailbox.password, interpress)

    result = poll(source, tls[0])

    assert result.outcome == "new", Source.objects.get(pk=source.pk).last_error  # type: ignore[attr-defined]
    record = ClippingImport.objects.get()
    assert (record.provider, record.mailbox, record.original_name) == (interpress, source, "interpress_01122026.csv")
    assert (record.rows, record.new_items, record.known, record.error) == (2, 2, 0, "")
    assert record.unknown_columns == ["Muhabir"] and len(record.digest) == 64
    clip = Item.objects.get(title="Şehir hastanesinde yeni kardiyoloji bölümü")
    # Stored as the province's clip of its outlet, like an upload, with the service's details.
    assert clip.source.kind == Source.Kind.MANUAL and clip.source.organization == province.directorate
    assert clip.outlet.name == "Bizim Gazete"
    details = ClipDetails.objects.get(item=clip)
    assert (details.provider, details.reach, details.extra) == (interpress, 15000, {"Muhabir": "A. Yılmaz"})
    assert Item.objects.filter(title="Aşı kampanyası ilçelerde").count() == 1
    assert all(message.seen for message in mailbox.messages.values())

    # The mail is read again (a poll that failed after the import): nothing is added.
    for message in mailbox.messages.values():
        message.seen = False
    poll(source, tls[0], NOW + datetime.timedelta(minutes=15))
    assert ClippingImport.objects.count() == 1
    assert Item.objects.filter(source__kind=Source.Kind.MANUAL).count() == 2


def test_a_file_that_cannot_be_taken_in_is_listed_with_its_reason_and_the_rest_goes_on(
    province: Province, interpress: ClippingProvider, imap_server: FakeIMAPServer, mailbox: Mailbox, tls, client
) -> None:
    mailbox.add(export_mail(NO_TITLE, "<bozuk@interpress.example>", filename="ozet.csv"))
    mailbox.add(export_mail(EXPORT, "<liste-2@interpress.example>"))
    source = mailbox_source(province, imap_server.port, mailbox.password, interpress)

    result = poll(source, tls[0])

    assert result.outcome == "new"  # type: ignore[attr-defined]
    source.refresh_from_db()
    assert source.failure_count == 0 and not source.last_error
    failed = ClippingImport.objects.get(original_name="ozet.csv")
    assert failed.new_items == 0 and "Yayın, Tarih, Tiraj" in failed.error and "aşağıda" not in failed.error
    assert ClippingImport.objects.get(original_name="interpress_01122026.csv").new_items == 2
    assert all(message.seen for message in mailbox.messages.values())

    client.force_login(province.staff)
    page = client.get(reverse("monitoring:clipping_services")).content.decode()
    assert "ozet.csv" in page and "Alınamadı:" in page and "Kupür e-postası" in page


def test_without_a_service_of_its_province_attachments_stay_mail(
    province: Province, imap_server: FakeIMAPServer, mailbox: Mailbox, tls
) -> None:
    foreign = ClippingProvider.objects.create(province=province.other_directorate, name="Interpress")
    mailbox.add(export_mail(EXPORT, "<liste-3@interpress.example>"))
    for provider in (None, foreign):  # none chosen; another province's service written into the settings
        ClippingImport.objects.all().delete()
        source = mailbox_source(province, imap_server.port, mailbox.password, provider)
        for message in mailbox.messages.values():
            message.seen = False
        poll(source, tls[0])
        assert not ClippingImport.objects.exists()
        assert not Item.objects.filter(source__kind=Source.Kind.MANUAL).exists()
        assert Item.objects.filter(source=source, title="Günlük kupür listesi").exists()  # the mail itself


def test_the_mailbox_form_offers_only_the_provinces_services(province: Province, interpress: ClippingProvider) -> None:
    ClippingProvider.objects.create(province=province.other_directorate, name="Medya Takip Denizli")
    form = SourceForm(user=province.staff, kind=Source.Kind.IMAP)
    choices = dict(form.fields["imap_clipping_provider"].choices)  # type: ignore[attr-defined]
    assert list(choices) == ["", str(interpress.pk)]
    data = {
        "name": "Kupür e-postası",
        "outlet": OutletFactory().pk,
        "poll_interval": 15,
        "imap_host": "imap.saglik.example",
        "imap_security": "ssl",
        "imap_username": "basin@saglik.example",
        "imap_password": "gizli",
        "imap_folder": "INBOX",
        "imap_clipping_provider": str(interpress.pk),
    }
    form = SourceForm(data, user=province.staff, kind=Source.Kind.IMAP)
    assert form.is_valid(), form.errors
    assert form.source_fields()["config"]["clipping_provider"] == interpress.pk
    refused = SourceForm({**data, "imap_clipping_provider": "999999"}, user=province.staff, kind=Source.Kind.IMAP)
    assert not refused.is_valid() and "imap_clipping_provider" in refused.errors


def test_the_mailbox_page_names_the_service_and_another_province_sees_neither(
    province: Province, interpress: ClippingProvider, client
) -> None:
    source = mailbox_source(province, 993, "gizli", interpress)
    client.force_login(province.staff)
    page = client.get(reverse("monitoring:source_detail", args=[source.pk])).content.decode()
    assert "Interpress dışa aktarımları olarak alınır" in page
    ClippingImport.objects.create(provider=interpress, original_name="liste.csv", mailbox=source, digest="a" * 64)
    client.force_login(province.outsider)  # the second province's press staff
    assert client.get(reverse("monitoring:source_detail", args=[source.pk])).status_code == 404
    assert "liste.csv" not in client.get(reverse("monitoring:clipping_services")).content.decode()


def test_an_excel_bomb_or_an_unreadable_file_is_listed_and_the_mailbox_goes_on(
    province: Province, interpress: ClippingProvider, imap_server: FakeIMAPServer, mailbox: Mailbox, tls, monkeypatch
) -> None:
    import io
    import zipfile

    from pressdesk.lib import files
    from pressdesk.monitoring import clipping

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", "<sst>" + "a" * 200_000 + "</sst>")  # unpacks far beyond its size
    monkeypatch.setattr(files, "OFFICE_MAX_UNCOMPRESSED_BYTES", 100_000)
    message = EmailMessage()
    message["Subject"] = "Excel listesi"
    message["Message-ID"] = "<bomba@interpress.example>"
    message.set_content("Ekte.")
    message.add_attachment(bomb.getvalue(), maintype="application", subtype="octet-stream", filename="liste.xlsx")
    mailbox.add(message.as_bytes())
    mailbox.add(export_mail(EXPORT, "<liste-4@interpress.example>"))
    source = mailbox_source(province, imap_server.port, mailbox.password, interpress)

    poll(source, tls[0])
    assert "100 MB" in ClippingImport.objects.get(original_name="liste.xlsx").error
    assert ClippingImport.objects.get(original_name="interpress_01122026.csv").new_items == 2

    # A file that breaks the reader in a way nobody foresaw: recorded, the other files still taken in.
    def broken(*_args, **_kwargs):
        raise RuntimeError("beklenmedik")

    monkeypatch.setattr(clipping, "read_rows", broken)
    mailbox.add(export_mail(NO_TITLE + "x;y;z\n", "<garip@interpress.example>", filename="garip.csv"))
    poll(source, tls[0], NOW + datetime.timedelta(minutes=15))
    assert ClippingImport.objects.get(original_name="garip.csv").error == "Dosya okunamadı."
    source.refresh_from_db()
    assert source.failure_count == 0 and all(message.seen for message in mailbox.messages.values())
