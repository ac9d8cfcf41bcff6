"""Full-text search of the monitoring archive: one interface, one small backend per database.

What staff type is the watch-term language of :mod:`pressdesk.monitoring.matching`
(words are ANDed; ``"phrases"``, ``OR``, ``NOT``/``-``, parentheses, ``title:``,
``site:``, ``word*``); a query that does not parse is searched as plain words.
``NEAR/n`` is searched as AND (the archive does not rank by distance).

Turkish rules, the same on both databases:

* every word is folded with :func:`pressdesk.lib.turkish.ascii_fold` on both sides, so
  ``İL SAĞLIK MÜDÜRLÜĞÜ``, ``il sağlık müdürlüğü`` and ``Il Saglik Mudurlugu`` are equal;
* a query word of four letters or more matches every indexed word that **starts** with
  it, so ``hastane`` finds ``Hastanesi'nde``, ``hastanemizin``, ``hastaneler`` (and, as
  a price, ``Kocaeli`` also finds ``Kocaelispor``: the archive errs on finding more);
* a query word that itself carries a suffix chain is cut back to its stem first
  (:func:`query_stem`: ``hastanesinde`` → ``hastane``, ``müdürlüğünde`` →
  ``müdürlüğ`` / ``müdürlük``), with the softened consonant both ways (k/ğ, p/b, t/d);
* shorter words (``il``, ``112``) match only themselves (and ``il'de``).

Backends:

* PostgreSQL (:class:`PostgresBackend`): a tsvector column with a GIN index,
  ``monitoring_item.search_vector`` = ``to_tsvector('pressdesk_turkish', pressdesk_search_fold(title))``
  (weight A) ``||`` the same for the text (weight B); the query is one
  ``to_tsquery('pressdesk_turkish', …)`` string with ``:*`` prefixes, ranked with ``ts_rank``.
  ``pressdesk_search_fold`` (SQL, immutable) removes apostrophe suffixes, folds Turkish
  letters and case and leaves only letters and digits, the same words as the query's.
  Ingest computes the vector itself (:func:`pg_search_vector`, the same lexemes and
  positions, checked against PostgreSQL by the tests) and sends it with the row; a
  trigger computes it in SQL for rows inserted without one and when a title or text
  changes (migration 0009).
* SQLite (:class:`SqliteBackend`): a contentless FTS5 table ``monitoring_item_fts``
  (rowid = item id, so the text is not stored twice), tokenizer
  ``unicode61 remove_diacritics 2`` with apostrophes kept inside words, kept in sync by
  triggers (so ``bulk_create``, the admin and raw SQL all index); ranked with ``bm25``.
* Any other database (:class:`LikeBackend`): case-insensitive ``LIKE`` of each word.

Both are created by migration ``0004_fulltext``.

Why PostgreSQL does not use the ``turkish`` snowball stemmer: it has to work on folded
text (for ASCII-typed queries), where it overstems (``ilce`` → ``il``, so ``il`` would
find every ``ilçe``) and it keeps ``hastanes`` for ``hastanesi``; prefix search over
folded words with the query-side stemmer above finds more of what Turkish readers expect
and behaves the same on SQLite. The configuration keeps PostgreSQL's Turkish stop words.
"""

from __future__ import annotations

import copy
import datetime
import operator
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress
from typing import Any

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Expression, F, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from pressdesk.lib.chunks import ChunkCache
from pressdesk.lib.turkish import (
    APOSTROPHE_RE,
    APOSTROPHES,
    INVISIBLE,
    SOFTENING,
    VOWELS,
    WORD_RE,
    ascii_fold,
    fold_word,
    is_suffix_chain,
)
from pressdesk.monitoring.matching import (
    And,
    Hit,
    Leaf,
    Near,
    Node,
    Not,
    Or,
    QuerySyntaxError,
    Site,
    Word,
    fold_words,
    parse_query,
)

__all__ = [
    "FTS_TABLE",
    "PG_VECTOR_COLUMN",
    "SearchQuery",
    "backend_for",
    "highlight_hits",
    "parse",
    "query_stem",
    "search",
]

PG_CONFIG = "pressdesk_turkish"
PG_VECTOR_COLUMN = "search_vector"
FTS_TABLE = "monitoring_item_fts"
#: Query words at least this long match every indexed word they start.
MIN_PREFIX = 4
#: A stem left by :func:`query_stem` is at least this long.
MIN_STEM = 4
#: Title weight against body weight in SQLite's bm25 (PostgreSQL uses weights A/B).
BM25_WEIGHTS = (5.0, 1.0)

# ----------------------------------------------------------------- Turkish stems

# The suffix table and its check are shared with watch terms (pressdesk.lib.turkish).
# Two-letter chains that are never the end of a root by accident ("hastane" is not hasta+ne).
_SAFE_SHORT_CHAINS = frozenset({"de", "da", "te", "ta"})
_BUFFERED_POSSESSIVE = frozenset({"si", "su"})
_SOFTENED = {softened: hard for hard, softened in SOFTENING.items()}
_HARDENED = SOFTENING


def query_stem(word: str) -> str:
    """Cut a folded query word back to its stem when it ends in an inflectional suffix chain.

    Conservative, because the stem is then searched as a prefix: the chain must be
    three letters or more (``-sinde``, ``-ler``, ``-imiz``), a locative (``-de``), the
    possessive ``-si`` after a vowel (``hastane-si``), or follow a softened consonant
    (``müdürlüğ-ü``); the stem keeps four letters or more.
    ``hastane`` stays whole (not ``hasta`` + ``-ne``).
    """
    for size in range(MIN_STEM, len(word)):
        stem, rest = word[:size], word[size:]
        if not is_suffix_chain(rest):
            continue
        if (
            len(rest) >= 3
            or rest in _SAFE_SHORT_CHAINS
            or (rest in _BUFFERED_POSSESSIVE and stem[-1] in VOWELS)  # hastane-si
            or (stem[-1] in _SOFTENED and rest[0] in VOWELS)  # müdürlüğ-ü
        ):
            return stem
    return word


@dataclass(frozen=True)
class Token:
    """A folded word to search for; ``prefix`` when it matches every word starting with it."""

    text: str
    prefix: bool


def word_tokens(word: Word) -> list[Token]:
    """The alternatives one query word stands for (softened/hard final consonant both ways)."""
    text = word.text
    if word.mode == "prefix":
        return [Token(text, True)]
    if len(text) < MIN_PREFIX or text.isdigit():
        return [Token(text, False)]
    stem = query_stem(text)
    tokens = [Token(stem, True)]
    last = stem[-1]
    if last in _SOFTENED:
        tokens.append(Token(stem[:-1] + _SOFTENED[last], True))
    elif last in _HARDENED and stem == text:
        tokens.append(Token(stem[:-1] + _HARDENED[last], True))
    return tokens


# -------------------------------------------------------------------- the query


@dataclass(frozen=True)
class SearchQuery:
    """A parsed archive query: the tree to search and the site filters found at its top level."""

    text: str
    node: Node | None
    sites: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.node is not None or bool(self.sites)

    def positive_tokens(self) -> list[Token]:
        """Every token that must or may occur (for highlighting)."""
        found: list[Token] = []

        def walk(node: Node, negated: bool) -> None:
            if isinstance(node, Leaf) and not negated:
                for word in node.words:
                    found.extend(word_tokens(word))
            elif isinstance(node, Not):
                walk(node.child, not negated)
            elif isinstance(node, And | Or):
                for child in node.children:
                    walk(child, negated)
            elif isinstance(node, Near) and not negated:
                walk(node.left, negated)
                walk(node.right, negated)

        if self.node is not None:
            walk(self.node, False)
        return found


def _drop_sites(node: Node, sites: list[str], top: bool) -> Node | None:
    """Take ``site:`` out of the tree: at the top level it becomes a filter, elsewhere it is ignored."""
    if isinstance(node, Site):
        if top:
            sites.append(node.host)
        return None
    if isinstance(node, And):
        children = [child for child in (_drop_sites(c, sites, top) for c in node.children) if child is not None]
        if not children:
            return None
        return children[0] if len(children) == 1 else And(tuple(children))
    if isinstance(node, Or):
        children = [child for child in (_drop_sites(c, sites, False) for c in node.children) if child is not None]
        if len(children) < len(node.children):
            return None  # "a OR site:x" cannot be searched in the index: do not narrow on it
        return Or(tuple(children))
    if isinstance(node, Not):
        child = _drop_sites(node.child, sites, False)
        return None if child is None else Not(child)
    return node


_APOSTROPHE_SUFFIX_RE = re.compile(rf"(?<=\w)[{APOSTROPHES}]\w+")
_FALLBACK_SKIP = frozenset({"and", "or", "not", "title", "site"})


def parse(text: str) -> SearchQuery:
    """Parse what was typed into the archive's search box; never raises."""
    text = (text or "").strip()
    if not text:
        return SearchQuery(text, None)
    try:
        node: Node | None = parse_query(_APOSTROPHE_SUFFIX_RE.sub("", text))  # İl'de → İl
    except QuerySyntaxError as error:
        if error.code == "only_negative":
            return SearchQuery(text, None)  # "NOT x" alone would match nearly everything
        words = [word for word in fold_words(text) if word not in _FALLBACK_SKIP]
        if not words:
            return SearchQuery(text, None)
        leaves = tuple(Leaf((Word(word, "short" if len(word) < MIN_PREFIX else "suffix"),)) for word in words)
        node = leaves[0] if len(leaves) == 1 else And(leaves)
    sites: list[str] = []
    assert node is not None
    node = _drop_sites(node, sites, True)
    if node is not None and not _has_positive(node):
        node = None  # "NOT x" alone would match nearly everything
    return SearchQuery(text, node, tuple(sites))


def _has_positive(node: Node) -> bool:
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_has_positive(child) for child in node.children)
    if isinstance(node, Or):
        return all(_has_positive(child) for child in node.children)
    return True


# --------------------------------------------------------------------- backends


class ItemTableSQL(Expression):
    """A piece of SQL about the item table's own row, ``{table}`` standing for its alias.

    Unlike ``RawSQL`` with a written-out table name, it follows Django's relabelling when
    the queryset becomes a subquery (``pk__in=…``), where the table is aliased ``U0``:
    a hard-coded ``"monitoring_item"`` there would point at the outer query's row and
    turn the subquery into a correlated one, run once per row.
    """

    def __init__(self, template: str, params: Sequence[Any], output_field: Any, alias: str = "monitoring_item") -> None:
        super().__init__(output_field=output_field)
        self.template, self.params, self.alias = template, list(params), alias

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        return self.template.format(table=compiler.quote_name_unless_alias(self.alias)), list(self.params)

    def relabeled_clone(self, change_map: Any) -> Any:
        clone = copy.copy(self)
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def get_group_by_cols(self) -> list[Any]:
        return [self]

    @property
    def identity(self) -> tuple[Any, ...]:
        return (type(self), self.template, tuple(self.params), self.alias)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ItemTableSQL) and self.identity == other.identity

    def __hash__(self) -> int:
        return hash(self.identity)


class Backend:
    """Filter and rank Item querysets; the base table alias is ``monitoring_item``."""

    vendor = ""
    #: How ``rank``-annotated results are ordered for "relevance".
    ordering: tuple[Any, ...] = (
        F("search_rank").desc(nulls_last=True),
        F("published_at").desc(nulls_last=True),
        "-pk",
    )

    def filter(
        self, items: QuerySet[Any], query: SearchQuery, *, narrow: bool = False, early: bool = False
    ) -> QuerySet[Any]:
        """``items`` matching ``query``.

        ``narrow``: the other conditions already select few rows (one source), so checking
        those rows beats an index scan. ``early``: the caller reads only the first matches
        found (a capped count, a page by date), not all of them.
        Hints only: the result is the same; backends may ignore them.
        """
        raise NotImplementedError

    def rank(self, items: QuerySet[Any], query: SearchQuery) -> QuerySet[Any]:
        """Annotate ``search_rank`` (higher is better)."""
        raise NotImplementedError


class PostgresBackend(Backend):
    vendor = "postgresql"

    @staticmethod
    def tsquery(node: Node) -> str:
        """The ``to_tsquery`` text for ``node`` (operands are folded ``\\w`` words, quoted)."""

        def token(tok: Token, weight: str) -> str:
            flags = ("*" if tok.prefix else "") + weight
            return f"'{tok.text}'" + (":" + flags if flags else "")

        def word(w: Word, weight: str) -> str:
            alternatives = [token(tok, weight) for tok in word_tokens(w)]
            return alternatives[0] if len(alternatives) == 1 else "(" + " | ".join(alternatives) + ")"

        def render(n: Node) -> str:
            if isinstance(n, Leaf):
                weight = "A" if n.field == "title" else ""
                # In a phrase only the last word takes suffixes (as in watch terms); the others are
                # exact folded words, which also keeps the GIN scan small ("Kocaeli'nin" is indexed
                # as kocaeli: apostrophe endings are dropped before indexing).
                parts = [token(Token(w.text, False), weight) if w.mode == "exact" else word(w, weight) for w in n.words]
                return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"
            if isinstance(n, Not):
                return "!" + render(n.child)
            if isinstance(n, And):
                return "(" + " & ".join(render(child) for child in n.children) + ")"
            if isinstance(n, Or):
                return "(" + " | ".join(render(child) for child in n.children) + ")"
            if isinstance(n, Near):
                return "(" + render(n.left) + " & " + render(n.right) + ")"
            raise TypeError(n)

        return render(node)

    @staticmethod
    def exact_word(w: Word) -> str | None:
        """The one exact (not prefix) token ``w`` is searched as, if it is searched as one."""
        tokens = [Token(w.text, False)] if w.mode == "exact" else word_tokens(w)
        return tokens[0].text if len(tokens) == 1 and not tokens[0].prefix else None

    @staticmethod
    def exact_words(node: Node) -> set[str]:
        """The words that :meth:`guard` may use (to look up which are stop words)."""
        found: set[str] = set()

        def walk(n: Node) -> None:
            if isinstance(n, Leaf):
                found.update(text for text in map(PostgresBackend.exact_word, n.words) if text)
            elif isinstance(n, And | Or):
                for child in n.children:
                    walk(child)
            elif isinstance(n, Near):
                walk(n.left)
                walk(n.right)

        walk(node)
        return found

    @staticmethod
    def guard(node: Node, stop_words: frozenset[str] | set[str] = frozenset()) -> str | None:
        """A ``to_tsquery`` text that every match of ``node`` satisfies, made of exact words only.

        ``None`` when there is none (a NOT, an OR with a prefix word, or only prefix words).
        A phrase's leading words are exact, so ``"Kocaeli Şehir Hastanesi"`` gives
        ``'kocaeli' & 'sehir'``: the index finds those without expanding ``hastane:*``.
        Stop words are not indexed, so they are left out (``to_tsquery`` would drop them
        and an OR branch of stop words only would vanish, narrowing the guard).
        """

        def walk(n: Node) -> str | None:
            if isinstance(n, Leaf):
                words = [text for text in map(PostgresBackend.exact_word, n.words) if text and text not in stop_words]
                return " & ".join(f"'{text}'" for text in words) if words else None
            if isinstance(n, And | Near):
                children = n.children if isinstance(n, And) else (n.left, n.right)
                parts = [part for part in (walk(child) for child in children) if part]
                return "(" + " & ".join(parts) + ")" if parts else None
            if isinstance(n, Or):
                alternatives = [walk(child) for child in n.children]
                known = [part for part in alternatives if part]
                return "(" + " | ".join(known) + ")" if len(known) == len(alternatives) else None
            return None  # Not: nothing necessary

        return walk(node)

    @staticmethod
    def _has_phrase(node: Node) -> bool:
        if isinstance(node, Leaf):
            return len(node.words) > 1
        if isinstance(node, Not):
            return PostgresBackend._has_phrase(node.child)
        if isinstance(node, And | Or):
            return any(PostgresBackend._has_phrase(child) for child in node.children)
        return isinstance(node, Near)

    def filter(
        self, items: QuerySet[Any], query: SearchQuery, *, narrow: bool = False, early: bool = False
    ) -> QuerySet[Any]:
        """Three forms of the same condition, by what is cheapest (see "Figures" in docs/monitoring.md).

        * indexed: ``search_vector @@ q``, answered from the GIN index;
        * checked (``narrow``): ``ts_match_vq(search_vector, q)``, which no index answers, so
          PostgreSQL reads only the rows the other conditions select (one source's) and tests
          each vector in the row (kept in the row by migration 0006);
        * guarded (``early`` and a phrase): the index finds the rows holding the phrase's exact
          words, each is then checked for the phrase, and reading stops at the first matches
          needed. A prefix word in the index (``hastane:*``) unions the postings of every word
          it starts, which is what made phrase searches slow.
        """
        if query.node is None:
            return items
        text = self.tsquery(query.node)

        def condition(template: str, tsquery: str) -> ItemTableSQL:
            return ItemTableSQL(
                template.format(vector="{table}." + PG_VECTOR_COLUMN), [PG_CONFIG, tsquery], BooleanField()
            )

        indexed, checked = (
            "{vector} @@ to_tsquery(%s::regconfig, %s)",
            "ts_match_vq({vector}, to_tsquery(%s::regconfig, %s))",
        )
        if narrow:
            return items.filter(condition(checked, text))
        guard = None
        if early and self._has_phrase(query.node):
            guard = self.guard(query.node, _stop_words(self.exact_words(query.node)))
        if guard is not None and guard != text:
            return items.filter(condition(indexed, guard)).filter(condition(checked, text))
        return items.filter(condition(indexed, text))

    def rank(self, items: QuerySet[Any], query: SearchQuery) -> QuerySet[Any]:
        if query.node is None:
            return items.annotate(search_rank=RawSQL("0.0", [], output_field=FloatField()))
        rank = ItemTableSQL(
            "ts_rank({table}." + PG_VECTOR_COLUMN + ", to_tsquery(%s::regconfig, %s))",
            [PG_CONFIG, self.tsquery(query.node)],
            FloatField(),
        )
        return items.annotate(search_rank=rank)


_STOP_WORDS: dict[str, bool] = {}


def _stop_words(words: set[str]) -> set[str]:
    """Which of ``words`` PostgreSQL's text search configuration drops (asked once per word)."""
    unknown = sorted(word for word in words if word not in _STOP_WORDS)
    if unknown:
        with default_connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, to_tsvector(%s::regconfig, word) = ''::tsvector FROM unnest(%s::text[]) AS word",
                [PG_CONFIG, unknown],
            )
            if len(_STOP_WORDS) > 10_000:
                _STOP_WORDS.clear()
            _STOP_WORDS.update(dict(cursor.fetchall()))
    return {word for word in words if _STOP_WORDS.get(word)}


class SqliteBackend(Backend):
    vendor = "sqlite"

    @staticmethod
    def match_expression(node: Node) -> str:
        """The FTS5 MATCH text for ``node`` (tokens are folded ``\\w`` words, quoted)."""

        def token(tok: Token, in_phrase: bool) -> str:
            if tok.prefix:
                return f'"{tok.text}"*'
            if in_phrase:
                return f'"{tok.text}"'
            return f'("{tok.text}" OR "{tok.text}\'"*)'  # il, il'de

        def word(w: Word) -> str:
            alternatives = [token(tok, False) for tok in word_tokens(w)]
            return alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"

        def phrase(words: Sequence[Word]) -> str:
            # FTS5 has no OR inside a phrase: the first alternative (the stem) stands for the word,
            # the softened consonant variant of the last word is ORed as a second phrase.
            heads = [token(word_tokens(w)[0], True) for w in words[:-1]]
            lasts = [token(tok, True) for tok in word_tokens(words[-1])]
            options = [" + ".join([*heads, last]) for last in lasts]
            return options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"

        def render(n: Node) -> str:
            if isinstance(n, Leaf):
                body = word(n.words[0]) if len(n.words) == 1 else phrase(n.words)
                return f"(title : {body})" if n.field == "title" else body
            if isinstance(n, And):
                positives = [child for child in n.children if not isinstance(child, Not)]
                negatives = [child for child in n.children if isinstance(child, Not)]
                text = "(" + " AND ".join(render(child) for child in positives) + ")"
                for negative in negatives:
                    assert isinstance(negative, Not)
                    text = f"({text} NOT {render(negative.child)})"
                return text
            if isinstance(n, Or):
                return "(" + " OR ".join(render(child) for child in n.children) + ")"
            if isinstance(n, Near):
                return "(" + render(n.left) + " AND " + render(n.right) + ")"
            raise TypeError(n)  # a bare Not cannot be searched alone; parse() refuses it

        return render(node)

    def _match(self, query: SearchQuery) -> str | None:
        if query.node is None:
            return None
        try:
            return self.match_expression(query.node)
        except TypeError:
            return None

    def filter(
        self, items: QuerySet[Any], query: SearchQuery, *, narrow: bool = False, early: bool = False
    ) -> QuerySet[Any]:
        expression = self._match(query)
        if expression is None:
            return items
        ids = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression])  # noqa: S608, S611 - constant SQL, user text is a parameter
        return items.filter(pk__in=ids)

    def rank(self, items: QuerySet[Any], query: SearchQuery) -> QuerySet[Any]:
        expression = self._match(query)
        if expression is None:
            return items.annotate(search_rank=RawSQL("0.0", [], output_field=FloatField()))
        title_weight, text_weight = BM25_WEIGHTS
        # A join with the FTS table computes bm25 once per match (a correlated subquery would run
        # the MATCH again for every row). bm25 is lower-is-better: negated, higher is better everywhere.
        return items.extra(  # noqa: S610 - constant SQL, the match text is a parameter
            tables=[FTS_TABLE],
            where=[f'{FTS_TABLE}.rowid = "monitoring_item"."id"', f"{FTS_TABLE} MATCH %s"],
            params=[expression],
            select={"search_rank": f"-bm25({FTS_TABLE}, {title_weight}, {text_weight})"},
        )

    ordering = ("-search_rank", "-published_at", "-pk")


class LikeBackend(Backend):
    """Any other database: every positive word as a case-insensitive substring of title or text."""

    def filter(
        self, items: QuerySet[Any], query: SearchQuery, *, narrow: bool = False, early: bool = False
    ) -> QuerySet[Any]:
        condition = Q()
        for tok in query.positive_tokens():
            condition &= Q(title__icontains=tok.text) | Q(text__icontains=tok.text)
        return items.filter(condition)

    def rank(self, items: QuerySet[Any], query: SearchQuery) -> QuerySet[Any]:
        return items.annotate(search_rank=RawSQL("0.0", [], output_field=FloatField()))


def backend_for(connection: BaseDatabaseWrapper | None = None) -> Backend:
    vendor = (connection or default_connection).vendor
    if vendor == "postgresql":
        return PostgresBackend()
    if vendor == "sqlite":
        return SqliteBackend()
    return LikeBackend()


#: Relevance ranks at most this many matches: the newest ones (see ``search``).
RELEVANCE_WINDOW = 1000


#: The relevance window is first looked for among recent items (see ``_newest_ids``).
RECENT = datetime.timedelta(days=30)


def _newest_ids(items: QuerySet[Any], window: int) -> list[int]:
    """The ids of the ``window`` newest matches.

    Tried first among the last 30 days: when that already holds ``window`` matches, they
    are the newest overall, and the database reads only recent rows (over three years of
    archive, a thirty-sixth of them) instead of every match. Otherwise, over the whole archive.
    """
    newest = items.order_by("-published_at", "-pk").values_list("pk", flat=True)
    ids = list(newest.filter(published_at__gte=timezone.now() - RECENT)[:window])
    if len(ids) < window:
        ids = list(newest[:window])
    return ids


def search(
    items: QuerySet[Any],
    text: str | SearchQuery,
    *,
    by_relevance: bool = False,
    window: int | None = RELEVANCE_WINDOW,
    narrow: bool = False,
    scan_by_date: bool = False,
) -> QuerySet[Any]:
    """``items`` narrowed to those matching ``text``; ordered by relevance (then date) if asked.

    ``scan_by_date`` (date order, SQLite): the query for reading the newest matches of a
    common word page by page. SQLite otherwise looks up every match by its id and sorts them
    all (a word in half of the archive: every row read); with it, SQLite walks the
    ``published_at`` index and keeps the rows the full-text index matched, stopping after the
    page. Only for a result known to be large: a rare word would walk the whole index.

    The caller orders by date otherwise. ``site:`` filters the item's address host.
    Relevance ranks the ``window`` newest matches, not all of them: ranking reads every
    candidate's index entry, and a common word matches a third of a million-item archive.
    The archive shows at most that many results anyway (``queries.CappedPaginator``).
    ``narrow`` says that ``items`` is already a small set (one source's items).
    """
    query = text if isinstance(text, SearchQuery) else parse(text)
    backend = backend_for()
    # By date, only the first matches are read (a capped count, a page): see Backend.filter.
    if scan_by_date and not by_relevance and isinstance(backend, SqliteBackend) and backend._match(query):
        # "+id": the id condition is not used to look rows up (SQLite's way to keep a term
        # off an index), so the ORDER BY … LIMIT reads the published_at index instead.
        items = items.extra(  # noqa: S610 - constant SQL, the match text is a parameter
            where=[f'+"monitoring_item"."id" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)'],  # noqa: S608
            params=[backend._match(query)],
        )
    else:
        items = backend.filter(items, query, narrow=narrow, early=not by_relevance)
    for host in query.sites:
        items = items.filter(Q(url__icontains=f"://{host}/") | Q(url__icontains=f".{host}/"))
    if by_relevance and query.node is not None:
        if window:
            items = items.model._default_manager.filter(pk__in=_newest_ids(items, window))
        items = backend.rank(items, query).order_by(*backend.ordering)
    return items


# ------------------------------------------------------------------- highlighting

_WORD_RE = WORD_RE
_APOSTROPHE_RE = APOSTROPHE_RE


def _folding_classes() -> tuple[dict[str, str], re.Pattern[str]]:
    """For each lower-case ASCII letter and digit, the characters up to U+024F that fold to it alone.

    And a pattern finding any word character whose folding is not one such character
    (``ß`` → ``ss``, a soft hyphen that folding drops, a combining mark, any letter past
    U+024F): a text holding one is highlighted word by word, without the shortcut below.
    """
    classes: dict[str, list[str]] = {}
    awkward: list[str] = []
    for code in range(0x250):
        char = chr(code)
        if not _WORD_RE.fullmatch(char):
            continue
        folded = ascii_fold(char)
        if len(folded) == 1 and folded.isascii() and folded.isalnum():
            classes.setdefault(folded, []).append(char)
        else:
            awkward.append(char)
    escaped = "".join(re.escape(char) for char in awkward)
    pattern = re.compile(f"[{escaped}]|[^\\W\\x00-\\u024f]|[{INVISIBLE}\\u0300-\\u036f]")
    return {folded: "".join(chars) for folded, chars in classes.items()}, pattern


_FOLDS_TO, _AWKWARD_RE = _folding_classes()


@lru_cache(maxsize=512)
def _candidates_re(words: frozenset[str]) -> re.Pattern[str] | None:
    """Where a word folding to one of ``words`` (or starting so) may begin; None when a word has other characters."""
    alternatives = []
    for word in sorted(words, key=len, reverse=True):
        if not word or any(char not in _FOLDS_TO for char in word):
            return None
        alternatives.append("".join(f"[{re.escape(_FOLDS_TO[char])}]" for char in word))
    return re.compile("|".join(alternatives))


def highlight_hits(text: str, tokens: Iterable[Token], field: str = "text", *, within: int | None = None) -> list[Hit]:
    """Where ``tokens`` occur in ``text`` under the search's rules (whole words, original offsets).

    ``within``: only the hits that start within that many characters of the first one (a
    snippet around the first hit needs no more; the rest of a long text is not scanned).

    The words before the first place where a token's letters (in any of their Turkish or
    accented forms, any case) appear cannot be hits: the regular expression engine finds
    that place, and the word-by-word check starts at the space before it (words never
    span a space, so the words from there on are the same). Texts with characters whose
    folding is not one letter are checked word by word from the start.
    """
    exact = {tok.text for tok in tokens if not tok.prefix}
    prefixes = tuple({tok.text for tok in tokens if tok.prefix})
    if not exact and not prefixes:
        return []
    begin = 0
    candidates = _candidates_re(frozenset(exact) | frozenset(prefixes))
    if candidates is not None and not _AWKWARD_RE.search(text):
        first = candidates.search(text)
        if first is None:
            return []
        begin = first.start()
        while begin and not text[begin - 1].isspace():
            begin -= 1
    hits: list[Hit] = []
    for match in _WORD_RE.finditer(text, begin):
        if within is not None and hits and match.start() > hits[0].start + within:
            break
        folded = fold_word(match.group())
        base = _APOSTROPHE_RE.split(folded, maxsplit=1)[0]
        if base in exact or (prefixes and (base.startswith(prefixes) or folded.startswith(prefixes))):
            hits.append(Hit(field=field, start=match.start(), end=match.end(), term=match.group()))  # type: ignore[arg-type]
    return hits


# ------------------------------------------------------- PostgreSQL search vectors

#: An apostrophe and the suffix after it (``Kocaeli'nin``): dropped before indexing, as
#: ``pressdesk_search_fold`` does in SQL.
_APOSTROPHE_SUFFIX_RE = re.compile(r"['’‘`´][^\W_]+")
#: An indexed word: a run of letters and digits. ``pressdesk_search_fold`` turns every
#: other character into a space, so PostgreSQL's parser sees the same words.
_INDEX_WORD_RE = re.compile(r"[^\W_]+")
#: The words of PostgreSQL's Turkish stop list (``turkish.stop``) that folding leaves as
#: they are. The list is compared with folded words, so ``için`` and ``çok`` are indexed
#: (as ``icin``, ``cok``); a stop word still takes a position, as in ``to_tsvector``.
PG_STOP_WORDS = frozenset(
    "acaba ama az belki biri biz bu da daha de defa diye en gibi hem hep hepsi her ile ise kez ki kim mu "  # noqa: SIM905
    "ne neden nerde nerede nereye niye o sanki siz ve veya ya yani".split()
)
#: ``to_tsvector``'s limits: positions stop at 16383, a lexeme keeps 255 positions (256
#: after ``||``), a word of more than 2047 bytes is not indexed; the text is cut at 100,000
#: characters by the trigger.
_MAX_POSITION = 16383
_MAX_POSITIONS = 255
_MAX_WORD_BYTES = 2047
PG_TEXT_LIMIT = 100_000


def _index_words(chunk: str) -> tuple[str | None, ...]:
    """The indexed words of one whitespace-free chunk as ``'word':`` literal prefixes, ``None`` for a stop word."""
    folded = ascii_fold(_APOSTROPHE_SUFFIX_RE.sub("", chunk))
    return tuple(
        None if word in PG_STOP_WORDS else f"'{word}':"
        for word in _INDEX_WORD_RE.findall(folded)
        if len(word) * 4 <= _MAX_WORD_BYTES or len(word.encode()) <= _MAX_WORD_BYTES
    )


_INDEX_CHUNKS: ChunkCache[str | None] = ChunkCache(_index_words)


@cache
def _labels(weight: str) -> list[str]:
    """``"12B "`` for every position of ``weight``, made once (on PostgreSQL only)."""
    return [f"{place}{weight} " for place in range(_MAX_POSITION + 1)]


def _last_position(words: list[str | None]) -> int:
    """The highest position of a stored lexeme (a trailing stop word takes none)."""
    for index in range(len(words) - 1, -1, -1):
        if words[index] is not None:
            return index + 1
    return 0


def _within_limits(words: list[str | None]) -> bool:
    """True when no lexeme of ``words`` has more positions than ``to_tsvector`` keeps."""
    if len(words) <= _MAX_POSITIONS or len(words) - len(set(words)) < _MAX_POSITIONS:
        return True  # a word found n times leaves n - 1 repeats: none reaches the limit
    counts = Counter(words)
    counts.pop(None, None)
    return max(counts.values(), default=0) <= _MAX_POSITIONS


def _occurrences(words: list[str | None], offset: int, weight: str) -> str:
    """``'word':12B `` for each word, at its position after ``offset``; stop words only take a position."""
    labels = _labels(weight)[offset + 1 : offset + 1 + len(words)]
    if None in words:
        return "".join(map(operator.add, compress(words, words), compress(labels, words)))  # type: ignore[arg-type]
    return "".join(map(operator.add, words, labels))  # type: ignore[arg-type]


def _lexeme_positions(words: list[str | None]) -> dict[str, list[int]]:
    """Each lexeme with its positions, as ``to_tsvector`` keeps them (the long way, for long texts)."""
    found: dict[str, list[int]] = {}
    for position, word in enumerate(words, 1):
        if word is not None:
            found.setdefault(word[1:-2], []).append(position)
    for word, places in found.items():
        if len(places) > _MAX_POSITIONS or places[-1] > _MAX_POSITION:
            capped = [min(place, _MAX_POSITION) for place in places]
            if _MAX_POSITION in capped:
                capped = capped[: capped.index(_MAX_POSITION) + 1]
            found[word] = capped[:_MAX_POSITIONS]
    return found


def _shifted(places: list[int], offset: int, weight: str, room: int) -> list[str]:
    """``places`` moved by ``offset`` as ``||`` moves them: at most ``room``, none after the last position."""
    out: list[str] = []
    for place in places[:room]:
        moved = min(place + offset, _MAX_POSITION)
        out.append(f"{moved}{weight}")
        if moved == _MAX_POSITION:
            break
    return out


def _limited_vector(title_words: list[str | None], text_words: list[str | None]) -> str:
    """The vector of a text long enough to reach ``to_tsvector``'s limits, lexeme by lexeme."""
    title_places = _lexeme_positions(title_words)
    text_places = _lexeme_positions(text_words)
    offset = max((places[-1] for places in title_places.values()), default=0)
    lexemes = []
    for word, places in title_places.items():
        marked = [f"{place}A" for place in places]
        more = text_places.pop(word, None)
        if more is not None and places[-1] != _MAX_POSITION:
            marked += _shifted(more, offset, "B", _MAX_POSITIONS + 1 - len(marked))
        lexemes.append(f"'{word}':{','.join(marked)}")
    for word, places in text_places.items():
        lexemes.append(f"'{word}':{','.join(_shifted(places, offset, 'B', _MAX_POSITIONS + 1))}")
    return " ".join(lexemes)


def pg_search_vector(title: str, text: str) -> str:
    """The ``search_vector`` of an item as a tsvector literal, computed here instead of in SQL.

    Equal to what the trigger computes (``setweight(to_tsvector('pressdesk_turkish',
    pressdesk_search_fold(title)), 'A') || setweight(…text…, 'B')``) for the words the
    query side can ask for (checked against PostgreSQL by the tests), except that words are
    folded with :func:`ascii_fold` as queries are (``café`` is indexed as ``cafe``).
    Ingest sends it with the row: ``to_tsvector`` over an article took ≈ 0.6 ms of the
    database server's time per item, most of PostgreSQL ingest.

    The literal names each occurrence (``'saglik':1A 'kocaeli':2B 'saglik':9B``):
    PostgreSQL merges a lexeme's occurrences when it reads it, so building it is a few
    joins in C. Texts that reach ``to_tsvector``'s limits take the lexeme-by-lexeme way.
    """
    title_words = _INDEX_CHUNKS.words(title)
    text_words = _INDEX_CHUNKS.words(text[:PG_TEXT_LIMIT])
    offset = _last_position(title_words)
    if (
        offset + len(text_words) < _MAX_POSITION
        and len(title_words) < _MAX_POSITION
        and _within_limits(title_words)
        and _within_limits(text_words)
    ):
        return _occurrences(title_words, 0, "A") + _occurrences(text_words, offset, "B")
    return _limited_vector(title_words, text_words)


# --------------------------------------------------------------- SQLite triggers

_SQLITE_TRIGGERS = (
    """
    CREATE TRIGGER IF NOT EXISTS monitoring_item_fts_insert AFTER INSERT ON monitoring_item BEGIN
        INSERT INTO monitoring_item_fts(rowid, title, text)
        VALUES (new.id, replace(new.title, 'ı', 'i'), replace(new.text, 'ı', 'i'));
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS monitoring_item_fts_delete AFTER DELETE ON monitoring_item BEGIN
        INSERT INTO monitoring_item_fts(monitoring_item_fts, rowid, title, text)
        VALUES ('delete', old.id, replace(old.title, 'ı', 'i'), replace(old.text, 'ı', 'i'));
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS monitoring_item_fts_update AFTER UPDATE OF title, text ON monitoring_item BEGIN
        INSERT INTO monitoring_item_fts(monitoring_item_fts, rowid, title, text)
        VALUES ('delete', old.id, replace(old.title, 'ı', 'i'), replace(old.text, 'ı', 'i'));
        INSERT INTO monitoring_item_fts(rowid, title, text)
        VALUES (new.id, replace(new.title, 'ı', 'i'), replace(new.text, 'ı', 'i'));
    END
    """,
)


def ensure_sqlite_triggers(connection: BaseDatabaseWrapper | None = None, **_kwargs: Any) -> None:
    """Re-create the FTS5 triggers if a table rebuild by a later SQLite migration dropped them.

    Connected to ``post_migrate``; does nothing elsewhere or before migration 0003.
    """
    connection = connection or default_connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE])
        if cursor.fetchone() is None:
            return
        for statement in _SQLITE_TRIGGERS:
            cursor.execute(statement)


def on_post_migrate(sender: Any, using: str = "default", **_kwargs: Any) -> None:
    from django.db import connections

    ensure_sqlite_triggers(connections[using])
