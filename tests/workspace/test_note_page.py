import pytest

from lyricsapp.models import Note
from lyricsapp.workspace.models import NOTE_MAX_LENGTH
from lyricsapp.workspace.notes import lyric_note_set


@pytest.mark.django_db
def test_it_saves_the_note_with_its_editor(editor_client, editor, lyric):
    response = editor_client.post(
        f"/lyrics/{lyric.pk}/note/", {"text": "Use the <i>second</i> chorus"}
    )
    assert response.status_code == 302
    note = Note.objects.get(lyric=lyric)
    assert note.text == "Use the <i>second</i> chorus" and note.updated_by == editor
    html = editor_client.get(f"/lyrics/{lyric.pk}/").content.decode()
    assert "Last edited by editor" in html
    assert "&lt;i&gt;second&lt;/i&gt;" in html


@pytest.mark.django_db
def test_it_shows_a_deleted_editor_as_such(editor_client, reader, lyric):
    lyric_note_set(lyric=lyric, text="kept", user=reader)
    reader.delete()
    html = editor_client.get(f"/lyrics/{lyric.pk}/").content.decode()
    assert "Last edited by a deleted user" in html and "kept" in html


@pytest.mark.django_db
def test_it_answers_400_for_a_note_too_long(editor_client, lyric):
    response = editor_client.post(
        f"/lyrics/{lyric.pk}/note/", {"text": "x" * (NOTE_MAX_LENGTH + 1)}
    )
    assert response.status_code == 400
    assert "at most 20000 characters" in response.content.decode()
    assert not Note.objects.exists()


@pytest.mark.django_db
def test_it_shows_the_note_read_only_to_readers(reader_client, editor, lyric):
    lyric_note_set(lyric=lyric, text="for the team", user=editor)
    assert reader_client.post(f"/lyrics/{lyric.pk}/note/", {"text": "mine"}).status_code == 403
    html = reader_client.get(f"/lyrics/{lyric.pk}/").content.decode()
    assert "for the team" in html and "<textarea" not in html
    assert Note.objects.get().text == "for the team"
