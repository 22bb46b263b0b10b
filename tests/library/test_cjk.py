"""One definition of CJK text (lyricsapp.cjk), the same in Python and in the database."""

import pytest
from django.db import connection

from lyricsapp import cjk
from lyricsapp.library.search import cjk_keys
from lyricsapp.processing.lyrics_text import count_words
from lyricsapp.provider.fake.records import fake_lyrics


def edges():
    """Every range's first and last character and their neighbours outside it."""
    points = set()
    for first, last in cjk.CJK_RANGES:
        points.update({first - 1, first, last, last + 1})
    return sorted(p for p in points if not 0xD800 <= p <= 0xDFFF)


def test_the_ranges_are_sorted_and_disjoint():
    for (_, last), (first, _) in zip(cjk.CJK_RANGES, cjk.CJK_RANGES[1:], strict=False):
        assert last < first


@pytest.mark.django_db
def test_it_agrees_with_the_database_search_function_at_every_edge():
    points = edges()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n, lyric_search_keys('', chr(n)) <> '{}' FROM unnest(%s::int[]) AS n",
            [points],
        )
        in_database = dict(cursor.fetchall())
    in_python = {p: bool(cjk.CJK_CHAR.fullmatch(chr(p))) for p in points}
    assert in_database == in_python
    assert sum(in_python.values()) == 2 * len(cjk.CJK_RANGES)


@pytest.mark.django_db
def test_the_database_function_holds_the_python_class():
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'lyric_search_keys'")
        source = cursor.fetchone()[0]
    assert f"'{cjk.postgres_class()}+'" in source


@pytest.mark.parametrize(
    "char",
    [
        "\u4e00",  # unified ideograph
        "\U00030000",  # extension G
        "\U00031350",  # extension H
        "\uff9e",  # half-width voiced sound mark
        "\u3131",  # Hangul compatibility jamo
        "\u1100",  # Hangul jamo
    ],
)
def test_search_keys_and_word_counts_take_the_same_characters(char):
    assert cjk_keys(char) == [char]
    assert count_words(char) == 1
    assert count_words(f"a{char}b") == 3


@pytest.mark.parametrize("prompt", ["夜のメロディー", "사랑 노래", "\U00020000 song"])
def test_the_fake_provider_answers_a_cjk_prompt_in_cjk(prompt):
    for item in fake_lyrics(prompt, seed=1):
        assert cjk.has_cjk(item["text"])


def test_a_latin_prompt_gets_latin_lyrics():
    for item in fake_lyrics("summer rain", seed=1):
        assert not cjk.has_cjk(item["text"])
