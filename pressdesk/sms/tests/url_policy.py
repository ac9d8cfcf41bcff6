"""URL permissions of corporate SMS (see ``pressdesk/testing/url_roles.py``).

The press unit of a province prepares and sends campaigns and keeps its staff
list; administrators read them. Press officers of institutions and requesters
are refused; another province's users see only their own province's records.
"""

from __future__ import annotations

from typing import Any

from pressdesk.testing.url_roles import ADMIN, PUBLIC, SEES_UNIT_RECORD, UNIT, own_province

LISTS = own_province(UNIT | ADMIN)
PREPARES = own_province(UNIT)

POLICY: dict[str, set[str] | str] = {
    "sms:list": LISTS,
    "sms:contacts": LISTS,
    "sms:create": PREPARES,
    "sms:count": PREPARES,
    "sms:import": PREPARES,
    "sms:list_create": PREPARES,
    "sms:opt_out": UNIT,
    "sms:rules": PREPARES,
    "sms:outside": PREPARES,
    "sms:verimor_push": PUBLIC,  # Verimor's report push: the secret address is the credential (POST only)
    "sms:outside_list_create": PREPARES,
    "sms:outside_list_edit": {"staff", "unit_head"},  # a record; the lines hold full numbers
    "sms:outside_opt_out": UNIT,
    "sms:rule_create": PREPARES,
    "sms:rule_edit": UNIT,
    "sms:detail": SEES_UNIT_RECORD,
    "sms:export": SEES_UNIT_RECORD,
    "sms:edit": UNIT,
    "sms:submit": UNIT,
    "sms:start": UNIT,
    "sms:pause": UNIT,
    "sms:resume": UNIT,
    "sms:cancel": UNIT,
    "sms:reports": UNIT,
}


def sample_kwargs(province: Any, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from pressdesk.sms.models import Campaign, Contact, OutsidePerson, Recipient, SavedList, StandingRule

    marker = world["marker"]
    contact = Contact.objects.create(
        province=province.directorate,
        organization=province.hospital,
        name=f"Personel {marker}",
        title="Hemşire",
        mobile="+90532111223" + ("3" if marker.startswith("K") else "4"),
    )
    campaign = Campaign.objects.create(
        province=province.directorate,
        organization=province.unit,
        title=f"Bayram kutlaması {marker}",
        kind=Campaign.Kind.GREETING,
        text="Sayın {ad}, bayramınız kutlu olsun.",
        groups=["everyone"],
        created_by=province.staff,
    )
    Recipient.objects.create(
        campaign=campaign, contact=contact, name=contact.name, mobile=contact.mobile, text="Sayın, bayram", parts=1
    )
    rule = StandingRule.objects.create(
        province=province.directorate,
        organization=province.unit,
        kind=StandingRule.Kind.BIRTHDAY,
        title=f"Doğum günleri {marker}",
        text="Sayın {ad}, doğum gününüz kutlu olsun.",
        created_by=province.staff,
    )
    person = OutsidePerson.objects.create(
        province=province.directorate,
        name=f"Muhtar {marker}",
        mobile="+90542111223" + ("3" if marker.startswith("K") else "4"),
        consent_source="Yazılı izin",
        created_by=province.staff,
    )
    one = {"pk": campaign.pk}
    outside_list = SavedList.objects.create(
        province=province.directorate, name=f"Muhtarlar {marker}", created_by=province.staff
    )
    outside_list.outside.add(person)
    return {
        "sms:outside_opt_out": {"pk": person.pk},
        "sms:outside_list_edit": {"pk": outside_list.pk},
        "sms:opt_out": {"pk": contact.pk},
        "sms:rule_edit": {"pk": rule.pk},
        **{
            f"sms:{name}": one
            for name in ("detail", "export", "edit", "submit", "start", "pause", "resume", "cancel", "reports")
        },
    }
