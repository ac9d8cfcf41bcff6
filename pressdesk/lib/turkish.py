"""Turkish case mapping, folding and collation: the one place for them.

Python's ``str.lower``/``str.upper`` follow the root locale: ``"I".lower()`` is
``"i"`` (Turkish wants ``"ı"``) and ``"İ".lower()`` leaves a combining dot.
Everything in the project that changes case, matches or sorts Turkish text
goes through these helpers.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_UPPER_SPECIAL = str.maketrans({"i": "İ", "ı": "I"})
_LOWER_SPECIAL = str.maketrans({"I": "ı", "İ": "i"})
_ASCII_FOLD = str.maketrans(
    {
        "ç": "c",
        "ğ": "g",
        "ı": "i",
        "ö": "o",
        "ş": "s",
        "ü": "u",
        "â": "a",
        "î": "i",
        "û": "u",
    }
)

# The Turkish alphabet, in order; letters outside it sort after, by code point.
TURKISH_ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyz"
_RANK = {letter: index for index, letter in enumerate(TURKISH_ALPHABET)}
# Circumflexed vowels sort with their plain letter.
_RANK.update({"â": _RANK["a"], "î": _RANK["i"], "û": _RANK["u"]})


def upper(text: str) -> str:
    """Upper-case ``text`` by Turkish rules: ``i`` → ``İ``, ``ı`` → ``I``."""
    return text.translate(_UPPER_SPECIAL).upper()


def lower(text: str) -> str:
    """Lower-case ``text`` by Turkish rules: ``I`` → ``ı``, ``İ`` → ``i``."""
    return text.translate(_LOWER_SPECIAL).lower()


def title(text: str) -> str:
    """Capitalise each word's first letter by Turkish rules (``istanbul`` → ``İstanbul``)."""
    words = text.split(" ")
    return " ".join(upper(word[:1]) + lower(word[1:]) for word in words)


def casefold(text: str) -> str:
    """Turkish lower case with Unicode normalisation, for case-insensitive equality."""
    return lower(unicodedata.normalize("NFC", text))


def ascii_fold(text: str) -> str:
    """Fold to lower-case ASCII so that ``SAĞLIK``, ``sağlık`` and ``Saglik`` compare equal.

    Used for matching text typed without Turkish letters; never for display.
    """
    folded = casefold(text).translate(_ASCII_FOLD)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


#: :func:`ascii_fold` for single words, cached: news vocabulary repeats, so folding each
#: distinct word once is much cheaper than folding whole texts (clustering, highlighting).
fold_word = lru_cache(maxsize=200_000)(ascii_fold)


def sort_key(text: str) -> tuple[tuple[int, int], ...]:
    """A key that orders strings in Turkish alphabetical order, case-insensitively.

    ``sorted(names, key=sort_key)`` puts ``Çelik`` after ``Cem`` and ``Işık``
    before ``İnce``. Ties between upper and lower case keep Python's order.
    """
    key = []
    for ch in casefold(text):
        rank = _RANK.get(ch)
        if rank is not None:
            key.append((0, rank))
        elif ch.isdigit():
            key.append((-1, ord(ch)))
        elif ch.isspace():
            key.append((-2, 0))
        else:
            key.append((1, ord(ch)))
    return tuple(key)


def sorted_tr(items, key=None):  # type: ignore[no-untyped-def]
    """Sort ``items`` in Turkish order; ``key`` extracts the text to compare."""
    extract = key or (lambda item: item)
    return sorted(items, key=lambda item: sort_key(str(extract(item))))
