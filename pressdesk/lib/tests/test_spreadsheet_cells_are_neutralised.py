"""Every exported text that a spreadsheet would run as a formula stays text; numbers and dates pass."""

import datetime

import pytest

from pressdesk.lib.spreadsheet import neutralize_cell, neutralize_row


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("https://evil.example","x")', "+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", "＝1+1"],
)
def test_formula_like_text_gets_an_apostrophe(text: str) -> None:
    assert neutralize_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Şehir Hastanesi", "https://example.com/a", "", "1=1", 5, -2, 1.5, None])
def test_other_values_are_unchanged(value: object) -> None:
    assert neutralize_cell(value) == value


def test_a_row_is_neutralised_cell_by_cell() -> None:
    day = datetime.date(2026, 12, 6)
    assert neutralize_row(["=1", day, -3, "a"]) == ["'=1", day, -3, "a"]
