"""Downloads are attachments whose Turkish file names survive (RFC 5987 filename*)."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from pressdesk.documents.tests.conftest import open_docx

pytestmark = pytest.mark.django_db


def test_docx_download_has_a_utf8_file_name_and_an_ascii_fallback(province, client, login, make_letter):
    letter = make_letter(subject="Şikâyet: ılık/İzmit haberi")
    login(province.staff)
    response = client.get(reverse("documents:docx", args=[letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    disposition = response["Content-Disposition"]
    name = f"{letter.pk} Şikâyet ılık İzmit haberi.docx"
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote(name, safe='')}" in disposition
    assert f'filename="{letter.pk} Sikayet ilik Izmit haberi.docx"' in disposition
    assert open_docx(response.content).paragraphs[0].text == "T.C."


def test_in_house_copy_is_named_as_such(province, client, login, make_letter):
    letter = make_letter()
    login(province.staff)
    response = client.get(reverse("documents:docx", args=[letter.pk]), {"copy": "in_house"})
    assert quote("iç nüsha") in response["Content-Disposition"]
