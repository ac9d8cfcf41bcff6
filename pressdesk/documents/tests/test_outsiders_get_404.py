"""People who may not see a letter get 404 on every page and download: they cannot learn it exists."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from pressdesk.documents.models import Letter

pytestmark = pytest.mark.django_db

OUTSIDERS = ["outsider", "other_affiliate", "affiliate", "requester"]
PAGES = ["detail", "edit", "docx", "pdf", "ebys", "signed_pdf"]


@pytest.fixture
def letter(make_letter):
    letter = make_letter()
    letter.signed_pdf.save("imzali.pdf", ContentFile(b"%PDF-1.7 imzali"))
    return letter


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("page", PAGES)
def test_outsider_gets_404(province, client, login, letter, who, page):
    login(getattr(province, who))
    assert client.get(reverse(f"documents:{page}", args=[letter.pk])).status_code == 404


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsider_cannot_submit_or_record(province, client, login, letter, who):
    login(getattr(province, who))
    assert client.post(reverse("documents:submit", args=[letter.pk])).status_code == 404
    assert client.post(reverse("documents:ebys", args=[letter.pk]), {"ebys_number": "E-1"}).status_code == 404
    assert client.post(reverse("documents:edit", args=[letter.pk]), {"subject": "İzinsiz"}).status_code == 404
    letter.refresh_from_db()
    assert letter.subject == "Bilgi notu talebi"
    assert letter.ebys_number == ""


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsider_does_not_see_the_letter_in_the_list(province, client, login, letter, who):
    login(getattr(province, who))
    page = client.get(reverse("documents:list")).content.decode()
    assert letter.subject not in page


def test_unit_members_of_the_province_see_the_letter(province, client, login, letter):
    for who in ("staff", "staff2", "unit_head", "chief", "director", "admin"):
        login(getattr(province, who))
        assert client.get(reverse("documents:detail", args=[letter.pk])).status_code == 200
    assert Letter.objects.count() == 1


def test_anonymous_visitor_is_sent_to_log_in(client, letter):
    response = client.get(reverse("documents:docx", args=[letter.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
