"""The lyrics' GIN indexes keep a small pending list (see migration 0003)."""

import pytest
from django.db import connection

from lyricsapp.models import GIN_PENDING_LIST_KB


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
