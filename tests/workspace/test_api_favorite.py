import pytest

from lyricsapp.models import Favorite


@pytest.mark.django_db
def test_it_stars_and_unstars_idempotently(api, editor, lyric):
    url = f"/api/v1/lyrics/{lyric.pk}/favorite/"
    for _ in range(2):
        response = api.put(url)
        assert response.status_code == 204
    assert Favorite.objects.filter(user=editor, lyric=lyric).count() == 1
    assert api.get(f"/api/v1/lyrics/{lyric.pk}/").json()["favorite"] is True
    for _ in range(2):
        response = api.delete(url)
        assert response.status_code == 204
    assert not Favorite.objects.exists()


@pytest.mark.django_db
def test_it_keeps_stars_per_user(api, reader_api, editor, lyric):
    api.put(f"/api/v1/lyrics/{lyric.pk}/favorite/")
    assert reader_api.get(f"/api/v1/lyrics/{lyric.pk}/").json()["favorite"] is False


@pytest.mark.django_db
def test_it_refuses_readers(reader_api, lyric):
    response = reader_api.put(f"/api/v1/lyrics/{lyric.pk}/favorite/")
    assert response.status_code == 403
    assert "only read" in response.json()["detail"]
    assert not Favorite.objects.exists()


@pytest.mark.django_db
def test_it_answers_404_for_an_unknown_lyric(api):
    assert api.put("/api/v1/lyrics/999999/favorite/").status_code == 404
    assert api.put("/api/v1/lyrics/99999999999999/favorite/").status_code == 404


def test_it_asks_anonymous_clients_to_log_in(client, db):
    assert client.put("/api/v1/lyrics/1/favorite/").status_code == 401
