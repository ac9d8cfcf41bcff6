"""A case's badge tells its real state; a letter opened from a story is addressed right (issue 23, defect 7)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pressdesk.infonotes import actions
from pressdesk.infonotes.tests.conftest import approve_flow
from pressdesk.monitoring.models import Item, ItemMatch, WatchTerm

pytestmark = pytest.mark.django_db


def _badge(client, case) -> str:
    page = client.get(reverse("infonotes:detail", args=[case.pk])).content.decode()
    start = page.index('data-testid="case-status"')
    return page[page.index(">", start) + 1 : page.index("</span>", start)]


def test_the_badge_says_waiting_for_approval_only_while_the_note_is_in_its_chain(client, province, story):
    case, _ = actions.open_from_story(actor=province.staff, story=story)
    actions.answer(actor=province.staff, case=case, title="Not", body="Bekleme süresi kısaldı.", via="email")
    client.force_login(province.staff)
    assert _badge(client, case) == "Not alındı, onaya sunulacak"
    flow = actions.submit_note(actor=province.staff, case=case)
    assert _badge(client, case) == "Onay bekliyor"
    approve_flow(province, flow)
    assert _badge(client, case) == "Not onaylandı, gönderilecek"


def test_the_request_letter_from_a_story_names_the_hospital_in_the_dative(client, province, story):
    term = WatchTerm.objects.create(
        name="Şehir Hastanesi",
        query='"şehir hastanesi"',
        province=province.directorate,
        organization=province.hospital,
    )
    ItemMatch.objects.create(item=Item.objects.get(story=story), term=term)
    case, _ = actions.open_from_story(actor=province.staff, story=story)
    assert case.institution == province.hospital
    client.force_login(province.staff)
    page = client.get(reverse("infonotes:letter", args=[case.pk])).content.decode()
    assert "KOCAELİ ŞEHİR HASTANESİ BAŞHEKİMLİĞİNE" in page
    assert f'<option value="{province.hospital.pk}" selected>' in page
