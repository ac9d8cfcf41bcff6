"""The Ministry's monitoring report uploaded in monitoring is attached to the daily report (issue 30, 1.3.2)."""

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pressdesk.monitoring import actions as monitoring_actions
from pressdesk.reports.tests.helpers import add_recipient, daily_report, send


def test_the_ministry_report_of_the_day_is_attached(province, world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    world.news("Şehir Hastanesi haberi")
    monitoring_actions.upload_ministry_report(
        actor=province.staff,
        report_date=timezone.localdate(),
        upload=SimpleUploadedFile("bakanlik-izleme.pdf", b"%PDF-1.4\n% bakanlik\n%%EOF\n"),
    )
    add_recipient(province, user=province.director)
    report = daily_report(province)
    assert send(report, province.staff) is True
    (message,) = mail.outbox
    names = [attachment[0] for attachment in message.attachments]
    assert "bakanlik-izleme.pdf" in names
