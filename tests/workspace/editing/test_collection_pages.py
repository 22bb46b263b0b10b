import pytest

from lyricsapp.models import Collection, CollectionItem
from tests.api_helpers import make_task


@pytest.fixture
def lyrics(db):
    task = make_task(
        "pages", lyrics=[{"title": f"Song {i}", "text": f"[Verse]\nline {i}"} for i in range(3)]
    )
    return list(task.lyrics.order_by("position"))


@pytest.fixture
def album(lyrics):
    collection = Collection.objects.create(name="Album <b>", description="Our first")
    for position, lyric in enumerate(lyrics, start=1):
        CollectionItem.objects.create(collection=collection, lyric=lyric, position=position)
    return collection


def _order(collection):
    return list(collection.items.order_by("position").values_list("lyric_id", flat=True))


@pytest.mark.django_db
def test_it_creates_a_collection_from_the_list_page(editor_client):
    page = editor_client.post("/collections/", {"name": "Shortlist", "description": "maybe"})
    collection = Collection.objects.get()
    assert page.status_code == 302 and page["Location"] == f"/collections/{collection.pk}/"
    body = editor_client.get("/collections/").content.decode()
    assert "Shortlist" in body and 'href="/collections/"' in body


@pytest.mark.django_db
def test_it_refuses_a_10_kb_name_on_the_page(editor_client):
    page = editor_client.post("/collections/", {"name": "x" * 10_240})
    assert page.status_code == 400
    assert not Collection.objects.exists()


@pytest.mark.django_db
def test_it_shows_lyrics_in_order_escaped(editor_client, album, lyrics):
    body = editor_client.get(f"/collections/{album.pk}/").content.decode()
    assert "Album &lt;b&gt;" in body
    assert body.index("Song 0") < body.index("Song 1") < body.index("Song 2")
    assert 'data-reorder="/collections/' in body


@pytest.mark.django_db
def test_it_moves_a_lyric_up_and_down(editor_client, album, lyrics):
    url = f"/collections/{album.pk}/move/"
    assert editor_client.post(url, {"lyric": lyrics[2].pk, "direction": "up"}).status_code == 302
    assert _order(album) == [lyrics[0].pk, lyrics[2].pk, lyrics[1].pk]
    editor_client.post(url, {"lyric": lyrics[0].pk, "direction": "down"})
    assert _order(album) == [lyrics[2].pk, lyrics[0].pk, lyrics[1].pk]
    assert editor_client.post(url, {"lyric": 0, "direction": "sideways"}).status_code == 400


@pytest.mark.django_db
def test_it_saves_the_whole_order_from_the_script(editor_client, album, lyrics):
    order = [lyrics[1].pk, lyrics[2].pk, lyrics[0].pk]
    page = editor_client.post(
        f"/collections/{album.pk}/order/", {"lyric_ids": ",".join(map(str, order))}
    )
    assert page.status_code == 200 and _order(album) == order
    page = editor_client.post(f"/collections/{album.pk}/order/", {"lyric_ids": "1,x"})
    assert page.status_code == 400 and _order(album) == order
    page = editor_client.post(f"/collections/{album.pk}/order/", {"lyric_ids": "999999"})
    assert page.status_code == 400 and "not in this collection" in page.json()["error"]


@pytest.mark.django_db
def test_it_adds_from_the_lyric_page_and_removes(editor_client, lyrics):
    shortlist = Collection.objects.create(name="Shortlist")
    body = editor_client.get(f"/lyrics/{lyrics[0].pk}/").content.decode()
    assert "Add to collection" in body and "Shortlist" in body
    page = editor_client.post(
        "/collections/add/", {"lyric": lyrics[0].pk, "collection": shortlist.pk}
    )
    assert page.status_code == 302 and _order(shortlist) == [lyrics[0].pk]
    body = editor_client.get(f"/lyrics/{lyrics[0].pk}/").content.decode()
    assert f'href="/collections/{shortlist.pk}/"' in body
    page = editor_client.post(
        f"/collections/{shortlist.pk}/remove/", {"lyric": lyrics[0].pk, "next": "lyric"}
    )
    assert page["Location"] == f"/lyrics/{lyrics[0].pk}/" and _order(shortlist) == []
    page = editor_client.post("/collections/add/", {"lyric": "x", "collection": shortlist.pk})
    assert page.status_code == 404


@pytest.mark.django_db
def test_it_renames_and_deletes(editor_client, album):
    page = editor_client.post(
        f"/collections/{album.pk}/edit/", {"edit-name": "Renamed", "edit-description": "d"}
    )
    assert page.status_code == 302
    album.refresh_from_db()
    assert (album.name, album.description) == ("Renamed", "d")
    page = editor_client.post(f"/collections/{album.pk}/edit/", {"edit-name": "x" * 10_240})
    assert page.status_code == 400
    assert Collection.objects.get().name == "Renamed"
    assert editor_client.post(f"/collections/{album.pk}/delete/").status_code == 302
    assert not Collection.objects.exists()


@pytest.mark.django_db
def test_it_downloads_the_collection(editor_client, album):
    md = editor_client.get(f"/collections/{album.pk}/download.md")
    assert md.status_code == 200
    text = md.content.decode()
    assert text.startswith("# Album <b>\n\nOur first\n\n## Song 0\n\n### Verse\n\nline 0")
    assert text.index("## Song 1") < text.index("## Song 2")
    txt = editor_client.get(f"/collections/{album.pk}/download.txt").content.decode()
    assert txt.startswith("Album <b>\n\nOur first\n\nSong 0\n\n[Verse]\nline 0")
    assert editor_client.get(f"/collections/{album.pk}/download.pdf").status_code == 404


@pytest.mark.django_db
def test_it_refuses_readers_and_hides_the_buttons(reader_client, album, lyrics):
    body = reader_client.get(f"/collections/{album.pk}/").content.decode()
    assert "data-reorder" not in body and "Delete collection" not in body
    assert "New collection" not in reader_client.get("/collections/").content.decode()
    assert reader_client.post("/collections/", {"name": "x"}).status_code == 403
    url = f"/collections/{album.pk}/move/"
    assert reader_client.post(url, {"lyric": lyrics[2].pk, "direction": "up"}).status_code == 403
    assert reader_client.post(f"/collections/{album.pk}/delete/").status_code == 403
    assert Collection.objects.count() == 1 and _order(album) == [lyric.pk for lyric in lyrics]
