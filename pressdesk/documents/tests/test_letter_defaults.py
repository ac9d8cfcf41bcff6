"""New letters start with the province's header, the sender's DETSİS and contact block, the director as signer."""

import pytest

from pressdesk.documents.actions import letter_defaults_for
from pressdesk.organizations.models import Organization, Process

pytestmark = pytest.mark.django_db


def test_defaults_for_a_staff_member(province, sender):
    process = Process.objects.get(code="3.4")
    defaults = letter_defaults_for(province.staff, process, "tv_interview")
    assert defaults["process"] == process
    assert defaults["header_institution"] == "KOCAELİ VALİLİĞİ"
    assert defaults["header_unit"] == "İl Sağlık Müdürlüğü"
    assert defaults["detsis_no"] == "12345678"
    assert defaults["contact_address"] == "Kozluk Mah. Hastane Cad. No:1 İzmit/KOCAELİ"
    assert defaults["contact_phone"] == "0 (262) 000 00 00"
    assert defaults["signer"] == province.director
    assert defaults["signer_title"] == "İl Sağlık Müdürü"
    assert defaults["info_person"] == "Ayşe Yılmaz"
    assert defaults["info_title"] == "Birim Personeli"


def test_the_nearest_detsis_number_wins_and_the_province_field_names_the_governorship(province, sender):
    Organization.objects.filter(pk=province.unit.pk).update(detsis_no="87654321")
    Organization.objects.filter(pk=province.directorate.pk).update(province="İzmir")
    province.staff.organization.refresh_from_db()
    defaults = letter_defaults_for(province.staff)
    assert defaults["detsis_no"] == "87654321"
    assert defaults["header_institution"] == "İZMİR VALİLİĞİ"


def test_kind_picks_the_usual_process(province, sender):
    assert letter_defaults_for(province.staff, None, "info_note_request")["process"].code == "3.2"
    assert letter_defaults_for(province.staff, None, "nonsense")["kind"] == "other"
