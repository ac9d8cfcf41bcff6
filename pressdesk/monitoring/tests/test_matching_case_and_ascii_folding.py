"""Turkish case rules and text typed without Turkish letters match the same term."""

import pytest

from pressdesk.monitoring.matching import Matcher


def matches(query: str, text: str) -> bool:
    return 1 in Matcher([(1, query)]).match("", text)


@pytest.mark.parametrize(
    "text",
    ["İL SAĞLIK MÜDÜRLÜĞÜ", "il sağlık müdürlüğü", "Il Saglik Mudurlugu", "IL SAGLIK MUDURLUGU", "İl Sağlık Müdürlüğü"],
)
def test_directorate_name_in_any_case_or_ascii(text):
    assert matches('"İl Sağlık Müdürlüğü"', text)


@pytest.mark.parametrize("query", ['"Saglik Mudurlugu"', '"SAĞLIK MÜDÜRLÜĞÜ"', '"sağlık müdürlüğü"'])
def test_query_typed_in_ascii_or_capitals(query):
    assert matches(query, "Kocaeli İl Sağlık Müdürlüğü açıkladı")


@pytest.mark.parametrize("text", ["ışık", "IŞIK", "Işık", "isik", "ISIK"])
def test_dotless_i(text):
    assert matches("ışık", text)
    assert matches("IŞIK", text)


@pytest.mark.parametrize("text", ["İzmit", "IZMIT", "İZMİT", "izmit", "Izmit", "I\u0307zmit"])
def test_dotted_capital_i(text):
    assert matches("İzmit", text)


def test_combining_dot_keeps_offsets_in_original_text():
    text = "Haber: I\u0307zmit'te"
    hits = Matcher([(1, "izmit")]).match("", text)[1]
    assert text[hits[0].start : hits[0].end] == "I\u0307zmit'te"
