import pytest

from lyricsapp.models import Favorite


@pytest.mark.django_db
def test_it_stars_from_the_library_and_shows_the_star(editor_client, editor, lyric):
    response = editor_client.post(f"/lyrics/{lyric.pk}/favorite/", {"on": "1", "next": "/?q=月光"})
    assert response.status_code == 302
    assert response["Location"] == "/?q=%E6%9C%88%E5%85%89"
    assert Favorite.objects.filter(user=editor, lyric=lyric).exists()

    html = editor_client.get("/").content.decode()
    assert 'class="star on"' in html and 'aria-pressed="true"' in html
    assert editor_client.get("/", {"favorite": "true"}).context["page"].items == [lyric]

    editor_client.post(f"/lyrics/{lyric.pk}/favorite/", {"on": "0"})
    assert not Favorite.objects.exists()
    assert editor_client.get("/", {"favorite": "true"}).context["page"].items == []


@pytest.mark.django_db
def test_it_stars_from_the_lyric_page(editor_client, editor, lyric):
    html = editor_client.get(f"/lyrics/{lyric.pk}/").content.decode()
    assert 'data-shortcut="s"' in html
    response = editor_client.post(f"/lyrics/{lyric.pk}/favorite/", {"on": "1"})
    assert response["Location"] == f"/lyrics/{lyric.pk}/"
    assert "★ Starred" in editor_client.get(f"/lyrics/{lyric.pk}/").content.decode()


@pytest.mark.django_db
def test_it_never_redirects_off_site(editor_client, lyric):
    response = editor_client.post(
        f"/lyrics/{lyric.pk}/favorite/", {"on": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == f"/lyrics/{lyric.pk}/"


@pytest.mark.django_db
def test_it_refuses_readers_and_hides_the_buttons(reader_client, lyric):
    assert reader_client.post(f"/lyrics/{lyric.pk}/favorite/", {"on": "1"}).status_code == 403
    assert not Favorite.objects.exists()
    for url in ("/", f"/lyrics/{lyric.pk}/"):
        html = reader_client.get(url).content.decode()
        assert 'data-shortcut="s"' not in html
        assert "/favorite/" not in html


@pytest.mark.django_db
def test_it_answers_404_for_an_unknown_lyric(editor_client):
    assert editor_client.post("/lyrics/999999/favorite/", {"on": "1"}).status_code == 404


@pytest.mark.django_db
def test_it_only_accepts_post(editor_client, lyric):
    assert editor_client.get(f"/lyrics/{lyric.pk}/favorite/").status_code == 405
