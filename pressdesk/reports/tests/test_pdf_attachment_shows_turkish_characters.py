"""The PDF attached to the report is a real PDF (LibreOffice) whose text keeps the Turkish letters."""

from django.core import mail

from pressdesk.reports.tests.conftest import pdf_text
from pressdesk.reports.tests.helpers import add_recipient, daily_report, send


def test_pdf_is_real_and_has_turkish_letters(province, world, real_pdf, tmp_path):
    world.news("Şehir Hastanesi'nde ığdır çöğüş İĞDIR ÇÖĞÜŞ", sentiment="negative", summary="Güçlü öykü ışığında")
    add_recipient(province, user=province.director)
    report = daily_report(province)
    report.lead = "Sayın Müdürüm, günlük özet aşağıdadır."
    report.save()
    send(report, province.staff)

    [message] = mail.outbox
    [(_name, data, _type)] = message.attachments
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "Şehir Hastanesi'nde ığdır çöğüş İĞDIR ÇÖĞÜŞ" in text
    assert "Sayın Müdürüm, günlük özet aşağıdadır." in text
    assert "Güçlü öykü ışığında" in text
    assert "Kocaeli İl Sağlık Müdürlüğü" in text
