import pytest
from django.utils import timezone

from lyricsapp.models import Collection, CollectionItem, Lyric, Task
from lyricsapp.workspace.favorites import lyric_favorite_set
from lyricsapp.workspace.tags import lyric_tags_set

LIST = "/api/v1/lyrics/"


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.django_db
def test_it_filters_by_every_tag_given(api, editor, lyrics):
    lyric_tags_set(lyric=lyrics[0], names=["a", "b"], user=editor)
    lyric_tags_set(lyric=lyrics[1], names=["a"], user=editor)
    assert ids(api.get(LIST, {"tag": ["a"]})) == [lyrics[1].pk, lyrics[0].pk]
    assert ids(api.get(f"{LIST}?tag=A&tag=b")) == [lyrics[0].pk]
    assert ids(api.get(LIST, {"tag": "nowhere"})) == []


@pytest.mark.django_db
def test_it_filters_by_favorite_language_edited_and_collection(api, editor, lyrics):
    lyric_favorite_set(lyric=lyrics[1], user=editor)
    Lyric.objects.filter(pk=lyrics[2].pk).update(language="zh")
    Lyric.objects.filter(pk=lyrics[3].pk).update(version=2, original_title="old")
    collection = Collection.objects.create(name="Album")
    CollectionItem.objects.create(collection=collection, lyric=lyrics[4], position=1)

    assert ids(api.get(LIST, {"favorite": "true"})) == [lyrics[1].pk]
    assert ids(api.get(LIST, {"language": "zh"})) == [lyrics[2].pk]
    assert ids(api.get(LIST, {"edited": "true"})) == [lyrics[3].pk]
    assert ids(api.get(LIST, {"collection": collection.pk})) == [lyrics[4].pk]


@pytest.mark.django_db
def test_it_filters_by_who_submitted(api, editor, lyrics):
    Task.objects.filter(pk=lyrics[0].task_id).update(
        submitted_by=editor, submitted_at=timezone.now()
    )
    assert len(ids(api.get(LIST, {"submitted_by": "me"}))) == 5
    Task.objects.update(submitted_by=None)
    assert ids(api.get(LIST, {"submitted_by": "me"})) == []


@pytest.mark.django_db
def test_it_combines_filters_with_the_search(api, editor, lyrics):
    for lyric in lyrics[:3]:
        lyric_tags_set(lyric=lyric, names=["demo"], user=editor)
        lyric_favorite_set(lyric=lyric, user=editor)
    response = api.get(LIST, {"tag": "demo", "favorite": "true", "q": "love song 1"})
    assert ids(response) == [lyrics[1].pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"tag": "x" * 101}, "tag"),
        ({"tag": "bad\x07"}, "tag"),
        ({"favorite": "yes"}, "favorite"),
        ({"edited": "1"}, "edited"),
        ({"submitted_by": "someone"}, "submitted_by"),
        ({"collection": "abc"}, "collection"),
        ({"collection": str(10**30)}, "collection"),
        ({"language": "x" * 17}, "language"),
    ],
)
def test_it_answers_400_naming_a_bad_filter(api, query, field):
    response = api.get(LIST, query)
    assert response.status_code == 400
    assert field in response.json()
