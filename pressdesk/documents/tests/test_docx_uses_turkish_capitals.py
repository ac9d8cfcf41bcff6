"""Capitals follow Turkish rules (i → İ, ı → I), never Python's str.upper()."""

import pytest

from pressdesk.documents.rendering import render_docx
from pressdesk.documents.tests.conftest import body_lines, open_docx
from pressdesk.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("addressee", "printed"),
    [
        ("Sağlık Bakanlığına", "SAĞLIK BAKANLIĞINA"),
        ("ışık ilçe hastanesine", "IŞIK İLÇE HASTANESİNE"),
        ("istanbul valiliğine", "İSTANBUL VALİLİĞİNE"),
    ],
)
def test_addressee_is_centred_in_turkish_capitals(make_letter, addressee, printed):
    lines = body_lines(open_docx(render_docx(make_letter(addressee=addressee))))
    assert printed in lines


def test_a_person_is_addressed_as_sayin_ad_soyad(make_letter):
    lines = body_lines(open_docx(render_docx(make_letter(addressee="Sayın ali ince"))))
    assert "Sayın ali İNCE" in lines


@pytest.mark.parametrize(
    ("first_name", "last_name", "printed"),
    [("Mehmet", "Işık", "Mehmet IŞIK"), ("Ali", "İnce", "Ali İNCE"), ("Zeynep", "Çelik", "Zeynep ÇELİK")],
)
def test_signer_surname_is_in_turkish_capitals(province, make_letter, first_name, last_name, printed):
    signer = UserFactory(username=f"imza-{last_name}", first_name=first_name, last_name=last_name,
                         organization=province.directorate, role="director")  # fmt: skip
    lines = body_lines(open_docx(render_docx(make_letter(signer=signer))))
    assert printed in lines
    assert lines[lines.index(printed) + 1] == "İl Sağlık Müdürü"


def test_institution_line_is_upper_cased_by_turkish_rules(make_letter):
    document = open_docx(render_docx(make_letter(header_institution="Kocaeli Valiliği")))
    assert document.paragraphs[1].text == "KOCAELİ VALİLİĞİ"


def test_acting_and_delegated_signatures(make_letter):
    acting = body_lines(open_docx(render_docx(make_letter(signing_mode="V."))))
    assert "İl Sağlık Müdürü V." in acting
    delegated = body_lines(open_docx(render_docx(make_letter(signing_mode="a.", delegated_by="Vali"))))
    at = delegated.index("Vali a.")
    assert delegated[at - 1] == "İsmail ÖZTÜRK"
    assert delegated[at + 1] == "İl Sağlık Müdürü"
