import pytest

from lyricsapp.models import Lyric, LyricVersion, Note


def _patch(api, lyric, body):
    return api.patch(f"/api/v1/lyrics/{lyric.pk}/", body, format="json")


@pytest.mark.django_db
def test_it_saves_title_and_text_as_the_next_version(editor_api, editor, lyric):
    response = _patch(editor_api, lyric, {"title": "New", "text": "new words", "version": 1})
    assert response.status_code == 200
    assert response.json()["title"] == "New" and response.json()["text"] == "new words"
    lyric.refresh_from_db()
    assert (lyric.version, lyric.original_title) == (2, "Tide")
    assert LyricVersion.objects.get(lyric=lyric).author == editor


@pytest.mark.django_db
def test_it_answers_409_with_the_current_version_when_stale(editor_api, lyric):
    assert _patch(editor_api, lyric, {"text": "first", "version": 1}).status_code == 200
    response = _patch(editor_api, lyric, {"text": "second", "version": 1, "tags": ["x"]})
    assert response.status_code == 409
    assert response.json()["version"] == 2
    assert "Version 2" in response.json()["detail"]
    lyric.refresh_from_db()
    assert (lyric.version, lyric.text) == (2, "first")
    assert list(lyric.tags.names()) == []


@pytest.mark.django_db
def test_it_requires_the_version_with_title_or_text(editor_api, lyric):
    response = _patch(editor_api, lyric, {"title": "No version"})
    assert response.status_code == 400
    assert "version" in response.json()
    assert Lyric.objects.get(pk=lyric.pk).title == "Tide"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": "x" * 501, "version": 1}, "title"),
        ({"text": "a\x00b", "version": 1}, "text"),
        ({"version": 0, "text": "x"}, "version"),
        ({"tags": ["x" * 101]}, "tags"),
        ({"tags": ["   "]}, "tags"),
        ({"tags": ["bad\x07tag"]}, "tags"),
        ({"note": "n" * 20_001}, "note"),
        ({"favorite": True}, "favorite"),
        ({"id": 5}, "id"),
    ],
)
def test_it_answers_400_naming_the_field(editor_api, lyric, body, field):
    response = _patch(editor_api, lyric, body)
    assert response.status_code == 400
    assert field in response.json()
    lyric.refresh_from_db()
    assert (lyric.version, lyric.title) == (1, "Tide")
    assert list(lyric.tags.names()) == [] and not Note.objects.exists()


@pytest.mark.django_db
def test_it_answers_400_for_a_body_that_is_not_an_object(editor_api, lyric):
    response = editor_api.patch(f"/api/v1/lyrics/{lyric.pk}/", [1, 2], format="json")
    assert response.status_code == 400


@pytest.mark.django_db
def test_it_replaces_tags_and_sets_the_note(editor_api, editor, lyric):
    lyric.tags.set(["old"])
    response = _patch(editor_api, lyric, {"tags": ["demo", "Ballad"], "note": "keep it"})
    assert response.status_code == 200
    assert sorted(lyric.tags.names()) == ["Ballad", "demo"]
    note = Note.objects.get(lyric=lyric)
    assert (note.text, note.updated_by) == ("keep it", editor)
    assert Lyric.objects.get(pk=lyric.pk).version == 1


@pytest.mark.django_db
def test_it_refuses_readers(reader_api, lyric):
    response = _patch(reader_api, lyric, {"text": "x", "version": 1})
    assert response.status_code == 403
    assert Lyric.objects.get(pk=lyric.pk).version == 1


@pytest.mark.django_db
def test_it_answers_404_for_a_missing_lyric(editor_api, db):
    response = editor_api.patch("/api/v1/lyrics/987654/", {"note": "x"}, format="json")
    assert response.status_code == 404
