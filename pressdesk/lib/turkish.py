"""Turkish case mapping, folding and collation: the one place for them.

Python's ``str.lower``/``str.upper`` follow the root locale: ``"I".lower()`` is
``"i"`` (Turkish wants ``"ı"``) and ``"İ".lower()`` leaves a combining dot.
Everything in the project that changes case, matches or sorts Turkish text
goes through these helpers.

Word matching (watch terms, archive search, highlighting) shares the pieces at the
end of this module: how a word is cut out of a text (:data:`WORD_RE`), which
characters are an apostrophe or invisible inside a word, the inflectional suffix
chain (:func:`is_suffix_chain`), consonant softening and the nouns that drop their
last vowel before a suffix (:func:`vowel_drop_stem`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

#: Characters written for the apostrophe that separates a suffix (``Kocaeli'nin``): the
#: ASCII one, the typographic quotes, grave and acute accents, the modifier letter
#: apostrophe (U+02BC) and turned comma (U+02BB), the prime and the full-width apostrophe.
APOSTROPHES = "'\u2019\u2018`\u00b4\u02bc\u02bb\u2032\uff07"
#: Invisible characters that may sit inside a word and are ignored: the soft hyphen
#: (U+00AD, a hyphenation hint), the zero-width (non-)joiners and the word joiner.
INVISIBLE = "\u00ad\u200c\u200d\u2060"

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
        # Every apostrophe is the ASCII one; invisible characters are dropped.
        **dict.fromkeys(APOSTROPHES[1:], "'"),
        **dict.fromkeys(INVISIBLE),
    }
)
#: For stored text: invisible characters dropped, the apostrophe-like letters that fonts
#: and tokenisers treat as letters (U+02BC, U+02BB, U+2032, U+FF07) written as U+2019.
_NORMALIZE = str.maketrans({**dict.fromkeys("\u02bc\u02bb\u2032\uff07", "\u2019"), **dict.fromkeys(INVISIBLE)})
_NEEDS_NORMALIZING = re.compile(f"[\u02bc\u02bb\u2032\uff07{INVISIBLE}]")

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


def normalize_text(text: str) -> str:
    """``text`` with soft hyphens and joiners removed and apostrophe look-alikes as ``’``.

    Applied to the plain text of every fetched item, so that matching, highlighting and
    both full-text indexes see ``Hastane\u00adsi`` as ``Hastanesi`` and ``Kocaeli\u02bcde``
    as ``Kocaeli’de``.
    """
    if _NEEDS_NORMALIZING.search(text) is None:  # nearly every text: no copy
        return text
    return text.translate(_NORMALIZE)


def ascii_fold(text: str) -> str:
    """Fold to lower-case ASCII so that ``SAĞLIK``, ``sağlık`` and ``Saglik`` compare equal.

    Every apostrophe variant becomes ``'`` and invisible characters (soft hyphen)
    are dropped. Used for matching text typed without Turkish letters; never for display.
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


# --------------------------------------------------------------------------- words

_WORD_CHARS = f"\\w\\u0300-\\u036f{INVISIBLE}"
#: A word: letters/digits plus combining marks (a decomposed ``İ`` stays one word) and
#: invisible characters, optionally followed by apostrophe + suffix (``Hastanesi'nde``).
WORD_RE = re.compile(f"[{_WORD_CHARS}]+(?:[{APOSTROPHES}][{_WORD_CHARS}]+)*")
#: :data:`WORD_RE` that also keeps a number written with a thousands or decimal
#: separator whole (``155.000``, ``3,5``, ``1.250,75``): ``155`` is not a word in them.
WORD_OR_NUMBER_RE = re.compile(f"[{_WORD_CHARS}]+(?:(?:(?<=\\d)[.,](?=\\d)|[{APOSTROPHES}])[{_WORD_CHARS}]+)*")
#: Any apostrophe (after :func:`ascii_fold` it is ``'``, before it any of :data:`APOSTROPHES`).
APOSTROPHE_RE = re.compile(f"[{APOSTROPHES}]")


# ------------------------------------------------------------------------ suffixes

# Inflectional suffixes in folded form (vowel harmony collapses after ascii_fold:
# ı/i → i, ü/u → u, so "-ı/-i/-u/-ü" is "i" and "u"), by slot.  A remainder must be
# a sequence of suffixes in slot order (each slot at most once): hastane+ler+imiz+de+ki,
# müdürlüğ+ü+nün, hastane+si+nde.  The order rules out chains such as acil+e+n (acilen).
PLURAL, POSSESSIVE, CASE, RELATIVE, COPULA = range(1, 6)
SUFFIX_SLOTS: dict[str, frozenset[int]] = {}
for _slot, _forms in (
    (PLURAL, "ler lar"),
    # possessive; "n" is also the buffer before a case ending (hastanesi+n+de)
    (POSSESSIVE, "i u si su m im um n in un miz muz imiz umuz niz nuz iniz unuz"),
    # case (accusative, dative, locative, ablative, genitive, instrumental)
    (
        CASE,
        "i u yi yu ni nu a e ya ye na ne da de ta te nda nde dan den tan ten ndan nden in un nin nun la le yla yle",
    ),
    # relative "-ki" (hastanedeki)
    (RELATIVE, "ki"),
    # copula
    (COPULA, "dir dur tir tur"),
):
    for _form in _forms.split():
        SUFFIX_SLOTS[_form] = SUFFIX_SLOTS.get(_form, frozenset()) | {_slot}
_MAX_SUFFIX_LEN = max(len(form) for form in SUFFIX_SLOTS)
#: A bare ``-n``/``-m`` never ends a chain: ``n`` is the buffer before a case ending
#: (``hastanesi+n+de``) and the 1st/2nd person possessive after a vowel
#: (``hastanem``, ``hastanen``) is too rare in news to pay for the names it would
#: make of others (``Seda`` → ``Sedan``, ``Emine`` → ``Eminem``, ``Derya`` → ``Deryam``).
_NOT_FINAL = frozenset({"n", "m"})
#: Folded vowels.
VOWELS = frozenset("aeiou")
#: Consonant softening before a vowel-initial suffix, in folded form: after folding
#: ``ç``/``c`` and ``ğ``/``g`` are already equal (``müdürlük`` → ``müdürlüğü``).
SOFTENING = {"p": "b", "t": "d", "k": "g"}


@lru_cache(maxsize=8192)
def is_suffix_chain(rest: str, after_slot: int = 0) -> bool:
    """Can folded ``rest`` be cut into inflectional suffixes in slot order, each slot after ``after_slot``?

    The empty string is a chain. A bare ``n`` or ``m`` is not (see :data:`_NOT_FINAL`).
    """
    if not rest:
        return True
    for size in range(1, min(_MAX_SUFFIX_LEN, len(rest)) + 1):
        form = rest[:size]
        for slot in SUFFIX_SLOTS.get(form, ()):
            if slot <= after_slot:
                continue
            if size == len(rest) and form in _NOT_FINAL:
                continue
            if is_suffix_chain(rest[size:], slot):
                return True
    return False


# -------------------------------------------------------------------- vowel drop

_VOWEL_DROP_FILE = Path(__file__).with_name("data") / "turkish_vowel_drop.txt"


@lru_cache(maxsize=1)
def _vowel_drop_lexicon() -> dict[str, str]:
    """Folded noun → folded stem without its last vowel, from ``data/turkish_vowel_drop.txt``."""
    lexicon: dict[str, str] = {}
    for line in _VOWEL_DROP_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, dropped = line.split()
            lexicon[ascii_fold(word)] = ascii_fold(dropped)
    return lexicon


def vowel_drop_stem(folded: str) -> str | None:
    """The stem a folded noun takes before a vowel-initial suffix when it drops its last vowel.

    ``agiz`` → ``agz`` (ağzı), ``burun`` → ``burn`` (burnu), ``sehir`` → ``sehr`` (şehri);
    ``None`` for a word that keeps its vowels. Only nouns listed in the lexicon drop a
    vowel: the rule cannot be guessed (``şehir`` → ``şehri`` but ``kömür`` → ``kömürü``).
    """
    return _vowel_drop_lexicon().get(folded)


# --- official letters: the addressee in the dative ------------------------------------------

_BACK_VOWELS = frozenset("aıouâû")
_FRONT_VOWELS = frozenset("eiöüî")
_POSSESSIVE_ENDINGS = ("lığı", "liği", "luğu", "lüğü", "ması", "mesi", "sı", "si", "su", "sü")
_SOFTEN_BEFORE_VOWEL = {"k": "ğ", "ç": "c", "p": "b", "t": "d"}


def dative(phrase: str) -> str:
    """``phrase`` in the dative case (``-(y)a/-(y)e``, ``-na/-ne`` after a compound's possessive).

    ``Sağlık Bakanlığı`` → ``Sağlık Bakanlığına``, ``Derince EAH Başhekimliği`` →
    ``Derince EAH Başhekimliğine``, ``Valilik`` → ``Valiliğe``, ``Kocaeli`` → ``Kocaeli'ye``
    is left to the writer (a proper name takes an apostrophe, a common noun does not):
    names of offices, which end in a common noun, are what letters are addressed to.
    """
    text = phrase.rstrip()
    if not text:
        return phrase
    word = lower(text.split()[-1])
    vowels = [ch for ch in word if ch in _BACK_VOWELS or ch in _FRONT_VOWELS]
    ending = "a" if not vowels or vowels[-1] in _BACK_VOWELS else "e"
    # A compound name ends in the possessive (Hastane-si, Merkez-i, Başkanlığ-ı): the buffer is n.
    if word.endswith(_POSSESSIVE_ENDINGS) or (" " in text and word[-1] in "ıiuü"):
        return f"{text}n{ending}"
    if word[-1] in _BACK_VOWELS or word[-1] in _FRONT_VOWELS:
        return f"{text}y{ending}"
    if len(vowels) > 1 and word[-1] in _SOFTEN_BEFORE_VOWEL:
        last = _SOFTEN_BEFORE_VOWEL[word[-1]]
        return f"{text[:-1]}{last.upper() if text[-1].isupper() else last}{ending}"
    return f"{text}{ending}"
