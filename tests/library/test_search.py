import pytest
from django.db import connection

from lyricsapp.library.search import cjk_keys, like_pattern, lyrics_matching
from lyricsapp.models import Lyric
from tests.library_helpers import make_lyric


def titles(q):
    return sorted(lyric.title for lyric in lyrics_matching(Lyric.objects.all(), q))


@pytest.fixture
def library(db):
    make_lyric(title="星夜狂想", text="[Verse]\n月光洒满了窗台\n我在想你")
    make_lyric(title="Moonlight Highway", text="[Chorus]\nDriving all night")
    make_lyric(title="夜空のメロディー", text="ひかり の 約束")
    make_lyric(title="별빛 노래", text="사랑 하늘 바람")
    make_lyric(title="100% real_deal", text="back\\slash")


def test_it_finds_a_two_character_chinese_term(library):
    assert titles("月光") == ["星夜狂想"]


def test_it_finds_a_single_cjk_character(library):
    assert titles("窗") == ["星夜狂想"]


def test_it_finds_japanese_and_korean(library):
    assert titles("約束") == ["夜空のメロディー"]
    assert titles("사랑") == ["별빛 노래"]


def test_it_is_case_insensitive_for_latin(library):
    assert titles("moon") == ["Moonlight Highway"]
    assert titles("OON") == ["Moonlight Highway"]
    assert titles("NIGHT") == ["Moonlight Highway"]


def test_it_matches_titles_and_text(library):
    assert titles("星夜") == ["星夜狂想"]
    assert titles("driving") == ["Moonlight Highway"]


def test_it_finds_nothing_for_an_absent_term(library):
    assert titles("鲸鳞") == []
    assert titles("月窗") == []  # both characters occur, never side by side


def test_it_takes_like_wildcards_literally(library):
    assert titles("%") == ["100% real_deal"]
    assert titles("r_a") == []  # "_" would match the "e" of "real"
    assert titles("real_") == ["100% real_deal"]
    assert titles("k\\s") == ["100% real_deal"]


def test_it_returns_everything_for_a_blank_query(library):
    assert len(titles("   ")) == 5


def test_it_matches_mixed_scripts(library):
    make_lyric(title="Mixed", text="I love 月光 tonight")
    assert titles("love 月光") == ["Mixed"]


def test_python_keys_are_a_subset_of_the_indexed_keys(db):
    text = "明月光辉 ハロー 사랑 moon 𠀋𠀌"
    with connection.cursor() as cursor:
        cursor.execute("SELECT lyric_search_keys(%s, %s)", ["", text])
        indexed = set(cursor.fetchone()[0])
    for q in ["月光", "明", "光辉", "ハロ", "사랑", "𠀋𠀌", "ー 사"]:
        assert set(cjk_keys(q)) <= indexed, q


def test_the_query_uses_the_bigram_index(library):
    queryset = lyrics_matching(Lyric.objects.all(), "月光")
    sql = str(queryset.query)
    assert "lyric_search_keys" in sql
    assert "ILIKE" in sql


def test_like_pattern_escapes():
    assert like_pattern("a%b_c\\") == "%a\\%b\\_c\\\\%"
