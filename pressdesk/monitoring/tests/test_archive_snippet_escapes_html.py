"""Archive titles and snippets are escaped first and highlighted after: a script in a news item never runs."""

import pytest
from django.urls import reverse

from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_script_in_title_and_text_is_escaped_and_words_are_marked(province, login):
    source = SourceFactory(organization=province.directorate)
    source.items.create(
        outlet=source.outlet,
        identity_hash="x",
        title="<script>alert(1)</script> Hastanesi'nde <b>yangın</b>",
        text="Önce " + "uzun bir giriş cümlesi " * 20 + "sonra <img src=x onerror=alert(2)> hastanemizin acil servisi",
    )
    response = login(province.staff).get(reverse("monitoring:archive"), {"q": "hastane"})
    content = response.content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<img src=x" not in content
    assert "&lt;img src=x onerror=alert(2)&gt;" in content
    assert "<mark>Hastanesi&#x27;nde</mark>" in content
    assert "<mark>hastanemizin</mark>" in content
    item = response.context["items"][0]
    assert str(item.snippet).startswith("… ")  # the snippet is cut around the hit, not the start of the text


def test_ascii_typed_query_marks_the_turkish_word(province, login):
    source = SourceFactory(organization=province.directorate)
    source.items.create(outlet=source.outlet, identity_hash="y", title="İl Sağlık Müdürlüğü'nden açıklama")
    response = login(province.staff).get(reverse("monitoring:archive"), {"q": "saglik mudurlugu"})
    content = response.content.decode()
    assert "<mark>Sağlık</mark> <mark>Müdürlüğü&#x27;nden</mark>" in content
