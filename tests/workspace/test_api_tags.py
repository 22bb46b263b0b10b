import pytest

from lyricsapp.workspace.tags import lyric_tags_set


@pytest.mark.django_db
def test_it_lists_tags_with_counts_outside_the_trash(api, editor, lyrics):
    for lyric in lyrics[:3]:
        lyric_tags_set(lyric=lyric, names=["demo"], user=editor)
    lyric_tags_set(lyric=lyrics[0], names=["demo", "Ballad"], user=editor)
    api.delete(f"/api/v1/lyrics/{lyrics[2].pk}/")

    response = api.get("/api/v1/tags/")

    assert response.status_code == 200
    assert response.json() == [{"name": "demo", "count": 2}, {"name": "Ballad", "count": 1}]


@pytest.mark.django_db
def test_it_suggests_tags_containing_the_query(api, editor, lyric):
    lyric_tags_set(lyric=lyric, names=["summer", "Sunrise", "winter"], user=editor)
    response = api.get("/api/v1/tags/", {"q": "su"})
    assert {tag["name"] for tag in response.json()} == {"summer", "Sunrise"}


@pytest.mark.django_db
def test_it_is_readable_by_readers(reader_api):
    assert reader_api.get("/api/v1/tags/").json() == []


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["a\x00b", "x" * 101])
def test_it_answers_400_for_a_bad_query(api, q):
    response = api.get("/api/v1/tags/", {"q": q})
    assert response.status_code == 400
    assert "At most 100 characters" in response.json()["q"][0]
