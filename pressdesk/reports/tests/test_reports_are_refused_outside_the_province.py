"""Another province's unit and an affiliate cannot open, edit or send this province's reports."""

import pytest
from django.urls import reverse

from pressdesk.reports.models import Report
from pressdesk.reports.tests.helpers import add_recipient, daily_report


@pytest.mark.parametrize("name", ["report_detail", "report_preview", "report_pdf"])
def test_outsider_gets_404(province, client, login, name):
    report = daily_report(province)
    Report.objects.filter(pk=report.pk).update(status="sent")
    login(province.outsider)
    assert client.get(reverse(f"reports:{name}", args=[report.pk])).status_code == 404


@pytest.mark.parametrize("name", ["report_edit", "report_send", "report_resend"])
def test_outsider_and_affiliate_cannot_change(province, client, login, name):
    add_recipient(province, user=province.director)
    report = daily_report(province)
    for user in (province.outsider, province.affiliate, province.requester):
        login(user)
        assert client.post(reverse(f"reports:{name}", args=[report.pk]), {"lead": "x"}).status_code in (403, 404)
    report.refresh_from_db()
    assert report.status == "draft"
    assert report.lead == ""


def test_outsider_cannot_touch_the_distribution_list(province, client, login):
    recipient = add_recipient(province, email="a@example.gov.tr")
    login(province.outsider)
    assert client.post(reverse("reports:recipient_delete", args=[recipient.pk])).status_code == 404
    assert client.get(reverse("reports:settings")).context["province"] == province.other_directorate


def test_affiliate_sees_only_sent_reports_narrowed_to_their_hospital(province, world, client, login):
    world.news("Şehir Hastanesi'nde yeni MR cihazı", about="hospital")
    world.news("Derince'de grev", about="other_hospital", sentiment="negative")
    draft = daily_report(province)
    login(province.affiliate)
    assert client.get(reverse("reports:report_preview", args=[draft.pk])).status_code == 404
    Report.objects.filter(pk=draft.pk).update(status="sent")
    page = client.get(reverse("reports:report_preview", args=[draft.pk])).content.decode()
    assert "Şehir Hastanesi&#x27;nde yeni MR cihazı" in page or "Şehir Hastanesi'nde yeni MR cihazı" in page
    assert "Derince" not in page
    assert client.get(reverse("reports:report_detail", args=[draft.pk])).status_code == 403
