"""The query-side Turkish stemmer cuts real suffix chains only, and the query renders safely for each database."""

from pressdesk.monitoring import fulltext
from pressdesk.monitoring.fulltext import PostgresBackend, SqliteBackend, query_stem


def test_suffix_chains_are_cut():
    assert query_stem("hastanesinde") == "hastane"
    assert query_stem("hastanemizin") == "hastane"
    assert query_stem("hastanesi") == "hastane"
    assert query_stem("hastaneler") == "hastane"
    assert query_stem("mudurlugunde") == "mudurlug"


def test_roots_stay_whole():
    assert query_stem("hastane") == "hastane"
    assert query_stem("kocaeli") == "kocaeli"
    assert query_stem("ambulans") == "ambulans"


def test_rendered_queries_quote_only_folded_words():
    query = fulltext.parse("""İl'de ("Şehir Hastanesi" OR müdürlük) -spor title:aşı""")
    assert query.node is not None
    pg = PostgresBackend.tsquery(query.node)
    lite = SqliteBackend.match_expression(query.node)
    assert pg == "('il' & (('sehir' <-> 'hastane':*) | ('mudurluk':* | 'mudurlug':*)) & !'spor':* & 'asi':A)"
    assert '"sehir"* + "hastane"*' in lite
    assert "title : " in lite
    assert "NOT" in lite


def test_quotes_and_sql_in_a_query_are_only_words():
    query = fulltext.parse("""x' ; DROP TABLE monitoring_item; -- "a\"b""")
    assert query.node is not None
    pg = PostgresBackend.tsquery(query.node)
    lite = SqliteBackend.match_expression(query.node)
    for rendered in (pg, lite):
        assert ";" not in rendered
    assert pg.count("'") % 2 == 0
    assert lite.count('"') % 2 == 0


def test_site_filter_is_taken_out_of_the_text_query():
    query = fulltext.parse("hastane site:kocaelibaris.com")
    assert query.sites == ("kocaelibaris.com",)
    assert query.node is not None
    assert "kocaelibaris" not in PostgresBackend.tsquery(query.node)


def test_only_negative_or_empty_searches_nothing_in_the_index():
    assert not fulltext.parse("")
    assert not fulltext.parse("NOT spor")
