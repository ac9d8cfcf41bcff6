"""URL permissions of the reports module (see ``pressdesk/testing/url_roles.py``).

The unit prepares and sends its province's reports and edits the
distribution list; another province's staff reach the lists but only their
own province's records; an affiliated institution's press officer reads the
statistics and the sent reports narrowed to their institution.
"""

from __future__ import annotations

from typing import Any

from pressdesk.testing.url_roles import ADMIN, UNIT, own_province

OWN_PROVINCE_LISTS = own_province(UNIT | ADMIN)
READERS = own_province(OWN_PROVINCE_LISTS | {"affiliate_press"})

POLICY: dict[str, set[str] | str] = {
    "reports:report_list": READERS,
    "reports:report_create": OWN_PROVINCE_LISTS,
    "reports:report_detail": UNIT | ADMIN,
    "reports:report_preview": UNIT | ADMIN | {"affiliate_press"},
    "reports:report_pdf": UNIT | ADMIN | {"affiliate_press"},
    "reports:report_edit": UNIT | ADMIN,
    "reports:report_send": UNIT | ADMIN,
    "reports:report_resend": {"unit_head", "admin"},
    "reports:settings": OWN_PROVINCE_LISTS,
    "reports:recipient_create": OWN_PROVINCE_LISTS,
    "reports:recipient_edit": UNIT | ADMIN,
    "reports:recipient_delete": UNIT | ADMIN,
    "reports:statistics": READERS,
    "reports:statistics_xlsx": READERS,
    "reports:statistics_pdf": READERS,
}


def sample_kwargs(province: Any, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from pressdesk.reports import actions
    from pressdesk.reports.models import Report

    report_settings = actions.queries.settings_for(province.directorate)
    recipient = actions.add_recipient(
        actor=province.unit_head,
        report_settings=report_settings,
        name=f"Başhekim {world['marker']}",
        email="bashekim@example.gov.tr",
        organization=province.hospital,
        only_own_institution=True,
    )
    report, _created = actions.prepare_report(actor=province.staff, province=province.directorate, kind="daily")
    Report.objects.filter(pk=report.pk).update(status=Report.Status.SENT)
    report_kwargs = {"pk": report.pk}
    return {
        "reports:report_detail": report_kwargs,
        "reports:report_preview": report_kwargs,
        "reports:report_pdf": report_kwargs,
        "reports:report_edit": report_kwargs,
        "reports:report_send": report_kwargs,
        "reports:report_resend": report_kwargs,
        "reports:recipient_edit": {"pk": recipient.pk},
        "reports:recipient_delete": {"pk": recipient.pk},
    }
