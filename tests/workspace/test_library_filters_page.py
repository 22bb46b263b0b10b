import pytest
from django.utils import timezone

from lyricsapp.models import Collection, CollectionItem, Lyric, Task
from lyricsapp.workspace.favorites import lyric_favorite_set
from lyricsapp.workspace.tags import lyric_tags_set


@pytest.mark.django_db
def test_it_filters_by_each_workspace_filter(editor_client, editor, lyrics):
    lyric_favorite_set(lyric=lyrics[0], user=editor)
    Lyric.objects.filter(pk=lyrics[1].pk).update(language="zh")
    Lyric.objects.filter(pk=lyrics[2].pk).update(version=3)
    collection = Collection.objects.create(name="Album")
    CollectionItem.objects.create(collection=collection, lyric=lyrics[3], position=1)

    def shown(**query):
        return editor_client.get("/", query).context["page"].items

    assert shown(favorite="true") == [lyrics[0]]
    assert shown(language="zh") == [lyrics[1]]
    assert shown(edited="true") == [lyrics[2]]
    assert shown(collection=collection.pk) == [lyrics[3]]
    assert shown(submitted_by="me") == []
    Task.objects.update(submitted_by=editor, submitted_at=timezone.now())
    assert len(shown(submitted_by="me")) == 5


@pytest.mark.django_db
def test_it_combines_tag_search_and_favourite_and_keeps_them_in_page_links(editor_client, editor):
    from tests.library_helpers import make_lyric

    for n in range(25):
        lyric = make_lyric(title=f"love {n}", text="words")
        lyric_tags_set(lyric=lyric, names=["demo"], user=editor)
        lyric_favorite_set(lyric=lyric, user=editor)
    response = editor_client.get("/", {"q": "love", "tag": "demo", "favorite": "true"})
    assert len(response.context["page"].items) == 20
    html = response.content.decode()
    assert "q=love&amp;tag=demo&amp;favorite=true&amp;page=2" in html
    assert 'name="favorite" value="true" checked' in html


@pytest.mark.django_db
def test_it_drops_invalid_filter_values_instead_of_failing(editor_client, lyrics):
    response = editor_client.get(
        "/", {"tag": ["x" * 101, "\x01"], "collection": "abc", "favorite": "yes"}
    )
    assert response.status_code == 200
    assert len(response.context["page"].items) == 5


@pytest.mark.django_db
def test_the_archive_follows_the_workspace_filters(editor_client, editor):
    import io
    import json
    import zipfile

    from tests.library_helpers import make_lyric

    kept, _other = make_lyric(title="kept"), make_lyric(title="other")
    lyric_tags_set(lyric=kept, names=["keep"], user=editor)
    lyric_favorite_set(lyric=kept, user=editor)
    html = editor_client.get("/", {"tag": "keep", "favorite": "true"}).content.decode()
    form = html.split('action="/archive/export/"')[1].split("</form>")[0]
    assert '<input type="hidden" name="tag" value="keep">' in form
    assert '<input type="hidden" name="favorite" value="true">' in form

    response = editor_client.post("/archive/export/", {"tag": "keep", "favorite": "true"})
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert json.loads(archive.read("manifest.json"))["counts"] == {"tasks": 1, "lyrics": 1}
