"""Birthday and work-anniversary rules (issue 29, point 4): each morning the beat turns a rule into the day's
campaign for the people whose day it is, through the normal approval chain, once per rule and day; once
approved it goes at the rule's time. Birthdays and start dates are shown only to the press unit (KVKK)."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from pressdesk.sms import actions
from pressdesk.sms.models import Campaign, Contact, StandingRule
from pressdesk.sms.tests.conftest import approve, upload

pytestmark = pytest.mark.django_db

IST = zoneinfo.ZoneInfo("Europe/Istanbul")
MORNING = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=IST)

CSV = (
    "Ad Soyad;Kurum;Birim;Unvan;Cep Telefonu;Doğum Tarihi;İşe Başlama Tarihi\n"
    "Ayşe Demir;Kocaeli Şehir Hastanesi;Acil Servis;Hemşire;0532 111 22 33;07.12.1985;01.09.2010\n"
    "Hasan Kaya;Kocaeli Şehir Hastanesi;Başhekimlik;Başhekim;0533 222 33 44;08.12.1970;07.12.2016\n"
    "Elif Şahin;Derince EAH;Başhekimlik;Başhekim;0534 333 44 55;07.12.1990;\n"
    "Murat Öz;Derince EAH;Radyoloji;Tekniker;0535 444 55 66;;\n"
)


@pytest.fixture
def people(province):
    report = actions.import_contacts(actor=province.staff, upload=upload(CSV))
    assert report.ok, [row.errors for row in report.rows]
    Contact.objects.filter(name="Elif Şahin").update(opted_out=True)  # greetings are not sent to her
    return list(Contact.objects.all())


def _rule(province, kind: str, text: str) -> StandingRule:
    return actions.save_rule(
        actor=province.staff, kind=kind, title="Doğum günleri", text=text, send_time=datetime.time(10, 0)
    )


def test_the_morning_tick_prepares_one_campaign_per_rule_and_day_for_approval(province, people):
    rule = _rule(province, "birthday", "Sayın {ad}, {yil}. yaşınızı kutlarız.")
    assert actions.prepare_rule_campaigns(now=MORNING.replace(hour=6)) == 0  # before the morning
    assert actions.prepare_rule_campaigns(now=MORNING) == 1
    assert actions.prepare_rule_campaigns(now=MORNING + datetime.timedelta(minutes=15)) == 0  # once a day
    campaign = Campaign.objects.get(rule=rule)
    assert campaign.rule_date == datetime.date(2026, 12, 7)
    assert campaign.status == Campaign.Status.APPROVAL  # in the chain of process 3.14
    assert list(campaign.recipients.values_list("name", "text")) == [
        ("Ayşe Demir", "Sayın Ayşe Demir, 41. yaşınızı kutlarız.")
    ]
    assert campaign.scheduled_at == datetime.datetime(2026, 12, 7, 10, 0, tzinfo=IST)

    # Not yet approved: nothing starts. Approved: the beat starts it for its time.
    assert actions.start_approved_rule_campaigns(now=MORNING) == 0
    approve(province, campaign)
    assert actions.start_approved_rule_campaigns(now=MORNING) == 1
    campaign.refresh_from_db()
    assert campaign.status in (Campaign.Status.SCHEDULED, Campaign.Status.SENDING, Campaign.Status.SENT)
    # The next day prepares the next day's people (nobody on 8 December but Hasan's birthday).
    assert actions.prepare_rule_campaigns(now=MORNING + datetime.timedelta(days=1)) == 1
    assert Campaign.objects.filter(rule=rule).count() == 2


def test_work_anniversary_counts_years_of_service(province, people):
    rule = _rule(province, "anniversary", "Sayın {ad}, {yil}. hizmet yılınız kutlu olsun.")
    assert actions.prepare_rule_campaigns(now=MORNING) == 1
    campaign = Campaign.objects.get(rule=rule)
    assert list(campaign.recipients.values_list("text", flat=True)) == [
        "Sayın Hasan Kaya, 10. hizmet yılınız kutlu olsun."
    ]


def test_a_day_without_anyone_prepares_nothing_and_stopped_rules_are_skipped(province, people):
    rule = _rule(province, "birthday", "Sayın {ad}, iyi ki doğdunuz.")
    assert actions.prepare_rule_campaigns(now=MORNING.replace(day=20)) == 0
    StandingRule.objects.filter(pk=rule.pk).update(active=False)
    assert actions.prepare_rule_campaigns(now=MORNING) == 0
    assert not Campaign.objects.exists()


def test_29_february_birthdays_are_greeted_on_28_february(province, people):
    Contact.objects.filter(name="Murat Öz").update(birthday=datetime.date(1988, 2, 29))
    _rule(province, "birthday", "Sayın {ad}, iyi ki doğdunuz.")
    assert actions.prepare_rule_campaigns(now=datetime.datetime(2027, 2, 28, 9, tzinfo=IST)) == 1
    assert Campaign.objects.get().recipients.get().name == "Murat Öz"


def test_a_rule_with_a_field_nobody_has_keeps_a_draft_with_the_reason(province, people):
    Contact.objects.filter(name="Ayşe Demir").update(title="")
    _rule(province, "birthday", "Sayın {unvan} {ad}, iyi ki doğdunuz.")
    assert actions.prepare_rule_campaigns(now=MORNING) == 1
    campaign = Campaign.objects.get()
    assert campaign.status == Campaign.Status.DRAFT
    assert "{unvan}" in campaign.pause_reason
    assert actions.prepare_rule_campaigns(now=MORNING + datetime.timedelta(hours=1)) == 0


def test_only_the_press_unit_writes_rules_and_sees_the_dates(client, province, people):
    client.force_login(province.staff)
    response = client.post(
        reverse("sms:rule_create"),
        {"kind": "anniversary", "title": "Hizmet yılı", "text": "Sayın {ad}, {yil}. yılınız.", "send_time": "09:30",
         "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    rule = StandingRule.objects.get()
    assert rule.send_time == datetime.time(9, 30) and rule.province == province.directorate
    page = client.get(reverse("sms:rules")).content.decode()
    assert "Hizmet yılı" in page
    assert "07.12.1985" in client.get(reverse("sms:contacts")).content.decode()

    client.force_login(province.admin)  # reads the staff list, not the dates
    assert "07.12.1985" not in client.get(reverse("sms:contacts")).content.decode()
    client.force_login(province.outsider)  # the second province's press unit
    assert client.get(reverse("sms:rule_edit", args=[rule.pk])).status_code == 404
    response = client.post(reverse("sms:rule_edit", args=[rule.pk]), {"kind": "birthday", "title": "x", "text": "x"})
    assert response.status_code == 404
