"""Stored span lists are exactly what ``json.dumps(..., ensure_ascii=False)`` gives."""

import json

import pytest

from pressdesk.monitoring import bulk

SPANS = [
    [],
    [[0, 7, "Kocaeli"]],
    [[12, 39, "Kocaeli Şehir Hastanesi'nde"], [140, 152, "HASTANEMİZİN"]],
    [[1, 2, 'tırnak " ters \\ bölü'], [3, 4, "satır\nsonu\tsekme"], [5, 6, "\u2028\x00 😀"]],
]


@pytest.mark.parametrize("spans", SPANS)
def test_same_text_as_json_dumps(spans):
    assert bulk.encode_json(spans) == json.dumps(spans, ensure_ascii=False)


def test_the_encoder_is_reused_across_calls():
    first = bulk.encode_json([[0, 1, "a"]])
    assert bulk.encode_json([[0, 1, "a"]]) == first == '[[0, 1, "a"]]'


def test_something_not_json_is_refused():
    with pytest.raises(TypeError):
        bulk.encode_json([[0, 1, object()]])
