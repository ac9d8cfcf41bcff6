"""Only the in-house copy shows the paraf lines: preparer first, then the chain; date, title, full name (m.21)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from pressdesk.approvals.models import ApprovalStep
from pressdesk.documents.rendering import render_docx
from pressdesk.documents.tests.conftest import body_lines, open_docx

pytestmark = pytest.mark.django_db

PARAF = re.compile(r"^(\d{2}\.\d{2}\.\d{4}|\.{4}/[^\t]*)\t")


def test_in_house_copy_lists_preparer_then_initials_in_chain_order(province, make_letter, approve):
    letter = make_letter()
    approve(letter, steps=2)
    today = timezone.localdate().strftime("%d.%m.%Y")
    lines = body_lines(open_docx(render_docx(letter, in_house=True)))
    paraf = [line for line in lines if PARAF.match(line)]
    assert paraf == [
        f"{today}\tBirim Personeli\tAyşe YILMAZ",
        f"{today}\tBirim Sorumlusu\tMehmet IŞIK",
        f"{today}\tBaşkan\tZeynep ÇELİK",
    ]


def test_a_deputys_initial_is_marked_v(province, make_letter, approve):
    letter = make_letter()
    flow = approve(letter, steps=1)
    ApprovalStep.objects.filter(flow=flow, order=1).update(as_deputy=True)
    lines = body_lines(open_docx(render_docx(letter, in_house=True)))
    assert any(line.endswith("\tBirim Sorumlusu V.\tMehmet IŞIK") for line in lines)


def test_steps_not_yet_initialled_leave_room_for_a_hand_initial(province, make_letter, approve):
    letter = make_letter()
    approve(letter, steps=0)
    lines = body_lines(open_docx(render_docx(letter, in_house=True)))
    assert "..../..../......\tBaşkan\t" in lines


def test_normal_copy_has_no_paraf_lines(province, make_letter, approve):
    letter = make_letter()
    approve(letter, steps=2)
    text = "\n".join(body_lines(open_docx(render_docx(letter))))
    assert "Ayşe YILMAZ" not in text
    assert "Mehmet IŞIK" not in text


def test_in_house_copy_is_downloaded_with_copy_in_house(province, client, login, make_letter, approve):
    letter = make_letter()
    approve(letter, steps=1)
    login(province.staff)
    url = reverse("documents:docx", args=[letter.pk])
    in_house = client.get(url, {"copy": "in_house"})
    normal = client.get(url)
    assert "Mehmet IŞIK" in "\n".join(body_lines(open_docx(in_house.content)))
    assert "Mehmet IŞIK" not in "\n".join(body_lines(open_docx(normal.content)))
