"""Statistics follow the organization: a hospital's press officer sees only their hospital's news;
another province's unit sees none of this province's."""

import pytest
from django.urls import reverse


@pytest.fixture
def news(world):
    world.news("Şehir Hastanesi'nde robotik cerrahi", about="hospital", sentiment="positive")
    world.news(
        "Derince'de asansör arızası", about="other_hospital", sentiment="negative", sources=[world.national_source]
    )
    world.news("Denizli Devlet Hastanesi'nde yangın tatbikatı", about="other_province", sources=[world.other_source])
    return world


def _stats(client, login, user):
    login(user)
    response = client.get(reverse("reports:statistics"), {"period": "7"})
    assert response.status_code == 200
    return response.context["stats"], response.content.decode()


def test_unit_sees_its_province(province, news, client, login):
    stats, page = _stats(client, login, province.staff)
    assert stats.totals.stories == 2
    assert {row["name"] for row in stats.institutions} == {"Kocaeli Şehir Hastanesi", "Derince EAH"}
    assert "Denizli" not in page


def test_hospital_press_officer_sees_only_their_hospital(province, news, client, login):
    stats, page = _stats(client, login, province.affiliate)
    assert stats.totals.stories == 1
    assert [row["name"] for row in stats.institutions] == ["Kocaeli Şehir Hastanesi"]
    assert "Derince" not in page
    assert "Ulusal Haber" not in page


def test_other_province_unit_sees_none_of_this_province(province, news, client, login):
    stats, page = _stats(client, login, province.outsider)
    assert stats.totals.stories == 1
    assert "Şehir Hastanesi" not in page
    assert "Derince" not in page


def test_requester_is_refused(province, news, client, login):
    login(province.requester)
    assert client.get(reverse("reports:statistics")).status_code == 403


def test_irrelevant_stories_are_left_out(province, world, client, login):
    world.news("Şehir Hastanesi alakasız", relevance="irrelevant")
    stats, _page = _stats(client, login, province.staff)
    assert stats.totals.items == 0
