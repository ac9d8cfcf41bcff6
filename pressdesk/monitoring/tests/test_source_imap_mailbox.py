"""An IMAP mailbox of press clippings: links become fetched articles, PDFs become text, seen once."""

from __future__ import annotations

import datetime
import logging
import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from pressdesk.monitoring import fetching, sources
from pressdesk.monitoring.models import FetchLog, Item, Source
from pressdesk.monitoring.sources import credentials, imap
from pressdesk.monitoring.tests.engines import STUB_ENGINES
from pressdesk.monitoring.tests.factories import OutletFactory
from pressdesk.monitoring.tests.imap_server import FakeIMAPServer, Mailbox, client_context, minimal_pdf, poll_mailbox
from pressdesk.monitoring.tests.servers import FakeServer

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 22, 5, 0, tzinfo=datetime.UTC)
ARTICLE = """<!DOCTYPE html><html lang="tr"><head><meta charset="utf-8">
<title>Kocaeli Şehir Hastanesi'nde yeni yoğun bakım | Körfez Gazetesi</title>
<meta property="og:title" content="Kocaeli Şehir Hastanesi'nde yeni yoğun bakım ünitesi">
<meta property="og:image" content="https://korfez.example/img/yogun-bakim.jpg">
<meta property="article:published_time" content="2026-11-21T18:30:00+03:00"></head>
<body><nav><a href="/">Ana sayfa</a></nav><article><h1>Kocaeli Şehir Hastanesi'nde yeni yoğun bakım ünitesi</h1>
<p>Kocaeli İl Sağlık Müdürlüğü, Şehir Hastanesi'nde 40 yataklı yeni yoğun bakım ünitesinin
hizmete girdiğini açıkladı.</p>
<p>Ünite, bölgedeki hastaların başka illere sevk edilmesini azaltacak.</p><script>alert(1)</script>
</article></body></html>"""


def clipping_mail(server: FakeServer) -> bytes:
    message = EmailMessage()
    message["From"] = "Interpress Haber Takip <takip@interpress.example>"
    message["To"] = "basin@saglik.example"
    message["Subject"] = "Günlük basın özeti: Kocaeli İl Sağlık Müdürlüğü (3 haber)"
    message["Date"] = "Sun, 22 Nov 2026 07:05:00 +0300"
    message["Message-ID"] = "<ozet-20261122@interpress.example>"
    message.set_content("Haberler:\n" + server.url("/haber/yogun-bakim-unitesi-12345") + "\n")
    message.add_alternative(
        f"""<html><body><h2>Günlük özet</h2><ul>
        <li><a href="{server.url("/haber/yogun-bakim-unitesi-12345")}">Şehir Hastanesi'ne yoğun bakım</a></li>
        <li><a href="{server.url("/haber/kirik-link-999")}">Ambulans sayısı arttı</a></li>
        <li><a href="{server.url("/")}">Körfez Gazetesi</a></li>
        </ul><p><a href="https://interpress.example/unsubscribe?u=1">Abonelikten çık</a></p></body></html>""",
        subtype="html",
    )
    return message.as_bytes()


def report_mail() -> bytes:
    message = EmailMessage()
    message["From"] = "Bakanlik Basin Takip <takip@saglik.gov.example>"
    message["Subject"] = "Haftalık medya izleme raporu"
    message["Date"] = "Sat, 21 Nov 2026 17:00:00 +0300"
    message["Message-ID"] = "<rapor-47@saglik.gov.example>"
    message.set_content("Raporumuz ektedir.")
    message.add_attachment(
        minimal_pdf(["Medya izleme raporu", "Kocaeli Sehir Hastanesi 12 haber", "112 Acil 4 haber"]),
        maintype="application",
        subtype="pdf",
        filename="medya_izleme_raporu_47.pdf",
    )
    return message.as_bytes()


def plain_mail() -> bytes:
    message = EmailMessage()
    message["Subject"] = "Duyuru: <script>alert(1)</script> basın toplantısı"
    message["Message-ID"] = "<duyuru-1@saglik.gov.example>"
    message.set_content("Yarın saat 10:00'da basın toplantısı yapılacaktır.")
    return message.as_bytes()


def make_source(port: int, password: str, *, security: str = "ssl") -> Source:
    return Source.objects.create(
        outlet=OutletFactory(name="Basın takip e-postası"),
        kind=Source.Kind.IMAP,
        config={"host": "127.0.0.1", "port": port, "security": security, "username": "basin@saglik.example"},
        secret=credentials.encrypt(password),
        allowed_private=True,
    )


def poll(source: Source, cert: Path, now: datetime.datetime = NOW) -> object:
    return poll_mailbox(source, cert, now)


def test_links_pdfs_and_plain_mails_become_items_and_are_marked_seen(
    imap_server: FakeIMAPServer, mailbox: Mailbox, server: FakeServer, tls: tuple[Path, Path]
) -> None:
    server.serve("/haber/yogun-bakim-unitesi-12345", ARTICLE.encode(), content_type="text/html; charset=utf-8")
    mailbox.add(clipping_mail(server))
    mailbox.add(report_mail())
    mailbox.add(plain_mail())
    source = make_source(imap_server.port, mailbox.password)

    result = poll(source, tls[0])

    assert result.outcome == "new", Source.objects.get().last_error  # type: ignore[attr-defined]
    items = {item.title: item for item in Item.objects.filter(source=source)}
    article = items["Kocaeli Şehir Hastanesi'nde yeni yoğun bakım ünitesi"]
    assert "40 yataklı yeni yoğun bakım" in article.text and "alert" not in article.text
    assert article.image_url == "https://korfez.example/img/yogun-bakim.jpg"
    assert article.published_at == datetime.datetime(2026, 11, 21, 15, 30, tzinfo=datetime.UTC)
    broken = items["Ambulans sayısı arttı"]  # the article page is gone: the link text is kept
    assert broken.url.endswith("/haber/kirik-link-999")
    report = items["medya izleme raporu 47"]
    assert "Kocaeli Sehir Hastanesi 12 haber" in report.text
    notice = next(item for title, item in items.items() if title.startswith("Duyuru"))
    assert "<script" not in notice.title and "basın toplantısı yapılacaktır" in notice.text
    assert len(items) == 4  # the home page and unsubscribe links are not items
    assert all(message.seen for message in mailbox.messages.values())
    assert "UID STORE" in mailbox.commands

    # Nothing unseen is left: the next check stores nothing and the mailbox is not touched again.
    second = poll(source, tls[0], NOW + datetime.timedelta(minutes=15))
    assert second.outcome == "unchanged"  # type: ignore[attr-defined]
    assert Item.objects.filter(source=source).count() == 4
    source.refresh_from_db()
    assert source.last_status is None and source.failure_count == 0


def test_the_same_article_in_two_clipping_mails_is_one_item(
    imap_server: FakeIMAPServer, mailbox: Mailbox, server: FakeServer, tls: tuple[Path, Path]
) -> None:
    server.serve("/haber/yogun-bakim-unitesi-12345", ARTICLE.encode(), content_type="text/html")
    mailbox.add(clipping_mail(server))
    source = make_source(imap_server.port, mailbox.password)
    poll(source, tls[0])
    mailbox.add(clipping_mail(server).replace(b"ozet-20261122", b"ozet-20261122-aksam"))
    poll(source, tls[0], NOW + datetime.timedelta(hours=1))
    assert Item.objects.filter(url__endswith="/haber/yogun-bakim-unitesi-12345").count() == 1


def test_wrong_password_is_an_error_on_the_source_that_never_shows_the_password(
    imap_server: FakeIMAPServer, mailbox: Mailbox, tls: tuple[Path, Path]
) -> None:
    mailbox.add(plain_mail())
    source = make_source(imap_server.port, "yanlis-parola-XYZ")
    records: list[str] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = lambda record: records.append(record.getMessage() + str(record.exc_info or ""))  # type: ignore[method-assign]
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.DEBUG)
    try:
        result = poll(source, tls[0])
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    assert result.outcome == "error"  # type: ignore[attr-defined]
    source.refresh_from_db()
    assert source.failure_count == 1 and source.last_error
    assert "yanlis-parola-XYZ" not in source.last_error
    assert "yanlis-parola-XYZ" not in FetchLog.objects.get(source=source).error
    assert not any("yanlis-parola-XYZ" in record for record in records)
    assert "yanlis-parola-XYZ" not in source.secret  # stored encrypted
    assert not mailbox.messages[min(mailbox.messages)].seen


def test_messages_stay_unseen_when_storing_fails(
    imap_server: FakeIMAPServer, mailbox: Mailbox, tls: tuple[Path, Path]
) -> None:
    mailbox.add(plain_mail())
    source = make_source(imap_server.port, mailbox.password)

    def broken_index() -> object:
        raise RuntimeError("index down")

    engines = type(STUB_ENGINES)(
        matcher_factory=STUB_ENGINES.matcher_factory, index_factory=broken_index, signature=STUB_ENGINES.signature
    )  # type: ignore[arg-type]
    client = sources.Client(ssl_context=client_context(tls[0]))
    result = sources.poll(
        source, now=NOW, started=time.monotonic(), fetch=fetching.fetch, engines=engines, client=client
    )
    assert result.outcome == "error"
    assert not any(message.seen for message in mailbox.messages.values())
    assert Item.objects.count() == 0


def test_starttls_works_too(mailbox: Mailbox, tls: tuple[Path, Path]) -> None:
    fake = FakeIMAPServer(mailbox, cert=tls[0], key=tls[1], starttls=True)
    try:
        mailbox.add(plain_mail())
        source = make_source(fake.port, mailbox.password, security="starttls")
        assert poll(source, tls[0]).outcome == "new"  # type: ignore[attr-defined]
        assert mailbox.commands[:2] == ["CAPABILITY", "STARTTLS"]
    finally:
        fake.close()


def test_an_untrusted_certificate_is_refused(imap_server: FakeIMAPServer, mailbox: Mailbox) -> None:
    mailbox.add(plain_mail())
    source = make_source(imap_server.port, mailbox.password)
    result = sources.poll(source, now=NOW, started=time.monotonic(), fetch=fetching.fetch, engines=STUB_ENGINES)
    assert result.outcome == "error"
    assert mailbox.logins == []  # the password never left over an unverified connection


def test_an_internal_mail_server_is_refused_unless_allowed(imap_server: FakeIMAPServer, mailbox: Mailbox) -> None:
    source = make_source(imap_server.port, mailbox.password)
    Source.objects.filter(pk=source.pk).update(allowed_private=False)
    source.refresh_from_db()
    result = sources.poll(source, now=NOW, started=time.monotonic(), fetch=fetching.fetch, engines=STUB_ENGINES)
    assert result.outcome == "error" and "internal address" in result.error
    assert mailbox.commands == []


def test_without_pdftotext_the_pdf_is_stored_and_the_item_says_so(
    monkeypatch: pytest.MonkeyPatch, settings: object, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    monkeypatch.setattr(imap.shutil, "which", lambda name: None)
    entries = imap.entries_from_message(report_mail(), client=sources.Client(), now=NOW)
    (entry,) = entries
    assert entry.guid.startswith("pdf:")
    stored = next((tmp_path / "monitoring" / "clippings").glob("*.pdf"))
    assert stored.read_bytes().startswith(b"%PDF")
    assert stored.name in entry.text


def test_a_message_over_the_size_limit_is_never_downloaded(
    imap_server: FakeIMAPServer, mailbox: Mailbox, tls: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imap, "MAX_MESSAGE_BYTES", 2000)
    small = mailbox.add(plain_mail())
    big = mailbox.add(report_mail() + b"\r\n" + b"x" * 5000)
    source = make_source(imap_server.port, mailbox.password)

    poll(source, tls[0])

    assert mailbox.bodies_sent == [small]
    assert mailbox.messages[big].seen  # skipped for good, not fetched again at every check
    assert Item.objects.filter(source=source).count() == 1


def test_a_literal_larger_than_the_limit_is_refused_even_if_the_size_was_understated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(imap, "MAX_MESSAGE_BYTES", 1000)
    connection = imap.GuardedIMAP4.__new__(imap.GuardedIMAP4)
    with pytest.raises(imap.imaplib.IMAP4.abort):
        connection.read(10 * 1024 * 1024)
