"""Alert rule form: saves with conditions; refuses a bad query, half quiet hours and a zero limit; scoped."""

import pytest

from pressdesk.triage.models import AlertRule

pytestmark = pytest.mark.django_db


def _data(province, **extra):
    data = {
        "name": "Olumsuz hastane haberleri",
        "is_active": "on",
        "sentiment": "negative",
        "institutions": [province.hospital.pk],
        "recipients": [province.director.pk, province.unit_head.pk],
        "outlet_kinds": ["national_newspaper", "agency"],
        "spike_factor": "3",
        "spike_min_items": "5",
        "max_per_hour": "20",
        "send_sms": "on",
        "quiet_start": "22:00",
        "quiet_end": "07:30",
    }
    data.update(extra)
    return data


def test_unit_head_creates_a_rule(province, login):
    response = login(province.unit_head).post("/triage/rules/new/", _data(province))
    assert response.status_code == 302
    rule = AlertRule.objects.get()
    assert rule.organization == province.directorate
    assert set(rule.recipients.all()) == {province.director, province.unit_head}
    assert rule.outlet_kinds == ["national_newspaper", "agency"]
    assert rule.quiet_start.hour == 22


@pytest.mark.parametrize(
    "bad",
    [{"query": '"Şehir Hastanesi'}, {"quiet_end": ""}, {"max_per_hour": "0"}, {"name": ""}],
)
def test_bad_input_is_refused(province, login, bad):
    response = login(province.unit_head).post("/triage/rules/new/", _data(province, **bad))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not AlertRule.objects.exists()


def test_recipients_and_institutions_of_another_province_are_refused(province, login):
    data = _data(province, recipients=[province.outsider.pk], institutions=[province.other_province_hospital.pk])
    response = login(province.unit_head).post("/triage/rules/new/", data)
    assert set(response.context["form"].errors) == {"recipients", "institutions"}


def test_another_province_cannot_open_the_rule(province, login):
    login(province.unit_head).post("/triage/rules/new/", _data(province))
    rule = AlertRule.objects.get()
    assert login(province.outsider).get(f"/triage/rules/{rule.pk}/").status_code == 404


def test_terms_about_another_provinces_institutions_are_not_offered_or_accepted(province, login):
    from django.core.exceptions import ValidationError

    from pressdesk.monitoring.models import WatchTerm
    from pressdesk.triage import actions

    topic = WatchTerm.objects.create(name="Kızamık", query="kızamık", province=province.directorate)
    own = WatchTerm.objects.create(
        name="Şehir Hastanesi",
        query='"Şehir Hastanesi"',
        organization=province.hospital,
        province=province.directorate,
    )
    foreign = WatchTerm.objects.create(
        name="Denizli DH",
        query='"Denizli Devlet"',
        organization=province.other_province_hospital,
        province=province.other_directorate,
    )
    foreign_topic = WatchTerm.objects.create(name="Kuduz", query="kuduz", province=province.other_directorate)
    page = login(province.unit_head).get("/triage/rules/new/")
    offered = set(page.context["form"].fields["terms"].queryset)
    assert offered == {topic, own}
    for term in (foreign, foreign_topic):
        response = login(province.unit_head).post("/triage/rules/new/", _data(province, terms=[term.pk]))
        assert response.status_code == 200 and not AlertRule.objects.exists()
        with pytest.raises(ValidationError):
            actions.save_rule(
                actor=province.unit_head, organization=province.directorate, name="Başka il", terms=[term]
            )
