"""Length counting: default alphabet, escape characters, Turkish single shift, UCS-2, part boundaries."""

from __future__ import annotations

import pytest

from pressdesk.sms import encoding
from pressdesk.sms.encoding import GSM7, GSM7_TR, UCS2, count, encoding_of, split


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Merhaba", GSM7),
        ("ÇÖÜöü Ç", GSM7),  # in the default alphabet
        ("{[]}^~|\\€", GSM7),
        ("Ş", GSM7_TR),
        ("ş", GSM7_TR),
        ("Ğ", GSM7_TR),
        ("ğ", GSM7_TR),
        ("ç", GSM7_TR),
        ("ı", GSM7_TR),
        ("İ", GSM7_TR),
        ("Bayramınız kutlu olsun {ad}", GSM7_TR),
        ("Â", UCS2),  # not in any GSM table
        ("â", UCS2),
        ("Ramazan Bayramı 🌙", UCS2),
        ("`", UCS2),
        ("", GSM7),
    ],
)
def test_encoding_is_the_cheapest_that_carries_the_text(text, expected):
    assert encoding_of(text) == expected


def test_only_seven_turkish_letters_need_the_shift_table():
    needing = {ch for ch in "ÇçĞğİıÖöŞşÜü" if encoding_of(ch) == GSM7_TR}
    assert needing == {"Ş", "ş", "Ğ", "ğ", "ç", "ı", "İ"}


@pytest.mark.parametrize("ch", list("^{}\\[]~|€"))
def test_escape_characters_take_two_septets(ch):
    assert count(ch).units == 2
    assert count("a" + ch).units == 3


def test_turkish_letters_take_two_septets_and_escapes_still_two():
    result = count("şç{")
    assert (result.encoding, result.units) == (GSM7_TR, 6)


def test_ucs2_counts_utf16_code_units():
    assert count("â").units == 1
    assert count("🌙").units == 2
    assert count("â🌙").units == 3


@pytest.mark.parametrize(
    ("unit", "single", "multi"),
    [("a", 160, 153), ("ş", 155, 149), ("â", 70, 67)],
)
def test_part_boundaries(unit, single, multi):
    if unit == "ş":
        # ş is two septets: build the Turkish-shift text from one ş and plain letters.
        def make(n: int) -> str:
            return "ş" + "a" * (n - 2)
    else:

        def make(n: int) -> str:
            return unit * n

    assert count(make(single)).parts == 1
    assert count(make(single)).remaining == 0
    assert count(make(single + 1)).parts == 2
    assert count(make(2 * multi)).parts == 2
    assert count(make(2 * multi + 1)).parts == 3
    assert count(make(3 * multi)).parts == 3
    assert count(make(single + 1)).per_part == multi


def test_exact_limits_in_each_encoding():
    assert (count("a" * 160).parts, count("a" * 161).parts) == (1, 2)
    assert (count("a" * 306).parts, count("a" * 307).parts) == (2, 3)
    assert count("ş" + "a" * 153).units == 155
    assert count("ş" + "a" * 153).parts == 1
    assert count("ş" + "a" * 154).parts == 2
    assert count("ş" + "a" * 296).parts == 2  # 298 septets = 2 × 149
    assert count("ş" + "a" * 297).parts == 3
    assert (count("â" * 70).parts, count("â" * 71).parts) == (1, 2)
    assert (count("â" * 134).parts, count("â" * 135).parts) == (2, 3)


def test_a_part_never_ends_between_escape_and_character():
    # 152 letters then "€": 154 septets → two parts; the € does not fit in the first 153.
    text = "a" * 152 + "€" + "a" * 10
    parts = split(text)
    assert parts[0] == "a" * 152
    assert parts[1].startswith("€")
    assert count(text).parts == 2
    # 306 septets fit two parts of 153, but not with a € at the seam: three parts, as the operator bills.
    seam = "a" * 152 + "€" + "a" * 152
    assert count(seam).units == 306
    assert count(seam).parts == 3


def test_a_part_never_splits_an_emoji():
    text = "â" * 66 + "🌙" + "â" * 10
    parts = split(text)
    assert parts[0] == "â" * 66
    assert parts[1].startswith("🌙")


def test_turkish_shift_letter_at_the_seam_moves_to_the_next_part():
    text = "ş" + "a" * 146 + "ş" + "a" * 10  # 2 + 146 = 148 septets, the next ş (2) does not fit in 149
    assert split(text)[0] == "ş" + "a" * 146
    assert count(text).parts == 2


def test_remaining_counts_the_last_part():
    result = count("a" * 200)
    assert (result.parts, result.per_part, result.remaining) == (2, 153, 106)
    assert count("Merhaba").remaining == 153


def test_empty_text_is_zero_parts():
    assert count("").parts == 0


def test_a_two_thousand_character_message_is_too_long():
    assert count("a" * 2000).too_long
    assert not count("a" * (153 * encoding.MAX_PARTS)).too_long
    assert count("a" * (153 * encoding.MAX_PARTS + 1)).too_long


def test_ramazan_greeting_is_turkish_shift_and_two_parts():
    text = (
        "Sayın {ad}, Ramazan Bayramınızı en içten dileklerimle kutlar, sizlere ve ailenize sağlık, huzur ve "
        "mutluluk dolu nice bayramlar dilerim. İl Sağlık Müdürlüğü adına en derin saygılarımla."
    )
    result = count(text.replace("{ad}", "Ayşe Yılmaz"))
    assert result.encoding == GSM7_TR
    assert result.parts == 2
