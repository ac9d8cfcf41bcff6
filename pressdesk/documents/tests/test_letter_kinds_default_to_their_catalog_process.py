"""Each kind of letter starts in the catalog process whose step writes that letter."""

import pytest

from pressdesk.documents.actions import KIND_DEFAULTS, letter_defaults_for
from pressdesk.documents.models import Letter
from pressdesk.organizations.catalog import KOCAELI

pytestmark = pytest.mark.django_db

# kind -> (process code, words of the catalog step that writes this letter)
EXPECTED = {
    Letter.Kind.INFO_NOTE_REQUEST: ("3.2", "resmi yazı yazılarak bilgi notu istenir"),
    Letter.Kind.TV_INTERVIEW: ("3.4", "uygunluk yazısı yazılması"),
    Letter.Kind.MEETING_NOTICE: ("3.15", "Planlanan toplantıların ilgililere yazı ile tebliğ edilmesi"),
    Letter.Kind.DECISION_NOTICE: ("3.15", "Kararların yazı ile ilgililere tebliğ edilmesi"),
    Letter.Kind.PRESS_INVITATION: ("3.8", "basın daveti yapılması"),
}
CATALOG_STEPS = {code: steps for code, _name, _duty, _responsible, steps in KOCAELI}


def test_every_kind_of_letter_but_other_names_an_expected_process():
    assert set(EXPECTED) == {kind for kind, preset in KIND_DEFAULTS.items() if preset.get("process")}
    assert set(EXPECTED) | {Letter.Kind.OTHER} == set(Letter.Kind)


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_the_default_process_is_the_catalog_process_that_writes_the_letter(province, sender, kind):
    code, step_words = EXPECTED[kind]
    assert any(step_words in step for step in CATALOG_STEPS[code])
    assert letter_defaults_for(province.staff, None, kind)["process"].code == code


def test_a_decision_notice_belongs_to_the_meeting_secretariat_not_to_coordinating_institutions(province, sender):
    process = letter_defaults_for(province.staff, None, Letter.Kind.DECISION_NOTICE)["process"]
    assert process.code == "3.15"
    assert process.steps.filter(text__contains="Kararların yazı ile ilgililere tebliğ").exists()
