"""Malformed watch queries fail with a clear message, a code and the character position."""

import pytest

from pressdesk.monitoring.matching import Matcher, QuerySyntaxError, parse_query


@pytest.mark.parametrize(
    ("query", "code", "position"),
    [
        ("", "empty", 0),
        ("   ", "empty", 0),
        ('"Şehir Hastanesi', "unterminated_phrase", 0),
        ("hastane AND", "missing_operand", 11),
        ("AND hastane", "missing_operand", 0),
        ("hastane OR OR acil", "missing_operand", 11),
        ("(hastane OR acil", "unbalanced_parenthesis", 0),
        ("hastane)", "unbalanced_parenthesis", 7),
        ("()", "missing_operand", 1),
        ("hastane NEAR/x acil", "bad_near", 8),
        ("hastane NEAR acil", "bad_near", 8),
        ("(a OR b) NEAR/3 acil", "bad_near", 9),
        ("title:", "bad_field", 6),
        ("site:", "bad_field", 5),
        ('site:"kocaeli"', "bad_field", 5),
        ("ha*", "bad_wildcard", 0),
        ("has*ane", "bad_wildcard", 0),
        ("NOT spor", "only_negative", 0),
        ("-spor -futbol", "only_negative", 0),
        ("!!!", "no_words", 0),
    ],
)
def test_malformed_query_reports_code_and_position(query, code, position):
    with pytest.raises(QuerySyntaxError) as raised:
        parse_query(query)
    assert raised.value.code == code
    assert raised.value.position == position
    assert raised.value.code in QuerySyntaxError.CODES
    assert f"at character {position + 1}" in str(raised.value)


def test_matcher_names_the_term_whose_query_is_malformed():
    with pytest.raises(QuerySyntaxError) as raised:
        Matcher([(1, "hastane"), (7, '"acil servis')])
    assert raised.value.params["term_id"] == 7


@pytest.mark.parametrize(
    "query",
    [
        "hastane",
        '"Kocaeli Şehir Hastanesi" AND (acil OR 112) NOT spor',
        "hastane -spor",
        "hastane w/5 doktor",
        "title:(hastane OR acil)",
        "site:https://www.kocaelibaris.com/haber/1 hastane",
        "covid-19",
        "hastane VE acil DEĞİL spor",
        "“Şehir Hastanesi”",
    ],
)
def test_well_formed_queries_parse(query):
    parse_query(query)
