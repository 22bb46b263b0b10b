import pytest

from lyricsapp.models import Lyric


@pytest.mark.django_db
def test_it_lists_versions_oldest_first_with_the_original(editor_api, reader_api, lyric):
    editor_api.patch(
        f"/api/v1/lyrics/{lyric.pk}/",
        {"text": "edited", "version": 1, "message": "shorter"},
        format="json",
    )
    response = reader_api.get(f"/api/v1/lyrics/{lyric.pk}/versions/")
    assert response.status_code == 200
    versions = response.json()
    assert [v["number"] for v in versions] == [1, 2]
    assert versions[0]["text"] == "[Verse]\nthe waves come in\n[Chorus]\nhold on"
    assert versions[0]["author"] is None and versions[0]["message"] == ""
    assert versions[1] | {"created_at": None} == {
        "number": 2,
        "title": "Tide",
        "text": "edited",
        "author": "editor",
        "created_at": None,
        "message": "shorter",
    }


@pytest.mark.django_db
def test_it_restores_a_version(editor_api, lyric):
    editor_api.patch(f"/api/v1/lyrics/{lyric.pk}/", {"text": "edited", "version": 1}, format="json")
    response = editor_api.post(f"/api/v1/lyrics/{lyric.pk}/versions/1/restore/")
    assert response.status_code == 200
    assert response.json()["text"] == "[Verse]\nthe waves come in\n[Chorus]\nhold on"
    assert Lyric.objects.get(pk=lyric.pk).version == 3


@pytest.mark.django_db
def test_it_answers_404_for_an_unknown_version(editor_api, lyric):
    response = editor_api.post(f"/api/v1/lyrics/{lyric.pk}/versions/5/restore/")
    assert response.status_code == 404
    assert Lyric.objects.get(pk=lyric.pk).version == 1
    response = editor_api.post(f"/api/v1/lyrics/{lyric.pk}/versions/99999999999/restore/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_it_refuses_a_restore_from_a_reader(reader_api, lyric):
    response = reader_api.post(f"/api/v1/lyrics/{lyric.pk}/versions/1/restore/")
    assert response.status_code == 403
    assert Lyric.objects.get(pk=lyric.pk).version == 1


@pytest.mark.django_db
def test_it_needs_authentication(client, lyric):
    assert client.get(f"/api/v1/lyrics/{lyric.pk}/versions/").status_code == 401
