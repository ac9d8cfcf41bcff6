"""A triage note is read in the author's province, and by a press officer only when written in their institution."""

import pytest

from pressdesk.triage.tests.two_provinces import shared_story

pytestmark = pytest.mark.django_db

OUR_NOTE = "Kocaeli iç notu: hastane başhekimi arandı."
HOSPITAL_NOTE = "Şehir Hastanesi notu: açıklama hazırlanıyor."
OTHER_HOSPITAL_NOTE = "Derince notu: kamera kayıtları inceleniyor."


@pytest.fixture
def shared(province):
    return shared_story(province)


def _page(client, story):
    response = client.get(f"/triage/stories/{story.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_another_provinces_staff_do_not_read_our_notes_on_a_shared_story(province, shared, login):
    story = shared.story
    assert login(province.staff).post(f"/triage/stories/{story.pk}/note/", {"text": OUR_NOTE}).status_code == 302

    theirs = _page(login(shared.other_staff), story)
    assert OUR_NOTE not in theirs
    for url in ("/triage/", "/triage/poll/?cursor=2000-01-01T00:00:00%2B00:00"):
        assert OUR_NOTE not in login(shared.other_staff).get(url).content.decode()

    # Their own note stays theirs, and ours stays ours.
    login(shared.other_staff).post(f"/triage/stories/{story.pk}/note/", {"text": "Denizli notu"})
    ours = _page(login(province.staff), story)
    assert OUR_NOTE in ours and "Denizli notu" not in ours
    assert "Denizli notu" in _page(login(shared.other_staff2), story)


def test_a_hospital_press_officer_does_not_read_another_hospitals_notes(province, shared, login):
    story = shared.story
    login(province.affiliate).post(f"/triage/stories/{story.pk}/note/", {"text": HOSPITAL_NOTE})
    login(province.other_affiliate).post(f"/triage/stories/{story.pk}/note/", {"text": OTHER_HOSPITAL_NOTE})
    login(province.staff).post(f"/triage/stories/{story.pk}/note/", {"text": OUR_NOTE})

    hospital = _page(login(province.affiliate), story)
    assert HOSPITAL_NOTE in hospital
    assert OTHER_HOSPITAL_NOTE not in hospital and OUR_NOTE not in hospital
    other_hospital = _page(login(province.other_affiliate), story)
    assert OTHER_HOSPITAL_NOTE in other_hospital
    assert HOSPITAL_NOTE not in other_hospital and OUR_NOTE not in other_hospital

    # The province's unit reads every note written in the province, its hospitals' included.
    unit = _page(login(province.staff), story)
    assert HOSPITAL_NOTE in unit and OTHER_HOSPITAL_NOTE in unit and OUR_NOTE in unit
