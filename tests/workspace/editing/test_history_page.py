import pytest

from lyricsapp.models import Lyric, LyricVersion
from lyricsapp.workspace.diff import text_diff
from lyricsapp.workspace.editing import EditConflict, lyric_edit_save, lyric_version_restore


def _edit(lyric, user, text, version):
    return lyric_edit_save(
        lyric_id=lyric.pk, user=user, title=lyric.title, text=text, base_version=version
    )


@pytest.mark.django_db
def test_it_lists_every_version_with_the_original(editor_client, editor, lyric):
    _edit(lyric, editor, "[Verse]\nthe waves go out", 1)
    body = editor_client.get(f"/lyrics/{lyric.pk}/history/").content.decode()
    assert "2 versions" in body
    assert "original" in body and "editor" in body
    assert "<del>come</del><ins>go</ins>" in body
    assert "<del>in" in body


@pytest.mark.django_db
def test_it_diffs_any_two_versions(editor_client, editor, lyric):
    _edit(lyric, editor, "one two", 1)
    _edit(lyric, editor, "one two three", 2)
    body = editor_client.get(f"/lyrics/{lyric.pk}/history/?a=2&b=3").content.decode()
    assert "Changes from version 2 to version 3" in body
    assert "one two<ins> three</ins>" in body
    # Nonsense choices fall back to the latest change, never a 500.
    page = editor_client.get(f"/lyrics/{lyric.pk}/history/?a=x&b=99")
    assert page.status_code == 200
    assert "Changes from version 2 to version 3" in page.content.decode()


def test_it_diffs_a_chinese_line_by_character():
    parts = text_diff("我爱大海", "我爱蓝天")
    assert parts == [("equal", "我爱"), ("delete", "大海"), ("insert", "蓝天")]
    parts = text_diff("海浪 rolls in", "海风 rolls out")
    assert ("delete", "浪") in parts and ("insert", "风") in parts
    assert ("delete", "in") in parts and ("insert", "out") in parts


def test_it_diffs_latin_text_by_whole_words():
    assert text_diff("the waves come in", "the waves came in") == [
        ("equal", "the waves "),
        ("delete", "come"),
        ("insert", "came"),
        ("equal", " in"),
    ]


@pytest.mark.django_db
def test_it_restores_a_version_as_a_new_one(editor_client, editor, lyric):
    original = lyric.text
    _edit(lyric, editor, "changed", 1)
    page = editor_client.post(
        f"/lyrics/{lyric.pk}/history/restore/", {"number": 1, "base_version": 2}
    )
    assert page.status_code == 302
    lyric.refresh_from_db()
    assert (lyric.version, lyric.text) == (3, original)
    restored = LyricVersion.objects.get(lyric=lyric, number=3)
    assert restored.message == "Restored version 1" and restored.author == editor


@pytest.mark.django_db
def test_it_refuses_a_stale_restore_and_an_unknown_version(editor_client, editor, lyric):
    _edit(lyric, editor, "changed", 1)
    page = editor_client.post(
        f"/lyrics/{lyric.pk}/history/restore/", {"number": 1, "base_version": 1}
    )
    assert page.status_code == 302
    assert Lyric.objects.get(pk=lyric.pk).version == 2
    page = editor_client.post(
        f"/lyrics/{lyric.pk}/history/restore/", {"number": 7, "base_version": 2}
    )
    assert page.status_code == 404
    with pytest.raises(EditConflict):
        lyric_version_restore(lyric_id=lyric.pk, number=1, user=editor, base_version=1)


@pytest.mark.django_db
def test_it_lets_readers_see_but_not_restore(reader_client, editor, lyric):
    _edit(lyric, editor, "changed", 1)
    body = reader_client.get(f"/lyrics/{lyric.pk}/history/").content.decode()
    assert "Restore" not in body
    page = reader_client.post(
        f"/lyrics/{lyric.pk}/history/restore/", {"number": 1, "base_version": 2}
    )
    assert page.status_code == 403
    assert Lyric.objects.get(pk=lyric.pk).version == 2


@pytest.mark.django_db
def test_it_shows_a_deleted_author_as_deleted_user(editor_client, other_editor, lyric):
    _edit(lyric, other_editor, "theirs", 1)
    other_editor.delete()
    body = editor_client.get(f"/lyrics/{lyric.pk}/history/").content.decode()
    assert "deleted user" in body
    assert LyricVersion.objects.get(lyric=lyric).author is None


@pytest.mark.django_db
def test_it_downloads_the_original(editor_client, editor, lyric):
    _edit(lyric, editor, "changed", 1)
    page = editor_client.get(f"/lyrics/{lyric.pk}/original.txt")
    assert page.status_code == 200
    assert page.content.decode() == "Tide\n\n[Verse]\nthe waves come in\n[Chorus]\nhold on\n"
    assert "Tide (original).txt" in page["Content-Disposition"]
    md = editor_client.get(f"/lyrics/{lyric.pk}/original.md").content.decode()
    assert md.startswith("# Tide\n\n## Verse\n\nthe waves come in")
    assert editor_client.get(f"/lyrics/{lyric.pk}/original.json").status_code == 404
    detail = editor_client.get(f"/lyrics/{lyric.pk}/").content.decode()
    assert f"/lyrics/{lyric.pk}/original.md" in detail
