import pytest

from lyricsapp.models import Lyric


@pytest.mark.django_db
def test_it_moves_to_the_trash_and_back(api, lyric):
    response = api.delete(f"/api/v1/lyrics/{lyric.pk}/")
    assert response.status_code == 204
    lyric.refresh_from_db()
    assert lyric.trashed_at is not None
    # Still readable by id, with its trash time.
    detail = api.get(f"/api/v1/lyrics/{lyric.pk}/").json()
    assert detail["trashed_at"] is not None

    response = api.post(f"/api/v1/lyrics/{lyric.pk}/restore/")
    assert response.status_code == 204
    lyric.refresh_from_db()
    assert lyric.trashed_at is None


@pytest.mark.django_db
def test_it_leaves_the_trash_out_of_lists_and_search_unless_asked(api, lyrics):
    trashed = lyrics[0]
    api.delete(f"/api/v1/lyrics/{trashed.pk}/")
    listed = api.get("/api/v1/lyrics/").json()
    assert trashed.pk not in [row["id"] for row in listed["results"]]
    assert listed["count"] == 4
    found = api.get("/api/v1/lyrics/", {"q": "love song 0"}).json()
    assert found["count"] == 0
    trash = api.get("/api/v1/lyrics/", {"trashed": "true"}).json()
    assert [row["id"] for row in trash["results"]] == [trashed.pk]


@pytest.mark.django_db
def test_it_refuses_readers(reader_api, lyric):
    assert reader_api.delete(f"/api/v1/lyrics/{lyric.pk}/").status_code == 403
    assert reader_api.post(f"/api/v1/lyrics/{lyric.pk}/restore/").status_code == 403
    assert Lyric.objects.get(pk=lyric.pk).trashed_at is None


@pytest.mark.django_db
def test_it_answers_400_for_a_bad_trashed_value(api):
    response = api.get("/api/v1/lyrics/", {"trashed": "maybe"})
    assert response.status_code == 400
    assert "trashed" in response.json()
