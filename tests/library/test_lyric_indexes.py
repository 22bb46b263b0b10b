"""The lyrics' GIN indexes: a small pending list (migration 0003), only searchable
lyrics (migration 0010), and the search's queries use them."""

import pytest
from django.db import connection

from lyricsapp.library.search import lyrics_matching
from lyricsapp.models import GIN_PENDING_LIST_KB, Lyric
from tests.library_helpers import make_task


def assert_small_pending_lists():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s) ORDER BY relname",
            [["lyric_search_keys_gin", "lyric_text_trgm", "lyric_title_trgm"]],
        )
        rows = cursor.fetchall()

    option = f"gin_pending_list_limit={GIN_PENDING_LIST_KB}"
    assert rows == [
        ("lyric_search_keys_gin", [option]),
        ("lyric_text_trgm", [option]),
        ("lyric_title_trgm", [option]),
    ]


@pytest.mark.django_db
def test_its_gin_indexes_have_a_small_pending_list():
    assert_small_pending_lists()


def index_definitions():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [["lyric_search_keys_gin", "lyric_text_trgm", "lyric_title_trgm"]],
        )
        return dict(cursor.fetchall())


@pytest.mark.django_db
def test_its_search_indexes_hold_only_searchable_lyrics():
    definitions = index_definitions()

    assert sorted(definitions) == ["lyric_search_keys_gin", "lyric_text_trgm", "lyric_title_trgm"]
    assert all(d.endswith("WHERE searchable") for d in definitions.values()), definitions


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q", "index"),
    [("月光", "lyric_search_keys_gin"), ("moonlight", "lyric_text_trgm")],
)
def test_search_uses_the_partial_indexes(q, index):
    # The search's own query, planned with table and plain index scans ruled
    # out (GIN only has bitmap scans): it can use the partial index only
    # because it asks for searchable lyrics.
    queryset = lyrics_matching(Lyric.objects.all(), q)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert index in plan, plan


def estimated_rows(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        return cursor.fetchone()[0][0]["Plan"]["Plan Rows"]


@pytest.mark.django_db
def test_the_planner_knows_how_common_a_cjk_term_is():
    # A term in half the lyrics: without statistics on the search keys
    # (migration 0012) the planner guesses 0.5% whatever the term, and picks
    # a bitmap scan and a sort of every match for a frequent one.
    task = make_task()
    Lyric.objects.bulk_create(
        Lyric(task=task, position=n, title="", text="月光" if n % 2 else "星空")
        for n in range(1000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE lyricsapp_lyric")

    frequent = estimated_rows(lyrics_matching(Lyric.objects.all(), "月光"))
    absent = estimated_rows(lyrics_matching(Lyric.objects.all(), "琥珀"))

    assert 100 <= frequent <= 1000, frequent
    assert absent < 50, absent
