"""Outside recipients (issue 29, point 1): people not on the staff list (journalists, muhtars) on a saved list
with the source of their consent; reached only by kinds that allow them, never by a duty notice; an opt-out
is honoured; a number on the staff list too receives one message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pressdesk.sms import actions
from pressdesk.sms.models import OutsidePerson

pytestmark = pytest.mark.django_db

PEOPLE = "Ali Yıldız; 0542 111 22 33; Muhtar; Yenimahalle\nZeynep Ak; 0543 222 33 44; Muhabir; Kocaeli Gazetesi\n"


def _campaign(province, saved, kind: str):  # type: ignore[no-untyped-def]
    return actions.save_campaign(
        actor=province.staff, title="Duyuru", kind=kind, text="Sayın {ad}, duyuru.", groups=[f"list:{saved.pk}"]
    )


def test_a_greeting_reaches_the_outside_list_and_a_duty_notice_does_not(province, staff):
    saved = actions.save_outside_list(
        actor=province.staff, name="Muhtarlar", consent_source="Yazılı izin formu, 12.11.2026", people=PEOPLE
    )
    assert OutsidePerson.objects.filter(consent_source="Yazılı izin formu, 12.11.2026").count() == 2
    campaign = _campaign(province, saved, "greeting")
    actions.submit(actor=province.staff, campaign=campaign)
    assert sorted(campaign.recipients.values_list("mobile", flat=True)) == ["+905421112233", "+905432223344"]

    duty = _campaign(province, saved, "duty")
    with pytest.raises(ValidationError):  # nobody: outside people never receive duty notices
        actions.submit(actor=province.staff, campaign=duty)


def test_an_opt_out_is_honoured_and_a_staff_number_is_sent_once(province, staff):
    people = PEOPLE + "Ayşe Demir; 0532 111 22 33; Hemşire; Kocaeli Şehir Hastanesi\n"  # also on the staff list
    saved = actions.save_outside_list(
        actor=province.staff, name="Basın", consent_source="Sözlü, telefonla", people=people
    )
    saved.contacts.add(staff[0])
    person = OutsidePerson.objects.get(name="Ali Yıldız")
    actions.set_outside_opt_out(actor=province.staff, person=person, opted_out=True)
    campaign = _campaign(province, saved, "announcement")
    actions.submit(actor=province.staff, campaign=campaign)
    assert sorted(campaign.recipients.values_list("mobile", flat=True)) == ["+905321112233", "+905432223344"]


def test_a_list_needs_consent_and_good_numbers(province):
    with pytest.raises(ValidationError):
        actions.save_outside_list(actor=province.staff, name="Basın", consent_source=" ", people=PEOPLE)
    with pytest.raises(ValidationError) as error:
        actions.save_outside_list(
            actor=province.staff, name="Basın", consent_source="Yazılı", people="Ali; 0262 111 22 33"
        )
    assert "1" in str(error.value)
    assert not OutsidePerson.objects.exists()


def test_screens_belong_to_the_province_unit(client, province):
    client.force_login(province.staff)
    response = client.post(
        reverse("sms:outside_list_create"), {"name": "Muhtarlar", "consent_source": "Yazılı izin", "people": PEOPLE}
    )
    assert response.status_code == 302
    page = client.get(reverse("sms:outside")).content.decode()
    assert "Ali Yıldız" in page and "Yazılı izin" in page and "Muhtarlar" in page
    person = OutsidePerson.objects.get(name="Ali Yıldız")
    client.force_login(province.outsider)  # the second province's press unit
    assert "Ali Yıldız" not in client.get(reverse("sms:outside")).content.decode()
    assert client.post(reverse("sms:outside_opt_out", args=[person.pk])).status_code == 404
    client.force_login(province.director)  # an approver: the numbers masked (KVKK)
    page = client.get(reverse("sms:outside")).content.decode()
    assert "Ali Yıldız" in page and "111 22 33" not in page
    client.force_login(province.requester)
    assert client.get(reverse("sms:outside")).status_code == 403


def test_a_saved_outside_list_is_changed_and_who_leaves_it_keeps_their_opt_out(province, client):
    saved = actions.save_outside_list(
        actor=province.staff, name="Muhtarlar", consent_source="Yazılı izin formu, 12.11.2026", people=PEOPLE
    )
    zeynep = OutsidePerson.objects.get(name="Zeynep Ak")
    actions.set_outside_opt_out(actor=province.staff, person=zeynep, opted_out=True)
    client.force_login(province.staff)
    page = client.get(reverse("sms:outside")).content.decode()
    edit = reverse("sms:outside_list_edit", args=[saved.pk])
    assert f'href="{edit}"' in page and "2 kişi" in page

    form = client.get(edit).content.decode()  # the list as it was written, full numbers
    assert "Ali Yıldız; 0542 111 22 33; Muhtar; Yenimahalle" in form and "Yazılı izin formu, 12.11.2026" in form

    # A bad line: nothing is changed, the text typed is kept.
    bad = {
        "name": "Muhtarlar 2027",
        "consent_source": "Yazılı izin formu",
        "people": "Ali Yıldız; 0542 111 22 33\nX; 123",
    }
    response = client.post(edit, bad)
    assert response.status_code == 200 and "X; 123" in response.content.decode()
    saved.refresh_from_db()
    assert saved.name == "Muhtarlar" and saved.outside.count() == 2

    people = "Ali Yıldız; 0542 111 22 33; Muhtar; Yenimahalle\nMehmet Kaya; 0544 333 44 55; Muhtar; Karşıyaka\n"
    response = client.post(edit, {"name": "Muhtarlar 2027", "consent_source": "Yazılı izin formu", "people": people})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.name == "Muhtarlar 2027"
    assert sorted(saved.outside.values_list("name", flat=True)) == ["Ali Yıldız", "Mehmet Kaya"]
    zeynep.refresh_from_db()
    assert zeynep.opted_out and not zeynep.lists.exists()  # she left the list; her record and opt-out stay

    # The chief reads masked numbers, so cannot change the lines; another province sees no such list.
    client.force_login(province.chief)
    assert client.get(edit).status_code == 403
    client.force_login(province.outsider)
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"name": "x", "consent_source": "y", "people": people}).status_code == 404
