import pytest

from lyricsapp.models import Favorite


@pytest.mark.django_db
def test_it_stars_from_the_library_and_shows_the_star(page, editor, lyric):
    response = page.post(f"/lyrics/{lyric.pk}/favorite/", {"on": "1", "next": "/?q=月光"})
    assert response.status_code == 302
    assert response["Location"] == "/?q=%E6%9C%88%E5%85%89"
    assert Favorite.objects.filter(user=editor, lyric=lyric).exists()

    html = page.get("/").content.decode()
    assert 'class="star on"' in html and 'aria-pressed="true"' in html
    assert page.get("/", {"favorite": "true"}).context["page"].items == [lyric]

    page.post(f"/lyrics/{lyric.pk}/favorite/", {"on": "0"})
    assert not Favorite.objects.exists()
    assert page.get("/", {"favorite": "true"}).context["page"].items == []


@pytest.mark.django_db
def test_it_stars_from_the_lyric_page(page, editor, lyric):
    html = page.get(f"/lyrics/{lyric.pk}/").content.decode()
    assert 'data-shortcut="s"' in html
    response = page.post(f"/lyrics/{lyric.pk}/favorite/", {"on": "1"})
    assert response["Location"] == f"/lyrics/{lyric.pk}/"
    assert "★ Starred" in page.get(f"/lyrics/{lyric.pk}/").content.decode()


@pytest.mark.django_db
def test_it_never_redirects_off_site(page, lyric):
    response = page.post(
        f"/lyrics/{lyric.pk}/favorite/", {"on": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == f"/lyrics/{lyric.pk}/"


@pytest.mark.django_db
def test_it_refuses_readers_and_hides_the_buttons(reader_page, lyric):
    assert reader_page.post(f"/lyrics/{lyric.pk}/favorite/", {"on": "1"}).status_code == 403
    assert not Favorite.objects.exists()
    for url in ("/", f"/lyrics/{lyric.pk}/"):
        html = reader_page.get(url).content.decode()
        assert 'data-shortcut="s"' not in html
        assert "/favorite/" not in html


@pytest.mark.django_db
def test_it_answers_404_for_an_unknown_lyric(page):
    assert page.post("/lyrics/999999/favorite/", {"on": "1"}).status_code == 404


@pytest.mark.django_db
def test_it_only_accepts_post(page, lyric):
    assert page.get(f"/lyrics/{lyric.pk}/favorite/").status_code == 405
