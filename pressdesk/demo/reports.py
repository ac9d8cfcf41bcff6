"""Demo reports: the province's daily report schedule, its distribution list and one draft report.

Nothing is sent. The schedule is set to "staff review before sending", so
even with the scheduler running the daily report waits as a draft for the
unit to check and send; the draft prepared here is for the last 24 hours.
"""

from __future__ import annotations

import datetime

from pressdesk.demo.common import Orgs, Users
from pressdesk.reports import actions as report_actions
from pressdesk.reports import queries as report_queries
from pressdesk.reports.models import Recipient, Report, ReportKind

LEAD = (
    "Sayın Müdürüm, son 24 saatte yazılı, görsel ve internet basınında Müdürlüğümüz ve bağlı kuruluşlarımızla "
    "ilgili çıkan haberlerin özeti aşağıdadır. Olumsuz haberler için ilgili kurumlardan bilgi notu istenmiştir."
)


def seed(users: Users, orgs: Orgs) -> None:
    head, province = users["sorumlu"], orgs["koc-ism"]
    report_settings = report_queries.settings_for(province)
    if not Recipient.objects.filter(report_settings=report_settings).exists():
        report_actions.save_settings(
            actor=head,
            report_settings=report_settings,
            send_time=datetime.time(8, 30),
            daily_enabled=True,
            weekly_enabled=False,
            monthly_enabled=False,
            send_when_empty=False,
            review_before_sending=True,
            default_lead=LEAD,
        )
        for username in ("mudur", "baskan", "sorumlu"):
            user = users[username]
            assert user.organization is not None
            report_actions.add_recipient(
                actor=head, report_settings=report_settings, user=user, organization=user.organization
            )
        for code, name in (
            ("koc-sehir", "Kocaeli Şehir Hastanesi Başhekimliği"),
            ("koc-derince", "Derince Eğitim ve Araştırma Hastanesi Başhekimliği"),
            ("koc-gebze", "Gebze Fatih Devlet Hastanesi Başhekimliği"),
        ):
            report_actions.add_recipient(
                actor=head,
                report_settings=report_settings,
                name=name,
                email=f"{code}@example.gov.tr",
                organization=orgs[code],
                only_own_institution=True,
            )
    if not Report.objects.filter(organization=province).exists():
        report_actions.prepare_report(actor=users["calisan"], province=province, kind=ReportKind.DAILY)
