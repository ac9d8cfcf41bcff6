"""The HTML preview renders the approved content dict in the paper layout, for the letter page and approvers."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_preview_renders_a_frozen_content_dict(make_letter):
    letter = make_letter(addressee="ışık ilçe hastanesine", urgency="ACELE")
    content = letter.approval_content()
    letter.subject = "Sonradan değişen konu"
    html = render_to_string("documents/_letter_preview.html", {"content": content, "target": letter})
    assert "KOCAELİ VALİLİĞİ" in html
    assert "IŞIK İLÇE HASTANESİNE" in html
    assert "Bilgi notu talebi" in html
    assert "Sonradan değişen konu" not in html
    assert "İsmail ÖZTÜRK" in html
    assert "ACELE" in html
    assert "Dağıtım:" in html
    assert "Bilgi için: Ayşe YILMAZ" in html


def test_preview_tolerates_an_unfinished_draft():
    html = render_to_string("documents/_letter_preview.html", {"content": {"subject": "Taslak"}})
    assert "Taslak" in html


def test_letter_page_shows_the_preview_downloads_and_history(province, client, login, make_letter):
    letter = make_letter()
    login(province.staff)
    page = client.get(reverse("documents:detail", args=[letter.pk])).content.decode()
    assert 'data-testid="letter-preview"' in page
    assert reverse("documents:docx", args=[letter.pk]) in page
    assert reverse("documents:pdf", args=[letter.pk]) in page
    assert reverse("audit:history", args=["documents", "letter", letter.pk]) in page
