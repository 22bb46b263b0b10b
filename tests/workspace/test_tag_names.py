import pytest
from django.core.exceptions import ValidationError
from taggit.models import Tag

from lyricsapp.models import TaggedLyric
from lyricsapp.workspace.tags import lyric_tags_set, tag_name_clean, tags_merge


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("x" * 101, "at most 100 characters"),
        ("", "empty"),
        ("   \u3000 ", "empty"),
        ("bad\x07bell", "control characters"),
        ("new\nline", "control characters"),
        (7, "string"),
    ],
)
def test_it_refuses_bad_names_naming_the_problem(name, problem):
    with pytest.raises(ValidationError) as caught:
        tag_name_clean(name)
    assert problem in " ".join(caught.value.messages)


def test_it_keeps_a_100_character_name_and_squeezes_spaces():
    assert tag_name_clean("x" * 100) == "x" * 100
    assert tag_name_clean("  late   night ") == "late night"


@pytest.mark.django_db
def test_it_changes_nothing_when_one_name_is_bad(editor, lyric):
    lyric_tags_set(lyric=lyric, names=["keep"], user=editor)
    with pytest.raises(ValidationError):
        lyric_tags_set(lyric=lyric, names=["new", ""], user=editor)
    assert list(lyric.tags.names()) == ["keep"]
    assert not Tag.objects.filter(name="new").exists()


@pytest.mark.django_db
def test_it_matches_names_whatever_their_case(editor, lyric, lyrics):
    lyric_tags_set(lyric=lyric, names=["Demo"], user=editor)
    lyric_tags_set(lyric=lyrics[0], names=["DEMO", "demo"], user=editor)
    assert Tag.objects.count() == 1


@pytest.mark.django_db
def test_it_merges_tags_set_based(editor, lyrics):
    lyric_tags_set(lyric=lyrics[0], names=["a", "b"], user=editor)
    lyric_tags_set(lyric=lyrics[1], names=["b"], user=editor)
    lyric_tags_set(lyric=lyrics[2], names=["c"], user=editor)
    a, b, c = (Tag.objects.get(name=n) for n in "abc")

    assert tags_merge(tags=[a, b, c], into=a) == 2

    assert list(Tag.objects.values_list("name", flat=True)) == ["a"]
    tagged = set(TaggedLyric.objects.values_list("content_object_id", flat=True))
    assert tagged == {lyrics[0].pk, lyrics[1].pk, lyrics[2].pk}


@pytest.mark.parametrize(
    "name", ["ok", " a ", "星夜", "\ufeff", "a\u3000b", " ", "\u3000", "", "a\x01", "x" * 101]
)
def test_the_published_pattern_says_what_the_check_accepts(name):
    import re

    from lyricsapp.workspace.tags import TAG_MAX_LENGTH, TAG_PATTERN

    try:
        tag_name_clean(name)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == bool(re.fullmatch(TAG_PATTERN, name) and len(name) <= TAG_MAX_LENGTH)


def test_it_refuses_lone_surrogates():
    with pytest.raises(ValidationError):
        tag_name_clean("a\ud800")
