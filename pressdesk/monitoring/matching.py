"""Turkish-aware Boolean watch queries: parse once, match many documents fast.

Query language (what staff type into a watch term)::

    Kocaeli Şehir Hastanesi                 implicit AND between words
    "Kocaeli Şehir Hastanesi"               phrase: consecutive words
    hastane AND (acil OR 112) NOT spor      AND / OR / NOT, parentheses
    hastane -spor                           ``-`` is NOT
    "il sağlık" NEAR/5 müdür                proximity (also ``w/5``)
    title:hastane  title:"şehir hastanesi"  only in the title
    site:kocaelibaris.com                   the item's host (and its subdomains)
    hastane*                                suffix wildcard (at least 3 letters)

``VE``, ``VEYA`` and ``DEĞİL`` are accepted for ``AND``, ``OR`` and ``NOT``;
operators count only in upper case, so an ordinary ``ve`` is a word.
``NEAR/n`` holds when at most ``n`` words stand between the two sides, in
either order, in the same field.  A query made only of negations (``NOT spor``)
is refused: it would match nearly everything.

Matching rules (documented in ``docs`` for staff, tested in ``tests/test_matching_*``):

* Case and accents: both sides are folded with :func:`pressdesk.lib.turkish.ascii_fold`,
  so ``İL SAĞLIK MÜDÜRLÜĞÜ``, ``il sağlık müdürlüğü`` and ``Il Saglik Mudurlugu`` are
  the same words, and ``IŞIK``/``ışık``/``Işık``/``isik`` too.
* Suffixes: only the **last** word of a term or phrase takes suffixes; the other words
  of a phrase must be equal after folding.  The last word matches a document word that

  - is equal to it, or
  - has it before an apostrophe, whatever follows (``Hastanesi'nde``, ``İzmit'te``,
    ``Derya'm``); the apostrophe ends the word, so ``Seda`` does not match ``Sedan'ın``, or
  - starts with it and the rest is a chain of known inflectional suffixes
    in their grammatical order, each at most once: plural, possessive, case, ``-ki``,
    copula (``hastanemizin`` = hastane+miz+in, ``hastanelerdeki`` = hastane+ler+de+ki,
    ``Şehir Hastanesinde`` = hastane+si+nde), at most :data:`MAX_SUFFIX_CHARS` letters.
    The table and the check are :func:`pressdesk.lib.turkish.is_suffix_chain`, shared
    with the archive search.  A bare ``-n`` or ``-m`` is not a chain: it would make
    ``Sedan`` of ``Seda``, ``Eminem`` of ``Emine``, ``Deryam`` of ``Derya`` (the price:
    ``hastanem``/``hastanen`` without a further suffix are not found).

  Derivational endings are *not* suffixes here, because they make another word:
  ``Kocaeli`` does not match ``Kocaelispor`` or ``Kocaelili``, ``sağlık`` does not
  match ``sağlıkçı``, ``Gebze`` does not match ``Gebzeli``.  The equative ``-ce/-ca``
  is left out too (``il`` + ``çe`` would be ``ilçe``).
* Short words (fewer than :data:`MIN_SUFFIX_STEM` letters, like ``il``) take no suffix
  without an apostrophe: ``il`` matches ``il`` and ``il'de`` but not ``ilçe``,
  ``ile`` or ``ilim``.
* Consonant softening: a last word ending in ``p``, ``ç``, ``t`` or ``k`` also matches
  with ``b``, ``c``, ``d``, ``ğ``/``g`` before a vowel-initial suffix
  (``müdürlük`` → ``müdürlüğü``, ``kitap`` → ``kitabı``, ``renk`` → ``rengi``).
  After folding ``ç``/``c`` and ``ğ``/``g`` are already equal, so the folded rules are
  p→b, t→d, k→g.
* Vowel dropping: a noun listed in the lexicon ``pressdesk/lib/data/turkish_vowel_drop.txt``
  (from Zemberek's, see ``docs/decisions.md``) also matches its stem without the last vowel
  before a vowel-initial suffix (``şehir`` → ``şehri``, ``burun`` → ``burnu``,
  ``oğul`` → ``oğlu``, ``kayıp`` → ``kaybı``); other words never drop a vowel.
* Numbers: a number written with a thousands or decimal separator is one word
  (``155.000``, ``3,5``): ``155`` does not match it.
* Apostrophe look-alikes (``’``, U+02BC ``ʼ`` …) are apostrophes; soft hyphens and
  zero-width joiners inside a word are ignored (``Has\u00adtanesi`` is ``Hastanesi``).
* A wildcard word ``hastane*`` matches any word starting with it.

Hit offsets are character offsets in the original (unfolded) title or text, covering
whole words (``Hastanesi'nde`` is highlighted entirely).

Performance: every query is compiled once.  A document is tokenised once; each distinct
token is folded and looked up once (cached), in an index keyed by the first three folded
letters of each term's first word, so the work per document does not grow with the
number of terms, only with the number of candidate terms its words point at.  A query is a
candidate only through its *trigger*, the cheapest set of leaves one of which must occur
(see :func:`_trigger`): ``Gebze hastane`` is looked at when ``Gebze`` occurs, not whenever
``hastane`` does.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import lru_cache
from itertools import compress, count, islice, repeat
from operator import add
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from pressdesk.lib.chunks import ChunkCache
from pressdesk.lib.turkish import (
    APOSTROPHE_RE,
    SOFTENING,
    VOWELS,
    WORD_OR_NUMBER_RE,
    ascii_fold,
    is_suffix_chain,
    vowel_drop_stem,
)

if TYPE_CHECKING:
    from pressdesk.monitoring.models import ItemMatch

__all__ = ["Hit", "Matcher", "QuerySyntaxError", "highlight", "parse_query"]

Field = Literal["title", "text"]

#: Words shorter than this take suffixes only after an apostrophe.
MIN_SUFFIX_STEM = 3
#: A suffix chain without apostrophe is at most this long …
MAX_SUFFIX_CHARS = 12
#: A wildcard needs at least this many letters before the ``*``.
MIN_WILDCARD_PREFIX = 3
_KEY_LENGTH = 3

# A word of a document or a query (``Hastanesi'nde``, ``112'yi``, ``155.000``): the shared
# definition, with numbers written with a thousands or decimal separator kept whole.
_WORD_RE = WORD_OR_NUMBER_RE
_MATCH_SPAN = re.Match.span
_APOSTROPHES_RE = APOSTROPHE_RE

_OPERATORS = {"AND": "AND", "VE": "AND", "OR": "OR", "VEYA": "OR", "NOT": "NOT", "DEĞİL": "NOT"}
_NEAR_RE = re.compile(r"^(?:NEAR|[wW])/(.*)$")
_FIELDS = {"title": "title", "baslik": "title", "site": "site"}
_QUOTES = {'"': '"', "“": "”", "„": "”", "”": "”"}


class QuerySyntaxError(ValueError):
    """A watch query that cannot be parsed.

    ``message`` is English for logs; forms show a translated text chosen by
    ``code`` (one of the ``QuerySyntaxError.CODES``) with ``position`` (0-based
    character offset in the query) and ``params``.
    """

    CODES = (
        "empty",
        "unterminated_phrase",
        "unbalanced_parenthesis",
        "missing_operand",
        "unexpected",
        "bad_near",
        "bad_field",
        "bad_wildcard",
        "only_negative",
        "no_words",
    )

    def __init__(self, message: str, position: int, code: str, **params: object) -> None:
        super().__init__(f"{message} (at character {position + 1})")
        self.message = message
        self.position = position
        self.code = code
        self.params = params


# --------------------------------------------------------------------------- AST


@dataclass(frozen=True)
class Word:
    """One folded word of a term; ``mode`` says how it matches a document word."""

    text: str
    mode: Literal["exact", "short", "suffix", "prefix"]


@dataclass(frozen=True)
class Leaf:
    """A word or phrase, optionally limited to the title."""

    words: tuple[Word, ...]
    field: Field | None = None


@dataclass(frozen=True)
class Site:
    host: str


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Near:
    left: Leaf
    right: Leaf
    distance: int


Node = Leaf | Site | Not | And | Or | Near


# ------------------------------------------------------------------------- lexer


@dataclass(frozen=True)
class _Token:
    kind: str  # WORD PHRASE LPAREN RPAREN AND OR NOT MINUS NEAR FIELD
    value: str
    pos: int
    distance: int = 0


def _lex(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch == "(":
            tokens.append(_Token("LPAREN", ch, i))
            i += 1
        elif ch == ")":
            tokens.append(_Token("RPAREN", ch, i))
            i += 1
        elif ch in _QUOTES:
            closers = {_QUOTES[ch], '"'}
            close = next((j for j in range(i + 1, n) if query[j] in closers), -1)
            if close == -1:
                raise QuerySyntaxError("Unterminated quoted phrase", i, "unterminated_phrase")
            tokens.append(_Token("PHRASE", query[i + 1 : close], i))
            i = close + 1
        elif ch == "-" and i + 1 < n and not query[i + 1].isspace():
            # "-" opens a negated operand; inside a word ("covid-19") it is read with the word.
            tokens.append(_Token("MINUS", ch, i))
            i += 1
        else:
            start = i
            while i < n and not query[i].isspace() and query[i] not in '()"“”„':
                i += 1
            chunk = query[start:i]
            tokens.extend(_classify(chunk, start))
    return tokens


def _classify(chunk: str, pos: int) -> list[_Token]:
    if chunk in _OPERATORS:
        return [_Token(_OPERATORS[chunk], chunk, pos)]
    near = _NEAR_RE.match(chunk)
    if near:
        digits = near.group(1)
        if not digits.isdigit() or not 0 <= int(digits) <= 100:
            raise QuerySyntaxError("NEAR needs a number of words, like NEAR/5", pos, "bad_near")
        return [_Token("NEAR", chunk, pos, distance=int(digits))]
    if chunk.upper() == "NEAR":
        raise QuerySyntaxError("NEAR needs a number of words, like NEAR/5", pos, "bad_near")
    name, colon, rest = chunk.partition(":")
    if colon and ascii_fold(name) in _FIELDS:
        field_token = _Token("FIELD", _FIELDS[ascii_fold(name)], pos)
        if rest:
            return [field_token, _Token("WORD", rest, pos + len(name) + 1)]
        return [field_token]
    return [_Token("WORD", chunk, pos)]


# ------------------------------------------------------------------------ parser


def fold_words(text: str) -> list[str]:
    """The folded words of ``text``, apostrophes removed (``Hastanesi'nde`` → ``hastanesinde``)."""
    return [_APOSTROPHES_RE.sub("", ascii_fold(m.group())) for m in _WORD_RE.finditer(text)]


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _lex(query)
        self.index = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def end_pos(self) -> int:
        return len(self.query)

    def parse(self) -> Node:
        if not self.tokens:
            raise QuerySyntaxError("The query is empty", 0, "empty")
        node = self.parse_or()
        token = self.peek()
        if token is not None:
            if token.kind == "RPAREN":
                raise QuerySyntaxError(
                    "Closing parenthesis without an opening one", token.pos, "unbalanced_parenthesis"
                )
            raise QuerySyntaxError(f"Unexpected {token.value!r}", token.pos, "unexpected", token=token.value)
        if not _has_positive(node):
            raise QuerySyntaxError(
                "The query needs at least one word, phrase or site that must be present", 0, "only_negative"
            )
        return node

    def parse_or(self) -> Node:
        children = [self.parse_and()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            self.expect_operand(token)
            children.append(self.parse_and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self) -> Node:
        children = [self.parse_unary()]
        while (token := self.peek()) is not None and token.kind not in {"OR", "RPAREN"}:
            if token.kind == "AND":
                self.take()
                self.expect_operand(token)
            children.append(self.parse_unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def expect_operand(self, operator: _Token) -> None:
        token = self.peek()
        if token is None or token.kind in {"OR", "AND", "RPAREN", "NEAR"}:
            pos = token.pos if token is not None else self.end_pos()
            raise QuerySyntaxError(
                f"{operator.value} needs a word, phrase or group after it",
                pos,
                "missing_operand",
                operator=operator.value,
            )

    def parse_unary(self) -> Node:
        token = self.peek()
        if token is not None and token.kind in {"NOT", "MINUS"}:
            self.take()
            self.expect_operand(token)
            return Not(self.parse_unary())
        return self.parse_near()

    def parse_near(self) -> Node:
        left = self.parse_primary()
        token = self.peek()
        if token is None or token.kind != "NEAR":
            return left
        self.take()
        self.expect_operand(token)
        right_pos = self.peek().pos  # type: ignore[union-attr]
        right = self.parse_primary()
        if not isinstance(left, Leaf):
            raise QuerySyntaxError("NEAR needs a word or phrase on its left", token.pos, "bad_near")
        if not isinstance(right, Leaf):
            raise QuerySyntaxError("NEAR needs a word or phrase on its right", right_pos, "bad_near")
        following = self.peek()
        if following is not None and following.kind == "NEAR":
            raise QuerySyntaxError("Only two sides can be joined by NEAR", following.pos, "bad_near")
        return Near(left, right, token.distance)

    def parse_primary(self) -> Node:
        token = self.peek()
        if token is None:
            raise QuerySyntaxError("A word, phrase or group is missing", self.end_pos(), "missing_operand")
        if token.kind == "LPAREN":
            self.take()
            if (inner := self.peek()) is not None and inner.kind == "RPAREN":
                raise QuerySyntaxError("Empty parentheses", inner.pos, "missing_operand", operator="(")
            node = self.parse_or()
            closing = self.peek()
            if closing is None or closing.kind != "RPAREN":
                raise QuerySyntaxError("Missing closing parenthesis", token.pos, "unbalanced_parenthesis")
            self.take()
            return node
        if token.kind == "FIELD":
            self.take()
            return self.parse_field(token)
        if token.kind in {"WORD", "PHRASE"}:
            self.take()
            return self.make_leaf(token, None)
        if token.kind == "RPAREN":
            raise QuerySyntaxError("Closing parenthesis without an opening one", token.pos, "unbalanced_parenthesis")
        raise QuerySyntaxError(
            f"{token.value} needs a word, phrase or group before it", token.pos, "missing_operand", operator=token.value
        )

    def parse_field(self, field_token: _Token) -> Node:
        target = self.peek()
        if target is None or target.kind not in {"WORD", "PHRASE", "LPAREN"}:
            pos = target.pos if target is not None else self.end_pos()
            raise QuerySyntaxError(
                f"{field_token.value}: needs a value right after it", pos, "bad_field", field=field_token.value
            )
        if field_token.value == "site":
            if target.kind != "WORD":
                raise QuerySyntaxError("site: needs a host name like site:example.com", target.pos, "bad_field")
            self.take()
            host = _normalise_host(target.value)
            if not host:
                raise QuerySyntaxError("site: needs a host name like site:example.com", target.pos, "bad_field")
            return Site(host)
        node = self.parse_primary()
        return _with_title_field(node, target.pos)

    def make_leaf(self, token: _Token, field: Field | None) -> Leaf:
        raw = token.value
        wildcard = False
        if token.kind == "WORD" and raw.endswith("*"):
            wildcard = True
            raw = raw[:-1]
        elif token.kind == "PHRASE" and raw.rstrip().endswith("*"):
            wildcard = True
            raw = raw.rstrip()[:-1]
        if "*" in raw:
            raise QuerySyntaxError("A * is allowed only at the end of a word", token.pos, "bad_wildcard")
        texts = fold_words(raw)
        if not texts:
            raise QuerySyntaxError("No letters or digits to search for", token.pos, "no_words")
        if wildcard and len(texts[-1]) < MIN_WILDCARD_PREFIX:
            raise QuerySyntaxError(
                "A wildcard needs at least three letters before the *",
                token.pos,
                "bad_wildcard",
                minimum=MIN_WILDCARD_PREFIX,
            )
        words = [Word(text, "exact") for text in texts[:-1]]
        last = texts[-1]
        if wildcard:
            words.append(Word(last, "prefix"))
        elif len(last) < MIN_SUFFIX_STEM:
            words.append(Word(last, "short"))
        else:
            words.append(Word(last, "suffix"))
        return Leaf(tuple(words), field)


def _with_title_field(node: Node, pos: int) -> Node:
    if isinstance(node, Leaf):
        return Leaf(node.words, "title")
    if isinstance(node, Not):
        return Not(_with_title_field(node.child, pos))
    if isinstance(node, And):
        return And(tuple(_with_title_field(child, pos) for child in node.children))
    if isinstance(node, Or):
        return Or(tuple(_with_title_field(child, pos) for child in node.children))
    if isinstance(node, Near):
        return Near(Leaf(node.left.words, "title"), Leaf(node.right.words, "title"), node.distance)
    raise QuerySyntaxError("site: cannot be used inside title:", pos, "bad_field")


def _has_positive(node: Node) -> bool:
    if isinstance(node, Leaf | Site | Near):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_has_positive(child) for child in node.children)
    return all(_has_positive(child) for child in node.children)


def _trigger(node: Node, cost: Callable[[Leaf], float]) -> list[Leaf] | None:
    """Leaves of which at least one must occur for ``node`` to hold (``None``: it can hold without any).

    A document makes a query a candidate only through its trigger, so the trigger of
    an AND is the cheapest trigger among its children (``cost``: how many queries
    share a leaf, a stand-in for how often it occurs): ``Gebze hastane`` is looked
    at when ``Gebze`` occurs, not whenever ``hastane`` does.  An OR needs one of
    its children's triggers; NEAR needs both sides, so either side's leaf will do.
    """
    if isinstance(node, Leaf):
        return [node]
    if isinstance(node, Near):
        return [min((node.left, node.right), key=cost)]
    if isinstance(node, Site | Not):
        return None
    if isinstance(node, And):
        options = [found for found in (_trigger(child, cost) for child in node.children) if found is not None]
        return min(options, key=lambda leaves: sum(map(cost, leaves))) if options else None
    union: list[Leaf] = []
    for child in node.children:
        found = _trigger(child, cost)
        if found is None:
            return None
        union.extend(leaf for leaf in found if leaf not in union)
    return union


def _normalise_host(value: str) -> str:
    value = value.strip()
    # A full URL or a bare host with an optional path and port.
    value = urlsplit(value if "://" in value else "//" + value).hostname or ""
    # Host names are ASCII (or punycode); ascii_fold lower-cases them without the
    # dotless-i trap of str.lower and leaves dots alone.
    host = ascii_fold(value).strip(".")
    for prefix in ("www.", "m.", "amp."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    return host


def parse_query(query: str) -> Node:
    """Parse ``query`` into its tree; raise :class:`QuerySyntaxError` when it is malformed."""
    return _Parser(query).parse()


# ----------------------------------------------------------------------- matching


@dataclass(frozen=True, order=True)
class Hit:
    """Where a term matched: ``start``/``end`` are offsets in the original field text."""

    field: Field
    start: int
    end: int
    term: str = dataclass_field(compare=False)


def _stem_matches(word: str, softened: str | None, dropped: str | None, form: str) -> bool:
    if form == word:
        return True
    if form.startswith(word):
        rest = form[len(word) :]
        if len(rest) <= MAX_SUFFIX_CHARS and is_suffix_chain(rest):
            return True
    # The softened or vowel-dropped stem takes only a suffix that starts with a vowel
    # (müdürlüğ+ü, ağz+ı): "müdürlüg" and "agz" alone are not words.
    for stem in (softened, dropped):
        if stem is not None and form.startswith(stem):
            rest = form[len(stem) :]
            if rest and rest[0] in VOWELS and len(rest) <= MAX_SUFFIX_CHARS and is_suffix_chain(rest):
                return True
    return False


@lru_cache(maxsize=8192)
def _stems(text: str) -> tuple[str | None, str | None]:
    """The softened (``müdürlüg``) and vowel-dropped (``sehr``) stems of a folded term word, if any."""
    softened = text[:-1] + SOFTENING[text[-1]] if text[-1] in SOFTENING else None
    return softened, vowel_drop_stem(text)


def _word_matches(word: Word, folded: str, base: str | None) -> bool:
    """Does document word (``folded`` = whole word, ``base`` = part before an apostrophe) match?"""
    text = word.text
    if word.mode == "exact":
        return folded == text
    if word.mode == "short":
        return folded == text or base == text
    if word.mode == "prefix":
        return folded.startswith(text)
    softened, dropped = _stems(text)
    if base is None:
        return _stem_matches(text, softened, dropped, folded)
    # An apostrophe ends the word it follows: only that part takes the term
    # (``Seda'nın``, not ``Sedan'ın``), unless the term itself reaches past it.
    if _stem_matches(text, softened, dropped, base):
        return True
    return len(text) > len(base) and _stem_matches(text, softened, dropped, folded)


def _index_keys(word: Word) -> set[str]:
    text = word.text
    if len(text) < _KEY_LENGTH:
        return {text}
    keys = {text[:_KEY_LENGTH]}
    if word.mode == "suffix":
        keys.update(stem[:_KEY_LENGTH] for stem in _stems(text) if stem is not None)
    return keys


class _Doc:
    """One tokenised field: where each term word matched, and word offsets on demand."""

    __slots__ = ("_spans", "_tokens", "positions", "size", "text")

    def __init__(self, text: str, size: int, positions: dict[int, list[int]]):
        self.text = text
        self.size = size
        # term-word id → token indexes where it matched
        self.positions = positions
        self._spans: list[tuple[int, int]] = []
        self._tokens: Iterator[re.Match[str]] | None = None

    def span(self, first: int, last: int) -> tuple[int, int]:
        # Only documents with hits pay for offsets, and only up to their last hit.
        spans = self._spans
        if len(spans) <= last:
            if self._tokens is None:
                self._tokens = _WORD_RE.finditer(self.text)
            spans.extend(map(_MATCH_SPAN, islice(self._tokens, last + 1 - len(spans))))
        return spans[first][0], spans[last][1]


# (field, first token index, last token index)
_Occurrence = tuple[Field, int, int]


@dataclass
class _Compiled:
    term_id: int
    query: str
    node: Node
    leaf_id: int | None = None


class Matcher:
    """A set of watch queries compiled once and matched against many documents.

    ``Matcher([(term_id, query_text), ...])`` raises :class:`QuerySyntaxError`
    for the first malformed query; its ``term_id`` is on the exception as
    ``params["term_id"]``.
    """

    _TOKEN_CACHE_LIMIT = 200_000

    def __init__(self, terms: Iterable[tuple[int, str]]) -> None:
        self._compiled: list[_Compiled] = []
        self._word_ids: dict[Word, int] = {}
        self._words: list[Word] = []
        self._leaf_ids: dict[Leaf, int] = {}
        self._leaf_by_object: dict[int, int] = {}
        self._leaves: list[Leaf] = []
        self._leaf_rest: list[tuple[int, ...]] = []  # word ids after the first, per leaf
        self._index: dict[str, list[int]] = defaultdict(list)
        self._leaves_by_first_word: dict[int, list[int]] = defaultdict(list)
        self._terms_by_leaf: dict[int, list[int]] = defaultdict(list)
        self._always: list[int] = []  # queries that can hold without any word (site:x NOT y)
        self._token_cache: dict[str, tuple[int, ...]] = {}
        self._chunks: ChunkCache[tuple[int, ...]] = ChunkCache(self._chunk_words, self._TOKEN_CACHE_LIMIT)
        parsed: list[tuple[int, str, Node]] = []
        for term_id, query in terms:
            try:
                parsed.append((term_id, query, parse_query(query)))
            except QuerySyntaxError as error:
                error.params["term_id"] = term_id
                raise
        shared = Counter(leaf for _term_id, _query, node in parsed for leaf in set(_positive_leaves(node)))

        def cost(leaf: Leaf) -> float:
            # Fewer queries sharing it first; then longer phrases and words, which occur less often.
            return shared[leaf] + 1 / (1 + len(leaf.words)) + 0.5 / (1 + sum(len(word.text) for word in leaf.words))

        for term_id, query, node in parsed:
            position = len(self._compiled)
            self._compiled.append(_Compiled(term_id, query, node))
            trigger = _trigger(node, cost)
            if trigger is None:
                self._always.append(position)
            else:
                for leaf in trigger:
                    self._terms_by_leaf[self._add_leaf(leaf)].append(position)
            for leaf in _all_leaves(node):
                # Looked up by object while matching: hashing a Leaf (a tree of dataclasses) per
                # document and term costs more than the lookup. The trees live as long as the matcher.
                self._leaf_by_object[id(leaf)] = self._add_leaf(leaf)
            if isinstance(node, Leaf):
                self._compiled[-1].leaf_id = self._leaf_ids[node]

    def __len__(self) -> int:
        return len(self._compiled)

    def _add_leaf(self, leaf: Leaf) -> int:
        if leaf in self._leaf_ids:
            return self._leaf_ids[leaf]
        leaf_id = len(self._leaves)
        self._leaf_ids[leaf] = leaf_id
        self._leaves.append(leaf)
        word_ids = [self._add_word(word) for word in leaf.words]
        self._leaves_by_first_word[word_ids[0]].append(leaf_id)
        self._leaf_rest.append(tuple(word_ids[1:]))
        return leaf_id

    def _add_word(self, word: Word) -> int:
        if word in self._word_ids:
            return self._word_ids[word]
        word_id = len(self._words)
        self._word_ids[word] = word_id
        self._words.append(word)
        for key in _index_keys(word):
            self._index[key].append(word_id)
        return word_id

    # -- per document -----------------------------------------------------------

    def _token_words(self, raw: str) -> tuple[int, ...]:
        cached = self._token_cache.get(raw)
        if cached is not None:
            return cached
        folded_raw = ascii_fold(raw)
        parts = _APOSTROPHES_RE.split(folded_raw, maxsplit=1)
        base = parts[0] if len(parts) > 1 else None
        folded = _APOSTROPHES_RE.sub("", folded_raw)
        keys = {folded[:_KEY_LENGTH]}
        if base is not None and len(base) < _KEY_LENGTH:
            keys.add(base)
        found: list[int] = []
        for key in keys:
            for word_id in self._index.get(key, ()):
                if _word_matches(self._words[word_id], folded, base):
                    found.append(word_id)
        result = tuple(found)
        if len(self._token_cache) >= self._TOKEN_CACHE_LIMIT:
            self._token_cache.clear()
        self._token_cache[raw] = result
        return result

    def _chunk_words(self, chunk: str) -> tuple[tuple[int, ...], ...]:
        return tuple(map(self._token_words, _WORD_RE.findall(chunk)))

    def _scan(self, text: str) -> _Doc:
        # Each distinct whitespace-separated chunk ("(Hastanesi'nde,") is tokenised once per
        # matcher (a word never spans whitespace): the words, in order, of the whole text.
        found_all = self._chunks.words(text)
        positions: dict[int, list[int]] = defaultdict(list)
        for index in compress(count(), found_all):  # the tokens that matched a term word
            for word_id in found_all[index]:
                positions[word_id].append(index)
        return _Doc(text, len(found_all), positions)

    def _leaf_occurrences(self, docs: dict[Field, _Doc]) -> dict[int, list[_Occurrence]]:
        occurrences: dict[int, list[_Occurrence]] = defaultdict(list)
        for field_name, doc in docs.items():
            positions = doc.positions
            for first_word, starts in positions.items():
                for leaf_id in self._leaves_by_first_word.get(first_word, ()):
                    leaf = self._leaves[leaf_id]
                    if leaf.field is not None and leaf.field != field_name:
                        continue
                    rest = self._leaf_rest[leaf_id]
                    if not rest:
                        occurrences[leaf_id].extend(zip(repeat(field_name), starts, starts))
                        continue
                    # A phrase: keep the starts followed by each next word. A next word absent
                    # from the document (the usual case) ends the check without a look per start.
                    found = starts
                    for offset, word_id in enumerate(rest, 1):
                        following = positions.get(word_id)
                        if not following:
                            found = []
                            break
                        at = set(following)
                        found = [start for start in found if start + offset in at]
                        if not found:
                            break
                    if found:
                        length = len(rest)
                        occurrences[leaf_id].extend(zip(repeat(field_name), found, map(add, found, repeat(length))))
        return occurrences

    def _found(self, title: str, text: str, site: str) -> tuple[dict[Field, _Doc], dict[int, set[_Occurrence]]]:
        docs: dict[Field, _Doc] = {"title": self._scan(title or ""), "text": self._scan(text or "")}
        occurrences = self._leaf_occurrences(docs)
        host = _normalise_host(site) if site else ""
        candidates = set(self._always)
        for leaf_id in occurrences:
            candidates.update(self._terms_by_leaf.get(leaf_id, ()))
        found: dict[int, set[_Occurrence]] = {}
        for position in sorted(candidates):
            compiled = self._compiled[position]
            if compiled.leaf_id is not None:  # a plain word or phrase: no tree to walk
                spans = occurrences.get(compiled.leaf_id, [])
                satisfied = bool(spans)
            else:
                satisfied, spans = self._evaluate(compiled.node, occurrences, host)
            if satisfied:
                found.setdefault(compiled.term_id, set()).update(spans)
        return docs, found

    def match(self, title: str, text: str, site: str = "") -> dict[int, list[Hit]]:
        """Return ``{term_id: hits}`` for every query that ``title``/``text``/``site`` satisfy."""
        docs, found = self._found(title, text, site)
        # Sorted by field ("text" before "title") and position, as Hit orders itself.
        return {
            term_id: [self._hit(docs, occurrence) for occurrence in sorted(spans)] for term_id, spans in found.items()
        }

    def match_spans(self, title: str, text: str, site: str = "") -> dict[int, dict[str, list[list[int | str]]]]:
        """``match`` in the stored form: ``{term_id: {field: [[start, end, matched text], …]}}``.

        The same hits in the same order as ``match``, without building ``Hit``
        objects (ingest stores thousands of them per batch).
        """
        docs, found = self._found(title, text, site)
        result: dict[int, dict[str, list[list[int | str]]]] = {}
        for term_id, occurrences in found.items():
            by_field: dict[str, list[list[int | str]]] = {}
            for field_name, first, last in sorted(occurrences):
                doc = docs[field_name]
                start, end = doc.span(first, last)
                spans = by_field.get(field_name)
                if spans is None:
                    spans = by_field[field_name] = []
                spans.append([start, end, doc.text[start:end]])
            result[term_id] = by_field
        return result

    @staticmethod
    def _hit(docs: dict[Field, _Doc], occurrence: _Occurrence) -> Hit:
        field_name, first, last = occurrence
        doc = docs[field_name]
        start, end = doc.span(first, last)
        return Hit(field_name, start, end, doc.text[start:end])

    def _evaluate(
        self, node: Node, occurrences: dict[int, list[_Occurrence]], host: str
    ) -> tuple[bool, list[_Occurrence]]:
        if isinstance(node, Leaf):
            found = occurrences.get(self._leaf_by_object[id(node)], [])
            return bool(found), list(found)
        if isinstance(node, Site):
            return bool(host) and (host == node.host or host.endswith("." + node.host)), []
        if isinstance(node, Not):
            satisfied, _ = self._evaluate(node.child, occurrences, host)
            return not satisfied, []
        if isinstance(node, And):
            spans: list[_Occurrence] = []
            for child in node.children:
                satisfied, child_spans = self._evaluate(child, occurrences, host)
                if not satisfied:
                    return False, []
                spans.extend(child_spans)
            return True, spans
        if isinstance(node, Or):
            spans = []
            any_satisfied = False
            for child in node.children:
                satisfied, child_spans = self._evaluate(child, occurrences, host)
                if satisfied:
                    any_satisfied = True
                    spans.extend(child_spans)
            return any_satisfied, spans
        left = occurrences.get(self._leaf_by_object[id(node.left)], [])
        right = occurrences.get(self._leaf_by_object[id(node.right)], [])
        near = _near_pairs(left, right, node.distance)
        return bool(near), near


def _near_pairs(left: Sequence[_Occurrence], right: Sequence[_Occurrence], distance: int) -> list[_Occurrence]:
    found: set[_Occurrence] = set()
    for a in left:
        for b in right:
            if a[0] != b[0]:
                continue
            first, second = (a, b) if a[1] <= b[1] else (b, a)
            between = second[1] - first[2] - 1
            if 0 <= between <= distance:
                found.update((a, b))
    return sorted(found)


def _positive_leaves(node: Node) -> Iterable[Leaf]:
    if isinstance(node, Leaf):
        yield node
    elif isinstance(node, Near):
        yield node.left
        yield node.right
    elif isinstance(node, And | Or):
        for child in node.children:
            yield from _positive_leaves(child)


def _all_leaves(node: Node) -> Iterable[Leaf]:
    if isinstance(node, Leaf):
        yield node
    elif isinstance(node, Near):
        yield node.left
        yield node.right
    elif isinstance(node, Not):
        yield from _all_leaves(node.child)
    elif isinstance(node, And | Or):
        for child in node.children:
            yield from _all_leaves(child)


def highlight(text: str, hits: Iterable[Hit], field: Field | None = None) -> str:
    """HTML-escape ``text`` and wrap each hit in ``<mark>``; overlapping hits are merged.

    Pass ``field`` to use only the hits of that field (``match`` returns both).
    """
    spans = sorted((hit.start, hit.end) for hit in hits if field is None or hit.field == field)
    merged: list[list[int]] = []
    for start, end in spans:
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts: list[str] = []
    cursor = 0
    for start, end in merged:
        parts.append(html.escape(text[cursor:start]))
        parts.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        cursor = end
    parts.append(html.escape(text[cursor:]))
    return "".join(parts)


def stored_hits(matches: Iterable[ItemMatch], field: str) -> list[Hit]:
    """The hits stored with ``matches`` (``ItemMatch.spans``: start, end and term) in ``field``."""
    return [
        Hit(field=field, start=int(span[0]), end=int(span[1]), term=str(span[2]) if len(span) > 2 else "")  # type: ignore[arg-type]
        for match in matches
        if match.field == field
        for span in match.spans
    ]
