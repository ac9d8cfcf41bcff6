import pytest
from django.core.exceptions import ValidationError

from pressdesk.lib.phone import format_mobile, normalize_mobile


@pytest.mark.parametrize(
    "typed",
    [
        "0532 123 45 67",
        "05321234567",
        "+90 532 123 4567",
        "+905321234567",
        "5321234567",
        "532 123 45 67",
        "0 (532) 123-45-67",
        "0090 532 123 45 67",
        "90 532 123 45 67",
        "532.123.45.67",
        "  0532 123 45 67  ",
    ],
)
def test_turkish_mobile_numbers_are_normalised_to_plus_90(typed: str) -> None:
    assert normalize_mobile(typed) == "+905321234567"


@pytest.mark.parametrize(
    "typed",
    [
        "0262 123 45 67",  # a Kocaeli landline
        "0212 123 45 67",  # an Istanbul landline
        "0850 123 45 67",  # a non-geographic number
        "444 1 444",
        "0532 123 45 6",  # a digit short
        "0532 123 45 678",  # a digit too many
        "+49 151 23456789",  # a German mobile
        "+90 262 123 45 67",
        "abc",
        "0532-ABC-45-67",
        "++905321234567",
        "05321234567x",
        "",
        "   ",
    ],
)
def test_landlines_foreign_numbers_and_garbage_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        normalize_mobile(typed)
    assert excinfo.value.code == "invalid_mobile"
    assert "0532 123 45 67" in excinfo.value.messages[0]


def test_stored_mobile_is_shown_the_way_people_write_it() -> None:
    assert format_mobile("+905321234567") == "0532 123 45 67"
    assert format_mobile("") == ""
    assert format_mobile("0262 123 45 67") == "0262 123 45 67"
