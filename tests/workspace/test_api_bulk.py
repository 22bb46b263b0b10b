import time

import pytest
from django.db import connection
from taggit.models import Tag

from lyricsapp.models import Collection, CollectionItem, Favorite, Lyric, TaggedLyric
from lyricsapp.workspace.tags import lyric_tags_set

BULK = "/api/v1/lyrics/bulk/"


@pytest.mark.django_db
def test_it_tags_and_untags_by_ids(api, lyrics):
    chosen = [lyric.pk for lyric in lyrics[:3]]
    response = api.post(BULK, {"ids": chosen, "action": "tag", "value": "Demo"}, format="json")
    assert response.status_code == 200
    assert response.json() == {"matched": 3, "changed": 3}
    again = api.post(BULK, {"ids": chosen, "action": "tag", "value": "demo"}, format="json")
    assert again.json() == {"matched": 3, "changed": 0}
    assert TaggedLyric.objects.count() == 3

    response = api.post(
        BULK, {"ids": chosen[:1], "action": "untag", "value": "DEMO"}, format="json"
    )
    assert response.json() == {"matched": 1, "changed": 1}
    assert TaggedLyric.objects.count() == 2


@pytest.mark.django_db
def test_it_acts_on_a_query(api, editor, lyrics):
    lyric_tags_set(lyric=lyrics[0], names=["pick"], user=editor)
    lyric_tags_set(lyric=lyrics[1], names=["pick"], user=editor)
    body = {"query": {"tag": ["pick"]}, "action": "favorite"}
    response = api.post(BULK, body, format="json")
    assert response.json() == {"matched": 2, "changed": 2}
    assert set(Favorite.objects.values_list("lyric_id", flat=True)) == {lyrics[0].pk, lyrics[1].pk}

    response = api.post(
        BULK, {"query": {"favorite": "true"}, "action": "unfavorite"}, format="json"
    )
    assert response.json() == {"matched": 2, "changed": 2}
    assert not Favorite.objects.exists()


@pytest.mark.django_db
def test_it_trashes_restores_and_collects(api, lyrics):
    chosen = [lyric.pk for lyric in lyrics[:2]]
    assert api.post(BULK, {"ids": chosen, "action": "trash"}, format="json").json() == {
        "matched": 2,
        "changed": 2,
    }
    assert Lyric.objects.filter(trashed_at__isnull=False).count() == 2
    response = api.post(BULK, {"query": {"trashed": "true"}, "action": "restore"}, format="json")
    assert response.json() == {"matched": 2, "changed": 2}

    collection = Collection.objects.create(name="Shortlist")
    CollectionItem.objects.create(collection=collection, lyric=lyrics[4], position=1)
    body = {"ids": [*chosen, lyrics[4].pk], "action": "collect", "value": str(collection.pk)}
    assert api.post(BULK, body, format="json").json() == {"matched": 3, "changed": 2}
    positions = list(
        CollectionItem.objects.filter(collection=collection).values_list("lyric_id", "position")
    )
    assert positions == [(lyrics[4].pk, 1), (chosen[1], 2), (chosen[0], 3)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"action": "tag", "value": "x"}, "ids", "either ids or query"),
        ({"ids": [1], "query": {}, "action": "trash"}, "ids", "either ids or query"),
        ({"ids": [1], "action": "explode"}, "action", "Choose one of tag, untag"),
        ({"ids": ["1"], "action": "trash"}, "ids", "positive whole number"),
        ({"ids": [True], "action": "trash"}, "ids", "positive whole number"),
        ({"ids": [1], "action": "tag", "value": 5}, "value", "must be text"),
        ({"ids": [1], "action": "trash", "extra": 1}, "extra", "Unknown field"),
        ({"ids": [1], "action": "tag"}, "value", "needs a value"),
        ({"ids": [1], "action": "tag", "value": "x" * 101}, "value", "at most 100"),
        ({"ids": [1], "action": "tag", "value": " "}, "value", "empty"),
        ({"ids": [1], "action": "tag", "value": "a\x01"}, "value", "control characters"),
        ({"ids": list(range(1, 10_002)), "action": "trash"}, "ids", "10000"),
        ({"query": {"tag": "x" * 101}, "action": "trash"}, "query", "at most 100"),
        ({"query": {"favorite": "yes"}, "action": "trash"}, "query", "favorite"),
        ({"query": {"nope": "1"}, "action": "trash"}, "query", "nope is not a filter"),
        ({"query": {"q": 5}, "action": "trash"}, "query", "not text"),
        ({"query": {"collection": "+5"}, "action": "trash"}, "query", "digits only"),
    ],
)
def test_it_answers_400_naming_the_problem_and_changes_nothing(api, lyric, body, field, words):
    response = api.post(BULK, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert words in str(response.json()[field])
    assert not TaggedLyric.objects.exists() and not Tag.objects.exists()
    assert not Lyric.objects.filter(trashed_at__isnull=False).exists()


@pytest.mark.django_db
def test_it_answers_404_for_an_unknown_collection(api, lyric):
    body = {"ids": [lyric.pk], "action": "collect", "value": "999"}
    response = api.post(BULK, body, format="json")
    assert response.status_code == 404
    assert "No collection has the id 999" in response.json()["value"][0]


@pytest.mark.django_db
def test_it_refuses_a_query_matching_more_than_the_limit(api, monkeypatch, lyrics):
    monkeypatch.setattr("lyricsapp.workspace.bulk.BULK_LIMIT", 3)
    from lyricsapp.workspace import bulk

    monkeypatch.setattr(bulk.selection_ids, "__kwdefaults__", {"limit": 3})
    response = api.post(BULK, {"query": {}, "action": "trash"}, format="json")
    assert response.status_code == 400
    assert "more than 3" in str(response.json()["query"])
    assert not Lyric.objects.filter(trashed_at__isnull=False).exists()


@pytest.mark.django_db
def test_it_refuses_readers(reader_api, lyric):
    body = {"ids": [lyric.pk], "action": "tag", "value": "x"}
    assert reader_api.post(BULK, body, format="json").status_code == 403
    assert not TaggedLyric.objects.exists()


@pytest.mark.django_db
def test_it_tags_10000_lyrics_within_two_seconds(api):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO lyricsapp_task (task_id, status, msg, callback_type, result_hash, "
            "processing_attempts, processing_error, prompt) "
            "SELECT 'bulk-' || n, 'complete', '', '', '', 0, '', '' FROM generate_series(1, 5000) n"
        )
        cursor.execute(
            "INSERT INTO lyricsapp_lyric (task_id, position, title, text, status, error_message, "
            "language, version) SELECT t.id, p, 'song', 'la la', 'complete', '', '', 1 "
            "FROM lyricsapp_task t, generate_series(0, 1) p"
        )
    chosen = list(Lyric.objects.values_list("id", flat=True))
    assert len(chosen) == 10_000

    started = time.perf_counter()
    response = api.post(BULK, {"ids": chosen, "action": "tag", "value": "big"}, format="json")
    elapsed = time.perf_counter() - started

    print(f"\nbulk-tagging 10,000 lyrics through the API: {elapsed * 1000:.0f} ms")
    assert response.json() == {"matched": 10_000, "changed": 10_000}
    assert elapsed < 2.0
