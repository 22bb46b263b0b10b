import pytest

from lyricsapp.models import Collection, CollectionItem
from tests.api_helpers import make_task


@pytest.fixture
def lyrics(db):
    task = make_task("coll", lyrics=[{"title": f"L{i}", "text": f"text {i}"} for i in range(3)])
    return list(task.lyrics.order_by("position"))


@pytest.fixture
def album(editor, lyrics):
    collection = Collection.objects.create(name="Album", created_by=editor)
    for position, lyric in enumerate(lyrics, start=1):
        CollectionItem.objects.create(collection=collection, lyric=lyric, position=position)
    return collection


def _ids(lyrics):
    return [lyric.pk for lyric in lyrics]


@pytest.mark.django_db
def test_it_creates_lists_and_shows_a_collection(editor_api, reader_api):
    response = editor_api.post(
        "/api/v1/collections/", {"name": "Songbook", "description": "live set"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body == {"id": body["id"], "name": "Songbook", "description": "live set", "lyrics": []}
    listed = reader_api.get("/api/v1/collections/").json()
    assert listed["results"] == [body]
    assert reader_api.get(f"/api/v1/collections/{body['id']}/").json() == body


@pytest.mark.django_db
def test_it_refuses_a_10_kb_name(editor_api, album):
    response = editor_api.post("/api/v1/collections/", {"name": "x" * 10_240}, format="json")
    assert response.status_code == 400 and "name" in response.json()
    response = editor_api.patch(
        f"/api/v1/collections/{album.pk}/", {"name": "x" * 10_240}, format="json"
    )
    assert response.status_code == 400 and "name" in response.json()
    assert list(Collection.objects.values_list("name", flat=True)) == ["Album"]


@pytest.mark.django_db
def test_it_renames_and_deletes(editor_api, album, lyrics):
    response = editor_api.patch(
        f"/api/v1/collections/{album.pk}/", {"name": "Album II"}, format="json"
    )
    assert response.status_code == 200 and response.json()["name"] == "Album II"
    assert response.json()["lyrics"] == _ids(lyrics)
    assert editor_api.delete(f"/api/v1/collections/{album.pk}/").status_code == 204
    assert not Collection.objects.exists()


@pytest.mark.django_db
def test_it_appends_leaving_present_ones(editor_api, album, lyrics):
    album.items.filter(lyric=lyrics[0]).delete()
    response = editor_api.post(
        f"/api/v1/collections/{album.pk}/lyrics/",
        {"lyric_ids": [lyrics[1].pk, lyrics[0].pk]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["lyrics"] == [lyrics[1].pk, lyrics[2].pk, lyrics[0].pk]


@pytest.mark.django_db
def test_it_refuses_to_append_unknown_lyrics(editor_api, album, lyrics):
    response = editor_api.post(
        f"/api/v1/collections/{album.pk}/lyrics/", {"lyric_ids": [987654]}, format="json"
    )
    assert response.status_code == 400
    assert "987654" in response.json()["lyric_ids"][0]
    assert album.items.count() == 3


@pytest.mark.django_db
def test_it_sets_the_full_order(editor_api, album, lyrics):
    order = [lyrics[2].pk, lyrics[0].pk, lyrics[1].pk]
    response = editor_api.put(
        f"/api/v1/collections/{album.pk}/lyrics/", {"lyric_ids": order}, format="json"
    )
    assert response.status_code == 200 and response.json()["lyrics"] == order


@pytest.mark.django_db
@pytest.mark.parametrize("problem", ["foreign", "missing", "twice"])
def test_it_refuses_an_order_that_is_not_exactly_the_members(editor_api, album, lyrics, problem):
    other = make_task("other", lyrics=[{"title": "O", "text": "o"}]).lyrics.get()
    Collection.objects.create(name="Other").items.create(lyric=other, position=1)
    orders = {
        "foreign": [*_ids(lyrics), other.pk],
        "missing": _ids(lyrics)[:2],
        "twice": [*_ids(lyrics), lyrics[0].pk],
    }
    response = editor_api.put(
        f"/api/v1/collections/{album.pk}/lyrics/", {"lyric_ids": orders[problem]}, format="json"
    )
    assert response.status_code == 400
    message = response.json()["lyric_ids"][0]
    words = {"foreign": "not in this collection", "missing": "missing", "twice": "given twice"}
    assert words[problem] in message
    assert list(album.items.order_by("position").values_list("lyric_id", flat=True)) == _ids(lyrics)


@pytest.mark.django_db
def test_it_removes_one(editor_api, album, lyrics):
    url = f"/api/v1/collections/{album.pk}/lyrics/{lyrics[1].pk}/"
    assert editor_api.delete(url).status_code == 204
    assert editor_api.delete(url).status_code == 404
    assert list(album.items.values_list("lyric_id", flat=True).order_by("position")) == [
        lyrics[0].pk,
        lyrics[2].pk,
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{"lyric_ids": "1"}, {"lyric_ids": [0]}, {}, ["x"]])
def test_it_refuses_bad_lyric_ids(editor_api, album, body):
    response = editor_api.put(f"/api/v1/collections/{album.pk}/lyrics/", body, format="json")
    assert response.status_code == 400


@pytest.mark.django_db
def test_it_refuses_writes_from_readers(reader_api, album, lyrics):
    assert reader_api.post("/api/v1/collections/", {"name": "x"}, format="json").status_code == 403
    assert reader_api.delete(f"/api/v1/collections/{album.pk}/").status_code == 403
    response = reader_api.put(
        f"/api/v1/collections/{album.pk}/lyrics/", {"lyric_ids": _ids(lyrics)}, format="json"
    )
    assert response.status_code == 403
    assert Collection.objects.count() == 1


@pytest.mark.django_db
def test_it_keeps_a_deleted_users_collection(editor_api, editor, album):
    editor.delete()
    album.refresh_from_db()
    assert album.created_by is None
