"""Media contacts (``mediarelations``) as outside recipients of a campaign: a media list or single contacts
are chosen like groups; an unsubscribed contact, one without a mobile number and one whose lawful basis
does not cover SMS are skipped and counted; a number on the staff list receives one message; duty notices
never reach them; another province's media list or contact is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pressdesk.mediarelations.models import MediaContact, MediaList
from pressdesk.sms import actions, recipients
from pressdesk.testing.factories import SecondProvince

pytestmark = pytest.mark.django_db


def _contact(province_org, unit, name, mobile="", **kwargs):  # type: ignore[no-untyped-def]
    return MediaContact.objects.create(province=province_org, organization=unit, name=name, mobile=mobile, **kwargs)


@pytest.fixture
def media(province):
    org, unit = province.directorate, province.unit
    people = {
        "zeynep": _contact(org, unit, "Zeynep Ak", "+905432223344", lawful_basis="consent"),
        "kemal": _contact(org, unit, "Kemal Er", "+905441112233", lawful_basis="legitimate"),
        "gone": _contact(org, unit, "Selin Su", "+905451112233", unsubscribed_at=timezone.now()),
        "nonumber": _contact(org, unit, "Orhan Gök", "", lawful_basis="consent"),
        "public": _contact(org, unit, "Deniz Kar", "+905461112233", lawful_basis="public"),
        "staff": _contact(org, unit, "Ayşe Demir", "+905321112233", lawful_basis="consent"),  # also staff
    }
    media_list = MediaList.objects.create(province=org, organization=unit, name="Yerel basın")
    media_list.contacts.set(people.values())
    return media_list, people


def _campaign(province, groups, kind="greeting"):  # type: ignore[no-untyped-def]
    return actions.save_campaign(
        actor=province.staff, title="Bayram", kind=kind, text="Sayın {ad}, iyi bayramlar.", groups=groups
    )


def test_a_media_list_reaches_who_may_receive_sms_and_counts_who_is_skipped(province, staff, media):
    media_list, _people = media
    skipped: dict[str, int] = {}
    reached = recipients.resolve(
        province.directorate, [f"media_list:{media_list.pk}", "everyone"], outside=True, skipped=skipped
    )
    numbers = [p.mobile for p in reached]
    assert numbers.count("+905321112233") == 1  # on the staff list and the media list: one message
    assert "+905432223344" in numbers and "+905441112233" in numbers
    assert "+905451112233" not in numbers and "+905461112233" not in numbers
    assert skipped == {"unsubscribed": 1, "no_mobile": 1, "no_basis": 1}

    campaign = _campaign(province, [f"media_list:{media_list.pk}"])
    actions.submit(actor=province.staff, campaign=campaign)
    assert sorted(campaign.recipients.values_list("mobile", flat=True)) == [
        "+905321112233",
        "+905432223344",
        "+905441112233",
    ]
    zeynep = campaign.recipients.get(mobile="+905432223344")
    assert zeynep.text == "Sayın Zeynep Ak, iyi bayramlar." and zeynep.contact_id is None


def test_single_media_contacts_can_be_chosen_and_an_unsubscribe_is_honoured(province, media):
    _list, people = media
    campaign = _campaign(province, [f"media:{people['kemal'].pk}", f"media:{people['gone'].pk}"])
    actions.submit(actor=province.staff, campaign=campaign)
    assert list(campaign.recipients.values_list("mobile", flat=True)) == ["+905441112233"]


def test_a_duty_notice_or_reminder_never_reaches_media_contacts(province, media):
    media_list, _people = media
    for kind in ("duty", "reminder"):
        with pytest.raises(ValidationError):
            _campaign(province, [f"media_list:{media_list.pk}"], kind=kind)
    assert recipients.resolve(province.directorate, [f"media_list:{media_list.pk}"], duty=True, outside=False) == []


def test_another_provinces_media_list_and_contact_are_refused(province, media):
    second = SecondProvince(province)
    theirs = MediaList.objects.create(province=second.directorate, organization=second.unit, name="Denizli basını")
    their_contact = _contact(second.directorate, second.unit, "Can Ege", "+905471112233", lawful_basis="consent")
    theirs.contacts.add(their_contact)
    for groups in ([f"media_list:{theirs.pk}"], [f"media:{their_contact.pk}"]):
        with pytest.raises(ValidationError):
            _campaign(province, groups)
    # Even a code written into a campaign by hand reaches nobody outside the campaign's province.
    assert recipients.resolve(province.directorate, [f"media_list:{theirs.pk}"], outside=True) == []
    # The second province's unit does not see the first province's media list among its choices.
    codes = [code for code, _label in recipients.media_choices(second.directorate)]
    assert f"media_list:{theirs.pk}" in codes and f"media_list:{media[0].pk}" not in codes


def test_the_compose_page_offers_media_lists_and_the_preview_counts_the_skipped(client, province, staff, media):
    media_list, _people = media
    client.force_login(province.staff)
    page = client.get(reverse("sms:create")).content.decode()
    assert f"media_list:{media_list.pk}" in page and "Yerel basın" in page
    response = client.post(
        reverse("sms:count"),
        {"text": "Sayın {ad}, iyi bayramlar.", "groups": [f"media_list:{media_list.pk}"], "kind": "greeting"},
    )
    body = response.content.decode()
    assert 'data-testid="sms-skipped"' in body
    assert "3 alıcı" in body or "3 recipients" in body
