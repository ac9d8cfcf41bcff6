import pytest

from pressdesk.accounts.models import User
from pressdesk.lib.search import words_q

pytestmark = pytest.mark.django_db


def test_search_follows_turkish_case_rules(province):
    for text in ("IŞIK", "ışık", "mehmet ışık", "MEHMET"):
        assert list(User.objects.filter(words_q(text, ["first_name", "last_name"]))) == [province.unit_head], text
    assert list(User.objects.filter(words_q("ismail", ["first_name"]))) == [province.director]


def test_every_word_must_match():
    assert str(words_q("", ["title"])) == str(words_q("   ", ["title"]))
